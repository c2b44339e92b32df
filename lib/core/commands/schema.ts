/** @module core/commands/schema — argument schemas: TypeBox/JSON Schema through Fastify's Ajv, or any Standard Schema. */
import { AjvCompiler } from '@fastify/ajv-compiler'
import type { FastifyTypeProvider } from 'fastify'
import type { StandardSchemaV1 } from '@standard-schema/spec'
import { LC_BAD_ARGUMENTS, LC_INVALID_COMPONENT } from '../../errors.js'
import type { Register } from '../register.js'

/**
 * A schema for command arguments: a JSON Schema object (TypeBox 0.x from `@sinclair/typebox`,
 * TypeBox 1.x from `typebox`, or written by hand), validated by the Ajv that Fastify itself uses
 * (@fastify/ajv-compiler, Fastify's defaults: `coerceTypes: 'array'`, `useDefaults`,
 * `removeAdditional`, plus `allErrors` for per-field messages), or a Standard Schema validator
 * (zod 3.24+, valibot 1+, arktype…), used as is. A JSON schema that does not compile is
 * `LC_INVALID_COMPONENT` at register.
 *
 * @example
 * Type.Object({ qty: Type.Integer({ minimum: 1 }) })
 * z.object({ qty: z.coerce.number().int().min(1) })
 * { type: 'object', properties: { qty: { type: 'integer' } }, required: ['qty'] }
 */
export type ArgSchema = StandardSchemaV1 | object

/**
 * A `@sinclair/typebox` 0.x schema, recognised by its type-only `static` and `params` members,
 * so that the plugin needs no TypeBox of its own: `Infer` reads `static` as TypeBox's `Static` does.
 */
interface TypeBox0 { params: unknown[], static: unknown }

/** What the `typeProvider` the app declared in {@link Register} infers for `T` (Fastify's `CallValidatorTypeProvider`), or `any`. */
type Provided<T> = Register extends { typeProvider: infer P extends FastifyTypeProvider } ? (P & { schema: T })['validator'] : any

/**
 * The type a schema validates to: the output type for a Standard Schema, `Static<T>` for a
 * `@sinclair/typebox` 0.x schema, what the app's declared type provider infers for any other JSON
 * schema (see {@link Register}: TypeBox 1.x, json-schema-to-ts), and `any` when none is declared.
 *
 * @example
 * type Qty = Infer<typeof QtySchema> // { qty: number }
 */
export type Infer<T> = T extends StandardSchemaV1
  ? StandardSchemaV1.InferOutput<T>
  : T extends TypeBox0
    ? (T & { params: [] })['static']
    : Provided<T>

/**
 * Per-field messages of a failed validation: field name (a named argument, or the position of
 * a positional one: `"0"`, `"1"`…) → messages. `""` holds messages about the whole value.
 *
 * @example
 * { qty: ['must be >= 1'], email: ['must match format "email"'] }
 */
export type FieldErrors = Record<string, string[]>

/**
 * A compiled schema: the value (coerced, with defaults) or the per-field messages. Never throws.
 *
 * @example
 * const r = await validator({ qty: '2' }) // { ok: true, value: { qty: 2 } }
 */
export type Validator = (value: unknown) => Promise<{ ok: true, value: any } | { ok: false, errors: FieldErrors }>

/**
 * Whether a schema is a Standard Schema (zod, valibot, ArkType, TypeBox 1.x…) rather than a JSON schema.
 *
 * @example
 * isStandard(z.string()) // true
 */
export function isStandard (schema: unknown): schema is StandardSchemaV1 {
  return typeof (schema as StandardSchemaV1 | null)?.['~standard']?.validate === 'function'
}

/**
 * The first path (top-level key or index) holding a non-finite number, or null. Ajv coerces
 * `"Infinity"` and `"1e400"` to ±Infinity and then skips `integer`, `minimum` and `maximum`
 * (ajv#2212); JSON cannot carry them either, so any non-finite number is refused.
 */
function nonFinite (value: unknown, depth = 0): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? null : ''
  if (value === null || typeof value !== 'object' || depth > 32) return null
  for (const [key, v] of Object.entries(value)) {
    if (nonFinite(v, depth + 1) !== null) return key
  }
  return null
}

function add (errors: FieldErrors, field: string, message: string): void {
  const list = Object.hasOwn(errors, field) ? errors[field] : (errors[field] = [])
  if (!list.includes(message)) list.push(message)
}

/**
 * Compiles argument schemas once per plugin registration.
 *
 * @example
 * const compiler = new SchemaCompiler()
 * const validate = compiler.compile(Type.Object({ qty: Type.Integer() }), 'ProductRow.add named arguments')
 */
export class SchemaCompiler {
  private readonly build = AjvCompiler()({}, { customOptions: { allErrors: true } })

  /**
   * @param where - names the schema in the error thrown when it does not compile
   * @throws LC_INVALID_COMPONENT when a JSON schema does not compile
   */
  compile (schema: ArgSchema, where: string): Validator {
    if (isStandard(schema)) {
      return async (value) => {
        const result = await schema['~standard'].validate(value)
        if (result.issues === undefined) return { ok: true, value: result.value }
        const errors: FieldErrors = Object.create(null)
        for (const issue of result.issues) {
          const head = issue.path?.[0]
          const key = head === undefined ? '' : typeof head === 'object' ? head.key : head
          add(errors, String(key), issue.message)
        }
        return { ok: false, errors }
      }
    }
    let check: ((data: unknown) => boolean) & { errors?: Array<{ instancePath: string, message?: string, params: Record<string, unknown> }> | null }
    try {
      check = this.build({ schema, method: 'POST', url: where, httpPart: 'body' }) as typeof check
    } catch (err) {
      throw new LC_INVALID_COMPONENT(where, `the argument schema does not compile: ${(err as Error).message}`)
    }
    return async (value) => {
      // Ajv coerces in place; validate a copy so the caller's object stays as sent
      const data = Array.isArray(value) ? [...value] : { ...(value as object) }
      const errors: FieldErrors = Object.create(null)
      if (check(data)) {
        const bad = nonFinite(data)
        if (bad === null) return { ok: true, value: data }
        add(errors, bad, 'must be a finite number')
        return { ok: false, errors }
      }
      for (const e of check.errors ?? []) {
        const field = e.instancePath.split('/')[1] ?? (typeof e.params.missingProperty === 'string' ? e.params.missingProperty : '')
        add(errors, field.replace(/~1/g, '/').replace(/~0/g, '~'), e.message ?? 'is not valid')
      }
      return { ok: false, errors }
    }
  }
}

/**
 * Runs a validator and throws a 400 with the per-field messages when it fails.
 *
 * @throws LC_BAD_ARGUMENTS (400) with `fields` set to the {@link FieldErrors}
 * @example
 * const named = await validated(validator, ctx.args, 'named arguments')
 */
export async function validated (validator: Validator, value: unknown, what: string): Promise<any> {
  const result = await validator(value)
  if (result.ok) return result.value
  throw Object.assign(new LC_BAD_ARGUMENTS(`${what} do not match the schema`), { fields: result.errors })
}
