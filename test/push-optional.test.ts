/** @module test/push-optional — the WebSocket transport exists only when something uses it: topics, a streaming command, or the push option. */
import t from 'tap'
import Fastify, { type FastifyInstance } from 'fastify'
import components, { type LiveComponentsOptions } from 'fastify-livecomponents'
import { Greeter, Headline, Plain, Ticker } from './fixtures/plain-components.js'
import { SECRET, TEMPLATES } from './helpers/build.js'
import { parse } from './helpers/dom.js'
import { connect, isType, parsePage, subscribeMsg } from './helpers/push.js'

interface Teardown { teardown: (fn: () => unknown) => void }

const WS_ROUTE = { method: 'GET', url: '/components/ws' } as const

/** Timers that keep the event loop alive (unref'd ones are not listed). */
const refTimers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length

/**
 * Every `setInterval` created while it is installed and not cleared yet, with its delay;
 * unlike `getActiveResourcesInfo()` it also sees unref'd intervals.
 */
function watchIntervals (t: Teardown): Map<NodeJS.Timeout, number> {
  const realSet = globalThis.setInterval
  const realClear = globalThis.clearInterval
  const live = new Map<NodeJS.Timeout, number>()
  globalThis.setInterval = ((fn: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const timer = realSet(fn, ms, ...args)
    live.set(timer, ms ?? 0)
    return timer
  }) as unknown as typeof setInterval
  globalThis.clearInterval = ((timer: NodeJS.Timeout | undefined) => {
    if (timer !== undefined) live.delete(timer)
    realClear(timer)
  }) as unknown as typeof clearInterval
  t.teardown(() => {
    globalThis.setInterval = realSet
    globalThis.clearInterval = realClear
  })
  return live
}

/** An app with the plugin and a `/` page that calls `live_connect()` and renders `plain` (and `headline` with `headline: true`). */
async function plainApp (t: Teardown, opts: LiveComponentsOptions, page = 'plain/connect-page.njk'): Promise<FastifyInstance> {
  const app = Fastify()
  t.teardown(() => app.close())
  app.decorate('greeting', 'hello')
  await app.register(components, { templates: [TEMPLATES], secrets: [SECRET], ...opts })
  app.get('/', (_req, reply) => reply.page(page))
  return app
}

/** The `#lc-live` connection element of `/` and what `live_connect()` wrote into `#connect`. */
async function connection (app: FastifyInstance): Promise<{ element: ReturnType<ReturnType<typeof parse>['getElementById']>, written: string }> {
  const res = await app.inject('/')
  if (res.statusCode !== 200) throw new Error(`GET / answered ${res.statusCode}: ${res.body}`)
  const doc = parse(res.body)
  return { element: doc.getElementById('lc-live'), written: doc.getElementById('connect')?.innerHTML.trim() ?? '<no #connect>' }
}

t.test('components without topics or streaming commands: no /ws route, no injectWS, live_connect() is empty, no timer', async (t) => {
  const before = refTimers()
  const intervals = watchIntervals(t)
  const app = await plainApp(t, { components: [Plain] })
  await app.ready()
  t.equal(refTimers(), before, 'no timer keeps the process alive')
  t.same([...intervals.values()], [], 'no interval was created at all (no heartbeat)')
  t.notOk(app.hasRoute(WS_ROUTE), 'no GET /components/ws route')
  t.notOk(app.hasDecorator('injectWS'), '@fastify/websocket was not registered')
  t.notOk(app.hasDecorator('websocketServer'))
  t.equal((await app.inject('/components/ws')).statusCode, 404)
  const { element, written } = await connection(app)
  t.equal(element, null, 'no connection element')
  t.equal(written, '', 'live_connect() writes nothing')
  t.equal(await app.components.notify('news'), true, 'notify resolves at once: nobody can listen')
})

