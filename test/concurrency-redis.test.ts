/** @module test/concurrency-redis — racing commands on two server instances sharing a real redis-server lose no update. */
import t from 'tap'
import { build, claimsOf, post, tokensOf, until } from './helpers/build.js'
import { startRedis } from './helpers/redis.js'
import { Pair } from './fixtures/secure-components.js'

const text = (html: string, cls: string) => new RegExp(`<span class="${cls}">(\\d+)</span>`).exec(html)?.[1]

t.test('a command on instance B waits for one on instance A, then runs on its result', async (t) => {
  const redis = await startRedis(t)
  const a = await build(t, { redis: redis.url })
  const b = await build(t, { redis: redis.url })
  const tokens = [...tokensOf((await a.inject('/secure')).body).values()]
  let release!: () => void
  Pair.gate = new Promise<void>((resolve) => { release = resolve })
  const inside = new Promise<void>((resolve) => { Pair.entered = resolve })
  const first = post(a, { component: 'pair', command: 'slowA', id: 'pair', tokens })
  await inside // A holds the instance
  const second = post(b, { component: 'pair', command: 'incB', id: 'pair', tokens })
  release()
  const [ra, rb] = await Promise.all([first, second])
  t.same([text(ra.body, 'a'), text(ra.body, 'b')], ['1', '0'])
  t.same([text(rb.body, 'a'), text(rb.body, 'b')], ['1', '1'], 'B ran on A\'s result: nothing lost across instances')
  t.equal(claimsOf(tokensOf(rb.body).get('pair')!).v, 2)
  const replay = await post(a, { component: 'pair', command: 'incB', id: 'pair', tokens })
  t.equal(text(replay.body, 'b'), '2', 'A replay of the old state on A runs on the state B left')
})

t.test('across instances, a command held longer than waitSeconds gets 409 LC_BUSY', async (t) => {
  const redis = await startRedis(t)
  const a = await build(t, { redis: redis.url })
  const b = await build(t, { redis: redis.url, concurrency: { waitSeconds: 0.1 } })
  const tokens = [...tokensOf((await a.inject('/secure')).body).values()]
  let release!: () => void
  Pair.gate = new Promise<void>((resolve) => { release = resolve })
  const inside = new Promise<void>((resolve) => { Pair.entered = resolve })
  const first = post(a, { component: 'pair', command: 'slowA', id: 'pair', tokens })
  await inside
  const busy = await post(b, { component: 'pair', command: 'incB', id: 'pair', tokens })
  t.equal(busy.statusCode, 409)
  t.equal(JSON.parse(String(busy.headers['hx-trigger']))['live:error'].code, 'LC_BUSY')
  release()
  t.equal((await first).statusCode, 200)
})

t.test('Redis down: commands still run on the state their page posted, and the outage is logged once', async (t) => {
  const redis = await startRedis(t)
  const a = await build(t, { redis: redis.url })
  const tokens = [...tokensOf((await a.inject('/secure')).body).values()]
  Pair.gate = Promise.resolve()
  await redis.stop()
  const one = await post(a, { component: 'pair', command: 'incB', id: 'pair', tokens })
  const two = await post(a, { component: 'pair', command: 'incB', id: 'pair', tokens })
  t.equal(one.statusCode, 200)
  t.equal(text(two.body, 'b'), '1', 'no store: the posted state')
  t.equal(a.logs.filter((l) => String(l.msg).includes('commands run on the state their page posted')).length, 1)
  await redis.start()
  let last = 0
  await until(async () => {
    last = (await post(a, { component: 'pair', command: 'incB', id: 'pair', tokens })).statusCode
    return last === 200 && a.logs.some((l) => String(l.msg).includes('racing commands are serialised again'))
  }, 'commands are serialised again once Redis is back (logged)')
  t.equal(last, 200, 'commands run once Redis is back')
  t.ok(a.logs.some((l) => String(l.msg).includes('racing commands are serialised again')), 'serialised again (logged)')
})

t.test('a command that held an instance while Redis went away releases it once Redis is back (a persistent Redis kept the lock)', async (t) => {
  const redis = await startRedis(t, { persist: true })
  const a = await build(t, { redis: redis.url, concurrency: { waitSeconds: 1 } })
  const tokens = [...tokensOf((await a.inject('/secure')).body).values()]
  let release!: () => void
  Pair.gate = new Promise<void>((resolve) => { release = resolve })
  const inside = new Promise<void>((resolve) => { Pair.entered = resolve })
  const first = post(a, { component: 'pair', command: 'slowA', id: 'pair', tokens })
  await inside // holds the lock, which Redis writes to its append-only file
  await redis.stop()
  release()
  t.equal((await first).statusCode, 200, 'the command finished; its release could not reach Redis')
  await redis.start() // the lock is back, from the file
  await until(async () => a.logs.some((l) => String(l.msg).includes('racing commands are serialised again')), 'Redis is back (logged)')
  await until(async () => (await post(a, { component: 'pair', command: 'incB', id: 'pair', tokens })).statusCode === 200, 'the instance is free again (the stale lock would live 60 s)')
  const next = await post(a, { component: 'pair', command: 'incB', id: 'pair', tokens })
  t.equal(next.statusCode, 200, 'not 409 LC_BUSY for the 60 s the stale lock would have lived')
})
