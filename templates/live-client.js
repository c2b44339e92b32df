/** @module templates/live-client — the browser helper served as {prefix}/assets/live.js, for htmx 2.0.11+ and htmx 4. */
/*
 * - While a command is in flight, its component root carries aria-busy="true" (seed 002).
 *   The control itself is disabled by htmx (hx-disabled-elt on 2, hx-disable on 4).
 * - A network failure fires the same `live:error` event that error responses fire
 *   through HX-Trigger, so a page has one place to show errors.
 * Event names differ between the lines (htmx:beforeRequest vs htmx:before:request); both are
 * listened to, and only one of each pair ever fires.
 */
(function () {
  'use strict'
  function root (evt) {
    var t = evt.target
    return t && t.closest ? t.closest('[data-lc]') : null
  }
  function busy (evt) {
    var r = root(evt)
    if (r) r.setAttribute('aria-busy', 'true')
  }
  function idle (evt) {
    var r = root(evt)
    if (r) r.removeAttribute('aria-busy')
  }
  function networkError (evt) {
    var detail = { status: 0, code: 'LC_NETWORK', message: 'The server could not be reached. Please try again.' }
    var target = evt.target && evt.target.isConnected ? evt.target : document.body
    target.dispatchEvent(new CustomEvent('live:error', { bubbles: true, detail: detail }))
  }
  ;['htmx:beforeRequest', 'htmx:before:request'].forEach(function (n) { document.addEventListener(n, busy) })
  ;['htmx:afterRequest', 'htmx:finally:request'].forEach(function (n) { document.addEventListener(n, idle) })
  ;['htmx:sendError'].forEach(function (n) { document.addEventListener(n, networkError) })
  document.addEventListener('htmx:error', function (evt) {
    // htmx 4 fires htmx:error for network failures and for swap errors; only the former has no response
    var ctx = evt.detail && evt.detail.ctx
    if (ctx && !ctx.response) networkError(evt)
  })
})()
