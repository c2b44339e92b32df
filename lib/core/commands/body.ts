/** @module core/commands/body — a strict parser for urlencoded command bodies: well-formed percent-encoding and UTF-8 only. */
import { parse } from 'fast-querystring'
import { FIELD } from '../../protocol.js'

/**
 * Set (as a symbol key, invisible to `Object.keys`) on a parsed body that was not well-formed;
 * the command route refuses it with 400 LC_BAD_ARGUMENTS before any handler runs.
 *
 * @example
 * if (body[BAD_BODY] !== undefined) throw new LC_BAD_ARGUMENTS(body[BAD_BODY])
 */
export const BAD_BODY = Symbol('fastify-livecomponents.badBody')

const URLENCODED_CHARS = /^[\x21-\x7E]*$/
const STATE_PREFIX = `${FIELD.state}=`

/**
 * Parses `application/x-www-form-urlencoded` with fast-querystring (what @fastify/formbody uses)
 * after checking what lenient parsers let through: bytes that a form serialiser never writes
 * (non-ASCII, spaces, control characters) and percent-escapes that are malformed or do not
 * decode to UTF-8 (`%ZZ`, `%FF`, `%E0%A4%A`).
 *
 * @param text - the body, as a string
 * @returns the fields (repeated keys as arrays), or an object carrying only {@link BAD_BODY}
 * @example
 * strictFormParser('q=caf%C3%A9') // { q: 'café' }
 * strictFormParser('q=%FF')[BAD_BODY] // 'field 1 is not valid percent-encoded UTF-8'
 */
export function strictFormParser (text: string): Record<string | symbol, unknown> {
  if (!URLENCODED_CHARS.test(text)) return { [BAD_BODY]: 'the body has characters urlencoded form data never has' }
  let n = 0
  // state tokens (the longest fields) need no decoding: taken as they are, not char by char
  const tokens: string[] = []
  const rest: string[] = []
  for (const pair of text.split('&')) {
    n++
    const plain = pair.indexOf('%') === -1
    if (plain && pair.startsWith(STATE_PREFIX) && pair.indexOf('+') === -1) {
      tokens.push(pair.slice(STATE_PREFIX.length))
      continue
    }
    rest.push(pair)
    if (plain) continue
    try {
      for (const piece of pair.split('=')) decodeURIComponent(piece.replace(/\+/g, ' '))
    } catch {
      return { [BAD_BODY]: `field ${n} is not valid percent-encoded UTF-8` }
    }
  }
  const fields = parse(rest.join('&')) as Record<string | symbol, unknown>
  if (tokens.length > 0) {
    const more = fields[FIELD.state]
    const all = more === undefined ? tokens : tokens.concat(more as string | string[])
    fields[FIELD.state] = all.length === 1 ? all[0] : all
  }
  return fields
}
