/** @module test/server-state — `state: 'server'`: the page holds a signed reference, the state lives in memory or in a real Redis; expiry, the byte bound, outages and replays. */
import t from 'tap'
import { LiveComponent } from 'fastify-livecomponents'
import { build, post, tokensOf, until } from './helpers/build.js'
import { startRedis } from './helpers/redis.js'
import { pushApp } from './helpers/push.js'
import { sessionApp } from './helpers/session.js'
import { liveTest } from 'fastify-livecomponents/testing'
import { levels } from './fixtures/push-components.js'
import { Counter } from './fixtures/components.js'
import { Pair } from './fixtures/secure-components.js'

const count = (html: string) => /<span class="count">(\d+)<\/span>/.exec(html)?.[1]
const pairText = (html: string, cls: string) => new RegExp(`<span class="${cls}">(\\d+)</span>`).exec(html)?.[1]
const inc = async (app: Parameters<typeof post>[0], tokens: Iterable<string>, id = 'top') => await post(app, { component: 'counter', command: 'inc', path: ['1'], id, tokens })
const errorOf = (res: { headers: Record<string, unknown> }) => JSON.parse(String(res.headers['hx-trigger']))['live:error']

t.test('a command round trip: the page holds a short reference, not the state; the state moves on in the store', async (t) => {
  const app = await build(t, { state: 'server' })
  const page = await app.inject('/')
  const tokens = tokensOf(page.body)
  const ref = tokens.get('top')!
  t.match(ref, /^r1\.[\w-]+\.[\w-]{43}$/, 'a reference token')
  t.notMatch(Buffer.from(ref.split('.')[1], 'base64url').toString(), /"s":|"count"/, 'no state in the page')
  t.ok(ref.length <= 120, `a reference is small (${ref.length} characters)`)
  t.notMatch(Buffer.from(ref.split('.')[1], 'base64url').toString(), /top|counter/, 'it names nothing but the render id and version')
  let res = await inc(app, tokens.values())
  t.equal(res.statusCode, 200)
  t.equal(count(res.body), '1')
  res = await inc(app, tokensOf(res.body).values())
  t.equal(count(res.body), '2', 'the second command runs on the state the first one left')
  t.equal(count((await inc(app, [tokensOf(res.body).get('top')!])).body), '3')
})

t.test('per component: static state overrides the plugin option both ways; a bad value is refused at register', async (t) => {
  class ServerCounter extends Counter { static state = 'server' as const; static override componentName = 'server-counter' }
  class ClientCounter extends Counter { static state = 'client' as const; static override componentName = 'server-counter' }
  for (const [mode, cls, c, s] of [[undefined, ServerCounter, /^v1\./, /^r1\./], ['server', ClientCounter, /^r1\./, /^v1\./]] as const) {
    const app = await build(t, mode === undefined ? {} : { state: mode })
    app.components.register(cls)
    await app.ready()
    const html = await app.components.render('server-mix.njk')
    t.match(tokensOf(html).get('c')!, c, `plugin ${mode ?? 'default'}: the plugin's mode`)
    t.match(tokensOf(html).get('s')!, s, `plugin ${mode ?? 'default'}: the component's own mode`)
    const res = await post(app, { component: 'server-counter', command: 'inc', path: ['1'], id: 's', tokens: [tokensOf(html).get('s')!] })
    t.equal(count(res.body), '1', 'its commands run')
  }
  class Odd extends LiveComponent<{ n: number }> { static template = 'counter.njk'; static state = 'disk' as any; mount () { return { n: 0 } } }
  await t.rejects(build(t, { components: [Odd] }), { code: 'LC_INVALID_COMPONENT', message: /static state must be 'client' or 'server', got "disk"/ })
  await t.rejects(build(t, { state: 'cloud' as any }), { code: 'LC_INVALID_OPTION', message: /state/ })
  await t.rejects(build(t, { serverState: { ttl: 0 } }), { code: 'LC_INVALID_OPTION', message: /serverState\.ttl/ })
  await t.rejects(build(t, { serverState: { maxBytes: 10 } }), { code: 'LC_INVALID_OPTION', message: /serverState\.maxBytes/ })
  await t.rejects(build(t, { serverState: { size: 1 } as any }), { code: 'LC_INVALID_OPTION', message: /serverState\.size/ })
  await t.rejects(build(t, { serverState: { waitSeconds: -1 } }), { code: 'LC_INVALID_OPTION', message: /serverState\.waitSeconds/ })
  await t.rejects(build(t, { serverState: 5 as any }), { code: 'LC_INVALID_OPTION', message: /serverState/ })
})

