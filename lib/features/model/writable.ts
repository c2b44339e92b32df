/** @module features/model/writable — a component's `static writable` declaration, compiled once: the paths bound input may write and the schema each value must match. */
import { isStandard, type ArgSchema, type FieldErrors, type SchemaCompiler, type Validator } from '../../core/commands/schema.js'
import { LC_INVALID_COMPONENT } from '../../errors.js'
import { coerce, matches, parsePath } from './paths.js'

/**
 * One writable path pattern of a component, with its validator when the declaration gave a schema.
 *
 * @example
 * { path: 'items.*.done', segments: ['items', '*', 'done'] }
 */
export interface WritablePath {
  path: string
  segments: string[]
  /** checks and coerces the posted text (string, or string[] for repeated fields) */
  validate?: Validator
}

/**
 * Compiles `static writable`: an array of path patterns (values coerced to the type the state
 * holds there), or an object mapping each pattern to a schema (TypeBox/JSON Schema, coerced by
 * Fastify's Ajv, or any Standard Schema) that the posted value must match. `*` in a pattern
 * stands for any key or array index.
 *
 * @throws LC_INVALID_COMPONENT when the declaration is not such an array or object, or a pattern
 *   is not a path (identifiers, indexes and `*`, no `__proto__`/`constructor`/`prototype`)
 * @example
 * compileWritable(['title', 'items.*.done'], compiler, 'TaskBoard')
 */
export function compileWritable (declared: unknown, schemas: SchemaCompiler, where: string): WritablePath[] {
  const entries: Array<[string, ArgSchema | undefined]> = Array.isArray(declared)
    ? declared.map((p) => [p, undefined])
    : typeof declared === 'object' && declared !== null
      ? Object.entries(declared as Record<string, ArgSchema>)
      : []
  if (typeof declared !== 'object' || declared === null) throw new LC_INVALID_COMPONENT(where, 'static writable must be an array of state paths or an object of path → schema')
  return entries.map(([path, schema]) => {
    const segments = parsePath(path, true)
    if (segments === null) throw new LC_INVALID_COMPONENT(where, `static writable: "${String(path)}" is not a state path (identifiers, array indexes and * joined by dots)`)
    if (schema === undefined) return { path, segments }
    if (typeof schema !== 'object' || schema === null) throw new LC_INVALID_COMPONENT(where, `static writable: the schema of "${path}" is not a schema`)
    return { path, segments, validate: compileValue(schema, schemas, `${where}.writable["${path}"]`) }
  })
}

/** A validator of one posted value: a Standard Schema as is, a JSON schema as the property of an object (Ajv coerces properties in place). */
function compileValue (schema: ArgSchema, schemas: SchemaCompiler, where: string): Validator {
  if (isStandard(schema)) return schemas.compile(schema, where)
  const check = schemas.compile({ type: 'object', properties: { value: schema }, required: ['value'] }, where)
  // an unchecked checkbox posts "": Ajv does not read it as false
  const boolean = (schema as { type?: unknown }).type === 'boolean'
  return async (posted) => {
    const value = boolean && (posted === '' || posted === 'on') ? posted === 'on' : posted
    const result = await check({ value })
    if (result.ok) return { ok: true, value: (result.value as { value: unknown }).value }
    return { ok: false, errors: { '': Object.values(result.errors).flat() } }
  }
}

/**
 * The declared pattern a posted path falls under, or undefined (not writable).
 *
 * @example
 * writableFor(list, ['items', '2', 'done'])?.path // 'items.*.done'
 */
export function writableFor (list: readonly WritablePath[], segments: readonly string[]): WritablePath | undefined {
  return list.find((w) => matches(segments, w.segments))
}

/**
 * The value to write for a posted one: the schema's coerced value, or the text coerced to the
 * type the path holds now.
 *
 * @returns the value, or the messages of why not
 * @example
 * await valueFor(writable, '3', 1) // { ok: true, value: 3 }
 */
export async function valueFor (w: WritablePath, posted: string | string[], current: unknown): Promise<{ ok: true, value: unknown } | { ok: false, messages: string[] }> {
  if (w.validate === undefined) {
    const c = coerce(posted, current)
    return c.ok ? c : { ok: false, messages: [c.message] }
  }
  const result = await w.validate(posted)
  return result.ok ? result : { ok: false, messages: Object.values(result.errors as FieldErrors).flat() }
}
