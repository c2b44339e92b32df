/** @module client/morph — what the user typed is never overwritten by a morph: an input with unsent typing keeps its value (htmx 4's core morph through an extension hook, idiomorph's callbacks on htmx 2). */
import { ATTR } from '../protocol.js'
import { listen } from './dom.js'
import { boundInputsSentBy } from './model.js'

/** A text field: its value is what the user types. */
type Field = HTMLInputElement | HTMLTextAreaElement

/**
 * The fields typed into since their value was last sent, per page. An `input` event marks a
 * field; a request that sends it (its form's, or its own) unmarks it; a later keystroke marks it
 * again, so a response to an older request cannot clobber newer typing.
 */
const unsent = new WeakSet<Element>()

function isField (el: unknown): el is Field {
  const tag = (el as Element | null)?.tagName
  return tag === 'TEXTAREA' || (tag === 'INPUT' && !['checkbox', 'radio', 'file', 'hidden', 'submit', 'button', 'image', 'reset'].includes((el as HTMLInputElement).type))
}

/**
 * Whether `el` holds typing that no request has sent yet.
 *
 * @example
 * hasUnsentInput(document.activeElement) // true while the user types
 */
export function hasUnsentInput (el: Element | null): boolean {
  return el !== null && unsent.has(el)
}

/**
 * The fields a request from `elt` sends into the component's state: its form's (or its own, as
 * a form), itself, and the bound inputs it includes. A live-validation request sends none: the
 * server checks the value but keeps nothing, so a later render still has the old one.
 */
function sentBy (elt: Element): Element[] {
  if (elt.hasAttribute(ATTR.liveField)) return []
  const form = elt.tagName === 'FORM' ? elt as HTMLFormElement : (elt as HTMLInputElement).form ?? elt.closest('form')
  const fields: Element[] = form !== null ? Array.from(form.elements) : []
  fields.push(elt, ...boundInputsSentBy(elt.ownerDocument, elt))
  return fields
}

/** Component roots being morphed by a streamed frame right now (htmx 2: frames morph the whole root). */
const framing = new WeakSet<Element>()

/**
 * Whether a morph must leave an attribute as it is: the `value` of a field with unsent typing,
 * and, while an htmx 2 streamed frame morphs a root, its `aria-busy` (the in-flight mark the
 * client set; the frame's markup does not carry it, and a frame arrives only while it is set).
 */
function kept (el: Element, attr: string | undefined, removal: boolean): boolean {
  if (attr === 'value') return unsent.has(el)
  return attr === 'aria-busy' && removal && framing.has(el)
}

interface Htmx4Like { registerExtension?: (name: string, ext: Record<string, unknown>) => unknown }
interface IdiomorphCallbacks {
  beforeAttributeUpdated?: (attr: string, el: Element, type: string) => boolean
  beforeNodeMorphed?: (oldNode: Node, newNode: Node) => boolean
  afterNodeMorphed?: (oldNode: Node, newNode: Node) => void
}
interface IdiomorphLike { defaults?: { callbacks?: IdiomorphCallbacks } }

/**
 * Tracks unsent typing on `doc` and tells the morph of either htmx line to keep it:
 * - htmx 4: an extension whose `htmx:before:morph:attr` refuses a new `value` for an unsent
 *   field and whose `htmx:before:morph:node` skips an unsent textarea; a field without unsent
 *   typing takes the server's value even when focused (htmx 4 alone leaves a focused field as it is,
 *   so a cleared quick-add would keep its text);
 * - htmx 2: idiomorph's `beforeAttributeUpdated` callback refuses `value` for an unsent field.
 * A request that is refused or fails (4xx but 422, 5xx, no answer) leaves what it sent unsent
 * again: the server kept nothing of it and nothing was swapped (a 422 re-renders the form: the
 * server's values win, so a sensitive field it clears is cleared). On htmx 2 a streamed frame's
 * morph leaves the root's `aria-busy` in place (the frame's markup has none).
 * Everything else of the field (attributes, `aria-invalid`) still morphs, the node stays (focus,
 * selection and caret kept). Source: Phoenix LiveView's rule that the client owns the input the
 * user is on; Livewire and Symfony UX morph for the same reason.
 *
 * @example
 * watchTyping(document, window)
 */
export function watchTyping (doc: Document, win: Window): void {
  doc.addEventListener('input', (evt) => { if (isField(evt.target)) unsent.add(evt.target) }, true)
  // what each request sent, so that a refused or failed one leaves its fields unsent again
  const sending = new WeakMap<Element, Element[]>()
  listen(doc, ['htmx:beforeRequest', 'htmx:before:request'], (evt) => {
    const elt = evt.target as Element | null
    if (typeof elt?.closest !== 'function') return
    const sent = sentBy(elt).filter((f) => unsent.delete(f))
    if (sent.length > 0) sending.set(elt, sent)
  })
  listen(doc, ['htmx:afterRequest', 'htmx:after:request'], (evt) => {
    const sent = sending.get(evt.target as Element)
    if (sent === undefined) return
    sending.delete(evt.target as Element)
    const d = (evt as CustomEvent<{ xhr?: { status?: number }, ctx?: { response?: { status?: number } } } | null>).detail
    const status = d?.xhr?.status ?? d?.ctx?.response?.status ?? 0
    // a 422 is a form re-rendered by the server (its values are the server's now); other errors swap nothing
    if (status === 0 || (status >= 400 && status !== 422)) for (const f of sent) if (f.isConnected) unsent.add(f)
  })
  const htmx = (win as Window & { htmx?: Htmx4Like }).htmx
  htmx?.registerExtension?.('livecomponents-typing', {
    htmx_before_morph_node: (elt: Element, detail: { newNode?: Element }) => {
      if (!isField(elt)) return true
      if (unsent.has(elt)) return elt.tagName !== 'TEXTAREA'
      const next = (detail.newNode as Field | undefined)?.value
      if (next !== undefined && elt.value !== next) elt.value = next
      return true
    },
    htmx_before_morph_attr: (elt: Element, detail: { attrName?: string }) => !kept(elt, detail.attrName, false)
  })
  const callbacks = (win as Window & { Idiomorph?: IdiomorphLike }).Idiomorph?.defaults?.callbacks
  if (callbacks !== undefined) {
    const before = callbacks.beforeAttributeUpdated
    callbacks.beforeAttributeUpdated = (attr, el, type) => kept(el, attr, type === 'remove') ? false : before?.(attr, el, type) !== false
    // a streamed frame's root carries no aria-busy, but frames arrive only while the command runs
    const beforeNode = callbacks.beforeNodeMorphed
    const afterNode = callbacks.afterNodeMorphed
    callbacks.beforeNodeMorphed = (oldNode, newNode) => {
      if ((newNode as Element).hasAttribute?.(ATTR.frame) === true) framing.add(oldNode as Element)
      return beforeNode?.(oldNode, newNode) !== false
    }
    callbacks.afterNodeMorphed = (oldNode, newNode) => {
      framing.delete(oldNode as Element)
      afterNode?.(oldNode, newNode)
    }
  }
}