t.test('expiry: unused for ttl seconds → 410 LC_STATE_EXPIRED with HX-Refresh, never swapped; use starts the ttl again', async (t) => {
  let ms = Date.now()
  const app = await build(t, { state: 'server', serverState: { ttl: 60 }, now: () => ms })
  const tokens = tokensOf((await app.inject('/')).body)
  ms += 50_000
  const kept = await inc(app, tokens.values())
  t.equal(kept.statusCode, 200, 'used within the ttl')
  ms += 50_000
  t.equal((await inc(app, tokensOf(kept.body).values())).statusCode, 200, '100 s after the render, but 50 s after its last use')
  ms += 61_000
  const gone = await inc(app, tokensOf(kept.body).values())
  t.equal(gone.statusCode, 410)
  t.equal(gone.headers['hx-refresh'], 'true')
  t.equal(gone.headers['hx-reswap'], 'none')
  t.same(errorOf(gone), { status: 410, code: 'LC_STATE_EXPIRED', message: 'This page has expired and will reload.' })
  t.match(gone.headers['content-type'], /^text\/plain/, 'a text, never HTML to swap')
  t.equal(gone.body, 'This page has expired and will reload.')
  t.notOk(app.logs.some((l) => /Error:|\n\s+at /.test(JSON.stringify(l.res ?? ''))), 'no stack trace in a response')
})

t.test('the in-memory store is bounded by bytes: the least recently used states are forgotten first', async (t) => {
  const app = await build(t, { state: 'server', serverState: { maxBytes: 1024 } })
  const first = tokensOf((await app.inject('/')).body)
  // each page holds a few hundred bytes of state: more pages push the first one out
  let last = first
  for (let i = 0; i < 8; i++) last = tokensOf((await app.inject('/')).body)
  const old = await inc(app, first.values())
  t.equal(old.statusCode, 410, 'the oldest page\'s state was forgotten')
  t.equal(errorOf(old).code, 'LC_STATE_EXPIRED')
  t.equal((await inc(app, last.values())).statusCode, 200, 'the newest page works')
})

t.test('an old or replayed reference runs on the newest state, never on the one it was issued with', async (t) => {
  const app = await build(t, { state: 'server' })
  const tokens = [...tokensOf((await app.inject('/secure')).body).values()]
  const call = async (command: string, ts = tokens) => await post(app, { component: 'pair', command, id: 'pair', tokens: ts })
  Pair.gate = Promise.resolve()
  await call('incB')
  await call('incB')
  const replay = await call('incB')
  t.equal(pairText(replay.body, 'b'), '3', 'the replayed first reference did not bring b back to 0')
})

t.test('racing commands on one instance are serialised: nothing lost', async (t) => {
  const app = await build(t, { state: 'server' })
  const tokens = [...tokensOf((await app.inject('/secure')).body).values()]
  let release!: () => void
  Pair.gate = new Promise<void>((resolve) => { release = resolve })
  const inside = new Promise<void>((resolve) => { Pair.entered = resolve })
  const first = post(app, { component: 'pair', command: 'slowA', id: 'pair', tokens })
  await inside
  const second = post(app, { component: 'pair', command: 'incB', id: 'pair', tokens })
  release()
  const [a, b] = await Promise.all([first, second])
  t.same([pairText(a.body, 'a'), pairText(a.body, 'b')], ['1', '0'])
  t.same([pairText(b.body, 'a'), pairText(b.body, 'b')], ['1', '1'])
})

t.test('references are signed and bound: forged, tampered, another kind, or another session', async (t) => {
  const app = await build(t, { state: 'server' })
  const ref = tokensOf((await app.inject('/')).body).get('top')!
  const [kind, payload, mac] = ref.split('.')
  const forged = Buffer.from(Buffer.from(payload, 'base64url').toString().replace(/"v":0/, '"v":7')).toString('base64url')
  for (const bad of [`${kind}.${forged}.${mac}`, `${kind}.${payload}.${'A'.repeat(43)}`, `v1.${payload}.${mac}`, `${kind}.${payload}`]) {
    const res = await inc(app, [bad])
    t.equal(res.statusCode, 400, bad.slice(0, 20))
    t.equal(errorOf(res).code, 'LC_BAD_TOKEN')
  }
  const other = await build(t, { state: 'server', secrets: ['another-secret-0123456789-abcdefghijkl'] })
  t.equal((await inc(other, [ref])).statusCode, 400, 'another app\'s secret')
})

t.test('Redis: two server instances share the state; the ttl is Redis\'s; an outage is 503 and commands recover', async (t) => {
  const redis = await startRedis(t)
  const a = await build(t, { state: 'server', redis: redis.url, serverState: { waitSeconds: 0.2 } })
  const b = await build(t, { state: 'server', redis: redis.url })
  await Promise.all([a.ready(), b.ready()])
  let tokens = tokensOf((await a.inject('/')).body)
  let res = await inc(a, tokens.values())
  t.equal(count(res.body), '1')
  res = await inc(b, tokensOf(res.body).values())
  t.equal(count(res.body), '2', 'instance B ran on the state A stored')
  res = await inc(a, tokens.values())
  t.equal(count(res.body), '3', 'an old reference on A runs on the newest state, which B left')
  tokens = tokensOf(res.body)

  await redis.stop()
  const down = await inc(a, tokens.values())
  t.equal(down.statusCode, 503)
  t.equal(down.headers['hx-reswap'], 'none')
  t.same(errorOf(down), { status: 503, code: 'LC_STATE_UNAVAILABLE', message: 'This is unavailable for a moment. Please try again.' })
  t.equal((await a.inject('/')).statusCode, 503, 'a page render cannot store its state either: 503 too')
  t.ok(a.logs.some((l) => /server-held state/.test(String(l.msg))), 'the outage is logged')

  await redis.start() // no persistence: what Redis held is gone
  await until(async () => (await a.inject('/')).statusCode === 200 && (await b.inject('/')).statusCode === 200, 'both instances store state again')
  const lost = await inc(a, tokens.values())
  t.equal(lost.statusCode, 410, 'a page from before a Redis restart without persistence reloads once')
  t.equal(errorOf(lost).code, 'LC_STATE_EXPIRED')
  const fresh = tokensOf((await a.inject('/')).body)
  res = await inc(b, fresh.values())
  t.equal(res.statusCode, 200)
  t.equal(count(res.body), '1', 'after the restart, a fresh page works on every instance')
  t.ok(a.logs.some((l) => /reachable again/.test(String(l.msg))), 'the recovery is logged')
})

