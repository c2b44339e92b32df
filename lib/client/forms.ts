/** @module client/forms — forms on both htmx lines: htmx 2 swaps the 422 answer of an invalid submit, and inputs keep aria-invalid in step with their error elements. */
import { ATTR } from '../protocol.js'

/** the part of `window.htmx` this module reads (there are no types for htmx) */
interface HtmxLike {
  version?: unknown
  config?: { responseHandling?: unknown }
}

/** one rule of htmx 2's `htmx.config.responseHandling` */
interface ResponseRule { code: string, swap: boolean, error: boolean }

/**
 * htmx 2 does not swap error responses by default; an invalid submit answers 422 with the form
 * re-rendered, so this puts a rule first that swaps 422 (htmx 4 swaps it already). Returns
 * whether the rule was added.
 *
 * @example
 * acceptUnprocessable(window) // true on htmx 2, false on htmx 4 or without htmx
 */
export function acceptUnprocessable (win: Window): boolean {
  const htmx = (win as Window & { htmx?: HtmxLike }).htmx
  const rules = htmx?.config?.responseHandling
  if (!htmx || !Array.isArray(rules) || !String(htmx.version).startsWith('2.')) return false
  const rule: ResponseRule = { code: '422', swap: true, error: false }
  rules.unshift(rule)
  return true
}

/**
 * Sets `aria-invalid` on the input of every field error element (ATTR.errorFor) among
 * `nodes` or inside them: "true" when the error has text, "false" when it is empty. Live
 * validation swaps a field's error element only; this keeps its input in step.
 *
 * @example
 * syncInvalid(document, [document.getElementById('signup-email-error')!])
 */
export function syncInvalid (doc: Document, nodes: NodeList | readonly Node[]): void {
  nodes.forEach((n: Node) => {
    if (n.nodeType !== 1) return
    const el = n as Element
    const selector = `[${ATTR.errorFor}]`
    const list = el.matches(selector) ? [el] : Array.from(el.querySelectorAll(selector))
    for (const error of list) {
      const input = doc.getElementById(error.getAttribute(ATTR.errorFor) ?? '')
      if (input !== null) input.setAttribute('aria-invalid', (error.textContent ?? '').trim() === '' ? 'false' : 'true')
    }
  })
}
