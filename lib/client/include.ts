/** @module client/include — what a command control's request carries besides its own value: the component's instance id and the state fields the server needs, added by the client helper on both htmx lines instead of an `hx-include` and `hx-vals` repeated on every control. */
import { ATTR, FIELD } from '../protocol.js'
import { listen, STATE_SELECTOR } from './dom.js'

/**
 * The fields a command of the component `id` sends besides the control's own:
 * - the state field of every component given an explicit id (`data-lc-keyed`: ComponentDirty(id)
 *   may re-render it);
 * - the state fields of the component and its ancestors (ParentDirty renders a parent from its
 *   own state);
 * - the bound inputs (`data-lc-model`) in the top-level ancestor's subtree, and the state of the
 *   components there whose class declares `static writable` (`data-lc-bound`), so a parent's
 *   command carries a child's typing;
 * - the state of every component that listens to server events (`data-lc-listens`).
 *
 * @returns the elements, each once; empty when the component is not on the page
 * @example
 * includedBy(document, 'cart') // [input[data-lc-keyed], input[data-lc-for="cart"], …]
 */
export function includedBy (doc: Document, id: string): Element[] {
  const root = doc.getElementById(id)
  if (root === null) return []
  const out = new Set<Element>()
  const lineage = new Set<string>()
  let top: Element = root
  for (let r: Element | null = root; r !== null; r = r.parentElement?.closest(`[${ATTR.component}]`) ?? null) {
    lineage.add(r.id)
    top = r
  }
  for (const el of Array.from(doc.querySelectorAll(STATE_SELECTOR))) {
    if (el.hasAttribute(ATTR.keyed) || lineage.has(el.getAttribute(ATTR.stateFor) ?? '')) out.add(el)
  }
  for (const el of Array.from(top.querySelectorAll(`[${ATTR.model}], [${ATTR.bound}] > [${ATTR.stateFor}]`))) out.add(el)
  for (const el of Array.from(doc.querySelectorAll(`[${ATTR.listens}] > [${ATTR.stateFor}]`))) out.add(el)
  return [...out]
}

/** The `[name, value]` pairs a form would submit for `el`: nothing when disabled or unnamed, a checkbox or radio only when checked, a select's selected options. */
function valuesOf (el: Element): Array<[string, string]> {
  const input = el as HTMLInputElement
  if (typeof input.name !== 'string' || input.name === '' || input.disabled) return []
  if (el.tagName === 'SELECT') return Array.from((el as HTMLSelectElement).selectedOptions).map((o) => [input.name, o.value])
  if ((input.type === 'checkbox' || input.type === 'radio') && !input.checked) return []
  return [[input.name, input.value]]
}

/**
 * Adds to `body` what a request from `elt` carries for its component (`data-lc-cmd`): the
 * instance id, and the values of {@link includedBy}'s elements that the body does not hold
 * already (htmx sent the control's own form).
 */
function addTo (doc: Document, elt: Element | undefined, body: FormData | undefined): void {
  const id = elt?.getAttribute(ATTR.cmd)
  if (id === null || id === undefined || typeof body?.append !== 'function') return
  body.set(FIELD.id, id)
  for (const el of includedBy(doc, id)) {
    for (const [name, value] of valuesOf(el)) if (!body.getAll(name).includes(value)) body.append(name, value)
  }
}

/**
 * Completes every command request on `doc`, on both lines (htmx 2's `htmx:configRequest` has
 * `detail.formData`; htmx 4's `htmx:config:request` has `detail.ctx.request.body`). Started
 * before the bound-input helper, which looks at what the body then holds.
 *
 * @example
 * watchIncludes(document)
 */
export function watchIncludes (doc: Document): void {
  listen(doc, ['htmx:configRequest'], (evt) => { // htmx 2
    const d = (evt as CustomEvent<{ elt?: Element, formData?: FormData } | null>).detail
    addTo(doc, d?.elt, d?.formData)
  })
  listen(doc, ['htmx:config:request'], (evt) => { // htmx 4
    const ctx = (evt as CustomEvent<{ ctx?: { sourceElement?: Element, request?: { body?: FormData } } } | null>).detail?.ctx
    addTo(doc, ctx?.sourceElement, ctx?.request?.body)
  })
}
