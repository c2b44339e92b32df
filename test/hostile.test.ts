/** @module test/hostile — one test per row of the README's hostile-input table: a clear 4xx, no handler run, no 500, nothing leaked. */
import t, { type Test } from 'tap'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { Counter } from './fixtures/components.js'
import { calls } from './fixtures/secure-components.js'
import { build, claimsOf, loadPage, post, SECRET, tokensOf } from './helpers/build.js'
import { Keyring } from '../lib/core/signing/keyring.js'
import { StateSigner } from '../lib/core/signing/signer.js'

const FORM = 'application/x-www-form-urlencoded'
const HX = { 'hx-request': 'true' }
const PROTO_KEYS = Object.getOwnPropertyNames(Object.prototype).sort()
const LEAK = /\s+at |Error|\.ts:\d|node:internal|hunter2|stack/

/** A refused request: the status, the coded, never-swapped error, a generic text, no stack. */
function assertRefused (t: Test, res: LightMyRequestResponse, status: number, code: string): Record<string, any> {
  t.equal(res.statusCode, status, `status ${status}`)
  t.equal(res.headers['hx-reswap'], 'none', 'never swapped into the page')
  const detail = JSON.parse(String(res.headers['hx-trigger']))['live:error']
  t.equal(detail.code, code, `code ${code}`)
  t.equal(detail.status, status)
  t.match(res.headers['content-type'], /text\/plain/)
  t.notMatch(res.body, LEAK, 'no stack trace or exception text in the body')
  t.notMatch(JSON.stringify(res.headers), LEAK, 'nor in the headers')
  return detail
}

/** Nothing ran and nothing was polluted. */
function assertUntouched (t: Test): void {
  t.same(Counter.calls, [], 'no Counter handler ran')
  t.same(calls, [], 'no secure handler ran')
  assertNoPollution(t)
}

function assertNoPollution (t: Test): void {
  t.equal(({} as Record<string, unknown>).polluted, undefined, '({}).polluted is undefined')
  t.same(Object.getOwnPropertyNames(Object.prototype).sort(), PROTO_KEYS, 'Object.prototype has no new keys')
}

interface Page { app: FastifyInstance, tokens: Map<string, string>, secure: Map<string, string>, body: (id: string, tokens: Iterable<string>, extra?: string) => string }

async function setup (t: Test): Promise<Page> {
  const app = await build(t)
  const { tokens } = await loadPage(app)
  const secure = tokensOf((await app.inject('/secure')).body)
  calls.length = 0
  const body = (id: string, toks: Iterable<string>, extra = ''): string =>
    new URLSearchParams([['__lc_id', id], ...[...toks].map((x): [string, string] => ['__lc_state', x])]).toString() + (extra === '' ? '' : '&' + extra)
  return { app, tokens, secure, body }
}

/** POST a raw payload to a command URL, like htmx but with any body and headers. */
async function raw (app: FastifyInstance, url: string, payload: string | Buffer | undefined, headers: Record<string, string> = { 'content-type': FORM }) {
  return await app.inject({ method: 'POST', url, payload, headers: { ...HX, ...headers } })
}

/** The named arguments `echo` saw, from the label it signed into the new state. */
function echoed (res: LightMyRequestResponse): { args: unknown[], named: Record<string, unknown> } {
  return JSON.parse(claimsOf(tokensOf(res.body).get('top')!).s.label)
}

t.test('1. __proto__ / constructor / prototype: as field names, inside bracket or dot names, as positional arguments: 400, nothing polluted', async (t) => {
  const { app, tokens, secure, body } = await setup(t)
  for (const extra of ['__proto__=x', '__proto__=', 'constructor=x', 'prototype=x', '__proto__=a&__proto__=b']) {
    assertRefused(t, await raw(app, '/components/counter/cmd/echo', body('top', tokens.values(), extra)), 400, 'LC_BAD_ARGUMENTS')
  }
  for (const key of ['__proto__[polluted]', 'constructor[prototype][polluted]', '__proto__.polluted', 'a[__proto__][polluted]', 'a.constructor']) {
    assertRefused(t, await raw(app, '/components/counter/cmd/echo', body('top', tokens.values(), `${encodeURIComponent(key)}=1`)), 400, 'LC_BAD_ARGUMENTS')
    assertNoPollution(t)
  }
  for (const path of [['__proto__'], ['constructor', 'prototype'], ['x', '__proto__']]) {
    assertRefused(t, await post(app, { component: 'counter', command: 'echo', path, id: 'top', tokens: tokens.values() }), 400, 'LC_BAD_ARGUMENTS')
    assertNoPollution(t)
  }
  for (const field of ['__proto__', 'constructor', 'prototype']) {
    assertRefused(t, await post(app, { component: 'signup', command: 'fieldChange', path: [field], id: 'signup', tokens: secure.values() }), 400, 'LC_BAD_ARGUMENTS')
  }
  assertUntouched(t)
  const ok = await raw(app, '/components/counter/cmd/echo', body('top', tokens.values(), 'constructor_notes=1&a[b]=2'))
  t.same(Object.keys(echoed(ok).named), ['constructor_notes', 'a[b]'], 'names that merely resemble them are plain data')
})

