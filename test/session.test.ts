/** @module test/session — every token is bound to the session it was issued for: another session's copy is refused with 410 and the page reloads. Browsers of the test kit drive their own pages; `post()` and raw sockets carry tokens into another session on purpose. */
import t from 'tap'
import Fastify from 'fastify'
import cookie from '@fastify/cookie'
import session from '@fastify/session'
import components, { frameworkErrors, RefreshPage, type LiveComponentsOptions } from 'fastify-livecomponents'
import { liveTest } from 'fastify-livecomponents/testing'
import { ALL } from './fixtures/components.js'
import { PUSH } from './fixtures/push-components.js'
import { claimsOf, post, SECRET, TEMPLATES, tokensOf } from './helpers/build.js'
import { connect, connectPage, isType, parsePage, subscribeMsg } from './helpers/push.js'

const trigger = (res: { headers: Record<string, unknown> }) => JSON.parse(String(res.headers['hx-trigger']))['live:error']

/** An app with @fastify/session; `POST /login` regenerates the session, as a login must. */
async function sessionApp (t: { teardown: (fn: () => unknown) => void }, opts: LiveComponentsOptions = {}) {
  const app = Fastify({ frameworkErrors })
  t.teardown(() => app.close())
  await app.register(cookie)
  await app.register(session, { secret: 'session-secret-0123456789-abcdefghijkl', cookie: { secure: false }, saveUninitialized: true })
  await app.register(components, { components: [...ALL, ...PUSH], templates: [TEMPLATES], secrets: [SECRET], ...opts })
  app.get('/push', (_req, reply) => reply.page('push-page.njk'))
  app.post('/login', async (req) => { await req.session.regenerate(); return 'ok' })
  return app
}

/** A new browser (a session of its own once it loads a page) on /push: the browser, its page, and the cookie header it holds. */
async function visit (app: Awaited<ReturnType<typeof sessionApp>>, headers: Record<string, string> = {}) {
  const live = liveTest(app)
  const page = await live.visit('/push', headers)
  return { live, page, cookie: live.cookieHeader().cookie }
}

t.test('a command with the tokens of its own session runs; with another session\'s copy, 410 LC_SESSION_CHANGED and the page reloads', async (t) => {
  const app = await sessionApp(t)
  const a = await visit(app)
  const b = await visit(app)
  t.type(a.cookie, 'string', 'a session cookie')
  t.not(a.cookie, b.cookie, 'two sessions')
  t.type(claimsOf(a.page.dom.token('stock:1')!).b, 'string', 'the token carries its session binding')
  const call = { component: 'stock', command: 'click', id: 'stock:1', tokens: [...tokensOf(a.page.html).values()] }
  const own = await a.page.component('stock:1').call('click')
  t.equal(own.status, 200, 'its own session')
  t.equal(a.page.component('stock:1').state.clicks, 1)
  // a's tokens, sent on purpose from another session and from none
  for (const [why, headers] of [['another session', { cookie: b.cookie! }], ['no session cookie', {}]] as const) {
    const res = await post(app, { ...call, headers })
    t.equal(res.statusCode, 410, why)
    t.equal(trigger(res).code, 'LC_SESSION_CHANGED')
    t.equal(res.headers['hx-refresh'], 'true', 'the page reloads')
    t.equal(res.headers['hx-reswap'], 'none', 'never swapped')
  }
})

t.test('a login that regenerates the session retires the tokens of the page rendered before it', async (t) => {
  const app = await sessionApp(t)
  const a = await visit(app)
  const login = await a.live.request({ method: 'POST', url: '/login' })
  t.equal(login.statusCode, 200)
  t.not(a.live.cookieHeader().cookie, a.cookie, 'the login regenerated the session')
  const stale = await a.page.component('stock:1').call('click')
  t.equal(stale.status, 410, 'the old page reloads into the new session')
  t.equal(stale.error?.code, 'LC_SESSION_CHANGED')
  t.ok(stale.results.some((r) => r instanceof RefreshPage), 'the page reloads')
  const fresh = await a.live.visit('/push')
  t.equal((await fresh.component('stock:1').call('click')).status, 200)
})

t.test('WebSocket: a page token or subscription of another session is refused with 410', async (t) => {
  const app = await sessionApp(t)
  const a = await visit(app)
  const b = await visit(app)
  const aPage = parsePage(a.page.html)
  // a's page token and subscriptions, sent on purpose from b's session; a's own socket stays raw
  // too, for the exact `subscribed` answer (the kit's socket does not expose it)
  await t.rejects(connectPage(app, aPage.pageToken, { cookie: b.cookie! }), /hello refused: .*"status":410/, 'another session\'s page token')
  const own = await connectPage(app, aPage.pageToken, { cookie: a.cookie! })
  t.same(JSON.parse(await own.ask(subscribeMsg(aPage, ['stock:1']), isType('subscribed'))).ids, ['stock:1'])
  const other = await connect(app, '', { cookie: b.cookie! })
  t.same(JSON.parse(await other.ask(subscribeMsg(aPage, ['stock:1']), isType('subscribed'))).ids, [], 'not subscribed')
  t.match(JSON.parse(await other.next(isType('error'))), { status: 410, code: 'LC_SESSION_CHANGED' })
})

t.test('session: false turns binding off; a custom lookup binds to what it returns', async (t) => {
  const off = await sessionApp(t, { session: false })
  const a = await visit(off)
  t.equal(claimsOf(a.page.dom.token('stock:1')!).b, undefined, 'no binding')
  // sent without a's session cookie on purpose
  t.equal((await post(off, { component: 'stock', command: 'click', id: 'stock:1', tokens: tokensOf(a.page.html).values() })).statusCode, 200, 'any session may use it')
  const custom = await sessionApp(t, { session: (req) => req.headers['x-tenant'] as string | undefined })
  const c = await visit(custom, { 'x-tenant': 't1' })
  const tokens = [...tokensOf(c.page.html).values()]
  t.equal((await c.page.component('stock:1').call('click')).status, 200)
  // t1's tokens, sent on purpose as tenant t2
  t.equal((await post(custom, { component: 'stock', command: 'click', id: 'stock:1', tokens, headers: { 'x-tenant': 't2' } })).statusCode, 410)
  await t.rejects(sessionApp(t, { session: 'cookie' as never }), { code: 'LC_INVALID_OPTION' })
})
