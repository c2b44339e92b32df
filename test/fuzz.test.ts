/** @module test/fuzz — property-based: 10,000 random mutations of valid tokens and bodies are all refused with a 4xx and run no handler. */
import t from 'tap'
import fc from 'fast-check'
import assert from 'node:assert/strict'
import type { LightMyRequestResponse } from 'fastify'
import { fieldsMessage, publicMessage } from '../lib/core/commands/error-response.js'
import { Counter } from './fixtures/components.js'
import { calls } from './fixtures/secure-components.js'
import { build, loadPage, tokensOf } from './helpers/build.js'

/**
 * Runs per property; 4 properties × 2,500 = 10,000 requests in `npm test` (and CI). The quick loop
 * `npm run test:unit` sets LC_FUZZ_RUNS=500. The seed is random and printed on failure.
 */
const RUNS = Number(process.env.LC_FUZZ_RUNS ?? 2500)
const FORM = { 'content-type': 'application/x-www-form-urlencoded', 'hx-request': 'true' }
const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

const app = await build(t)
const { tokens } = await loadPage(app)
const secure = tokensOf((await app.inject('/secure')).body)
const PAGE_IDS = new Set([...tokens.keys(), ...secure.keys()])
const TOP = tokens.get('top')!
const OTHERS = [...tokens].filter(([id]) => id !== 'top').map(([, tok]) => tok)

type Fields = Array<[string, string]>
const encode = (fields: Fields): string => new URLSearchParams(fields).toString()

/** Send one command request; the handler records must be empty before it. */
async function send (url: string, payload: string | Buffer): Promise<LightMyRequestResponse> {
  Counter.calls = []
  calls.length = 0
  app.logs.length = 0
  return await app.inject({ method: 'POST', url, payload, headers: FORM })
}

/** A refusal: 4xx with one of `codes`, never swapped, the generic text only, no handler run. */
/** How many requests were checked and refused so far (each property must add RUNS). */
let refused = 0

function assertRefused (res: LightMyRequestResponse, codes: readonly string[]): void {
  assert.ok(res.statusCode >= 400 && res.statusCode < 500, `status ${res.statusCode}: ${res.body.slice(0, 200)}`)
  assert.equal(res.headers['hx-reswap'], 'none')
  const detail = JSON.parse(String(res.headers['hx-trigger']))['live:error']
  assert.ok(codes.includes(detail.code), `code ${detail.code}`)
  // the generic text of the status, or, for an argument schema failure, the schema's own messages
  if (detail.fields !== undefined) assert.equal(res.body, fieldsMessage(detail.fields), 'the schema\'s messages, nothing else')
  else assert.equal(res.body, publicMessage(res.statusCode), 'only the generic message')
  assert.equal(detail.message, res.body)
  assert.deepEqual(Counter.calls, [], 'no Counter handler ran')
  assert.deepEqual(calls, [], 'no secure handler ran')
  refused++
}

// ---- token mutations ------------------------------------------------------------------------

type Mutation = (token: string) => string
const at = (s: string, i: number): number => s.length === 0 ? 0 : i % (s.length + 1)
const anyChars = fc.oneof(fc.string({ minLength: 1, maxLength: 4 }), fc.string({ unit: fc.constantFrom(...B64URL, '.', '='), minLength: 1, maxLength: 4 }), fc.string({ unit: 'binary', minLength: 1, maxLength: 2 }))
const CLAIM_FIELDS = ['n', 'i', 'p', 'k', 'r', 'v', 't', 's'] as const

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fc.nat(), anyChars).map(([i, c]): Mutation => (s) => { const p = at(s, i); return s.slice(0, p) + c + s.slice(p + 1) }),
  fc.tuple(fc.nat(), anyChars).map(([i, c]): Mutation => (s) => { const p = at(s, i); return s.slice(0, p) + c + s.slice(p) }),
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 8 })).map(([i, n]): Mutation => (s) => { const p = at(s, i); return s.slice(0, p) + s.slice(p + n) }),
  fc.nat().map((n): Mutation => (s) => s.slice(0, n % Math.max(s.length, 1))),
  fc.constantFrom([0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]).map((order): Mutation => (s) => { const p = s.split('.'); return order.map((k) => p[k] ?? '').join('.') }),
  fc.tuple(fc.constantFrom(...CLAIM_FIELDS), fc.jsonValue({ maxDepth: 2 })).map(([field, value]): Mutation => (s) => {
    const parts = s.split('.')
    let claims: Record<string, unknown>
    try { claims = JSON.parse(Buffer.from(parts[1] ?? '', 'base64url').toString('utf8')) } catch { return s + 'x' }
    if (claims === null || typeof claims !== 'object') return s + 'x'
    claims[field] = value
    return [parts[0], Buffer.from(JSON.stringify(claims)).toString('base64url'), ...parts.slice(2)].join('.')
  })
)
/** A token that differs from `token` by one to three random mutations. */
const mutatedFrom = (token: string): fc.Arbitrary<string> => fc.array(mutation, { minLength: 1, maxLength: 3 })
  .map((ms) => ms.reduce((s, m) => m(s), token))
  .filter((s) => s !== token)

