/** @module client/morph — what the user typed is never overwritten by a morph: an input with unsent typing keeps its value (htmx 4's core morph through an extension hook, idiomorph's callbacks on htmx 2). */
import { ATTR } from '../protocol.js'
import { listen } from './dom.js'

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
 * a form), and itself. A live-validation request sends none: the server checks the value but
 * keeps nothing, so a later render still has the old one.
 */
function sentBy (elt: Element): Element[] {
  if (elt.hasAttribute(ATTR.liveField)) return []
  const form = elt.tagName === 'FORM' ? elt as HTMLFormElement : (elt as HTMLInputElement).form ?? elt.closest('form')
  const fields: Element[] = form !== null ? Array.from(form.elements) : []
  fields.push(elt)
  return fields
}

interface Htmx4Like { registerExtension?: (name: string, ext: Record<string, unknown>) => unknown }
interface IdiomorphLike { defaults?: { callbacks?: { beforeAttributeUpdated?: (attr: string, el: Element, type: string) => boolean } } }

/**
 * Tracks unsent typing on `doc` and tells the morph of either htmx line to keep it:
 * - htmx 4: an extension whose `htmx:before:morph:attr` refuses a new `value` for an unsent
 *   field and whose `htmx:before:morph:node` skips an unsent textarea; a field without unsent
 *   typing takes the server's value even when focused (htmx 4 alone leaves a focused field as it is,
 *   so a cleared quick-add would keep its text);
 * - htmx 2: idiomorph's `beforeAttributeUpdated` callback refuses `value` for an unsent field.
 * Everything else of the field (attributes, `aria-invalid`) still morphs, the node stays (focus,
 * selection and caret kept). Source: Phoenix LiveView's rule that the client owns the input the
 * user is on; Livewire and Symfony UX morph for the same reason.
 *
 * @example
 * watchTyping(document, window)
 */
export function watchTyping (doc: Document, win: Window): void {
  doc.addEventListener('input', (evt) => { if (isField(evt.target)) unsent.add(evt.target) }, true)
  listen(doc, ['htmx:beforeRequest', 'htmx:before:request'], (evt) => {
    const elt = evt.target as Element | null
    if (typeof elt?.closest === 'function') for (const f of sentBy(elt)) unsent.delete(f)
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
    htmx_before_morph_attr: (elt: Element, detail: { attrName?: string }) => !(detail.attrName === 'value' && unsent.has(elt))
  })
  const callbacks = (win as Window & { Idiomorph?: IdiomorphLike }).Idiomorph?.defaults?.callbacks
  if (callbacks !== undefined) {
    const before = callbacks.beforeAttributeUpdated
    callbacks.beforeAttributeUpdated = (attr, el, type) => (attr === 'value' && unsent.has(el)) ? false : before?.(attr, el, type) !== false
  }
}
