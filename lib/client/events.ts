/** @module client/events — events a command triggers (`HX-Trigger`) reach `document.body` on htmx 4 too, when the swap removes the element that sent the command. */
import { listen } from './dom.js'

/** What the client reads of an htmx 4 request context. */
interface Ctx {
  sourceElement?: Element
  target?: Element | string
  swap?: string
  text?: string
  hx?: { trigger?: string, retarget?: string, reswap?: string }
}

/**
 * The `HX-Trigger` value with every event aimed at `body` (htmx's `target` member of an event's
 * detail): a plain-object detail keeps its members and gains `target`, any other detail becomes
 * `{ value, target }` (what htmx makes of it anyway), a bare name list becomes `{ name: { target } }`.
 *
 * @example
 * atBody('{"toast":{"message":"hi"}}') // '{"toast":{"message":"hi","target":"body"}}'
 */
export function atBody (header: string): string {
  const text = header.trim()
  let events: Record<string, unknown>
  try {
    events = text.startsWith('{') ? JSON.parse(text) : Object.fromEntries(text.split(',').map((n) => [n.trim(), null]))
  } catch {
    return header
  }
  const out: Record<string, unknown> = {}
  for (const [name, detail] of Object.entries(events)) {
    const plain = typeof detail === 'object' && detail !== null && !Array.isArray(detail)
    out[name] = plain
      ? ((detail as { target?: unknown }).target === undefined ? { ...detail, target: 'body' } : detail)
      : detail === null ? { target: 'body' } : { value: detail, target: 'body' }
  }
  return JSON.stringify(out)
}

/**
 * Whether the response's swaps will remove `source` from the page: the main swap's target
 * (after `HX-Retarget`, unless the swap is `none`) is it or holds it, or an out-of-band element
 * of the response (`hx-swap-oob`, as the plugin sends ParentDirty and dirty siblings) replaces
 * an element that holds it.
 */
function swapsAway (doc: Document, ctx: Ctx): boolean {
  const source = ctx.sourceElement
  if (source === undefined) return false
  if (ctx.hx?.reswap !== 'none' && ctx.swap !== 'none') {
    const target = ctx.hx?.retarget !== undefined ? doc.querySelector(ctx.hx.retarget) : typeof ctx.target === 'string' ? doc.querySelector(ctx.target) : ctx.target ?? null
    if (target?.contains(source) === true) return true
  }
  if (typeof ctx.text !== 'string' || !ctx.text.includes('hx-swap-oob')) return false
  const tpl = doc.createElement('template')
  tpl.innerHTML = ctx.text
  for (const el of Array.from(tpl.content.children)) {
    if (el.hasAttribute('hx-swap-oob') && el.id !== '' && doc.getElementById(el.id)?.contains(source) === true) return true
  }
  return false
}

/**
 * htmx 4 dispatches the events of `HX-Trigger` on the element that sent the request once the
 * swap is done; when the swap replaced that element (a component re-rendered, or its parent
 * with ParentDirty), the events fire on a detached element and never reach `document.body`.
 * Before the swap, this aims them at `body` in that case (htmx's own `target` member of the
 * detail), so `document.body.addEventListener('toast', …)` works on both lines. htmx 2
 * dispatches before the swap settles, from the element still in the page: nothing to do.
 *
 * @example
 * watchTriggers(document)
 */
export function watchTriggers (doc: Document): void {
  listen(doc, ['htmx:after:request'], (evt) => {
    const ctx = (evt as CustomEvent<{ ctx?: Ctx } | null>).detail?.ctx
    if (ctx?.hx?.trigger === undefined || !swapsAway(doc, ctx)) return
    ctx.hx.trigger = atBody(ctx.hx.trigger)
  })
}
