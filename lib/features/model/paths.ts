/** @module features/model/paths — state paths of bound input: their syntax, the writable patterns that admit them, and reading, coercing and writing a value at one. */
import { FORBIDDEN_KEYS, NUMBER_RE } from '../../core/commands/args.js'

/** Longest state path, in characters. */
export const MAX_PATH_CHARS = 200
/** Most segments of a state path. */
export const MAX_PATH_DEPTH = 16

const KEY_RE = /^[A-Za-z_$][A-Za-z0-9_$]*$/
const INDEX_RE = /^(0|[1-9]\d{0,8})$/

/**
 * The segments of a state path (`title`, `filters.status`, `items.2.done`), or null when it is
 * not one: each segment is a JavaScript identifier or an array index, none is `__proto__`,
 * `constructor` or `prototype`; at most {@link MAX_PATH_DEPTH} segments and
 * {@link MAX_PATH_CHARS} characters. With `pattern`, a segment may also be `*` (any key or index).
 *
 * @example
 * parsePath('items.2.done') // ['items', '2', 'done']
 * parsePath('a.__proto__.x') // null
 */
export function parsePath (path: unknown, pattern = false): string[] | null {
  if (typeof path !== 'string' || path.length === 0 || path.length > MAX_PATH_CHARS) return null
  const segments = path.split('.')
  if (segments.length > MAX_PATH_DEPTH) return null
  for (const s of segments) {
    if (FORBIDDEN_KEYS.has(s)) return null
    if (!KEY_RE.test(s) && !INDEX_RE.test(s) && !(pattern && s === '*')) return null
  }
  return segments
}

/**
 * Whether a path matches a writable pattern: the same number of segments, each equal or `*`.
 *
 * @example
 * matches(['items', '2', 'done'], ['items', '*', 'done']) // true
 */
export function matches (path: readonly string[], pattern: readonly string[]): boolean {
  return path.length === pattern.length && pattern.every((p, i) => p === '*' || p === path[i])
}

/** An own property of a plain object or array, or undefined. */
function own (container: unknown, key: string): unknown {
  if (typeof container !== 'object' || container === null) return undefined
  if (Array.isArray(container)) return INDEX_RE.test(key) && Number(key) < container.length ? container[Number(key)] : undefined
  return Object.hasOwn(container, key) ? (container as Record<string, unknown>)[key] : undefined
}

/**
 * The value at a path of `state`, following own properties only; undefined when any step is missing.
 *
 * @example
 * readPath({ filters: { status: 'open' } }, ['filters', 'status']) // 'open'
 */
export function readPath (state: unknown, path: readonly string[]): unknown {
  let cur = state
  for (const key of path) cur = own(cur, key)
  return cur
}

/**
 * Writes `value` at a path of `state`. Every step but the last must be an existing own object or
 * array; on an array the last step must be an existing index (bound input never grows an array
 * or leaves holes); on an object it may be a new key.
 *
 * @returns false when the path does not exist in `state` (nothing is written)
 * @example
 * writePath(state, ['filters', 'status'], 'done') // true
 */
export function writePath (state: unknown, path: readonly string[], value: unknown): boolean {
  let cur = state
  for (const key of path.slice(0, -1)) {
    cur = own(cur, key)
    if (typeof cur !== 'object' || cur === null) return false
  }
  if (typeof cur !== 'object' || cur === null) return false
  const last = path[path.length - 1]
  if (Array.isArray(cur)) {
    if (!INDEX_RE.test(last) || Number(last) >= cur.length) return false
    cur[Number(last)] = value
    return true
  }
  if (!KEY_RE.test(last)) return false
  ;(cur as Record<string, unknown>)[last] = value
  return true
}

/**
 * Coerces posted text to the type of the value the path holds now (for a path declared writable
 * without a schema): a number stays a number (plain decimal text only), a boolean a boolean
 * (`true`/`on`/`1` or `false`/`` ` ``; an unchecked checkbox posts ``), an array a list of
 * strings (empty strings dropped), anything else a string. An object cannot be bound.
 *
 * @returns the value, or a message saying what was expected
 * @example
 * coerce('3', 1) // { ok: true, value: 3 }
 * coerce(['a', ''], []) // { ok: true, value: ['a'] }
 */
export function coerce (posted: string | string[], current: unknown): { ok: true, value: unknown } | { ok: false, message: string } {
  if (Array.isArray(current)) return { ok: true, value: (Array.isArray(posted) ? posted : [posted]).filter((v) => v !== '') }
  if (Array.isArray(posted)) return { ok: false, message: 'must be a single value' }
  if (typeof current === 'number') {
    return NUMBER_RE.test(posted.trim()) ? { ok: true, value: Number(posted.trim()) } : { ok: false, message: 'must be a number' }
  }
  if (typeof current === 'boolean') {
    if (['true', 'on', '1'].includes(posted)) return { ok: true, value: true }
    if (['false', 'off', '0', ''].includes(posted)) return { ok: true, value: false }
    return { ok: false, message: 'must be true or false' }
  }
  if (typeof current === 'object' && current !== null) return { ok: false, message: 'holds an object; bind its fields instead' }
  return { ok: true, value: posted }
}
