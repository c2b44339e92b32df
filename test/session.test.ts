/** @module test/session — every token is bound to the session it was issued for: another session's copy is refused with 410 and the page reloads. */
import t from 'tap'
import Fastify from 'fastify'
import cookie from '@fastify/cookie'
import session from '@fastify/session'
import components, { frameworkErrors, type LiveComponentsOptions } from 'fastify-livecomponents'
import { ALL } from './fixtures/components.js'
import { PUSH } from './fixtures/push-components.js'
import { claimsOf, post, SECRET, TEMPLATES } from './helpers/build.js'
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

/** Load /push in a new session: its cookie and the page. */
async function visit (app: Awaited<ReturnType<typeof sessionApp>>, cookieHeader?: string) {
  const res = await app.inject({ url: '/push', headers: cookieHeader === undefined ? {} : { cookie: cookieHeader } })
  const set = res.headers['set-cookie']
  const jar = cookieHeader ?? String(Array.isArray(set) ? set[0] : set).split(';')[0]
  return { cookie: jar, page: parsePage(res.body) }
}

t.test('a command with the tokens of its own session runs; with another session\'s copy, 410 LC_SESSION_CHANGED and the page reloads', async (t) => {
  const app = await sessionApp(t)
  const a = await visit(app)
  const b = await visit(app)
  t.not(a.cookie, b.cookie, 'two sessions')
  t.type(claimsOf(a.page.tokens.get('stock:1')!).b, 'string', 'the token carries its session binding')
  const call = { component: 'stock', command: 'click', id: 'stock:1', tokens: [...a.page.tokens.values()] }
  t.equal((await post(app, { ...call, headers: { cookie: a.cookie } })).statusCode, 200, 'its own session')
  for (const [why, headers] of [['another session', { cookie: b.cookie }], ['no session cookie', {}]] as const) {
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
  const login = await app.inject({ method: 'POST', url: '/login', headers: { cookie: a.cookie } })
  const after = String(login.headers['set-cookie']).split(';')[0]
  const call = { component: 'stock', command: 'click', id: 'stock:1', tokens: [...a.page.tokens.values()] }
  t.equal((await post(app, { ...call, headers: { cookie: after } })).statusCode, 410, 'the old page reloads into the new session')
  const fresh = await visit(app, after)
  t.equal((await post(app, { ...call, tokens: [...fresh.page.tokens.values()], headers: { cookie: after } })).statusCode, 200)
})

t.test('WebSocket: a page token or subscription of another session is refused with 410', async (t) => {
  const app = await sessionApp(t)
  const a = await visit(app)
  const b = await visit(app)
  await t.rejects(connectPage(app, a.page.pageToken, { cookie: b.cookie }), /hello refused: .*"status":410/, 'another session\'s page token')
  const own = await connectPage(app, a.page.pageToken, { cookie: a.cookie })
  t.same(JSON.parse(await own.ask(subscribeMsg(a.page, ['stock:1']), isType('subscribed'))).ids, ['stock:1'])
  const other = await connect(app, '', { cookie: b.cookie })
  t.same(JSON.parse(await other.ask(subscribeMsg(a.page, ['stock:1']), isType('subscribed'))).ids, [], 'not subscribed')
  t.match(JSON.parse(await other.next(isType('error'))), { status: 410, code: 'LC_SESSION_CHANGED' })
})

t.test('session: false turns binding off; a custom lookup binds to what it returns', async (t) => {
  const off = await sessionApp(t, { session: false })
  const a = await visit(off)
  t.equal(claimsOf(a.page.tokens.get('stock:1')!).b, undefined, 'no binding')
  t.equal((await post(off, { component: 'stock', command: 'click', id: 'stock:1', tokens: a.page.tokens.values() })).statusCode, 200, 'any session may use it')
  const custom = await sessionApp(t, { session: (req) => req.headers['x-tenant'] as string | undefined })
  const c = await custom.inject({ url: '/push', headers: { 'x-tenant': 't1' } })
  const tokens = [...parsePage(c.body).tokens.values()]
  t.equal((await post(custom, { component: 'stock', command: 'click', id: 'stock:1', tokens, headers: { 'x-tenant': 't1' } })).statusCode, 200)
  t.equal((await post(custom, { component: 'stock', command: 'click', id: 'stock:1', tokens, headers: { 'x-tenant': 't2' } })).statusCode, 410)
  await t.rejects(sessionApp(t, { session: 'cookie' as never }), { code: 'LC_INVALID_OPTION' })
})
