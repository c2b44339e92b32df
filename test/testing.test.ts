/** @module test/testing — fastify-livecomponents/testing drives the real plugin: mount, visit, call, results, errors, pushes, frames and sessions. */
import t from 'tap'
import { ComponentDirty, PushUrl, RedirectPage, ReplaceUrl, TriggerEvent } from 'fastify-livecomponents'
import { assertDirty, assertHeader, assertRedirect, assertTriggered, liveTest, LivePage } from 'fastify-livecomponents/testing'
import { ALL } from './fixtures/components.js'
import { PublicBoard, StaffNote } from './fixtures/nested-components.js'
import { levels, Progress, PUSH } from './fixtures/push-components.js'
import { build } from './helpers/build.js'
import { pushApp } from './helpers/push.js'
import { sessionApp } from './helpers/session.js'

t.test('mount a component with props, call commands with positional and named arguments, read state and HTML', async (t) => {
  const app = await build(t)
  const live = liveTest(app)
  const counter = await live.mount('counter', { label: 'hello' }, { id: 'c' })
  t.same(counter.state, { count: 0, label: 'hello' })
  counter.assertSee('hello')
  const res = await counter.call('inc', { args: [2] })
  t.equal(res.status, 200)
  t.same(counter.state.count, 2, 'the new state is on the page')
  t.same(res.dirty, ['c'])
  t.same(res.results, [new ComponentDirty('c')])
  assertDirty(res, 'c')
  counter.assertSee('2')
  const echo = await counter.call('echo', { args: ['a b', 7], fields: { note: 'x', tag: ['p', 'q'] } })
  t.equal(echo.status, 200)
  t.same(JSON.parse(counter.state.label), { args: ['a b', '7'], named: { note: 'x', tag: ['p', 'q'] } }, 'positional in the path, named in the body')
})

t.test('visit a page: out-of-band swaps, parent re-renders and every execution result as an object', async (t) => {
  const app = await build(t)
  const live = liveTest(app)
  const page = await live.visit('/')
  const top = page.component('top')
  const both = await top.call('dirtyOther', { args: ['panel'] })
  t.same(both.dirty, ['top', 'panel'], 'main swap, then the out-of-band one')
  t.same(page.components('counter').map((c) => c.id).slice(0, 2), ['top', 'counter-1'])
  const child = page.components('counter').find((c) => c.id.startsWith('panel/'))!
  const up = await child.call('parent')
  t.same(up.dirty, ['panel'], 'ParentDirty swaps the parent')
  t.equal(page.component(child.id).state.count, 100, 'the child inside the new parent render')
  const redirect = await top.call('redirect')
  assertRedirect(redirect, '/dashboard')
  t.equal((await live.follow(redirect)).status, 404, 'follow() loads the page the command redirected to (this app has none)')
  await t.rejects(live.follow(await top.call('inc', { args: [1] })), /did not redirect/)
  t.same(redirect.results, [new RedirectPage('/dashboard')])
  const replace = await top.call('replace', { args: ['lamp'] })
  assertHeader(replace, 'HX-Replace-Url', '/search?q=lamp')
  t.ok(replace.results.some((r) => r instanceof ReplaceUrl && r.url === '/search?q=lamp'))
  const trig = await top.call('trigger')
  assertTriggered(trig, 'toast', { message: 'hi' })
  t.ok(trig.results.some((r) => r instanceof TriggerEvent && r.name === 'ping'))
  t.same(trig.dirty, ['top'], 'events alone: the component is re-rendered as well')
  const clean = await top.call('push')
  t.same(clean.dirty, [], 'ComponentClean: nothing swapped')
  t.same(clean.results, [new PushUrl('/page/2')])
})

t.test('a refusal is returned with its coded error, and the page is left as it was', async (t) => {
  const app = await build(t)
  const page = await liveTest(app).visit('/')
  const before = page.html
  const res = await page.component('top').call('nope')
  t.equal(res.status, 404)
  t.match(res.error, { status: 404, code: 'LC_UNKNOWN_COMMAND' })
  t.equal(page.html, before)
  t.throws(() => page.component('missing'), /no component "missing"/)
})

t.test('mount needs the kit before app.ready(); visit works on a ready app', async (t) => {
  const app = await build(t)
  await app.ready()
  const live = liveTest(app)
  await t.rejects(live.mount('counter'), /before app\.ready\(\)/)
  t.equal((await live.visit('/')).component('top').state.count, 0)
})

