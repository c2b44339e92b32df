/** @module client/in-flight — while a command is in flight: aria-busy on its component root, htmx 2's retarget of racing commands, network failures as live error events. */
import { ATTR } from '../protocol.js'
import { isElement, listen, ROOT_SELECTOR } from './dom.js'
import { liveError } from './errors.js'

/** the control that sent a command -> the component root it marked busy (a streamed frame may replace the control) */
const roots = new WeakMap<object, Element>()
/** a busy root -> the controls whose commands marked it */
const controlsOf = new WeakMap<Element, Set<Element>>()
/** component roots that carry the retarget listener */
const retargeting = new WeakSet<Element>()

/**
 * The detail of htmx 2's `htmx:beforeSwap`: the element the response will be swapped into.
 *
 * @example
 * (evt as CustomEvent<SwapDetail>).detail.target
 */
export interface SwapDetail { target?: Element | null }

/**
 * Marks the component root around `control` busy (`aria-busy="true"`) when `control` sends a
 * command. A live-validation field does not make its form busy. Returns the root, or null.
 *
 * @example
 * markBusy(document, button)?.getAttribute('aria-busy') // 'true'
 */
export function markBusy (doc: Document, control: EventTarget | null): Element | null {
  if (!isElement(control) || control.hasAttribute(ATTR.liveField)) return null
  const root = control.closest(ROOT_SELECTOR)
  if (root === null) return null
  const set = controlsOf.get(root) ?? new Set<Element>()
  // controls removed by a response whose end htmx 4 fired where nobody hears it: nothing is in flight for them
  if (root.getAttribute('aria-busy') !== 'true') for (const c of set) if (!c.isConnected) set.delete(c)
  root.setAttribute('aria-busy', 'true')
  roots.set(control, root)
  set.add(control)
  controlsOf.set(root, set)
  if (!retargeting.has(root)) {
    retargeting.add(root)
    root.addEventListener('htmx:beforeSwap', (evt) => { retarget(doc, evt as CustomEvent<SwapDetail>) })
  }
  return root
}

/**
 * Clears the busy mark {@link markBusy} set for `control`, on the root it marked and on the root
 * now in the page with that id (a response may have replaced it). Returns false when `control`
 * had marked nothing.
 *
 * @example
 * if (clearBusy(document, button)) subscriber.schedule()
 */
export function clearBusy (doc: Document, control: EventTarget | null): boolean {
  let root = control === null ? undefined : roots.get(control)
  if (root === undefined && isElement(control)) {
    // htmx 2 fires on the closest ancestor still in the page when the control itself was removed
    // (a streamed frame replaced it, and the morph kept the root): finish that control's command
    const gone = [...(controlsOf.get(control) ?? [])].find((c) => !c.isConnected)
    if (gone !== undefined) {
      root = control
      control = gone
    }
  }
  if (control === null || root === undefined) return false
  roots.delete(control)
  controlsOf.get(root)?.delete(control as Element)
  const now = root.id !== '' ? doc.getElementById(root.id) : null
  root.removeAttribute('aria-busy')
  if (now !== null && now !== root) now.removeAttribute('aria-busy')
  return true
}

/**
 * htmx 2: the second of two racing commands would swap into the root that the first one's
 * response replaced (htmx 4 gets HX-Retarget instead). Points the swap at the element that has
 * that id now. An event on a detached element does not reach document, so this listens on the
 * root itself.
 *
 * @example
 * root.addEventListener('htmx:beforeSwap', (evt) => retarget(document, evt as CustomEvent<SwapDetail>))
 */
export function retarget (doc: Document, evt: CustomEvent<SwapDetail | null>): void {
  const detail = evt.detail
  const target = detail?.target
  if (detail && target && !target.isConnected && target.id !== '') {
    const now = doc.getElementById(target.id)
    if (now !== null) detail.target = now
  }
}

/**
 * Fires the live error event (EVENT.error) for a request that never reached the server.
 *
 * @example
 * networkError(document, button) // detail: { status: 0, code: 'LC_NETWORK', message: … }
 */
export function networkError (doc: Document, target: EventTarget | null): void {
  liveError(doc, target, { status: 0, code: 'LC_NETWORK', message: 'The server could not be reached. Please try again.' })
}

/**
 * Wires the in-flight listeners on `doc`; `done` runs after each command that marked a root busy
 * has finished (to re-subscribe with the new state).
 *
 * @example
 * watchInFlight(document, () => subscriber.schedule())
 */
export function watchInFlight (doc: Document, done: () => void): void {
  listen(doc, ['htmx:beforeRequest', 'htmx:before:request'], (evt) => { markBusy(doc, evt.target) })
  listen(doc, ['htmx:afterRequest', 'htmx:finally:request'], (evt) => { if (clearBusy(doc, evt.target)) done() })
  listen(doc, ['htmx:sendError'], (evt) => { networkError(doc, evt.target) })
  listen(doc, ['htmx:error'], (evt) => {
    // htmx 4 fires htmx:error for network failures and for swap errors; only the former has no response
    const ctx = (evt as CustomEvent<{ ctx?: { response?: unknown } } | null>).detail?.ctx
    if (ctx && !ctx.response) networkError(doc, evt.target)
  })
}