t.test('Redis expiry: the key lives ttl seconds and each use starts it again', async (t) => {
  const redis = await startRedis(t)
  const app = await build(t, { state: 'server', redis: redis.url, serverState: { ttl: 100 } })
  await app.ready()
  const tokens = tokensOf((await app.inject('/')).body)
  const { Redis } = await import('ioredis')
  const probe = new Redis(redis.url)
  t.teardown(() => probe.disconnect())
  const keys = await probe.keys('fastify-livecomponents:/components:held:*')
  t.ok(keys.length >= 4, 'one key per stateful instance')
  const ttl = await probe.ttl(keys[0])
  t.ok(ttl > 90 && ttl <= 100, `the key expires (ttl ${ttl} s)`)
  for (const k of keys) await probe.expire(k, 5)
  t.equal((await inc(app, [tokens.get('top')!])).statusCode, 200)
  const ttls = await Promise.all(keys.map(async (k) => await probe.ttl(k)))
  t.ok(ttls.some((s) => s > 90), 'the command\'s use started the ttl of its instance again')
  t.ok(ttls.some((s) => s <= 5), 'instances it did not use keep theirs')
  for (const k of keys) await probe.pexpire(k, 1)
  await until(async () => (await probe.exists(...keys)) === 0, 'Redis expired the keys')
  const res = await inc(app, tokens.values())
  t.equal(res.statusCode, 410)
  t.equal(errorOf(res).code, 'LC_STATE_EXPIRED')
})

t.test('the test kit reads server-held state: after a visit, a command and a push', async (t) => {
  const app = await pushApp(t, { state: 'server' })
  const live = liveTest(app)
  const counter = await live.mount('counter', { label: 'kit' }, { id: 'c' })
  t.same(counter.state, { count: 0, label: 'kit' })
  await counter.call('inc', { args: [2] })
  t.same(counter.state, { count: 2, label: 'kit' }, 'the new state, read from the store')
  const page = await live.visit('/push')
  const stock = page.component('stock:1')
  await stock.call('click')
  const socket = await page.connect()
  levels.set(1, 7)
  await app.components.notify('stock:1')
  t.match(await socket.next(), /id="stock:1"/)
  page.component('stock:1').assertSee('7')
  t.equal(page.component('stock:1').state.clicks, 1, 'the pushed render kept the click, and the kit read it')
  levels.set(1, 5)
  socket.close()
})

t.test('a reference is bound to its session: another session\'s copy is 410 LC_SESSION_CHANGED', async (t) => {
  const app = await sessionApp(t, { state: 'server' })
  const a = liveTest(app)
  const page = await a.visit('/')
  const b = liveTest(app)
  await b.visit('/')
  const ref = page.dom.token('top')!
  t.notMatch(Buffer.from(ref.split('.')[1], 'base64url').toString(), /"b"/, 'the session binding stays on the server, with the state')
  t.equal((await page.component('top').call('inc', { args: [1] })).status, 200, 'its own session')
  const res = await post(app, { component: 'counter', command: 'inc', path: ['1'], id: 'top', tokens: [ref], headers: b.cookieHeader() })
  t.equal(res.statusCode, 410)
  t.equal(errorOf(res).code, 'LC_SESSION_CHANGED')
})

t.test('Redis: a command during a short restart waits for Redis (serverState.waitSeconds) and runs, nothing lost', async (t) => {
  const redis = await startRedis(t, { persist: true })
  const app = await build(t, { state: 'server', redis: redis.url, serverState: { waitSeconds: 60 } })
  await app.ready()
  let tokens = tokensOf((await app.inject('/')).body)
  const first = await inc(app, tokens.values())
  t.equal(count(first.body), '1')
  tokens = tokensOf(first.body)
  await redis.stop()
  const during = inc(app, tokens.values()) // waits: Redis is away
  await until(async () => app.logs.some((l) => /server-held state/.test(String(l.msg))), 'the outage is noticed (logged)')
  await redis.start() // the states are back from its append-only file
  const res = await during
  t.equal(res.statusCode, 200, 'no 503: the command waited for Redis')
  t.equal(count(res.body), '2', 'and ran on the state Redis kept')
})