t.test('pushes: connect the page, notify, and the page shows the pushed render', async (t) => {
  const app = await pushApp(t)
  const page = await liveTest(app).visit('/push')
  const socket = await page.connect()
  levels.set(1, 42)
  await app.components.notify('stock:1')
  t.match(await socket.next(), /id="stock:1"/)
  page.component('stock:1').assertSee('42')
  page.component('stock:2').assertDontSee('42')
  levels.set(1, 5)
  socket.close()
})

t.test('a streaming command: its frames arrive over the page\'s socket, the final render in the response', async (t) => {
  Progress.log = []
  Progress.gate = async () => {}
  Progress.failAt = -1
  const app = await pushApp(t)
  const page = await liveTest(app).visit('/push')
  const socket = await page.connect()
  const res = await page.component('progress').call('run', { args: [3] })
  t.equal(res.status, 200)
  page.component('progress').assertSee('done')
  const frames = [await socket.next(), await socket.next(), await socket.next()]
  t.same(frames.map((f) => /step \d/.exec(f)?.[0]), ['step 1', 'step 2', 'step 3'])
})

t.test('sessions and users: one liveTest is one browser with its own cookies', async (t) => {
  const app = await sessionApp(t, { components: [...ALL, ...PUSH, PublicBoard, StaffNote] })
  app.get('/board', (_req, reply) => reply.page('nested/page.njk'))
  const staff = liveTest(app)
  await staff.request({ method: 'POST', url: '/login?staff=1' })
  const anon = liveTest(app)
  const seen = await staff.visit('/board')
  seen.component('board').assertSee('edition')
  t.match(seen.html, 'Margin target', 'staff see the note')
  t.notMatch((await anon.visit('/board')).html, 'Margin target', 'the anonymous browser does not')
  const socket = await seen.connect()
  await staff.request({ method: 'POST', url: '/logout' })
  await app.components.notify('board')
  t.equal(await socket.closed(), 4002, 'the logout closed the staff page\'s socket')
})

t.test('an invalid form: the 422 re-render is applied to the page as htmx applies it; live validation swaps only the error element', async (t) => {
  const app = await build(t)
  const page = await liveTest(app).visit('/secure')
  t.match(page.body, 'id="signup"', 'body: the page as the server sent it')
  const form = page.component('signup')
  const bad = await form.submit({ email: 'nope', password: 'short' })
  t.equal(bad.status, 422)
  t.same(bad.dirty, ['signup'], 'the form was swapped with its errors')
  t.same(bad.results, [new ComponentDirty('signup')])
  t.ok(Object.keys(form.state.fieldErrors).length > 0, 'the page holds the re-rendered state, errors included')
  t.equal(form.state.formData.email, 'nope', 'and what the user typed')
  const live = await form.call('fieldChange', { args: ['email'], fields: { email: 'also-bad' } })
  t.same(live.dirty, ['signup-email-error'], 'an out-of-band fragment is swapped…')
  t.same(live.results, [], '…but it is not a component: no ComponentDirty')
})

t.test('the page socket: accepted subscriptions are listed, a refused one fails connect() with its error frame, roundTrip() is an ordered round trip', async (t) => {
  const app = await sessionApp(t, { components: [...ALL, ...PUSH] })
  app.get('/push', (_req, reply) => reply.page('push-page.njk'))
  const live = liveTest(app)
  const page = await live.visit('/push')
  const socket = await page.connect()
  t.ok(socket.subscribed.length > 0, 'the ids the server accepted')
  t.same([...socket.subscribed].sort(), page.components().filter((c) => c.page.dom.root(c.id)?.getAttribute('data-lc-sub') !== undefined).map((c) => c.id).sort())
  const before = socket.messages.length
  await socket.roundTrip()
  t.equal(socket.messages.length, before, 'nothing arrived meanwhile')
  socket.close()
  // the same page with one subscription token broken: the others are accepted, that one refused
  const broken = new LivePage(live, { statusCode: 200, body: page.body.replace('data-lc-sub="', 'data-lc-sub="x') } as never, {})
  await t.rejects(broken.connect(), /refused 1 of \d+ subscriptions: .*LC_/, 'connect() fails although the server answered "subscribed" for the others')
  // the same page from another browser (another session): refused at hello
  const other = liveTest(app)
  await other.visit('/push')
  await t.rejects(new LivePage(other, { statusCode: 200, body: page.body } as never, {}).connect(), /refused \{"type":"hello"/)
})