t.test('a) mutated state tokens: 400/410, no handler run', async (t) => {
  const start = refused
  await fc.assert(fc.asyncProperty(mutatedFrom(TOP), fc.boolean(), fc.constantFrom('inc', 'echo'), async (token, withOthers, command) => {
    fc.pre(token !== TOP)
    const res = await send(`/components/counter/cmd/${command}`, encode([['__lc_id', 'top'], ['__lc_state', token], ...(withOthers ? OTHERS.map((o): [string, string] => ['__lc_state', o]) : [])]))
    assertRefused(res, ['LC_BAD_TOKEN', 'LC_EXPIRED_TOKEN'])
  }), { numRuns: RUNS })
  t.ok(refused - start >= RUNS, `${refused - start} mutated tokens refused`)
})

// ---- body mutations -------------------------------------------------------------------------

const notPageId = fc.string({ maxLength: 40 }).filter((s) => !PAGE_IDS.has(s))
const noiseKey = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 10 }),
  fc.constantFrom('__proto__', 'constructor', 'prototype', '__lc_x', '__lc_state', 'toString', 'hasOwnProperty', '__proto__[polluted]'),
  fc.string({ minLength: 1000, maxLength: 3000 })
)
const noise: fc.Arbitrary<Fields> = fc.array(fc.tuple(noiseKey, fc.string({ maxLength: 30 })), { maxLength: 8 })
  // a noise __lc_id naming an instance on the page could turn the request valid again
  .map((fields) => fields.filter(([k, v]) => !(k === '__lc_id' && PAGE_IDS.has(v))))

/** Ways to make the valid body of `top` invalid: each returns the new fields. */
type Breaker = (fields: Fields) => Fields
const breaker: fc.Arbitrary<Breaker> = fc.oneof(
  fc.tuple(fc.constantFrom('__proto__', 'constructor', 'prototype'), fc.string()).map(([k, v]): Breaker => (f) => [...f, [k, v]]),
  fc.tuple(fc.string({ maxLength: 20 }).filter((s) => s !== '_id' && s !== '_state'), fc.string()).map(([k, v]): Breaker => (f) => [...f, [`__lc${k}`, v]]),
  fc.string({ maxLength: 20 }).map((v): Breaker => (f) => [...f, ['__lc_id', v]]),
  notPageId.map((id): Breaker => (f) => f.map(([k, v]) => [k, k === '__lc_id' ? id : v])),
  fc.constant<Breaker>((f) => f.filter(([k]) => k !== '__lc_id')),
  mutatedFrom(TOP).map((tok): Breaker => (f) => f.map(([k, v]) => [k, v === TOP ? tok : v])),
  fc.integer({ min: 1001, max: 1100 }).map((n): Breaker => (f) => [...f, ...Array.from({ length: n }, (_, i): [string, string] => [`k${i}`, ''])])
)

