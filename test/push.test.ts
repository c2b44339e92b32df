/** @module test/push — WebSocket push over app.injectWS: subscribe, refuse, notify, push, shared renders, failing renders, limits. */
import t from 'tap'
import { scriptsOf } from './helpers/dom.js'
import { createRequire } from 'node:module'
import { build, post } from './helpers/build.js'
import { connect, connectPage, isType, loadPushPage, parsePage, pushApp, subscribeMsg } from './helpers/push.js'
import { Fragile, levels, Stock } from './fixtures/push-components.js'
import { Headline } from './fixtures/plain-components.js'
import { liveTest } from 'fastify-livecomponents/testing'

const require = createRequire(import.meta.url)
const SOME_OTHER_SECRET = 'another-secret-0123456789-abcdefghijklmnop'
const html = (m: string): boolean => m.startsWith('<')

t.test('the page gets the connection element, subscription tokens and the ws extension of its htmx line', async (t) => {
  for (const major of [4, 2] as const) {
    const htmx = major === 2 ? { major, file: require.resolve('htmx2/dist/htmx.min.js') } : {}
    const app = await pushApp(t, { htmx })
    const page = await loadPushPage(app)
    t.match(page.html, major === 2
      ? /<div id="lc-live" hidden hx-swap="none" hx-ext="ws" ws-connect="\/components\/ws" data-lc-page="p1\.[^"]+"><\/div>/
      : /<div id="lc-live" hidden hx-swap="none" hx-ws:connect="\/components\/ws" data-lc-page="p1\.[^"]+"><\/div>/, `htmx ${major}`)
    t.same([...page.subs.keys()], ['stock:1', 'stock:2', 'fragile'], 'only components with topics carry data-lc-sub')
    const scripts = scriptsOf(page.html)
    t.same(scripts.map((s) => s.split('/').pop()!.split('.')[0]), major === 2 ? ['htmx', 'morph', 'ws', 'live'] : ['htmx', 'ws', 'live'], 'htmx, idiomorph on htmx 2, the ws extension, the client, in that order')
    const src = scripts[major === 2 ? 2 : 1]
    t.match(src, /^\/components\/assets\/ws\.[0-9a-f]{16}\.js$/, 'the ws extension, content-hashed')
    const ws = await app.inject(src)
    t.equal(ws.statusCode, 200)
    t.match(ws.body, major === 2 ? /htmx:wsOpen/ : /htmx:ws:after:connection/, `serves the htmx ${major} ws extension`)
  }
})

