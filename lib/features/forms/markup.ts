/** @module forms/markup — the HTML of form fields: ids, accessible error wiring and live validation attributes. */
import { escapeHtml } from '../../render/renderer.js'
import { commandAttributes, type CommandParts } from '../../render/markup.js'

const FIELD_RE = /^[A-Za-z_][A-Za-z0-9_.-]{0,99}$/
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype'])

/**
 * Whether a form field name is acceptable: a letter or `_`, then letters, digits, `_ . -`, at
 * most 100 characters, and not `__proto__`, `constructor` or `prototype`.
 *
 * @example
 * isFieldName('email') // true
 */
export function isFieldName (name: unknown): name is string {
  return typeof name === 'string' && FIELD_RE.test(name) && !FORBIDDEN.has(name)
}

/**
 * The id of a field's input and of its error message element.
 *
 * @example
 * fieldIds('signup-1', 'email') // { input: 'signup-1-email', error: 'signup-1-email-error' }
 */
export function fieldIds (componentId: string, field: string): { input: string, error: string } {
  const base = `${componentId}-${field}`.replace(/[^A-Za-z0-9_:.-]/g, '_')
  return { input: base, error: `${base}-error` }
}

/**
 * What {@link fieldAttributes} needs.
 *
 * @example
 * fieldAttributes({ componentId: 'signup-1', field: 'email', errors: [], live: command })
 */
export interface FieldParts {
  componentId: string
  field: string
  errors: readonly string[]
  /** the `fieldChange` command's attributes base, or undefined for no live validation */
  live?: Omit<CommandParts, 'url'> & { url: string }
  /** htmx trigger delay for live validation, in milliseconds */
  delayMs?: number
}

/**
 * The attributes of a form input from `field(name)`: `name`, `id`, `aria-invalid`,
 * `aria-describedby` (its error element), and for live validation the attributes that post
 * `fieldChange/<name>` on input after a pause (`hx-trigger="input changed delay:…"`) with
 * `hx-sync="this:replace"` (a newer keystroke replaces the request in flight) and without the
 * in-flight disable, so typing goes on undisturbed. The response swaps only the error element.
 *
 * @example
 * fieldAttributes({ componentId: 'f', field: 'email', errors: ['must match format "email"'] })
 * // 'name="email" id="f-email" aria-invalid="true" aria-describedby="f-email-error"'
 */
export function fieldAttributes (p: FieldParts): string {
  const ids = fieldIds(p.componentId, p.field)
  let out = `name="${escapeHtml(p.field)}" id="${ids.input}" aria-invalid="${p.errors.length > 0 ? 'true' : 'false'}" aria-describedby="${ids.error}"`
  if (p.live !== undefined) {
    const attrs = commandAttributes({ ...p.live, sync: 'this:replace', disable: false })
    out += ` ${attrs} hx-trigger="input changed delay:${p.delayMs ?? 400}ms" data-lc-live-field`
  }
  return out
}

/**
 * A field's error message element, from `field_error(name)`: always present (empty when valid)
 * so live validation has a target; `aria-live="polite"` so screen readers hear new messages;
 * `data-lc-error-for` names the input whose `aria-invalid` the client helper keeps in step.
 *
 * @param oob - add `hx-swap-oob="true"` (the response of live validation)
 * @example
 * fieldError('f', 'email', ['must match format "email"'], false)
 */
export function fieldError (componentId: string, field: string, errors: readonly string[], oob: boolean): string {
  const ids = fieldIds(componentId, field)
  return `<span id="${ids.error}" class="lc-field-error" aria-live="polite" data-lc-error-for="${ids.input}"${oob ? ' hx-swap-oob="true"' : ''}>` +
    errors.map(escapeHtml).join('<br>') + '</span>'
}