t.test('b) valid bodies made invalid, with random extra keys and values: 400, no handler run', async (t) => {
  const start = refused
  const valid: Fields = [['__lc_id', 'top'], ...[...tokens.values()].map((tok): [string, string] => ['__lc_state', tok])]
  await fc.assert(fc.asyncProperty(breaker, noise, noise, fc.constantFrom('inc', 'echo'), async (brk, before, after, command) => {
    const res = await send(`/components/counter/cmd/${command}`, encode([...before, ...brk(valid), ...after]))
    assertRefused(res, ['LC_BAD_ARGUMENTS', 'LC_BAD_TOKEN'])
  }), { numRuns: RUNS })
  t.ok(refused - start >= RUNS, `${refused - start} invalid bodies refused`)
})

// ---- positional arguments against a schema --------------------------------------------------

/** `.` and `..` (also as `%2e`) are dot segments: URL parsers resolve them before the request is sent. */
const isDotSegment = (s: string): boolean => /^(\.|%2e){1,2}$/i.test(s)

/** What Ajv (coerceTypes, Fastify's default) accepts for Integer 1..99: a non-empty string whose Number() is such an integer. */
function accepted (segments: string[]): boolean {
  if (segments.length !== 1) return false
  let text: string
  try { text = decodeURIComponent(segments[0]) } catch { return false }
  const n = Number(text)
  return text !== '' && Number.isInteger(n) && n >= 1 && n <= 99
}
const segment = fc.oneof(
  fc.string({ unit: 'grapheme' }).map(encodeURIComponent),
  fc.string({ unit: fc.constantFrom(...'0123456789.-+eEx _'), maxLength: 6 }).map(encodeURIComponent),
  fc.string({ unit: fc.constantFrom(...'%0123456789ABCDEFabcdefZz'), maxLength: 9 }),
  fc.integer({ min: -1000, max: 1000 }).map(String),
  fc.constant('x'.repeat(1025))
)

t.test('c) positional arguments that are not integers 1..99: 400 LC_BAD_ARGUMENTS, add not run', async (t) => {
  const start = refused
  const body = encode([['__lc_id', 'typed'], ...[...secure.values()].map((tok): [string, string] => ['__lc_state', tok]), ['note', 'ok']])
  const segments = fc.oneof({ weight: 4, arbitrary: segment.map((s) => [s]) }, { weight: 1, arbitrary: fc.array(segment, { maxLength: 20 }) })
  await fc.assert(fc.asyncProperty(segments.filter((s) => !s.some(isDotSegment) && !accepted(s)), async (path) => {
    const res = await send(`/components/typed/cmd/add${path.map((s) => '/' + s).join('')}`, body)
    assertRefused(res, ['LC_BAD_ARGUMENTS'])
    assert.equal(res.statusCode, 400)
  }), {
    numRuns: RUNS,
    // non-finite numbers: Ajv's string coercion turns these into ±Infinity and then skips the
    // integer and range checks (ajv#2212, fastify#6718); always tried, whatever the seed
    examples: [[['Infinity']], [['-Infinity']], [['1e400']], [['-6e793']]]
  })
  t.ok(refused - start >= RUNS, `${refused - start} non-integer positional arguments refused`)
})

// ---- raw bytes ------------------------------------------------------------------------------

t.test('d) random raw bytes as a urlencoded body, with a tampered token: 4xx, no handler run', async (t) => {
  const start = refused
  const [v, payload, mac] = TOP.split('.')
  const tampered = fc.tuple(fc.nat({ max: mac.length - 1 }), fc.nat({ max: B64URL.length - 2 })).map(([i, c]) => {
    const alphabet = B64URL.replace(mac[i], '')
    return `${v}.${payload}.${mac.slice(0, i)}${alphabet[c]}${mac.slice(i + 1)}`
  })
  const bytes = fc.uint8Array({ maxLength: 2048 })
  await fc.assert(fc.asyncProperty(bytes, tampered, bytes, async (head, token, tail) => {
    const res = await send('/components/counter/cmd/inc', Buffer.concat([head, Buffer.from(`&__lc_id=top&__lc_state=${token}&`), tail]))
    assertRefused(res, ['LC_BAD_TOKEN', 'LC_BAD_ARGUMENTS'])
  }), { numRuns: RUNS })
  t.ok(refused - start >= RUNS, `${refused - start} random bodies refused`)
})
