/** @module test/push-redis — push across two server instances through a real redis-server, and a Redis restart. */
import { Redis } from 'ioredis'
import t from 'tap'
import { levels } from './fixtures/push-components.js'
import { type LogLine, until } from './helpers/build.js'
import { connectPage, loadPushPage, pushApp, subscribeMsg } from './helpers/push.js'
import { startRedis } from './helpers/redis.js'

const html = (m: string): boolean => m.startsWith('<')

/** Two app instances sharing one real redis-server; a page rendered by A, its socket on B. */
async function twoInstances (t: Parameters<typeof startRedis>[0]) {
  const redis = await startRedis(t)
  const a = await pushApp(t, { redis: redis.url })
  const b = await pushApp(t, { redis: redis.url })
  await Promise.all([a.ready(), b.ready()])
  const page = await loadPushPage(a)
  const onB = await connectPage(b, page.pageToken)
  return { redis, a, b, page, onB }
}

t.test('a notify on instance A reaches a socket connected to instance B', async (t) => {
  const redis = await startRedis(t)
  const a = await pushApp(t, { redis: redis.url })
  const own = new Redis(redis.url) // B is given the app's own ioredis instance
  t.teardown(() => own.disconnect())
  const b = await pushApp(t, { redis: own })
  await Promise.all([a.ready(), b.ready()])
  const page = await loadPushPage(a) // rendered by A, shown in a browser connected to B
  const onB = await connectPage(b, page.pageToken)
  await onB.ask(subscribeMsg(page, ['stock:1']))
  levels.set(1, 77)
  t.teardown(() => { levels.set(1, 5) })
  t.equal(await a.components.notify('stock:1'), true)
  t.match(await onB.next(html), /^<div id="stock:1"[^>]*hx-swap-oob="outerMorph"[\s\S]*class="level">77</, 'B rendered and pushed it')
  await b.components.push('stock:1', '<p id="from-b" hx-swap-oob="outerMorph">b</p>')
  t.equal(await onB.next(html), '<p id="from-b" hx-swap-oob="outerMorph">b</p>', 'and B reaches its own sockets through Redis too')
  await b.close()
  t.equal(await own.ping(), 'PONG', 'the plugin leaves an ioredis instance it was given open')
})

t.test('streamed frames travel through Redis: a command on A, the page connected to B', async (t) => {
  const { a, page, onB } = await twoInstances(t)
  const { post } = await import('./helpers/build.js')
  const res = await post(a, { component: 'progress', command: 'run', path: ['2'], id: 'progress', tokens: [page.tokens.get('progress')!], headers: { 'lc-page': page.pageToken } })
  t.equal(res.statusCode, 200)
  t.match(await onB.next((m) => m.includes('data-lc-frame')), /step 1/)
  t.match(await onB.next((m) => m.includes('data-lc-frame')), /step 2/)
})

t.test('Redis goes away and comes back: no crash, the outage is logged, pushes resume', async (t) => {
  const { redis, a, b, page, onB } = await twoInstances(t)
  await onB.ask(subscribeMsg(page, ['stock:1']))
  await a.components.notify('stock:1')
  await onB.next(html)

  await redis.stop()
  const down = (l: LogLine): boolean => l.level === 50 && /Redis is unavailable/.test(l.msg)
  await until(() => a.logs.some(down) && b.logs.some(down), 'both instances log the outage')
  t.equal(await a.components.notify('stock:1'), false, 'notify during the outage resolves false instead of throwing')
  t.ok(a.logs.some(down) && b.logs.some(down), 'A and B logged the outage')

  await redis.start()
  // each notify that Redis accepted is looked for on B; one that was lost while reconnecting is retried
  let delivered = false
  await until(async () => (delivered = await a.components.notify('stock:1') && await onB.next(html, 1000).then(() => true, () => false)), 'a notify on A reaches B again once Redis is back')
  t.ok(delivered, 'a notify on A reaches B again once Redis is back')
  const back = (l: LogLine): boolean => /Redis is back/.test(l.msg)
  await until(() => a.logs.some(back) && b.logs.some(back), 'both instances log the recovery')
  t.ok(a.logs.some(back) && b.logs.some(back), 'A and B logged the recovery')
  t.equal(onB.ws.readyState, 1, 'the browser socket stayed open through the outage')
})

t.test('the redis option is validated at register', async (t) => {
  await t.rejects(pushApp(t, { redis: 'http://nope' as string }), { code: 'LC_INVALID_OPTION' })
  await t.rejects(pushApp(t, { redis: 42 as unknown as string }), { code: 'LC_INVALID_OPTION' })
})
