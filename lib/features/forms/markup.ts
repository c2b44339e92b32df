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

/**
 * The field names an object schema declares: a JSON Schema's (TypeBox's) `properties`, zod's
 * `shape`, valibot's `entries`; null for a schema that does not say (then every posted field is
 * kept).
 *
 * @example
 * declaredFields(Type.Object({ email: Type.String() })) // Set { 'email' }
 */
export function declaredFields (schema: unknown): ReadonlySet<string> | null {
  for (const key of ['properties', 'shape', 'entries']) {
    const fields = (schema as Record<string, unknown> | null)?.[key]
    if (typeof fields === 'object' && fields !== null) return new Set(Object.keys(fields))
  }
  return null
}

const SENSITIVE = /password|passwd|secret/i
const KEY_RE = /^[A-Za-z_$][A-Za-z0-9_$]*$/

/**
 * Whether a form field may be kept in the (signed, readable) state: not a name containing
 * `password`, `passwd` or `secret` (any case), and not in the class's `sensitiveFields`.
 *
 * @example
 * keepableField(SignupForm, 'password') // false
 */
export function keepableField (cls: { sensitiveFields?: readonly string[] }, name: string): boolean {
  return !SENSITIVE.test(name) && !(cls.sensitiveFields ?? []).includes(name)
}

/**
 * The fields of a form bound to its state (`formData.<name>`, through model binding): declared by
 * its schema, keepable, and plain identifiers. Empty when the schema declares no fields.
 *
 * @example
 * boundFields(SignupForm) // Set { 'email', 'name', 'age' }
 */
export function boundFields (cls: { schema?: unknown, sensitiveFields?: readonly string[] }): ReadonlySet<string> {
  let fields = bound.get(cls)
  if (fields === undefined) {
    fields = new Set([...declaredFields(cls.schema) ?? []].filter((f) => KEY_RE.test(f) && keepableField(cls, f)))
    bound.set(cls, fields)
  }
  return fields
}

/** {@link boundFields} per form class, computed once. */
const bound = new WeakMap<object, ReadonlySet<string>>()
