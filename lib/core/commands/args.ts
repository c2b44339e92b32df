/** @module core/commands/args — positional arguments from path segments, named ones from form fields. */
import { FIELD } from '../../protocol.js'
import { LC_BAD_ARGUMENTS } from '../../errors.js'

/**
 * Most positional arguments a command URL may carry.
 *
 * @example
 * segments.length > MAX_POSITIONAL // refused with LC_BAD_ARGUMENTS
 */
export const MAX_POSITIONAL = 16
/**
 * Longest positional argument, in characters after decoding.
 *
 * @example
 * text.length > MAX_SEGMENT_CHARS // refused with LC_BAD_ARGUMENTS
 */
export const MAX_SEGMENT_CHARS = 1024
/**
 * Most named field values a command body may carry, a repeated key counting once per value
 * (the plugin's own fields not counted).
 *
 * @example
 * Object.keys(body).length > MAX_NAMED // refused with LC_BAD_ARGUMENTS
 */
export const MAX_NAMED = 1000
/**
 * Longest named field name, in characters.
 *
 * @example
 * key.length > MAX_KEY_CHARS // refused with LC_BAD_ARGUMENTS
 */
export const MAX_KEY_CHARS = 256

/**
 * A plain decimal number as text: what a path segment or a bound input must be to become a
 * number (`2`, `-1.5`; not `007`, `1e5`, `Infinity`).
 *
 * @example
 * NUMBER_RE.test('-1.5') // true
 */
export const NUMBER_RE = /^-?(0|[1-9]\d{0,15})(\.\d{1,15})?$/
/**
 * Keys that reach an object's prototype: never accepted as a field name, argument or state path segment.
 *
 * @example
 * FORBIDDEN_KEYS.has('__proto__') // true
 */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype'])

/** A key that is, or in bracket/dot notation contains, a prototype key (`a[__proto__][x]`, `constructor.prototype`). */
function pollutes (key: string): boolean {
  return key.split(/[[\].]+/).some((part) => FORBIDDEN_KEYS.has(part))
}

/**
 * Positional arguments: the raw path segments after `/cmd/:command/`, percent-decoded.
 * A segment that is a plain decimal number (`2`, `-1.5`, not `007` or `1e5`) becomes a number,
 * `true`/`false` become booleans, everything else stays a string: positional call
 * arguments become path segments (`toggle(t.id)` → `…/cmd/toggle/{id}`).
 *
 * @param rawPath - the request path, undecoded, without the query string
 * @param skip - how many `/`-separated pieces precede the arguments (prefix, name, `cmd`, command)
 * @param convert - turn numbers and booleans into their types (false when a schema will coerce)
 * @throws LC_BAD_ARGUMENTS (400) on bad percent-encoding, too many or too long segments, and
 *   segments that are exactly `__proto__`, `constructor` or `prototype`
 * @example
 * positionalArgs('/components/row/cmd/add/2/x%20y', 5) // [2, 'x y']
 */
export function positionalArgs (rawPath: string, skip: number, convert = true): unknown[] {
  const segments = rawPath.split('/').slice(skip)
  if (segments.length > MAX_POSITIONAL) throw new LC_BAD_ARGUMENTS(`more than ${MAX_POSITIONAL} positional arguments`)
  return segments.map((segment, i) => {
    let text: string
    try {
      text = decodeURIComponent(segment)
    } catch {
      throw new LC_BAD_ARGUMENTS(`positional argument ${i + 1} is not valid percent-encoded UTF-8`)
    }
    if (text.length > MAX_SEGMENT_CHARS) throw new LC_BAD_ARGUMENTS(`positional argument ${i + 1} is longer than ${MAX_SEGMENT_CHARS} characters`)
    if (FORBIDDEN_KEYS.has(text)) throw new LC_BAD_ARGUMENTS(`positional argument ${i + 1} is "${text}"`)
    if (!convert) return text
    if (NUMBER_RE.test(text)) return Number(text)
    if (text === 'true' || text === 'false') return text === 'true'
    return text
  })
}

/**
 * Named arguments: every form field except the plugin's own (`__lc*`), in a null-prototype
 * object. Repeated keys arrive as arrays (from @fastify/formbody).
 *
 * @param reserved - the plugin's own field names, skipped
 * @param prefixes - field prefixes features read themselves (bound input), skipped
 *
 * @throws LC_BAD_ARGUMENTS (400) on keys that are or contain (`a[__proto__]`, `constructor.prototype`)
 *   `__proto__`, `constructor` or `prototype`, keys over MAX_KEY_CHARS, unknown `__lc*` fields,
 *   non-string values, or more than MAX_NAMED field values (a repeated key counts once per value)
 * @example
 * namedArgs({ q: 'shoes', tag: ['a', 'b'], __lc_id: 'x' }) // { q: 'shoes', tag: ['a', 'b'] }
 */
export function namedArgs (body: Record<string, unknown>, reserved: readonly string[], prefixes: readonly string[] = []): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = Object.create(null)
  let count = 0
  for (const key of Object.keys(body)) {
    if (reserved.includes(key) || prefixes.some((p) => key.startsWith(p))) continue
    if (key.length > MAX_KEY_CHARS) throw new LC_BAD_ARGUMENTS(`a field name is longer than ${MAX_KEY_CHARS} characters`)
    if (pollutes(key)) throw new LC_BAD_ARGUMENTS(`field name "${key}" is not allowed`)
    if (key.startsWith(FIELD.reserved)) throw new LC_BAD_ARGUMENTS(`field name "${key}" is reserved`)
    const value = body[key]
    // every value counts, so one key repeated 260,000 times is refused like 260,000 keys
    count += Array.isArray(value) ? value.length : 1
    if (count > MAX_NAMED) throw new LC_BAD_ARGUMENTS(`more than ${MAX_NAMED} named field values`)
    if (typeof value === 'string' || (Array.isArray(value) && value.every((v) => typeof v === 'string'))) out[key] = value
    else throw new LC_BAD_ARGUMENTS(`field "${key}" is not a string`)
  }
  return out
}
