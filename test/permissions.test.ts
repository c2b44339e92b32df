/** @module test/permissions — permissions run before hydration: 401 anonymous, 403 forbidden, denied renders and subscriptions. */
import t from 'tap'
import { build, post, tokensOf } from './helpers/build.js'
import { calls } from './fixtures/secure-components.js'
import { connect, isType, parsePage, pushApp, subscribeMsg } from './helpers/push.js'

const STAFF = JSON.stringify({ name: 'ann', isStaff: true, permissions: ['stock.reset'] })
const CLERK = JSON.stringify({ name: 'bob', isStaff: true })
const USER = JSON.stringify({ name: 'cy' })

async function securePage (app: Awaited<ReturnType<typeof build>>, user?: string) {
  const res = await app.inject({ url: '/secure', headers: user ? { 'x-test-user': user } : {} })
  return { html: res.body, tokens: tokensOf(res.body) }
}

t.beforeEach(() => { calls.length = 0 })

t.test('a component-level permission refuses the render: deniedTemplate, no state, no commands', async (t) => {
  const app = await build(t)
  const anon = await securePage(app)
  t.match(anon.html, '<div id="admin" data-lc="admin" data-lc-denied="401"><p class="denied">Sign in to see the admin panel.</p>')
  t.notOk(anon.tokens.has('admin'), 'no state token for a refused component')
  const user = await securePage(app, USER)
  t.match(user.html, 'data-lc-denied="403"><p class="denied">Staff only.</p>')
  const staff = await securePage(app, STAFF)
  t.match(staff.html, '<p class="admin">resets: 0</p>')
  t.ok(staff.tokens.has('admin'))
})

t.test('anonymous: 401 LC_UNAUTHENTICATED, never a redirect, never swapped, nothing ran', async (t) => {
  const app = await build(t)
  const { tokens } = await securePage(app, STAFF)
  for (const [component, command, id] of [['admin', 'reset', 'admin'], ['admin', 'view', 'admin'], ['members', 'join', 'members']]) {
    const res = await post(app, { component, command, id, tokens: tokens.values() })
    t.equal(res.statusCode, 401, `${component}.${command}`)
    t.equal(res.headers['hx-reswap'], 'none')
    t.notOk(res.headers.location ?? res.headers['hx-redirect'], 'no redirect')
    t.same(JSON.parse(String(res.headers['hx-trigger']))['live:error'], { status: 401, code: 'LC_UNAUTHENTICATED', message: 'Please sign in to do this.' })
  }
  t.same(calls, [], 'no handler ran')
})

t.test('signed in but forbidden: 403 LC_FORBIDDEN, by component and by command', async (t) => {
  const app = await build(t)
  const { tokens } = await securePage(app, STAFF)
  const notStaff = await post(app, { component: 'admin', command: 'view', id: 'admin', tokens: tokens.values(), headers: { 'x-test-user': USER } })
  t.equal(notStaff.statusCode, 403)
  t.equal(JSON.parse(String(notStaff.headers['hx-trigger']))['live:error'].code, 'LC_FORBIDDEN')
  const noPerm = await post(app, { component: 'admin', command: 'reset', id: 'admin', tokens: tokens.values(), headers: { 'x-test-user': CLERK } })
  t.equal(noPerm.statusCode, 403, 'staff without the named permission')
  t.same(calls, [])
  const ok = await post(app, { component: 'admin', command: 'reset', id: 'admin', tokens: tokens.values(), headers: { 'x-test-user': STAFF } })
  t.equal(ok.statusCode, 200)
  t.match(ok.body, 'resets: 1')
  t.same(calls, ['reset'])
})

t.test('permissions run before the state is even verified: a forged token still gets 401, not 400', async (t) => {
  const app = await build(t)
  const res = await post(app, { component: 'admin', command: 'reset', id: 'admin', tokens: ['v1.forged.token'] })
  t.equal(res.statusCode, 401)
})

t.test('a permission that throws refuses (403 for a user), logged, nothing ran', async (t) => {
  const app = await build(t)
  const { tokens } = await securePage(app)
  const res = await post(app, { component: 'members', command: 'broken', id: 'members', tokens: tokens.values(), headers: { 'x-test-user': USER } })
  t.equal(res.statusCode, 403)
  t.same(calls, [])
  t.ok(app.logs.some((l) => l.msg?.includes('a permission threw')), 'logged')
  t.notMatch(res.body + String(res.headers['hx-trigger']), 'backend down')
})

t.test('the `user` option changes where permissions look for the user', async (t) => {
  const app = await build(t, { user: (req) => req.headers['x-alt-user'] === 'staff' ? { isStaff: true } : null })
  const page = await app.inject({ url: '/secure', headers: { 'x-alt-user': 'staff' } })
  t.match(page.body, 'resets: 0')
  const anon = await app.inject({ url: '/secure', headers: { 'x-test-user': STAFF } })
  t.match(anon.body, 'data-lc-denied="401"', 'request.user is ignored')
})

