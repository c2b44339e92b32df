/** @module features/forms/markup — the names of form fields and the ids of their inputs and error elements. */

import { FORBIDDEN_KEYS } from '../../core/commands/args.js'

const FIELD_RE = /^[A-Za-z_][A-Za-z0-9_.-]{0,99}$/

/**
 * Whether a form field name is acceptable: a letter or `_`, then letters, digits, `_ . -`, at
 * most 100 characters, and not `__proto__`, `constructor` or `prototype`.
 *
 * @example
 * isFieldName('email') // true
 */
export function isFieldName (name: unknown): name is string {
  return typeof name === 'string' && FIELD_RE.test(name) && !FORBIDDEN_KEYS.has(name)
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
