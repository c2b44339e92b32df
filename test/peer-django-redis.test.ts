/** @module test/peer-django-redis — django-livecomponents' tests/test_redis_state_store.py, ported to the `redis` option: the latest state of an instance is kept in a real redis-server for maxAge, and every command re-arms that. */
import t from 'tap'
import { Redis } from 'ioredis'
import { liveTest } from 'fastify-livecomponents/testing'
import { build, until } from './helpers/build.js'
import { startRedis } from './helpers/redis.js'
import { PEER, peerPages } from './fixtures/peer-components.js'

const MAX_AGE = 3600

async function redisPage (t: Parameters<typeof build>[0]) {
  const server = await startRedis(t)
  const app = await build(t, { components: PEER, redis: server.url, maxAge: MAX_AGE })
  peerPages(app)
  const client = new Redis(server.url)
  t.teardown(() => client.quit())
  const page = await liveTest(app).visit('/args')
  return { client, args: page.component('args') }
}

/** The keys holding an instance's latest state, with their time to live in seconds. */
async function latest (client: Redis): Promise<Array<{ key: string, ttl: number }>> {
  const keys = await client.keys('*:latest:*')
  return await Promise.all(keys.map(async (key) => ({ key, ttl: await client.ttl(key) })))
}

t.test('test_redis_state_store.py::test_save_state_sets_ttl — after a command, the instance\'s latest state is kept in Redis for maxAge', async (t) => {
  const { client, args } = await redisPage(t)
  t.same(await latest(client), [], 'a page render stores nothing: the state is in the page')
  t.equal((await args.call('keep', { fields: { n: '1' } })).status, 200)
  await until(async () => (await latest(client)).length === 1, 'the latest state is stored')
  const [{ ttl }] = await latest(client)
  t.ok(ttl > MAX_AGE - 10 && ttl <= MAX_AGE, `a bit less than maxAge: ${ttl}`)
})

t.test('test_redis_state_store.py::test_clear_session_and_then_save_state_recovers_ttl — a shortened TTL is re-armed by the next command', async (t) => {
  const { client, args } = await redisPage(t)
  await args.call('keep', { fields: { n: '1' } })
  await until(async () => (await latest(client)).length === 1, 'the latest state is stored')
  const [{ key }] = await latest(client)
  await client.expire(key, 5) // as the peer's clear_session shortens it to ttl_gc
  t.ok((await client.ttl(key)) <= 5)
  t.equal((await args.call('keep', { fields: { n: '2' } })).status, 200)
  await until(async () => (await client.ttl(key)) > MAX_AGE - 10, 'the TTL is back to maxAge')
  t.equal((await latest(client)).length, 1, 'the same key: one per instance')
})