t.test('hasPermission: held list, hasPermission(), superuser; isSuperuser; isAuthenticated with isAuthenticated:false', async (t) => {
  const { hasPermission, isSuperuser, isAuthenticated } = await import('fastify-livecomponents')
  const req = {} as never
  const target = (user: unknown) => ({ component: 'x', user: user as never })
  t.equal(await hasPermission('a', 'b')(req, target({ permissions: ['a', 'b'] })), true)
  t.equal(await hasPermission('a', 'b')(req, target({ permissions: ['a'] })), false)
  t.equal(await hasPermission('a')(req, target({ hasPermission: async (n: string) => n === 'a' })), true)
  t.equal(await hasPermission('a')(req, target({ isSuperuser: true })), true)
  t.equal(await hasPermission('a')(req, target(null)), false)
  t.equal(await isSuperuser(req, target({ isSuperuser: true })), true)
  t.equal(await isSuperuser(req, target({ isStaff: true })), false)
  t.equal(await isAuthenticated(req, target(null)), false)
  const app = await build(t)
  const { tokens } = await securePage(app)
  const res = await post(app, { component: 'members', command: 'join', id: 'members', tokens: tokens.values(), headers: { 'x-test-user': JSON.stringify({ isAuthenticated: false }) } })
  t.equal(res.statusCode, 401, 'a user object with isAuthenticated:false is anonymous')
})

t.test('registering bad permissions or a FormComponent without a schema fails at register', async (t) => {
  const { LiveComponent, FormComponent } = await import('fastify-livecomponents')
  class BadPerm extends LiveComponent<{}> {
    static template = 'plain.njk'
    static permissions = ['isStaff'] as never
    mount () { return {} }
  }
  await t.rejects(build(t, { components: [BadPerm] }), { code: 'LC_INVALID_COMPONENT' })
  class NoSchema extends FormComponent {
    static template = 'plain.njk'
    onSubmit () {}
  }
  await t.rejects(build(t, { components: [NoSchema] }), { code: 'LC_INVALID_COMPONENT' })
})

t.test('WebSocket subscriptions: the component permissions are checked against the upgrade request', async (t) => {
  const app = await pushApp(t)
  app.get('/staff-push', (_req, reply) => reply.page('staff-push.njk'))
  const page = parsePage((await app.inject({ url: '/staff-push', headers: { 'x-test-user': STAFF } })).body)
  t.ok(page.subs.has('staff'), 'staff see it and get a subscription token')
  const anon = await connect(app)
  const refused = JSON.parse(await anon.ask(subscribeMsg(page, ['staff']), isType('error')))
  t.same(refused, { type: 'error', status: 401, code: 'LC_UNAUTHENTICATED', message: 'Please sign in to do this.' })
  const user = await connect(app, '', { 'x-test-user': USER })
  t.equal(JSON.parse(await user.ask(subscribeMsg(page, ['staff']), isType('error'))).status, 403)
  const staff = await connect(app, '', { 'x-test-user': STAFF })
  t.same(JSON.parse(await staff.ask(subscribeMsg(page, ['staff']), isType('subscribed'))), { type: 'subscribed', ids: ['staff'] })
  await app.components.notify('stock:1')
  t.match(await staff.next((m) => m.startsWith('<')), /^<div id="staff" data-lc="staff-stock" hx-swap-oob="true"/)
  // a round trip on each socket: anything pushed to it before would have arrived first
  for (const c of [anon, user]) await c.ask(JSON.stringify({ type: 'unsubscribe', ids: [] }), isType('unsubscribed'))
  t.notOk(anon.messages.some((m) => m.startsWith('<')) || user.messages.some((m) => m.startsWith('<')), 'refused sockets get no pushes')
})

t.test('a dirty sibling the user may not render comes back as a denied root, out of band, with no state', async (t) => {
  const app = await build(t)
  const { tokens } = await securePage(app, STAFF)
  const res = await post(app, { component: 'members', command: 'touchAdmin', id: 'members', tokens: tokens.values(), headers: { 'x-test-user': USER } })
  t.equal(res.statusCode, 200)
  t.match(res.body, '<div id="admin" data-lc="admin" hx-swap-oob="true" data-lc-denied="403"><p class="denied">Staff only.</p>')
  t.notOk(tokensOf(res.body).has('admin'), 'no state for the refused component')
  const staff = await post(app, { component: 'members', command: 'touchAdmin', id: 'members', tokens: tokens.values(), headers: { 'x-test-user': STAFF } })
  t.match(staff.body, /<div id="admin" data-lc="admin" hx-swap-oob="true"><input type="hidden" name="__lc_state"/)
})
