/** @module test/permissions — permissions run before hydration: 401 anonymous, 403 forbidden, denied renders and subscriptions; through the test kit where a user drives their own page, `post()` where a test moves tokens to another user or forges them. */
import t from 'tap'
import { assertDirty, liveTest } from 'fastify-livecomponents/testing'
import { build, post, tokensOf } from './helpers/build.js'
import { calls } from './fixtures/secure-components.js'
import { connect, isType, parsePage, pushApp, subscribeMsg } from './helpers/push.js'

const STAFF = JSON.stringify({ name: 'ann', isStaff: true, permissions: ['stock.reset'] })
const CLERK = JSON.stringify({ name: 'bob', isStaff: true })
const USER = JSON.stringify({ name: 'cy' })

/** `/secure` as `user` sees it (anonymous without one), in the test kit's browser. */
async function securePage (app: Awaited<ReturnType<typeof build>>, user?: string) {
  return await liveTest(app).visit('/secure', user === undefined ? {} : { 'x-test-user': user })
}

t.beforeEach(() => { calls.length = 0 })

t.test('a component-level permission refuses the render: deniedTemplate, no state, no commands', async (t) => {
  const app = await build(t)
  const anon = await securePage(app)
  t.match(anon.component('admin').html, '<div id="admin" data-lc="admin" data-lc-denied="401"><p class="denied">Sign in to see the admin panel.</p>')
  t.equal(anon.dom.token('admin'), undefined, 'no state token for a refused component')
  const user = await securePage(app, USER)
  t.match(user.component('admin').html, 'data-lc-denied="403"><p class="denied">Staff only.</p>')
  const staff = await securePage(app, STAFF)
  t.match(staff.component('admin').html, '<p class="admin">resets: 0</p>')
  t.ok(staff.dom.token('admin'))
  t.same(staff.component('admin').state, { resets: 0 })
})

t.test('anonymous: 401 LC_UNAUTHENTICATED, never a redirect, never swapped, nothing ran', async (t) => {
  const app = await build(t)
  // admin is only rendered for staff: its tokens come from a staff page, sent without a user on purpose
  const tokens = tokensOf((await securePage(app, STAFF)).html)
  for (const [component, command, id] of [['admin', 'reset', 'admin'], ['admin', 'view', 'admin']]) {
    const res = await post(app, { component, command, id, tokens: tokens.values() })
    t.equal(res.statusCode, 401, `${component}.${command}`)
    t.equal(res.headers['hx-reswap'], 'none')
    t.notOk(res.headers.location ?? res.headers['hx-redirect'], 'no redirect')
    t.same(JSON.parse(String(res.headers['hx-trigger']))['live:error'], { status: 401, code: 'LC_UNAUTHENTICATED', message: 'Please sign in to do this.' })
  }
  // members is rendered for anyone: the anonymous visitor's own page
  const anon = await securePage(app)
  const before = anon.html
  const res = await anon.component('members').call('join')
  t.equal(res.status, 401, 'members.join')
  t.equal(res.headers['hx-reswap'], 'none')
  t.notOk(res.headers.location ?? res.headers['hx-redirect'], 'no redirect')
  t.same(res.error, { status: 401, code: 'LC_UNAUTHENTICATED', message: 'Please sign in to do this.' })
  t.same(res.dirty, [], 'nothing swapped')
  t.equal(anon.html, before, 'the page is left as it was')
  t.same(calls, [], 'no handler ran')
})

t.test('signed in but forbidden: 403 LC_FORBIDDEN, by component and by command', async (t) => {
  const app = await build(t)
  const staff = await securePage(app, STAFF)
  // a user who is not staff never gets admin rendered: a staff page's tokens, moved to them on purpose
  const notStaff = await post(app, { component: 'admin', command: 'view', id: 'admin', tokens: tokensOf(staff.html).values(), headers: { 'x-test-user': USER } })
  t.equal(notStaff.statusCode, 403)
  t.equal(JSON.parse(String(notStaff.headers['hx-trigger']))['live:error'].code, 'LC_FORBIDDEN')
  const clerk = await securePage(app, CLERK)
  const noPerm = await clerk.component('admin').call('reset')
  t.equal(noPerm.status, 403, 'staff without the named permission')
  t.equal(noPerm.error?.code, 'LC_FORBIDDEN')
  t.same(calls, [])
  const ok = await staff.component('admin').call('reset')
  t.equal(ok.status, 200)
  t.match(ok.body, 'resets: 1')
  staff.component('admin').assertSee('resets: 1')
  t.same(calls, ['reset'])
})

