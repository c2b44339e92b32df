/** @module test/typed-app — the typed ways of writing components work at run time: ctx.user and app.components.user(), TypeBox 1.x schemas, FormComponent.of(schema), topics(state) as a method. */
import t from 'tap'
import { liveTest } from 'fastify-livecomponents/testing'
import { build } from './helpers/build.js'
import { TypedBoard, TypedJoin, boardNotes } from './fixtures/typed-app-components.js'

async function typedApp (t: Parameters<typeof build>[0]) {
  const app = await build(t, {
    components: [TypedBoard, TypedJoin],
    // the user option: a header here, a session in an app
    user: (request) => (request.headers['x-name'] === undefined ? null : { name: String(request.headers['x-name']), isStaff: false })
  })
  app.get('/typed', (_req, reply) => reply.page('typed-page.njk'))
  app.get('/whoami', async (request) => ({ name: (app.components.user(request) as { name?: string } | null)?.name ?? null }))
  return app
}

t.test('ctx.user is the user option\'s answer (null when anonymous); app.components.user() is the same', async (t) => {
  const app = await typedApp(t)
  const anon = await liveTest(app).visit('/typed')
  await anon.component('board').call('sign')
  t.match(anon.component('board').html, '<p class="by">anonymous</p>')
  const ada = await liveTest(app).visit('/typed', { 'x-name': 'Ada' })
  const res = await ada.component('board').call('sign', { headers: { 'x-name': 'Ada' } })
  t.equal(res.status, 200)
  t.match(ada.component('board').html, '<p class="by">Ada</p>')
  t.same((await app.inject({ url: '/whoami', headers: { 'x-name': 'Bo' } })).json(), { name: 'Bo' })
  t.same((await app.inject({ url: '/whoami' })).json(), { name: null })
})

t.test('TypeBox 1.x schemas: coerced when valid, a 400 with the field messages when not, and the command never runs', async (t) => {
  const app = await typedApp(t)
  const page = await liveTest(app).visit('/typed')
  const board = page.component('board')
  const ok = await board.call('set', { args: ['7'], fields: { note: 'hi' } })
  t.equal(ok.status, 200)
  t.same(board.state, { by: '', qty: 7, note: 'hi' }, 'the path segment became the integer 7')
  for (const [args, note, fields] of [[['12'], 'ok', { 0: ['must be <= 9'] }], [['x'], 'ok', { 0: ['must be integer'] }], [['2'], 'too long', { note: ['must NOT have more than 5 characters'] }]] as const) {
    const bad = await board.call('set', { args: [...args], fields: { note } })
    t.equal(bad.status, 400)
    t.equal(bad.error?.code, 'LC_BAD_ARGUMENTS')
    t.same(bad.error?.fields, fields)
  }
  t.same(board.state, { by: '', qty: 7, note: 'hi' }, 'unchanged')
})

t.test('FormComponent.of(schema): the schema is the class\'s, submits are validated by it', async (t) => {
  TypedJoin.joined = []
  const app = await typedApp(t)
  const page = await liveTest(app).visit('/typed')
  const join = page.component('join')
  const bad = await join.submit({ email: 'nope', seats: '0' })
  t.equal(bad.status, 422)
  join.assertSee('must match format')
  t.same(TypedJoin.joined, [])
  const good = await join.submit({ email: 'a@b.co', seats: '2' })
  t.equal(good.status, 200)
  t.same(TypedJoin.joined, [{ email: 'a@b.co', seats: 2 }], 'onSubmit got the coerced data')
})

t.test('topics(state) as a method: the instance subscribes and a notify pushes its new render', async (t) => {
  const app = await typedApp(t)
  const page = await liveTest(app).visit('/typed')
  const socket = await page.connect()
  t.same(socket.subscribed, ['board'], 'the board subscribed (the form has no topics)')
  boardNotes.set(3, 'restocked')
  t.teardown(() => boardNotes.clear())
  await app.components.notify('room:3')
  t.match(await socket.next(), /id="board"/)
  t.match(page.component('board').html, '<p class="pushed">restocked</p>')
  socket.close()
})