t.test('2. a huge body (> 1 MiB): 413 LC_BODY_TOO_LARGE', async (t) => {
  const { app, tokens, body } = await setup(t)
  const res = await raw(app, '/components/counter/cmd/echo', body('top', tokens.values(), 'blob=' + 'x'.repeat(1024 * 1024 + 1)))
  assertRefused(t, res, 413, 'LC_BODY_TOO_LARGE')
  assertUntouched(t)
})

t.test('3. deep nesting: a JSON body is never parsed (415); a 1000-level bracket key is over the key length limit (400)', async (t) => {
  const { app, tokens, body } = await setup(t)
  let json = '1'
  for (let i = 0; i < 1000; i++) json = `{"a":${json}}`
  assertRefused(t, await raw(app, '/components/counter/cmd/inc', json, { 'content-type': 'application/json' }), 415, 'LC_UNSUPPORTED_MEDIA_TYPE')
  assertRefused(t, await raw(app, '/components/counter/cmd/echo', body('top', tokens.values(), `${'a' + '[a]'.repeat(1000)}=1`)), 400, 'LC_BAD_ARGUMENTS')
  assertUntouched(t)
  const nested = await raw(app, '/components/counter/cmd/echo', body('top', tokens.values(), `${'a' + '[a]'.repeat(80)}=1`))
  t.equal(nested.statusCode, 200, 'a long but allowed bracket name is one flat key: fast-querystring never nests')
  t.same(Object.keys(echoed(nested).named), ['a' + '[a]'.repeat(80)])
  assertNoPollution(t)
})

t.test('4. thousands of keys: 1001 named fields are 400 LC_BAD_ARGUMENTS; 1000 pass', async (t) => {
  const { app, tokens, body } = await setup(t)
  const fields = (n: number): string => Array.from({ length: n }, (_, i) => `f${i}=v`).join('&')
  assertRefused(t, await raw(app, '/components/counter/cmd/echo', body('top', tokens.values(), fields(1001))), 400, 'LC_BAD_ARGUMENTS')
  assertRefused(t, await raw(app, '/components/counter/cmd/echo', body('top', tokens.values(), fields(5000))), 400, 'LC_BAD_ARGUMENTS')
  assertUntouched(t)
  t.equal((await raw(app, '/components/counter/cmd/echo', body('top', tokens.values(), fields(1000)))).statusCode, 200, 'the limit itself is allowed')
})

t.test('4b. one key repeated: every value counts, so 1001 values of one key are 400 LC_BAD_ARGUMENTS; 1000 pass', async (t) => {
  const { app, tokens, body } = await setup(t)
  const values = (n: number): string => Array.from({ length: n }, () => 'tag=v').join('&')
  assertRefused(t, await raw(app, '/components/counter/cmd/echo', body('top', tokens.values(), values(1001))), 400, 'LC_BAD_ARGUMENTS')
  assertRefused(t, await raw(app, '/components/counter/cmd/echo', body('top', tokens.values(), values(60000))), 400, 'LC_BAD_ARGUMENTS')
  assertUntouched(t)
  t.equal((await raw(app, '/components/counter/cmd/echo', body('top', tokens.values(), values(1000)))).statusCode, 200, 'the limit itself is allowed')
})

