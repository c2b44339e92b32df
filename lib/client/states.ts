/** @module client/states — declarative loading, unsent and offline states (Livewire's wire:loading, wire:dirty and wire:offline; Symfony UX's data-loading), on both htmx lines. */
import { ATTR, EVENT } from '../protocol.js'
import { isElement, listen, ROOT_SELECTOR, viewOf } from './dom.js'
import { hasUnsentInput } from './morph.js'

/**
 * Puts an indicator into its state or out of it. In it: `hidden` removed, or, with
 * `<kind>-class="a b"`, those classes added, or, with `<kind>-attr="name"`, that attribute set
 * (empty). Out of it: the reverse (`hidden` set, classes or attribute removed). Idempotent, so it
 * can be applied again after a morph put the server's markup back.
 *
 * @example
 * indicate(el, 'data-lc-loading', true)
 */
export function indicate (el: Element, kind: string, on: boolean): void {
  const classes = el.getAttribute(`${kind}-class`)
  const attr = el.getAttribute(`${kind}-attr`)
  // only what changes is written: a MutationObserver re-applies states, and must come to rest
  if (classes !== null) {
    for (const c of classes.split(/\s+/).filter((c) => c !== '')) if (el.classList.contains(c) !== on) el.classList.toggle(c, on)
  } else {
    const name = attr !== null && /^[a-z][a-z0-9-]*$/.test(attr) ? attr : 'hidden'
    const present = name !== 'hidden' ? on : !on
    if (el.hasAttribute(name) !== present) {
      if (present) el.setAttribute(name, '')
      else el.removeAttribute(name)
    }
  }
}

/** The indicators of `kind` that belong to `root` itself (not to a component nested in it). */
function own (root: Element, kind: string): Element[] {
  return Array.from(root.querySelectorAll(`[${kind}]`)).filter((el) => el.closest(ROOT_SELECTOR) === root)
}

/** The command a control posts to: the path segment after `/cmd/`. */
function commandOf (control: Element): string | null {
  return /\/cmd\/([^/]+)/.exec(control.getAttribute('hx-post') ?? '')?.[1] ?? null
}

/** Whether a root has a field with unsent typing of its own. */
function unsentIn (root: Element): boolean {
  return Array.from(root.querySelectorAll('input, textarea')).some((f) => f.closest(ROOT_SELECTOR) === root && hasUnsentInput(f))
}

/**
 * Wires the three states on `doc`:
 * - `data-lc-loading` (a value lists commands; empty: any command of the component): on while
 *   such a command of its component is in flight, after `data-lc-loading-delay` milliseconds
 *   if given; off when it finishes;
 * - `data-lc-unsent`: on while a field of its component holds typing no request has sent;
 * - `data-lc-offline`: on while the page's WebSocket is closed, the browser is offline, or the
 *   last request could not reach the server; off when it is back.
 * The unsent and offline states are re-applied whenever the page's `hidden` or `class`
 * attributes or its elements change (a morph puts the server's markup back). Returns `refresh`,
 * which re-applies them at once.
 *
 * @example
 * const refresh = watchStates(document, window)
 */
