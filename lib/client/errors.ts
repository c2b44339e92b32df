/** @module client/errors — the live error event (EVENT.error), and the page's error region (ATTR.errors) that shows it. */
import { ATTR, EVENT } from '../protocol.js'
import { viewOf } from './dom.js'

/**
 * What a live error event (EVENT.error) carries, from an error response's HX-Trigger, a WebSocket error
 * frame or a network failure.
 *
 * @example
 * const detail: LiveErrorDetail = { status: 0, code: 'LC_NETWORK', message: 'The server could not be reached.' }
 */
export interface LiveErrorDetail {
  status?: number
  code?: string
  message?: string
  fields?: unknown
}

/**
 * Fires the live error event (EVENT.error, bubbling) on `target`, or on the body when `target` is missing or no
 * longer in the page (a swap may have removed it).
 *
 * @example
 * liveError(document, button, { status: 0, code: 'LC_NETWORK', message: 'The server could not be reached.' })
 */
export function liveError (doc: Document, target: EventTarget | null, detail: LiveErrorDetail): void {
  const connected = target !== null && (target as Node).isConnected === true
  const at = connected ? target : doc.body
  at?.dispatchEvent(new (viewOf(doc).CustomEvent)(EVENT.error, { bubbles: true, detail }))
}

/**
 * Shows an error's message in the page's error region (the element with the ATTR.errors attribute), as
 * text, and un-hides the region. Returns the region, or null when the page has none.
 *
 * @example
 * showError(document, { message: 'Not allowed' })?.textContent // 'Not allowed'
 */
export function showError (doc: Document, detail: LiveErrorDetail | null | undefined): Element | null {
  const region = doc.querySelector(`[${ATTR.errors}]`)
  if (region === null) return null
  const message = detail?.message
  region.textContent = message === undefined || message === null ? '' : String(message)
  region.removeAttribute('hidden')
  return region
}

/**
 * Shows every live error event that reaches `doc` in the error region ({@link showError}).
 *
 * @example
 * watchErrors(document)
 */
export function watchErrors (doc: Document): void {
  doc.addEventListener(EVENT.error, (evt) => { showError(doc, (evt as CustomEvent<LiveErrorDetail | null>).detail) })
}