t.test('5. invalid UTF-8, bad percent-encoding and raw non-ASCII bytes: 400 LC_BAD_ARGUMENTS, in the body and in the path', async (t) => {
  const { app, tokens, secure, body } = await setup(t)
  for (const bad of ['note=%FF%FE', 'note=%E0%A4%A', 'note=%ZZ', 'note=%', 'note=%C0%AF', '%FF=1&note=x', '%ZZ=1&note=x', 'note=a b', 'note=caf\u00e9']) {
    const res = await raw(app, '/components/typed/cmd/add/1', body('typed', secure.values(), bad))
    assertRefused(t, res, 400, 'LC_BAD_ARGUMENTS')
  }
  const ok = await raw(app, '/components/typed/cmd/add/1', body('typed', secure.values(), 'note=caf%C3%A9+%E2%98%95'))
  t.equal(ok.statusCode, 200, 'well-formed UTF-8 passes')
  t.equal(claimsOf(tokensOf(ok.body).get('typed')!).s.note, 'café ☕')
  calls.length = 0
  for (const seg of ['%FF', '%E0%A4%A', '%ZZ', '%C0%AF', '%']) {
    assertRefused(t, await post(app, { component: 'counter', command: 'echo', path: [seg], id: 'top', tokens: tokens.values() }), 400, 'LC_BAD_ARGUMENTS')
  }
  assertUntouched(t)
})

t.test('6. arrays where scalars are expected: a repeated field is 400 with fields; a repeated __lc_id is 400 LC_BAD_TOKEN', async (t) => {
  const { app, tokens, secure, body } = await setup(t)
  const detail = assertRefused(t, await raw(app, '/components/typed/cmd/add/1', body('typed', secure.values(), 'note=a&note=b')), 400, 'LC_BAD_ARGUMENTS')
  t.ok(detail.fields?.note?.length > 0, 'fields.note says why')
  assertRefused(t, await raw(app, '/components/counter/cmd/inc', body('top', tokens.values(), '__lc_id=top')), 400, 'LC_BAD_TOKEN')
  assertRefused(t, await raw(app, '/components/counter/cmd/inc', body('top', tokens.values(), '__lc_id=counter-1')), 400, 'LC_BAD_TOKEN')
  assertUntouched(t)
})

t.test('7. an empty body, with and without a content type: 400 LC_BAD_TOKEN', async (t) => {
  const { app } = await setup(t)
  assertRefused(t, await raw(app, '/components/counter/cmd/inc', undefined, {}), 400, 'LC_BAD_TOKEN')
  assertRefused(t, await raw(app, '/components/counter/cmd/inc', '', { 'content-type': FORM }), 400, 'LC_BAD_TOKEN')
  assertRefused(t, await raw(app, '/components/counter/cmd/inc', '&&&=&', { 'content-type': FORM }), 400, 'LC_BAD_TOKEN')
  assertUntouched(t)
})

t.test('8. content-type mismatch: 415 LC_UNSUPPORTED_MEDIA_TYPE; no HX-Request: 403 LC_CROSS_SITE', async (t) => {
  const { app, tokens, body } = await setup(t)
  const valid = body('top', tokens.values())
  for (const type of ['application/json', 'text/plain', 'multipart/form-data; boundary=x', 'application/xml', 'application/x-www-form-urlencodedx']) {
    assertRefused(t, await raw(app, '/components/counter/cmd/inc', valid, { 'content-type': type }), 415, 'LC_UNSUPPORTED_MEDIA_TYPE')
  }
  assertRefused(t, await app.inject({ method: 'POST', url: '/components/counter/cmd/inc', payload: valid, headers: { 'content-type': FORM } }), 403, 'LC_CROSS_SITE')
  assertRefused(t, await raw(app, '/components/counter/cmd/inc', valid, { 'content-type': FORM, 'hx-request': 'false' }), 403, 'LC_CROSS_SITE')
  assertUntouched(t)
})

t.test('9. very long path segments and URLs: 400 LC_BAD_ARGUMENTS, or 414 LC_URL_TOO_LONG for over-long route names', async (t) => {
  const { app, tokens } = await setup(t)
  const call = (path: string[], component = 'counter', command = 'echo') => post(app, { component, command, path, id: 'top', tokens: tokens.values() })
  assertRefused(t, await call(['x'.repeat(1025)]), 400, 'LC_BAD_ARGUMENTS')
  assertRefused(t, await call(['x'.repeat(100_000)]), 400, 'LC_BAD_ARGUMENTS')
  assertRefused(t, await call(Array.from({ length: 100 }, () => 'x'.repeat(1000))), 400, 'LC_BAD_ARGUMENTS')
  assertRefused(t, await call(Array.from({ length: 17 }, () => '1')), 400, 'LC_BAD_ARGUMENTS')
  // Fastify's router refuses a parameter over maxParamLength (100) before any route runs
  assertRefused(t, await call([], 'c'.repeat(100_000), 'inc'), 414, 'LC_URL_TOO_LONG')
  assertRefused(t, await call([], 'counter', 'i'.repeat(101)), 414, 'LC_URL_TOO_LONG')
  assertUntouched(t)
  t.equal((await call(['x'.repeat(1024)])).statusCode, 200, 'exactly 1024 characters is allowed')
})