t.test('subscribe, then notify: the instance is re-rendered and pushed as an out-of-band swap', async (t) => {
  const app = await pushApp(t)
  const page = await loadPushPage(app)
  const c = await connect(app)
  t.same(JSON.parse(await c.ask(subscribeMsg(page, ['stock:1', 'stock:2']))), { type: 'subscribed', ids: ['stock:1', 'stock:2'] })
  levels.set(1, 42)
  t.equal(await app.components.notify('stock:1'), true)
  const msg = await c.next(html)
  t.match(msg, /^<div id="stock:1" data-lc="stock" hx-swap-oob="outerMorph" data-lc-sub="s1\./, 'one root element with its id and hx-swap-oob')
  t.match(msg, /<span class="level">42<\/span>/)
  t.notMatch(msg, /stock:2"/, 'the other instance was not rendered')
  await app.components.notify('stock:3')
  await app.components.notify('stock:1')
  await c.next(html)
  t.equal(c.messages.filter(html).length, 2, 'a topic nobody listens to sends nothing')
  levels.set(1, 5)
})

t.test('pushed renders use the state the page last reported: three clicks, then notify shows 3', async (t) => {
  const app = await pushApp(t)
  let page = await loadPushPage(app)
  const c = await connect(app)
  await c.ask(subscribeMsg(page, ['stock:1']))
  for (let i = 0; i < 3; i++) {
    const res = await post(app, { component: 'stock', command: 'click', id: 'stock:1', tokens: [page.tokens.get('stock:1')!] })
    t.equal(res.statusCode, 200)
    page = { ...page, ...parsePage(res.body) }
    // the client helper re-subscribes whenever a state token changes
    await c.ask(subscribeMsg(page, ['stock:1']))
  }
  await app.components.notify('stock:1')
  t.match(await c.next(html), /<span class="clicks">3<\/span>/)
})

t.test('identical state shares one render; different state renders apart', async (t) => {
  const app = await pushApp(t)
  const page = await loadPushPage(app)
  const clients = await Promise.all([1, 2, 3].map(async () => await connect(app)))
  for (const c of clients) await c.ask(subscribeMsg(page, ['stock:1']))
  const before = Stock.renders
  await app.components.notify('stock:1')
  const got = await Promise.all(clients.map(async (c) => await c.next(html)))
  t.equal(Stock.renders - before, 1, 'three subscribers, one render')
  t.equal(new Set(got).size, 1, 'all three got the same fragment')

  const res = await post(app, { component: 'stock', command: 'click', id: 'stock:1', tokens: [page.tokens.get('stock:1')!] })
  await clients[0].ask(subscribeMsg({ ...page, tokens: parsePage(res.body).tokens }, ['stock:1']))
  const again = Stock.renders
  await app.components.notify('stock:1')
  t.equal(Stock.renders - again, 2, 'one render per distinct state')
  t.match(await clients[0].next(html), /clicks">1</)
  t.match(await clients[1].next(html), /clicks">0</)
})

t.test('a push renderer that throws is logged and skipped; the others still get theirs', async (t) => {
  const app = await pushApp(t)
  const page = await loadPushPage(app)
  const c = await connect(app)
  t.same(JSON.parse(await c.ask(subscribeMsg(page, ['fragile', 'stock:1']))).ids, ['fragile', 'stock:1'])
  Fragile.fail = true
  t.teardown(() => { Fragile.fail = false })
  await app.components.notify('stock:1')
  t.match(await c.next(html), /^<div id="stock:1"/)
  t.equal(c.messages.filter(html).length, 1, 'nothing for the failing instance')
  const line = app.logs.find((l) => /pushed render failed/.test(l.msg))
  t.equal(line?.component, 'fragile')
  t.equal(line?.level, 50)
})

t.test('push(topic, html) sends the fragment once per subscribed socket, to subscribers only', async (t) => {
  const app = await pushApp(t)
  const page = await loadPushPage(app)
  const listening = await connect(app)
  const other = await connect(app)
  await listening.ask(subscribeMsg(page, ['stock:1', 'fragile'])) // two instances, one topic
  await other.ask(subscribeMsg(page, ['stock:2']))
  const fragment = '<p id="news" hx-swap-oob="outerMorph">restocked</p>'
  t.equal(await app.components.push('stock:1', fragment), true)
  t.equal(await listening.next(html), fragment)
  await app.components.push('stock:2', '<p id="x" hx-swap-oob="outerMorph">2</p>')
  await other.next(html)
  t.equal(listening.messages.filter(html).length, 1, 'once, although two of its instances listen')
  t.equal(other.messages.filter(html).length, 1)
  await t.rejects(app.components.notify(''), { code: 'LC_BAD_TOPIC' })
  await t.rejects(app.components.push('x'.repeat(201), ''), { code: 'LC_BAD_TOPIC' })
})

t.test('refused subscriptions get an error frame and the socket stays usable', async (t) => {
  const app = await pushApp(t)
  const page = await loadPushPage(app)
  const other = await pushApp(t, { secrets: [SOME_OTHER_SECRET] })
  const foreign = await loadPushPage(other)
  const c = await connect(app)
  const cases: Array<[string, unknown, string]> = [
    ['forged (one character changed)', { sub: page.subs.get('stock:1')!.replace(/.$/, (ch) => ch === 'A' ? 'B' : 'A'), state: [page.tokens.get('stock:1')] }, 'LC_BAD_SUBSCRIPTION'],
    ['signed with another secret', { sub: foreign.subs.get('stock:1'), state: [foreign.tokens.get('stock:1')] }, 'LC_BAD_SUBSCRIPTION'],
    ['a state token of another instance', { sub: page.subs.get('stock:1'), state: [page.tokens.get('stock:2')] }, 'LC_BAD_SUBSCRIPTION'],
    ['a state token as subscription', { sub: page.tokens.get('stock:1'), state: [page.tokens.get('stock:1')] }, 'LC_BAD_SUBSCRIPTION'],
    ['no state', { sub: page.subs.get('stock:1'), state: [] }, 'LC_BAD_SUBSCRIPTION'],
    ['a tampered state token', { sub: page.subs.get('stock:1'), state: [page.tokens.get('stock:1') + 'x'] }, 'LC_BAD_TOKEN'],
    ['not an object', 42, 'LC_BAD_SUBSCRIPTION']
  ]
  for (const [why, entry, code] of cases) {
    const ack = JSON.parse(await c.ask(JSON.stringify({ type: 'subscribe', subs: [entry] })))
    t.same(ack, { type: 'subscribed', ids: [] }, `${why}: not subscribed`)
    const err = JSON.parse(await c.next(isType('error')))
    t.equal(err.code, code, why)
    t.equal(err.status, 400)
    t.notMatch(JSON.stringify(err), /signature|instance|stack|Error:/, 'no server detail in the frame')
  }
  await app.components.notify('stock:1')
  await app.components.notify('stock:2')
  t.equal(c.messages.filter(html).length, 0, 'no refused subscription receives pushes')
  t.same(JSON.parse(await c.ask(subscribeMsg(page, ['stock:1']))).ids, ['stock:1'], 'the same socket still subscribes')
  await app.components.notify('stock:1')
  await c.next(html)
})

t.test('256 bad subscriptions in one message: one error frame and one log line, not 256', async (t) => {
  const app = await pushApp(t, { push: { maxMessageBytes: 1024 * 1024 } }) // 256 subscriptions with their tokens are ~150 KB
  const page = await loadPushPage(app)
  const c = await connect(app)
  const bad = Array.from({ length: 256 }, () => ({ sub: page.subs.get('stock:1'), state: [page.tokens.get('stock:2')] }))
  t.same(JSON.parse(await c.ask(JSON.stringify({ type: 'subscribe', subs: bad }))), { type: 'subscribed', ids: [] })
  t.equal(JSON.parse(await c.next(isType('error'))).code, 'LC_BAD_SUBSCRIPTION')
  // messages are answered in order: once the next one is acknowledged, every frame of the first has arrived
  t.same(JSON.parse(await c.ask(subscribeMsg(page, ['stock:1']))).ids, ['stock:1'])
  t.equal(c.messages.filter((m) => m.includes('"type":"error"')).length, 1, 'one error frame')
  const lines = app.logs.filter((l) => l.msg === 'fastify-livecomponents: refused a WebSocket message')
  t.equal(lines.length, 1, 'one log line')
  t.equal(lines[0].refused, 256, 'which counts the refusals')
})

t.test('an expired subscription token is refused with LC_EXPIRED_SUBSCRIPTION (410)', async (t) => {
  let ms = Date.now()
  const app = await pushApp(t, { maxAge: 1, now: () => ms })
  const page = await loadPushPage(app)
  ms += 2000
  const c = await connect(app)
  await c.ask(subscribeMsg(page, ['stock:1']))
  const err = JSON.parse(await c.next(isType('error')))
  t.equal(err.status, 410)
  t.equal(err.code, 'LC_EXPIRED_SUBSCRIPTION')
  const hello = JSON.parse(await c.ask(JSON.stringify({ type: 'hello', page: page.pageToken }), isType('error')))
  t.same([hello.status, hello.code], [410, 'LC_EXPIRED_SUBSCRIPTION'], 'an expired page token is refused')
})

t.test('the upgrade is refused for a foreign Origin before any socket exists; a bad page token in hello gets an error frame', async (t) => {
  const app = await pushApp(t, { origins: ['https://admin.example'] })
  const page = await loadPushPage(app)
  await t.rejects(connect(app, '', { origin: 'https://evil.example', host: 'localhost:80' }), /Unexpected server response: 403/)
  await t.rejects(connect(app, '', { origin: 'null', host: 'localhost:80' }), /403/)
  await t.rejects(connectPage(app, 'p1.bogus.x'), /hello refused: .*"status":400/)
  await t.rejects(connectPage(app, page.subs.get('stock:1')!), /hello refused: .*"status":400/, 'a subscription token is not a page token')
  const same = await connectPage(app, page.pageToken, { origin: 'http://localhost', host: 'localhost:80' })
  const listed = await connect(app, '', { origin: 'https://admin.example', host: 'localhost:80' })
  t.same(JSON.parse(await same.ask(subscribeMsg(page, ['stock:1']))).ids, ['stock:1'], 'same origin connects')
  t.same(JSON.parse(await listed.ask(subscribeMsg(page, ['stock:1']))).ids, ['stock:1'], 'a listed origin connects')
  t.ok(app.logs.some((l) => l.err?.code === 'LC_FORBIDDEN_ORIGIN' || /LC_FORBIDDEN_ORIGIN/.test(JSON.stringify(l))), 'the refusal is logged')
})

t.test('bad JSON, unknown types, binary and oversized messages get an error frame; the socket stays', async (t) => {
  const app = await pushApp(t, { push: { maxMessageBytes: 1024 } })
  const page = await loadPushPage(app)
  const c = await connect(app)
  const cases: Array<[string | Buffer, string, number]> = [
    ['{not json', 'LC_BAD_MESSAGE', 400],
    ['{"type":"broadcast","html":"<p id=x>hi</p>"}', 'LC_BAD_MESSAGE', 400],
    ['{"type":"push","topic":"stock:1","html":"<p>x</p>"}', 'LC_BAD_MESSAGE', 400],
    ['null', 'LC_BAD_MESSAGE', 400],
    ['{"type":"subscribe","subs":"x"}', 'LC_BAD_MESSAGE', 400],
    ['{"type":"unsubscribe","ids":[1]}', 'LC_BAD_MESSAGE', 400],
    [JSON.stringify({ type: 'subscribe', subs: [], pad: 'x'.repeat(2000) }), 'LC_MESSAGE_TOO_LARGE', 413],
    [Buffer.from([1, 2, 3]), 'LC_BAD_MESSAGE', 400]
  ]
  for (const [data, code, status] of cases) {
    c.ws.send(data)
    const err = JSON.parse(await c.next(isType('error')))
    t.same([err.code, err.status], [code, status], String(data).slice(0, 40))
  }
  t.same(JSON.parse(await c.ask(subscribeMsg(page, ['stock:1']))).ids, ['stock:1'], 'still open and working')
  t.same(JSON.parse(await c.ask('{"type":"unsubscribe","ids":["stock:1"]}')), { type: 'unsubscribed', ids: ['stock:1'] })
  await app.components.notify('stock:1')
  await app.components.push('stock:1', '<p id="a" hx-swap-oob="outerMorph">a</p>')
  t.equal(c.messages.filter(html).length, 0, 'unsubscribed: nothing arrives')
})

t.test('a client cannot reach other clients: nothing it sends is relayed', async (t) => {
  const app = await pushApp(t)
  const page = await loadPushPage(app)
  const a = await connect(app)
  const b = await connect(app)
  await b.ask(subscribeMsg(page, ['stock:1']))
  for (const text of ['<div id="stock:1" hx-swap-oob="outerMorph">pwned</div>', '{"type":"notify","topic":"stock:1"}', '{"kind":"push","topic":"stock:1","html":"x"}']) {
    await a.ask(text)
  }
  await b.ask(JSON.stringify({ type: 'unsubscribe', ids: [] }), isType('unsubscribed')) // what was sent to b before has arrived
  t.same(b.messages.filter((m) => !isType('unsubscribed')(m)).filter((m) => !isType('subscribed')(m)), [], 'b received nothing')
})

t.test('app.close() closes sockets with 1001 and resolves with clients connected', async (t) => {
  const app = await pushApp({ teardown: () => {} })
  const page = await loadPushPage(app)
  const c = await connectPage(app, page.pageToken)
  await c.ask(subscribeMsg(page, ['stock:1']))
  await app.close()
  t.same(await c.closed, { code: 1001, reason: 'server shutting down' })
})

t.test('a refused upgrade answers with the generic coded error, no server detail', async (t) => {
  const app = await pushApp(t)
  const res = await app.inject({ url: '/components/ws', headers: { origin: 'https://evil.example', host: 'shop.example' } })
  t.equal(res.statusCode, 403)
  t.equal(res.body, 'This action is not allowed.')
  t.same(JSON.parse(res.headers['hx-trigger'] as string)['live:error'].code, 'LC_FORBIDDEN_ORIGIN')
})

t.test('subscribe with refresh: true also renders that instance for this socket only', async (t) => {
  const app = await pushApp(t)
  const page = await loadPushPage(app)
  const c = await connect(app)
  const other = await connect(app)
  await other.ask(subscribeMsg(page, ['stock:1']))
  const msg = JSON.parse(subscribeMsg(page, ['stock:1', 'stock:2']))
  msg.subs[1].refresh = true
  t.same(JSON.parse(await c.ask(JSON.stringify(msg))).ids, ['stock:1', 'stock:2'])
  t.match(await c.next(html), /^<div id="stock:2" data-lc="stock" hx-swap-oob="outerMorph"/, 'the refreshed instance arrives')
  // a socket's messages and their refreshes are handled in order: once the next one is answered, the first is done
  await c.ask(JSON.stringify({ type: 'unsubscribe', ids: [] }), isType('unsubscribed'))
  t.equal(c.messages.filter(html).length, 1, 'only the one asked for')
  t.equal(other.messages.filter(html).length, 0, 'nobody else gets it')
})

t.test('disconnect(id): every socket opened with that socketId closes with 4001; others stay and still get pushes', async (t) => {
  const app = await pushApp(t, { socketId: (req) => typeof req.headers['x-session'] === 'string' ? `session:${req.headers['x-session']}` : undefined })
  const page = await loadPushPage(app)
  const a1 = await connect(app, '', { 'x-session': 'a' })
  const a2 = await connect(app, '', { 'x-session': 'a' })
  const b = await connect(app, '', { 'x-session': 'b' })
  const anon = await connect(app)
  for (const c of [a1, a2, b, anon]) await c.ask(subscribeMsg(page, ['stock:1']), isType('subscribed'))
  t.equal(await app.components.disconnect('session:a'), true)
  t.same(await a1.closed, { code: 4001, reason: 'disconnected' })
  t.same(await a2.closed, { code: 4001, reason: 'disconnected' })
  await app.components.notify('stock:1')
  await b.next(html)
  await anon.next(html)
  t.equal(b.ws.readyState, b.ws.OPEN, 'another session stays connected and gets pushes')
  await t.rejects(app.components.disconnect('' as string), { code: 'LC_BAD_SOCKET_ID' })
  await t.rejects(build(t, { socketId: 'session' as never }), { code: 'LC_INVALID_OPTION' })
})

t.test('a refresh flood: one render per instance per message, one at a time, and a budget per socket', async (t) => {
  let ms = Date.now()
  const app = await pushApp(t, { push: { maxMessageBytes: 1024 * 1024 }, now: () => ms })
  const page = await loadPushPage(app)
  const c = await connect(app)
  const entry = { sub: page.subs.get('stock:1'), state: [page.tokens.get('stock:1')], refresh: true }
  let before = Stock.renders
  await c.ask(JSON.stringify({ type: 'subscribe', subs: Array.from({ length: 256 }, () => entry) }), isType('subscribed'))
  await c.ask(JSON.stringify({ type: 'unsubscribe', ids: [] }), isType('unsubscribed'))
  t.equal(Stock.renders - before, 1, '256 refreshes of one instance in one message: one render')

  before = Stock.renders
  const one = JSON.stringify({ type: 'subscribe', subs: [entry] })
  const flush = async (): Promise<void> => { await c.ask(JSON.stringify({ type: 'unsubscribe', ids: [] }), isType('unsubscribed')) }
  for (let i = 0; i < 300; i++) await c.ask(one, isType('subscribed'))
  await flush()
  t.equal(Stock.renders - before, 255, '300 refresh messages with the clock standing still: what was left of the budget (255), no more')
  ms += 10_000 // ten seconds later the budget refilled by 40
  before = Stock.renders
  for (let i = 0; i < 100; i++) await c.ask(one, isType('subscribed'))
  await flush()
  t.equal(Stock.renders - before, 40, '4 per second refilled')
  t.ok(app.logs.some((l) => /more refreshes than its budget/.test(l.msg)), 'the throttling is logged')
})

t.test('a message flood: past 16 messages waiting, a socket\'s messages are dropped (logged once per burst); it answers again once drained', async (t) => {
  const app = await pushApp(t)
  await app.ready()
  const c = await connect(app)
  const msg = JSON.stringify({ type: 'unsubscribe', ids: [] })
  for (let i = 0; i < 200; i++) c.ws.send(msg)
  for (let i = 0; i < 16; i++) await c.next(isType('unsubscribed'))
  const answered = c.messages.filter((m) => m.includes('"unsubscribed"')).length
  t.ok(answered < 200, `${answered} of 200 answered`)
  t.ok(app.logs.some((l) => /faster than they are handled/.test(l.msg)), 'logged (once per burst)')
  t.match(await c.ask(JSON.stringify({ type: 'unsubscribe', ids: ['again'] }), (m) => m.includes('"again"')), /unsubscribed/, 'drained: answered again')
})

t.test('each pushed render names the state it was rendered from (data-lc-base), per socket even when shared', async (t) => {
  let ms = Date.now()
  const app = await pushApp(t, { now: () => ms })
  const first = await loadPushPage(app)
  ms += 1000 // a second later: same state, another token
  const second = await loadPushPage(app)
  t.not(first.tokens.get('stock:1'), second.tokens.get('stock:1'))
  const a = await connect(app)
  const b = await connect(app)
  await a.ask(subscribeMsg(first, ['stock:1']))
  await b.ask(subscribeMsg(second, ['stock:1']))
  const before = Stock.renders
  await app.components.notify('stock:1')
  const [ma, mb] = [await a.next(html), await b.next(html)]
  t.equal(Stock.renders - before, 1, 'still one shared render')
  const mac = (tok: string): string => tok.slice(tok.lastIndexOf('.') + 1)
  t.match(ma, new RegExp(`^<div id="stock:1"[^>]* data-lc-base="${mac(first.tokens.get('stock:1')!)}">`))
  t.match(mb, new RegExp(`^<div id="stock:1"[^>]* data-lc-base="${mac(second.tokens.get('stock:1')!)}">`))
})

t.test('two instances of one component with the same state, on one topic and one page: each gets its own render (they were grouped as one)', async (t) => {
  const app = await build(t, { components: [Headline] })
  app.get('/two', (_req, reply) => reply.page('plain/two-headlines.njk'))
  const page = await liveTest(app).visit('/two')
  const socket = await page.connect()
  t.same(socket.subscribed, ['h1', 'h2'])
  await app.components.notify('news')
  const ids = [await socket.next(), await socket.next()].map((html) => /id="(h\d)"/.exec(html)?.[1]).sort()
  t.same(ids, ['h1', 'h2'])
  socket.close()
})
