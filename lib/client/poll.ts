/** @module client/poll — polling elements (`poll()`): fired while the page is visible (and the element in view, if asked), never while their component is busy, with the digest of what the page shows. */
import { ATTR, EVENT, HEADER } from '../protocol.js'
import { busy, listen, viewOf, within } from './dom.js'

/** What the client needs of htmx. */
interface Htmx {
  trigger: (el: Element, name: string) => unknown
}

/**
 * Whether a polling element's due poll is sent now: not while the tab is hidden, not while its
 * component is busy, and for an element that polls only in view (ATTR.pollVisible), only when
 * `inView`.
 *
 * @example
 * pollDue(document, el, true) // false in a hidden tab
 */
export function pollDue (doc: Document, el: Element, inView: boolean): boolean {
  if (doc.visibilityState === 'hidden') return false
  if (el.hasAttribute(ATTR.pollVisible) && !inView) return false
  const root = el.closest(`[${ATTR.component}]`)
  return root === null || !busy(root)
}

/**
 * Starts a timer for each polling element (ATTR.poll, seconds). When it is due, the element gets
 * EVENT.poll (its `hx-trigger`), unless the tab is hidden, the element asked to poll only in
 * view (ATTR.pollVisible) and is not, or its component is busy. A timer stops once its element
 * has left the page. Every poll request carries the digest of the component's current render
 * (ATTR.tag on its root) as HEADER.pollTag, so an unchanged render answers nothing. Returns the
 * function to call with nodes added to the page.
 *
 * @example
 * const scan = watchPoll(document)
 */
export function watchPoll (doc: Document): (nodes: ArrayLike<Node>) => void {
  const win = viewOf(doc)
  const timers = new Map<Element, number>()
  const inView = new WeakSet<Element>()
  const observer = typeof win.IntersectionObserver === 'function'
    ? new win.IntersectionObserver((entries) => {
      for (const e of entries) {
        if (e.isIntersecting) inView.add(e.target)
        else inView.delete(e.target)
      }
    })
    : null
  const stop = (el: Element): void => {
    win.clearInterval(timers.get(el))
    timers.delete(el)
    observer?.unobserve(el)
  }
  const tick = (el: Element): void => {
    if (!el.isConnected) return stop(el)
    if (pollDue(doc, el, observer === null || inView.has(el))) (win as unknown as { htmx?: Htmx }).htmx?.trigger(el, EVENT.poll)
  }
  const scan = (nodes: ArrayLike<Node>): void => {
    for (const el of within(nodes, `[${ATTR.poll}]`)) {
      const seconds = Number(el.getAttribute(ATTR.poll))
      if (timers.has(el) || !(seconds > 0)) continue
      timers.set(el, win.setInterval(() => { tick(el) }, seconds * 1000))
      if (el.hasAttribute(ATTR.pollVisible)) observer?.observe(el)
    }
  }
  const tagOf = (el: Element | undefined): string | undefined => {
    if (el === undefined || !el.hasAttribute(ATTR.poll)) return undefined
    return el.closest(`[${ATTR.component}]`)?.getAttribute(ATTR.tag) ?? undefined
  }
  listen(doc, ['htmx:configRequest'], (evt) => { // htmx 2
    const d = (evt as CustomEvent<{ elt?: Element, headers?: Record<string, string> } | null>).detail
    const tag = tagOf(d?.elt)
    if (tag !== undefined && d?.headers) d.headers[HEADER.pollTag] = tag
  })
  listen(doc, ['htmx:config:request'], (evt) => { // htmx 4
    const ctx = (evt as CustomEvent<{ ctx?: { sourceElement?: Element, request?: { headers?: Record<string, string> } } } | null>).detail?.ctx
    const tag = tagOf(ctx?.sourceElement)
    if (tag !== undefined && ctx?.request?.headers) ctx.request.headers[HEADER.pollTag] = tag
  })
  if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', () => { scan([doc.documentElement]) })
  else scan([doc.documentElement])
  return scan
}