t.test('forged and replayed tokens: 400 LC_BAD_TOKEN', async (t) => {
  const { app, tokens, secure } = await setup(t)
  const top = tokens.get('top')!
  const [v, payload, mac] = top.split('.')
  const flip = (s: string, i: number): string => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1)
  const claims = claimsOf(top)
  claims.s.count = 1_000_000
  const forged = [
    `${v}.${payload}.${flip(mac, 0)}`, `${v}.${payload}.${flip(mac, 42)}`, `${v}.${flip(payload, 12)}.${mac}`,
    `${v}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${mac}`, `v2.${payload}.${mac}`, `${v}.${mac}.${payload}`, top.slice(0, -1)
  ]
  for (const token of forged) {
    assertRefused(t, await post(app, { component: 'counter', command: 'inc', path: ['1'], id: 'top', tokens: [token] }), 400, 'LC_BAD_TOKEN')
  }
  // a genuine token of another component, replayed on this one, under its own id and under ours
  assertRefused(t, await post(app, { component: 'counter', command: 'inc', id: 'typed', tokens: [secure.get('typed')!] }), 400, 'LC_BAD_TOKEN')
  assertRefused(t, await post(app, { component: 'counter', command: 'inc', id: 'top', tokens: [secure.get('typed')!] }), 400, 'LC_BAD_TOKEN')
  assertRefused(t, await post(app, { component: 'typed', command: 'add', path: ['1'], id: 'top', tokens: [top], fields: [['note', 'x']] }), 400, 'LC_BAD_TOKEN')
  assertUntouched(t)
})

t.test('10. input that grows the state past stateMaxBytes: 413 LC_STATE_TOO_LARGE, never a 500; the page keeps its state', async (t) => {
  const app = await build(t, { stateMaxBytes: 4096 })
  const { tokens } = await loadPage(app)
  const small = await post(app, { component: 'counter', command: 'echo', id: 'top', tokens: tokens.values(), fields: [['note', 'x'.repeat(100)]] })
  t.equal(small.statusCode, 200, 'within the limit it runs')
  const res = await post(app, { component: 'counter', command: 'echo', id: 'top', tokens: tokens.values(), fields: [['note', 'x'.repeat(8000)]] })
  assertRefused(t, res, 413, 'LC_STATE_TOO_LARGE')
  t.ok(app.logs.some((l) => l.msg?.includes('made the state too large')), 'logged for the developer')
})

t.test('11. signed state nested deeper than 64 levels: 400 LC_BAD_TOKEN, never a 500; the plugin never signs such state (LC_STATE_TOO_DEEP)', async (t) => {
  const app = await build(t)
  const { tokens } = await loadPage(app)
  const claims = claimsOf(tokens.get('top')!)
  const signer = new StateSigner({ ring: new Keyring([SECRET]), maxAge: 3600, warnBytes: 0, maxBytes: 0, warn: () => {} })
  let deep: unknown = 0
  for (let i = 0; i < 20000; i++) deep = [deep]
  t.throws(() => signer.sign({ name: 'counter', id: 'top', parent: null, keyed: true, rid: claims.r, version: 0, state: deep }), { code: 'LC_STATE_TOO_DEEP' }, 'the plugin never signs it')
  // forged with the app's own secret, as if it had been signed
  const body = JSON.stringify({ ...claims, s: { count: 1, label: 'x', deep: 'DEEP' } }).replace('"DEEP"', `${'['.repeat(20000)}0${']'.repeat(20000)}`)
  const payload = Buffer.from(body).toString('base64url')
  const token = `v1.${payload}.${new Keyring([SECRET]).sign('v1', payload)}`
  const res = await post(app, { component: 'counter', command: 'inc', path: ['1'], id: 'top', tokens: [token] })
  t.not(res.statusCode, 500)
  assertRefused(t, res, 400, 'LC_BAD_TOKEN')
})