export function watchStates (doc: Document, win: Window): () => void {
  interface Entry { root: Element, timers: Array<ReturnType<typeof setTimeout>>, on: Element[] }
  const pending = new Map<Element, Entry>()
  /** Turns off what a command's run turned on: its elements, and those with the same id now in the page (a swap may have replaced them). */
  const finish = (entry: Entry): void => {
    for (const timer of entry.timers) clearTimeout(timer)
    for (const el of entry.on) {
      indicate(el, ATTR.loading, false)
      const now = el.id !== '' ? doc.getElementById(el.id) : null
      if (now !== null && now !== el) indicate(now, ATTR.loading, false)
    }
  }
  listen(doc, ['htmx:beforeRequest', 'htmx:before:request'], (evt) => {
    const control = evt.target
    if (!isElement(control) || control.hasAttribute(ATTR.liveField)) return
    const root = control.closest(ROOT_SELECTOR)
    if (root === null) return
    // entries of controls removed by a response whose end htmx 4 fired where nobody hears it
    for (const [c, e] of pending) if (!c.isConnected && e.root.getAttribute('aria-busy') !== 'true') { finish(e); pending.delete(c) }
    const command = commandOf(control)
    const matching = own(root, ATTR.loading).filter((el) => {
      const names = (el.getAttribute(ATTR.loading) ?? '').split(/\s+/).filter((n) => n !== '')
      return names.length === 0 || (command !== null && names.includes(command))
    })
    if (matching.length === 0) return
    // a control that starts again before its last end was heard: that earlier run is over
    const earlier = pending.get(control)
    if (earlier !== undefined) finish(earlier)
    const entry: Entry = { root, timers: [], on: [] }
    pending.set(control, entry)
    for (const el of matching) {
      const delay = Number(el.getAttribute(`${ATTR.loading}-delay`))
      // a delayed indicator comes on only while its command is still the one in flight
      const apply = (): void => { if (pending.get(control) === entry) { indicate(el, ATTR.loading, true); entry.on.push(el) } }
      if (delay > 0) entry.timers.push(setTimeout(apply, delay))
      else apply()
    }
  })
  listen(doc, ['htmx:afterRequest', 'htmx:finally:request'], (evt) => {
    let control = evt.target as Element
    // htmx 2 fires on the closest ancestor still in the page when the control was removed
    if (!pending.has(control)) control = [...pending.keys()].find((c) => !c.isConnected && pending.get(c)!.root === evt.target) ?? control
    const entry = pending.get(control)
    if (entry === undefined) return
    pending.delete(control)
    finish(entry)
  })

  let socketDown = false
  let requestFailed = false
  const refresh = (): void => {
    const offline = socketDown || requestFailed || (win.navigator as Navigator | undefined)?.onLine === false
    for (const el of Array.from(doc.querySelectorAll(`[${ATTR.offline}]`))) indicate(el, ATTR.offline, offline)
    for (const el of Array.from(doc.querySelectorAll(`[${ATTR.unsent}]`))) {
      const root = el.closest(ROOT_SELECTOR)
      indicate(el, ATTR.unsent, root !== null && unsentIn(root))
    }
  }
  const set = (change: () => void) => () => { change(); refresh() }
  doc.addEventListener('input', refresh)
  listen(doc, ['htmx:beforeRequest', 'htmx:before:request'], refresh)
  listen(doc, ['htmx:wsClose', 'htmx:ws:close'], set(() => { socketDown = true }))
  listen(doc, ['htmx:wsOpen', 'htmx:ws:after:connection'], set(() => { socketDown = false }))
  // client/in-flight already turns both lines' network failures into a live error with status 0
  doc.addEventListener(EVENT.error, (evt) => {
    if ((evt as CustomEvent<{ status?: number } | null>).detail?.status === 0) set(() => { requestFailed = true })()
  })
  listen(doc, ['htmx:afterRequest', 'htmx:after:request'], (evt) => {
    const d = (evt as CustomEvent<{ xhr?: { status?: number }, ctx?: { response?: unknown } } | null>).detail
    if ((d?.xhr?.status ?? 0) > 0 || d?.ctx?.response !== undefined) set(() => { requestFailed = false })()
  })
  win.addEventListener('offline', refresh)
  win.addEventListener('online', refresh)
  // a morph or a swap may put the server's markup (hidden, class) back over an indicator that is on
  let queued = false
  new (viewOf(doc).MutationObserver)(() => {
    if (queued) return
    queued = true
    queueMicrotask(() => { queued = false; refresh() })
  }).observe(doc.documentElement, { subtree: true, childList: true, attributes: true, attributeFilter: ['hidden', 'class'] })
  refresh()
  return refresh
}
