/** @module templates/live-client — the browser helper served as {prefix}/assets/live.js, for htmx 2.0.11+ and htmx 4. */
/*
 * - While a command is in flight, its component root carries aria-busy="true" (seed 002).
 *   The control itself is disabled by htmx (hx-disabled-elt on 2, hx-disable on 4).
 * - A network failure fires the same `live:error` event that error responses fire
 *   through HX-Trigger, so a page has one place to show errors.
 * - Push (when the page has `live_connect()`): every command carries the page id as the
 *   `LC-Page` header (streamed frames come back over this page's WebSocket); the page
 *   subscribes each component root with `data-lc-sub`, sending its current state tokens, and
 *   re-sends whenever they change (after a command, a push, a reconnect); error frames become
 *   `live:error`; a streamed frame that arrives after its command finished is dropped, and so is
 *   a pushed render of a component whose command is in flight (the page then asks for a fresh
 *   render with `refresh: true` once the command is done, so nothing is lost).
 * - htmx 2's ws extension does not reconnect after 1001 (server restart); this helper does.
 * - Forms: an invalid submit answers 422 with the form re-rendered; htmx 4 swaps it, and this
 *   helper tells htmx 2 to (responseHandling). Live validation swaps a field's error element
 *   only; this helper keeps the input's aria-invalid in step with it, and does not mark the
 *   form busy while the user types.
 * Event names differ between the lines (htmx:beforeRequest vs htmx:before:request); both are
 * listened to, and only one of each pair ever fires.
 */
