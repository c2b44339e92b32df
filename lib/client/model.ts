/** @module client/model — bound input (`model()`): which bound inputs a request sends, and an unchecked bound checkbox sent as `""` (htmx, like a form, sends nothing for it, so unchecking would never reach the state). */
import { ATTR } from '../protocol.js'
import { listen } from './dom.js'
import { includedBy } from './include.js'

/**
 * The bound inputs (`data-lc-model`) a request from `elt` sends: itself, its form's, and, for a
 * command control, those its component's requests carry (the bound inputs of its top-level
 * ancestor's subtree, see client/include).
 *
 * @example
 * boundInputsSentBy(document, button) // [input[data-lc-model="title"], …]
 */
export function boundInputsSentBy (doc: Document, elt: Element): Element[] {
  const out = new Set<Element>()
  if (elt.hasAttribute(ATTR.model)) out.add(elt)
  const form = elt.tagName === 'FORM' ? elt as HTMLFormElement : (elt as HTMLInputElement).form ?? elt.closest('form')
  for (const el of Array.from(form?.elements ?? [])) if (el.hasAttribute(ATTR.model)) out.add(el)
  const id = elt.getAttribute(ATTR.cmd)
  if (id !== null) for (const el of includedBy(doc, id)) if (el.hasAttribute(ATTR.model)) out.add(el)
  return [...out]
}

/**
 * Sends `""` for every unchecked bound checkbox a request covers whose name it does not carry
 * otherwise, on both lines (htmx 2's `htmx:configRequest` has `detail.formData`; htmx 4's
 * `htmx:config:request` has `detail.ctx.request.body`). The server reads `""` as false for a
 * boolean path and as an empty list for a list path.
 *
 * @example
 * watchModel(document)
 */
export function watchModel (doc: Document): void {
  const fill = (elt: Element | undefined, body: FormData | undefined): void => {
    if (elt === undefined || typeof body?.has !== 'function') return
    for (const el of boundInputsSentBy(doc, elt)) {
      const input = el as HTMLInputElement
      if (input.type === 'checkbox' && !input.checked && !input.disabled && input.name !== '' && !body.has(input.name)) body.append(input.name, '')
    }
  }
  listen(doc, ['htmx:configRequest'], (evt) => { // htmx 2
    const d = (evt as CustomEvent<{ elt?: Element, formData?: FormData } | null>).detail
    fill(d?.elt, d?.formData)
  })
  listen(doc, ['htmx:config:request'], (evt) => { // htmx 4
    const ctx = (evt as CustomEvent<{ ctx?: { sourceElement?: Element, request?: { body?: FormData } } } | null>).detail?.ctx
    fill(ctx?.sourceElement, ctx?.request?.body)
  })
}