t.test('control: a component with static topics turns the transport on, with an unref\'d heartbeat interval', async (t) => {
  const before = refTimers()
  const intervals = watchIntervals(t)
  const app = await plainApp(t, { components: [Plain, Headline] })
  await app.ready()
  t.ok(app.hasRoute(WS_ROUTE), 'GET /components/ws exists')
  t.ok(app.hasDecorator('injectWS'))
  const heartbeats = [...intervals.entries()].filter(([, ms]) => ms === 30_000)
  t.equal(heartbeats.length, 1, 'one heartbeat interval, every 30 s by default')
  t.equal(heartbeats[0]?.[0].hasRef(), false, 'unref\'d, so it never keeps the process alive…')
  t.equal(refTimers(), before, '…which is why getActiveResourcesInfo() does not list it')
  const { element, written } = await connection(app)
  t.ok(element, 'live_connect() renders the connection element')
  t.match(written, /^<div id="lc-live"/)
  await app.close()
  t.same([...intervals.values()], [], 'the heartbeat is cleared on close')
})

t.test('control: a streaming command turns the transport on too', async (t) => {
  const app = await plainApp(t, { components: [Plain, Ticker] })
  await app.ready()
  t.ok(app.hasRoute(WS_ROUTE))
  t.ok((await connection(app)).element)
})

t.test('the push option alone turns the transport on, with its heartbeat', async (t) => {
  const intervals = watchIntervals(t)
  const app = await plainApp(t, { components: [Plain], push: {} })
  await app.ready()
  t.ok(app.hasRoute(WS_ROUTE), 'push: {} registers GET /components/ws')
  t.ok(app.hasDecorator('injectWS'))
  t.ok((await connection(app)).element, 'live_connect() renders the connection element')
  t.same([...intervals.values()], [30_000])
  const tuned = await plainApp(t, { components: [Plain], push: { heartbeat: 5 } })
  await tuned.ready()
  t.same([...intervals.values()].sort((a, b) => a - b), [5_000, 30_000], 'the heartbeat option sets the interval')
})

t.test('a class with topics registered after the plugin but before ready turns the transport on', async (t) => {
  const app = await plainApp(t, { components: [Plain] }, 'plain/headline-page.njk')
  t.notOk(app.hasRoute(WS_ROUTE), 'not yet')
  app.components.register(Headline)
  await app.ready()
  t.ok(app.hasRoute(WS_ROUTE), 'GET /components/ws exists after ready')
  t.ok(app.hasDecorator('injectWS'))
  // and it works end to end: subscribe, notify, receive the pushed render
  const page = parsePage((await app.inject('/')).body)
  t.ok(page.pageToken, 'the page got its connection element')
  t.same([...page.subs.keys()], ['headline'])
  const client = await connect(app)
  t.same(JSON.parse(await client.ask(subscribeMsg(page, ['headline']), isType('subscribed'))), { type: 'subscribed', ids: ['headline'] })
  t.equal(await app.components.notify('news'), true)
  const pushed = parse(await client.next((m) => m.startsWith('<')))
  t.equal(pushed.getElementById('headline')?.getAttribute('hx-swap-oob'), 'outerMorph')
  client.ws.close()
})

t.test('a streaming command registered after the plugin but before ready turns the transport on', async (t) => {
  const app = await plainApp(t, { components: [Plain] })
  app.components.register(Ticker)
  await app.ready()
  t.ok(app.hasRoute(WS_ROUTE))
})

t.test('after ready, a class that needs the transport is refused with LC_INVALID_COMPONENT', async (t) => {
  const app = await plainApp(t, { components: [Plain] })
  await app.ready()
  t.throws(() => app.components.register(Headline), { code: 'LC_INVALID_COMPONENT', message: /Headline/ })
  t.throws(() => app.components.register(Ticker), { code: 'LC_INVALID_COMPONENT', message: /Ticker/ })
  t.notOk(app.hasRoute(WS_ROUTE))
  t.same(app.components.routes().filter((r) => r.component === 'ticker'), [], 'the refused class was not registered')
  t.equal((await connection(app)).element, null, 'live_connect() still writes nothing')

  const pushing = await plainApp(t, { components: [Plain, Greeter] })
  await pushing.ready()
  t.doesNotThrow(() => pushing.components.register(Headline), 'once the transport exists, more topic classes are fine')
})