t.test('permissions run before the state is even verified: a forged token still gets 401, not 400', async (t) => {
  const app = await build(t)
  const res = await post(app, { component: 'admin', command: 'reset', id: 'admin', tokens: ['v1.forged.token'] })
  t.equal(res.statusCode, 401)
})

t.test('a permission that throws refuses (403 for a user), logged, nothing ran', async (t) => {
  const app = await build(t)
  const page = await securePage(app, USER)
  const res = await page.component('members').call('broken')
  t.equal(res.status, 403)
  t.equal(res.error?.status, 403)
  t.same(calls, [])
  t.ok(app.logs.some((l) => l.msg?.includes('a permission threw')), 'logged')
  t.notMatch(res.body + String(res.headers['hx-trigger']), 'backend down')
})

t.test('the `user` option changes where permissions look for the user', async (t) => {
  const app = await build(t, { user: (req) => req.headers['x-alt-user'] === 'staff' ? { isStaff: true } : null })
  const page = await liveTest(app).visit('/secure', { 'x-alt-user': 'staff' })
  page.component('admin').assertSee('resets: 0')
  t.match(page.html, 'resets: 0')
  const anon = await liveTest(app).visit('/secure', { 'x-test-user': STAFF })
  t.match(anon.component('admin').html, 'data-lc-denied="401"', 'request.user is ignored')
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
  const page = await securePage(app, JSON.stringify({ isAuthenticated: false }))
  const res = await page.component('members').call('join')
  t.equal(res.status, 401, 'a user object with isAuthenticated:false is anonymous')
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
  const page = parsePage((await liveTest(app).visit('/staff-push', { 'x-test-user': STAFF })).html)
  t.ok(page.subs.has('staff'), 'staff see it and get a subscription token')
  // the staff page's subscription, sent on purpose from sockets of other users (and, for the
  // exact `subscribed` answer, from staff's: the kit's socket does not expose it)
  const anon = await connect(app)
  const refused = JSON.parse(await anon.ask(subscribeMsg(page, ['staff']), isType('error')))
  t.same(refused, { type: 'error', status: 401, code: 'LC_UNAUTHENTICATED', message: 'Please sign in to do this.' })
  const user = await connect(app, '', { 'x-test-user': USER })
  t.equal(JSON.parse(await user.ask(subscribeMsg(page, ['staff']), isType('error'))).status, 403)
  const staff = await connect(app, '', { 'x-test-user': STAFF })
  t.same(JSON.parse(await staff.ask(subscribeMsg(page, ['staff']), isType('subscribed'))), { type: 'subscribed', ids: ['staff'] })
  await app.components.notify('stock:1')
  t.match(await staff.next((m) => m.startsWith('<')), /^<div id="staff" data-lc="staff-stock" hx-swap-oob="outerMorph"/)
  // a round trip on each socket: anything pushed to it before would have arrived first
  for (const c of [anon, user]) await c.ask(JSON.stringify({ type: 'unsubscribe', ids: [] }), isType('unsubscribed'))
  t.notOk(anon.messages.some((m) => m.startsWith('<')) || user.messages.some((m) => m.startsWith('<')), 'refused sockets get no pushes')
})

t.test('a dirty sibling the user may not render comes back as a denied root, out of band, with no state', async (t) => {
  const app = await build(t)
  const staff = await securePage(app, STAFF)
  // admin's token from a staff page, sent by a user who may not render it: moved on purpose
  const res = await post(app, { component: 'members', command: 'touchAdmin', id: 'members', tokens: tokensOf(staff.html).values(), headers: { 'x-test-user': USER } })
  t.equal(res.statusCode, 200)
  t.match(res.body, '<div id="admin" data-lc="admin" hx-swap-oob="outerMorph" data-lc-denied="403"><p class="denied">Staff only.</p>')
  t.notOk(tokensOf(res.body).has('admin'), 'no state for the refused component')
  const own = await staff.component('members').call('touchAdmin')
  t.match(own.body, /<div id="admin" data-lc="admin" hx-swap-oob="outerMorph"><input type="hidden" name="__lc_state"/)
  assertDirty(own, 'admin')
  t.same(staff.component('admin').state, { resets: 0 }, 'staff get admin back with its state')
})
