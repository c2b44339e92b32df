/** @module client/dom — small DOM helpers shared by the client modules: listening, the page's window, busy roots, state tokens. */
import { ATTR, FIELD } from '../protocol.js'

/**
 * Selector of a component root.
 *
 * @example
 * el.closest(ROOT_SELECTOR)
 */
export const ROOT_SELECTOR = `[${ATTR.component}]`

/**
 * Selector of a hidden state field (one per component instance).
 *
 * @example
 * root.querySelector(STATE_SELECTOR)
 */
export const STATE_SELECTOR = `input[name="${FIELD.state}"]`

/**
 * Adds one listener for several event names on `doc`. htmx 2 and htmx 4 name their events
 * differently (htmx:beforeRequest vs htmx:before:request); only one of each pair ever fires.
 *
 * @example
 * listen(document, ['htmx:beforeRequest', 'htmx:before:request'], (evt) => console.log(evt.target))
 */
export function listen (doc: Document, names: readonly string[], fn: (evt: Event) => void): void {
  for (const name of names) doc.addEventListener(name, fn)
}

/**
 * The window of `doc`, for its constructors (`CustomEvent`, `MutationObserver`): events made by
 * another realm's constructors cannot be dispatched in this document.
 *
 * @throws Error when the document has no window
 * @example
 * new (viewOf(document).CustomEvent)('live:ping', { bubbles: true })
 */
export function viewOf (doc: Document): Window & typeof globalThis {
  const view = doc.defaultView
  if (view === null) throw new Error('the document has no window')
  return view
}

/**
 * Whether a value is an element (duck-typed, so that it works across realms).
 *
 * @example
 * isElement(evt.target) // false for document
 */
export function isElement (x: unknown): x is Element {
  return typeof x === 'object' && x !== null &&
    typeof (x as Element).closest === 'function' && typeof (x as Element).hasAttribute === 'function'
}

/**
 * The elements matching `selector` among `nodes` and inside them (what a swap added), in
 * document order per node; every node that is not an element is skipped.
 *
 * @example
 * within(record.addedNodes, '[data-lc-poll]')
 */
export function within (nodes: ArrayLike<Node>, selector: string): Element[] {
  const out: Element[] = []
  for (const node of Array.from(nodes)) {
    if (!isElement(node)) continue
    if (node.matches(selector)) out.push(node)
    out.push(...Array.from(node.querySelectorAll(selector)))
  }
  return out
}

/**
 * Whether a command is in flight on `el`, on a component around it, or on one inside it.
 *
 * @example
 * busy(document.getElementById('cart')!) // true while a command of the cart or of its rows runs
 */
export function busy (el: Element): boolean {
  return el.closest('[aria-busy="true"]') !== null || el.querySelector('[aria-busy="true"]') !== null
}

/**
 * The MAC of a component's own (first) state token: the part after the last dot; null when the
 * root holds no state field.
 *
 * @example
 * stateMac(document.getElementById('cart')!) // 'q3Xo…'
 */
export function stateMac (root: Element): string | null {
  const own = root.querySelector<HTMLInputElement>(STATE_SELECTOR)
  return own === null ? null : own.value.slice(own.value.lastIndexOf('.') + 1)
}
