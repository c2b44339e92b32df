/** @module client/errors — the live error event (EVENT.error), the page's error region (ATTR.errors) that shows it, and the development error overlay. */
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
  /** development only (the `development` option): what failed, shown in the error overlay */
  debug?: {
    component?: string
    command?: string
    template?: string
    line?: number
    column?: number
    causes?: Array<{ code?: string, name?: string, message?: string }>
  }
}

/** The id of the development error overlay. */
export const OVERLAY_ID = 'lc-dev-overlay'

/**
 * Development only: shows a failed command's `debug` detail in an overlay over the page (in the
 * manner of Vite's and Livewire's development error overlays): component, command, template line
 * and causes, as text. It is not swapped into the page: it sits above it, and a click on its
 * Close button or Escape removes it. A later failure replaces it. Returns the overlay, or null
 * when the detail carries no `debug` (production never sends one).
 *
 * @example
 * showDebug(document, { status: 500, debug: { component: 'row', command: 'add', causes: [{ message: 'boom' }] } })
 */
export function showDebug (doc: Document, detail: LiveErrorDetail | null | undefined): HTMLElement | null {
  const debug = detail?.debug
  if (debug === undefined || debug === null || typeof debug !== 'object') return null
  doc.getElementById(OVERLAY_ID)?.remove()
  const el = (tag: string, text?: string): HTMLElement => {
    const node = doc.createElement(tag)
    if (text !== undefined) node.textContent = text
    return node
  }
  const overlay = el('div')
  overlay.id = OVERLAY_ID
  overlay.setAttribute('role', 'alertdialog')
  overlay.setAttribute('aria-label', 'Command error (development)')
  // styles through the CSSOM, which a Content-Security-Policy without 'unsafe-inline' allows
  Object.assign(overlay.style, { position: 'fixed', inset: '2rem', zIndex: '2147483647', overflow: 'auto', background: '#fff', color: '#111', border: '4px solid #c00', padding: '1rem', font: '14px/1.4 system-ui, sans-serif' })
  const where = [debug.component, debug.command].filter((p) => typeof p === 'string').join(' → ')
  overlay.append(el('h2', `${String(detail?.status ?? 500)} in ${where === '' ? 'a command' : where}`))
  if (typeof debug.template === 'string') overlay.append(el('p', `Template ${debug.template}, line ${String(debug.line)}, column ${String(debug.column)}`))
  const list = el('ol')
  for (const c of Array.isArray(debug.causes) ? debug.causes : []) {
    const item = el('li')
    item.append(el('strong', String(c.code ?? c.name ?? 'Error')), el('pre', String(c.message ?? '')))
    list.append(item)
  }
  overlay.append(list, el('p', 'Shown because the development option is on.'))
  const close = el('button', 'Close')
  close.setAttribute('type', 'button')
  close.addEventListener('click', () => { overlay.remove() })
  overlay.append(close)
  doc.body.append(overlay)
  return overlay
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
  doc.addEventListener(EVENT.error, (evt) => {
    const detail = (evt as CustomEvent<LiveErrorDetail | null>).detail
    showError(doc, detail)
    showDebug(doc, detail)
  })
  doc.addEventListener('keydown', (evt) => { if (evt.key === 'Escape') doc.getElementById(OVERLAY_ID)?.remove() })
}
