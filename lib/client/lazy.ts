/** @module client/lazy — lazy and deferred components: every placeholder that is due at one moment is loaded in one request. */
import { ATTR, FIELD } from '../protocol.js'
import { viewOf, within } from './dom.js'

/** What the client needs of htmx: `htmx.ajax` (htmx 2 and 4 take the same context object). */
interface Htmx {
  ajax: (verb: string, url: string, ctx: { source: Element, swap: string, values: Record<string, string> }) => unknown
}

/**
 * Loads lazy placeholders (roots with ATTR.lazy): `load` ones right away, `visible` ones right
 * away when in view, else when they scroll into view (an IntersectionObserver; without one, right away). Placeholders that
 * become due in the same task are batched: one `htmx.ajax` POST per load URL, with their tokens
 * space-separated in FIELD.lazy and `swap: 'none'`; the response's out-of-band roots replace them.
 * A failed load leaves them in place (the usual error handling shows the failure). Returns the
 * function to call with nodes added to the page.
 *
 * @example
 * const scan = watchLazy(document)
 * scan([document.body])
 */
export function watchLazy (doc: Document): (nodes: ArrayLike<Node>) => void {
  const win = viewOf(doc)
  const requested = new WeakSet<Element>()
  const due = new Map<string, Element[]>()
  let scheduled = false

  const flush = (): void => {
    scheduled = false
    const htmx = (win as unknown as { htmx?: Htmx }).htmx
    for (const [url, els] of due) {
      due.delete(url)
      const tokens = els.filter((el) => el.isConnected).map((el) => el.getAttribute(ATTR.lazyToken) ?? '').filter((t) => t !== '')
      if (tokens.length > 0 && htmx !== undefined) htmx.ajax('POST', url, { source: doc.body, swap: 'none', values: { [FIELD.lazy]: tokens.join(' ') } })
    }
  }
  const enqueue = (el: Element): void => {
    if (requested.has(el)) return
    requested.add(el)
    const url = el.getAttribute(ATTR.lazyUrl)
    if (url === null) return
    due.set(url, [...due.get(url) ?? [], el])
    if (!scheduled) {
      scheduled = true
      win.setTimeout(flush, 0) // the end of this task: every placeholder that became due with it
    }
  }
  const observer = typeof win.IntersectionObserver === 'function'
    ? new win.IntersectionObserver((entries) => {
      for (const e of entries) {
        if (!e.isIntersecting) continue
        observer!.unobserve(e.target)
        enqueue(e.target)
      }
    })
    : null
  const inView = (el: Element): boolean => {
    const r = el.getBoundingClientRect()
    return r.bottom >= 0 && r.right >= 0 && r.top <= win.innerHeight && r.left <= win.innerWidth
  }
  const scan = (nodes: ArrayLike<Node>): void => {
    for (const el of within(nodes, `[${ATTR.lazy}]`)) {
      if (requested.has(el)) continue
      // in view already: due now, with the deferred ones (one request); else when scrolled to
      if (el.getAttribute(ATTR.lazy) === 'load' || observer === null || inView(el)) enqueue(el)
      else observer.observe(el)
    }
  }
  if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', () => { scan([doc.documentElement]) })
  else scan([doc.documentElement])
  return scan
}