(function () {
  'use strict'
  function on (names, fn) {
    names.forEach(function (n) { document.addEventListener(n, fn) })
  }
  function liveError (target, detail) {
    var t = target && target.isConnected ? target : document.body
    t.dispatchEvent(new CustomEvent('live:error', { bubbles: true, detail: detail }))
  }

  // ---- in flight ---------------------------------------------------------------------
  on(['htmx:beforeRequest', 'htmx:before:request'], function (evt) {
    var t = evt.target
    if (t && t.hasAttribute && t.hasAttribute('data-lc-live-field')) return // live validation: no busy form
    var r = t && t.closest ? t.closest('[data-lc]') : null
    if (!r) return
    r.setAttribute('aria-busy', 'true')
    t.__lcRoot = r // a streamed frame may replace the control; remember the root
    if (!r.__lcRetarget) { r.__lcRetarget = true; r.addEventListener('htmx:beforeSwap', retarget) }
  })
  on(['htmx:afterRequest', 'htmx:finally:request'], function (evt) {
    var t = evt.target
    var r = t && t.__lcRoot
    if (!r) return
    delete t.__lcRoot
    var now = r.id ? document.getElementById(r.id) : null
    r.removeAttribute('aria-busy')
    if (now && now !== r) now.removeAttribute('aria-busy')
    schedule() // re-subscribe with the new state (and ask for pushes dropped meanwhile)
  })
  // htmx 2: the second of two racing commands would swap into the root the first one's response
  // replaced (htmx 4 gets HX-Retarget instead). An event on a detached element does not reach
  // document, so the listener sits on the root itself: swap into the element with that id now.
  function retarget (evt) {
    var target = evt.detail && evt.detail.target
    if (target && !target.isConnected && target.id) {
      var now = document.getElementById(target.id)
      if (now) evt.detail.target = now
    }
  }
  function networkError (evt) {
    liveError(evt.target, { status: 0, code: 'LC_NETWORK', message: 'The server could not be reached. Please try again.' })
  }
  on(['htmx:sendError'], networkError)
  document.addEventListener('htmx:error', function (evt) {
    // htmx 4 fires htmx:error for network failures and for swap errors; only the former has no response
    var ctx = evt.detail && evt.detail.ctx
    if (ctx && !ctx.response) networkError(evt)
  })

  // ---- push --------------------------------------------------------------------------
  function busy (el) {
    return !!(el.closest('[aria-busy="true"]') || el.querySelector('[aria-busy="true"]'))
  }
  function pageId () {
    var c = document.getElementById('lc-live')
    return c ? c.getAttribute('data-lc-page') : null
  }
  on(['htmx:configRequest'], function (evt) { // htmx 2
    var p = pageId()
    if (p && evt.detail && evt.detail.headers) evt.detail.headers['LC-Page'] = p
  })
  on(['htmx:config:request'], function (evt) { // htmx 4
    var p = pageId()
    var req = evt.detail && evt.detail.ctx && evt.detail.ctx.request
    if (p && req && req.headers) req.headers['LC-Page'] = p
  })

  var send = null // function (text), set while the socket is open
  var sent = {} // instance id -> what was last subscribed with
  var stale = {} // instance id -> a push was dropped while a command was in flight
  var pending = false

  function current () {
    var out = {}
    document.querySelectorAll('[data-lc-sub]').forEach(function (el) {
      var states = []
      el.querySelectorAll('input[name="__lc_state"]').forEach(function (i) { states.push(i.value) })
      // ancestors' states too, so a pushed render keeps the full lineage of its commands
      for (var a = el.parentElement && el.parentElement.closest('[data-lc]'); a; a = a.parentElement && a.parentElement.closest('[data-lc]')) {
        var own = a.querySelector('input[name="__lc_state"]')
        if (own) states.push(own.value)
      }
      out[el.id] = { sub: el.getAttribute('data-lc-sub'), state: states }
    })
    return out
  }
  function sync () {
    pending = false
    if (!send) return
    var now = current()
    var subs = []
    var gone = []
    Object.keys(now).forEach(function (id) {
      var el = document.getElementById(id)
      if (el && busy(el)) return // sent once its command is done
      var sig = now[id].sub + '|' + now[id].state.join(',')
      if (stale[id]) { now[id].refresh = true; delete stale[id] }
      if (sent[id] !== sig || now[id].refresh) { subs.push(now[id]); sent[id] = sig }
    })
    Object.keys(sent).forEach(function (id) {
      if (!now[id]) { gone.push(id); delete sent[id] }
    })
    if (subs.length) send(JSON.stringify({ type: 'subscribe', subs: subs }))
    if (gone.length) send(JSON.stringify({ type: 'unsubscribe', ids: gone }))
  }
  function schedule () {
    if (pending) return
    pending = true
    setTimeout(sync, 0)
  }
  var reconnect = false
  function opened (fn) {
    send = fn
    sent = {}
    // after a reconnect, pushes sent while the socket was down were missed: ask for fresh renders
    if (reconnect) Object.keys(current()).forEach(function (id) { stale[id] = true })
    reconnect = true
    schedule()
  }
  // ---- forms ---------------------------------------------------------------------------
  if (window.htmx && htmx.config && Array.isArray(htmx.config.responseHandling) && /^2\./.test(String(htmx.version))) {
    htmx.config.responseHandling.unshift({ code: '422', swap: true, error: false })
  }
  function syncInvalid (nodes) {
    nodes.forEach(function (n) {
      if (n.nodeType !== 1) return
      var list = n.matches('[data-lc-error-for]') ? [n] : n.querySelectorAll('[data-lc-error-for]')
      Array.prototype.forEach.call(list, function (e) {
        var input = document.getElementById(e.getAttribute('data-lc-error-for'))
        if (input) input.setAttribute('aria-invalid', e.textContent.trim() === '' ? 'false' : 'true')
      })
    })
  }

  new MutationObserver(function (records) {
    records.forEach(function (r) { if (r.addedNodes.length) syncInvalid(r.addedNodes) })
    schedule()
  }).observe(document.documentElement, {
    subtree: true, childList: true, attributes: true, attributeFilter: ['value', 'data-lc-sub']
  })

  // htmx 2 (htmx-ext-ws)
  var retries = 0
  document.addEventListener('htmx:wsOpen', function (evt) {
    retries = 0
    var w = evt.detail.socketWrapper
    opened(function (text) { w.send(text) })
  })
  document.addEventListener('htmx:wsClose', function (evt) {
    send = null
    var code = evt.detail && evt.detail.event && evt.detail.event.code
    var w = evt.detail && evt.detail.socketWrapper
    if (code === 1001 && w && evt.target.isConnected) {
      setTimeout(function () { w.reconnect() }, Math.min(500 * Math.pow(2, retries++), 30000) * (0.7 + Math.random() * 0.6))
    }
  })
  // htmx 4 (hx-ws)
  document.addEventListener('htmx:ws:after:connection', function (evt) {
    var s = evt.detail.connection.socket
    opened(function (text) { if (s.readyState === 1) s.send(text) })
  })
  document.addEventListener('htmx:ws:close', function () { send = null })

  function incoming (evt, text) {
    if (typeof text !== 'string') return
    if (text.charAt(0) === '{') {
      var msg
      try { msg = JSON.parse(text) } catch (e) { return }
      if (msg && msg.type === 'error') liveError(null, { status: msg.status, code: msg.code, message: msg.message })
      return
    }
    var m = /^<[a-z]+ id="([^"]*)" data-lc="[^"]*"([^>]*)>/.exec(text)
    if (!m) return
    var id = m[1].replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')
    var root = document.getElementById(id)
    var drop
    if (m[2].indexOf('data-lc-frame') >= 0) {
      // a streamed frame is wanted only while its component's command is in flight
      drop = !root || root.getAttribute('aria-busy') !== 'true'
    } else if (root) {
      // a pushed render must not replace a component (or its parent or child) whose command is
      // in flight: the command's response would lose its target. Nor may a render of an older
      // state replace a newer one (data-lc-base: the state it was rendered from). Ask again later.
      var base = /data-lc-base="([^"]*)"/.exec(m[2])
      var own = root.querySelector('input[name="__lc_state"]')
      var mine = own ? own.value.slice(own.value.lastIndexOf('.') + 1) : null
      drop = busy(root) || (base !== null && base[1] !== mine)
      if (drop) { stale[id] = true; schedule() }
    }
    if (drop) {
      evt.preventDefault()
      if (evt.detail) evt.detail.cancelled = true
    }
  }
  document.addEventListener('htmx:wsBeforeMessage', function (evt) { incoming(evt, evt.detail.message) })
  document.addEventListener('htmx:ws:before:message:incoming', function (evt) { incoming(evt, evt.detail.message.data) })
})()
