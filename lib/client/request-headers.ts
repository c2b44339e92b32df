/** @module client/request-headers — the headers the client adds to every htmx request: the page token and the CSRF token. */
import { ATTR, ELEMENT_ID, HEADER, META } from '../protocol.js'
import { listen } from './dom.js'

/**
 * The signed page token of the connection element (`live_connect()`), or null when the page has
 * no push. It goes in the socket's `hello` and in the page header, never in a URL.
 *
 * @example
 * pageToken(document) // 'p1.…'
 */
export function pageToken (doc: Document): string | null {
  return doc.getElementById(ELEMENT_ID.connection)?.getAttribute(ATTR.page) ?? null
}

/**
 * The headers every request of the page carries: the page token of the connection element
 * (streamed frames come back over this page's socket) and the CSRF token of the page's
 * `<meta>` (written by `live_scripts()` when @fastify/csrf-protection is registered). A header
 * the request already has is kept.
 *
 * @example
 * requestHeaders(document) // { 'LC-Page': 'p1.…', 'x-csrf-token': '…' }
 */
export function requestHeaders (doc: Document): Record<string, string> {
  const out: Record<string, string> = {}
  const page = pageToken(doc)
  if (page) out[HEADER.page] = page
  const csrf = doc.querySelector(`meta[name="${META.csrf}"]`)?.getAttribute('content')
  if (csrf) out[HEADER.csrf] = csrf
  return out
}

/**
 * Adds {@link requestHeaders} to every htmx request on `doc`, on both lines (htmx 2's
 * `htmx:configRequest` has `detail.headers`; htmx 4's `htmx:config:request` has
 * `detail.ctx.request.headers`).
 *
 * @example
 * watchRequestHeaders(document)
 */
export function watchRequestHeaders (doc: Document): void {
  const add = (headers: Record<string, string> | undefined): void => {
    if (!headers) return
    for (const [name, value] of Object.entries(requestHeaders(doc))) {
      if (headers[name] === undefined) headers[name] = value
    }
  }
  listen(doc, ['htmx:configRequest'], (evt) => { // htmx 2
    add((evt as CustomEvent<{ headers?: Record<string, string> } | null>).detail?.headers)
  })
  listen(doc, ['htmx:config:request'], (evt) => { // htmx 4
    add((evt as CustomEvent<{ ctx?: { request?: { headers?: Record<string, string> } } } | null>).detail?.ctx?.request?.headers)
  })
}
