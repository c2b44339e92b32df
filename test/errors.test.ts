/** @module test/errors — every error row: status, code, never swapped, no leak, no handler run. Ordinary commands that fail go through the test kit; forged, malformed and hostile requests stay on `post()` and `app.inject`. */
import t, { type Test } from 'tap'
import type { LightMyRequestResponse } from 'fastify'
import { liveTest, type CommandResult } from 'fastify-livecomponents/testing'
import { Counter } from './fixtures/components.js'
import { build, loadPage, post } from './helpers/build.js'

/**
 * Every error response: generic text, never swapped, an event the page can show, no stack.
 * A response from the kit (a `CommandResult`) also shows the page got the coded error and swapped nothing.
 */
function assertErrorResponse (t: Test, res: LightMyRequestResponse | CommandResult, status: number, code: string): void {
  t.equal('statusCode' in res ? res.statusCode : res.status, status, `status ${status}`)
  t.equal(res.headers['hx-reswap'], 'none', 'never swapped into the page')
  const trigger = JSON.parse(String(res.headers['hx-trigger']))
  t.equal(trigger['live:error'].code, code, `code ${code}`)
  t.equal(trigger['live:error'].status, status)
  t.match(res.headers['content-type'], /text\/plain/)
  t.notMatch(res.body, /at |Error|hunter2|secret|\.ts:/, 'no stack trace or exception message')
  if (!('statusCode' in res)) {
    t.match(res.error, { status, code }, 'the page gets the coded error')
    t.same(res.dirty, [], 'and swaps nothing')
  }
}

t.test('unknown component: 404 LC_UNKNOWN_COMPONENT', async (t) => {
  const app = await build(t)
  const { tokens } = await loadPage(app)
  assertErrorResponse(t, await post(app, { component: 'nope', command: 'inc', id: 'top', tokens: tokens.values() }), 404, 'LC_UNKNOWN_COMPONENT')
})

t.test('only @command methods can be called: everything else is 404 LC_UNKNOWN_COMMAND', async (t) => {
  const app = await build(t)
  const { tokens } = await loadPage(app)
  for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'getter', 'plain', 'mount', 'hydrate', 'dehydrate', 'nothing']) {
    const res = await post(app, { component: 'counter', command: name, id: 'top', tokens: tokens.values() })
    assertErrorResponse(t, res, 404, 'LC_UNKNOWN_COMMAND')
  }
  t.same(Counter.calls, [], 'no handler ran')
})

t.test('GET and other methods on a command route: 405 with Allow: POST', async (t) => {
  const app = await build(t)
  for (const method of ['GET', 'PUT', 'DELETE', 'PATCH'] as const) {
    const res = await app.inject({ method, url: '/components/counter/cmd/inc/1' })
    assertErrorResponse(t, res, 405, 'LC_METHOD_NOT_ALLOWED')
    t.equal(res.headers.allow, 'POST')
  }
  const noArgs = await app.inject({ method: 'GET', url: '/components/counter/cmd/inc' })
  t.equal(noArgs.statusCode, 405)
})

t.test('bad positional arguments: 400 LC_BAD_ARGUMENTS, handler not run', async (t) => {
  const app = await build(t)
  const { tokens } = await loadPage(app)
  for (const path of [['%E0%A4%A'], ['%FF'], Array.from({ length: 17 }, () => '1'), ['x'.repeat(1025)]]) {
    const res = await post(app, { component: 'counter', command: 'echo', path, id: 'top', tokens: tokens.values() })
    assertErrorResponse(t, res, 400, 'LC_BAD_ARGUMENTS')
  }
  t.same(Counter.calls, [])
})

t.test('without frameworkErrors, Fastify itself refuses a malformed URL with a 400 before any handler', async (t) => {
  const app = await build(t, {}, {})
  const { tokens } = await loadPage(app)
  const res = await post(app, { component: 'counter', command: 'echo', path: ['%E0%A4%A'], id: 'top', tokens: tokens.values() })
  t.equal(res.statusCode, 400)
  t.equal(JSON.parse(res.body).code, 'FST_ERR_BAD_URL')
  t.same(Counter.calls, [])
})

t.test('bad named arguments: 400 LC_BAD_ARGUMENTS, handler not run', async (t) => {
  const app = await build(t)
  const { tokens } = await loadPage(app)
  for (const field of [['__proto__', 'x'], ['constructor', 'x'], ['prototype', 'x'], ['__lc_other', 'x']] as Array<[string, string]>) {
    const res = await post(app, { component: 'counter', command: 'echo', id: 'top', tokens: tokens.values(), fields: [field] })
    assertErrorResponse(t, res, 400, 'LC_BAD_ARGUMENTS')
  }
  const many = Array.from({ length: 1001 }, (_, i): [string, string] => [`f${i}`, 'v'])
  assertErrorResponse(t, await post(app, { component: 'counter', command: 'echo', id: 'top', tokens: tokens.values(), fields: many }), 400, 'LC_BAD_ARGUMENTS')
  t.same(Counter.calls, [])
  t.equal(({} as Record<string, unknown>).x, undefined, 'no prototype pollution')
})

t.test('bad tokens: 400 LC_BAD_TOKEN, state untouched, handler not run', async (t) => {
  const app = await build(t)
  const { tokens } = await loadPage(app)
  const top = tokens.get('top')!
  const flipped = top.slice(0, 20) + (top[20] === 'A' ? 'B' : 'A') + top.slice(21)
  const cases: Array<[string, Parameters<typeof post>[1]]> = [
    ['tampered', { component: 'counter', command: 'inc', path: ['1'], id: 'top', tokens: [flipped] }],
    ['no token', { component: 'counter', command: 'inc', path: ['1'], id: 'top', tokens: [] }],
    ['garbage', { component: 'counter', command: 'inc', path: ['1'], id: 'top', tokens: ['v1.abc.def'] }],
    ['another instance\'s token', { component: 'counter', command: 'inc', path: ['1'], id: 'counter-1', tokens: [top] }],
    ['another component\'s token', { component: 'panel', command: 'rename', path: ['x'], id: 'top', tokens: [top] }],
    ['a tampered token among good ones', { component: 'counter', command: 'inc', path: ['1'], id: 'top', tokens: [top, flipped.replace('v1.', 'v1.x')] }]
  ]
  for (const [label, call] of cases) {
    t.test(label, async (t) => assertErrorResponse(t, await post(app, call), 400, 'LC_BAD_TOKEN'))
  }
  const noId = await app.inject({ method: 'POST', url: '/components/counter/cmd/inc', payload: `__lc_state=${top}`, headers: { 'content-type': 'application/x-www-form-urlencoded', 'hx-request': 'true' } })
  assertErrorResponse(t, noId, 400, 'LC_BAD_TOKEN')
  const empty = await app.inject({ method: 'POST', url: '/components/counter/cmd/inc', headers: { 'hx-request': 'true' } })
  assertErrorResponse(t, empty, 400, 'LC_BAD_TOKEN')
  t.same(Counter.calls, [])
})

t.test('expired token: 410 LC_EXPIRED_TOKEN with HX-Refresh, handler not run', async (t) => {
  let ms = Date.now()
  const app = await build(t, { maxAge: 1, now: () => ms })
  const { tokens } = await loadPage(app)
  ms += 2000
  const res = await post(app, { component: 'counter', command: 'inc', path: ['1'], id: 'top', tokens: tokens.values() })
  assertErrorResponse(t, res, 410, 'LC_EXPIRED_TOKEN')
  t.equal(res.headers['hx-refresh'], 'true', 'the page reloads')
  t.same(Counter.calls, [])
})

t.test('body too large: 413 LC_BODY_TOO_LARGE', async (t) => {
  const app = await build(t, { bodyLimit: 2048 })
  const page = await liveTest(app).visit('/')
  const before = page.html
  const res = await page.component('top').call('echo', { fields: { blob: 'x'.repeat(4096) } })
  assertErrorResponse(t, res, 413, 'LC_BODY_TOO_LARGE')
  t.equal(page.html, before, 'the page is left as it was')
  t.ok(app.logs.some((l) => l.code === 'LC_BODY_TOO_LARGE' && /2048 bytes/.test(l.reason)), 'the log says which limit')
  t.same(Counter.calls, [])
})

t.test('a body that is not urlencoded: 415 LC_UNSUPPORTED_MEDIA_TYPE', async (t) => {
  const app = await build(t)
  for (const type of ['application/json', 'text/plain', 'multipart/form-data; boundary=x']) {
    const res = await app.inject({ method: 'POST', url: '/components/counter/cmd/inc', payload: '{"__lc_id":"top"}', headers: { 'content-type': type, 'hx-request': 'true' } })
    assertErrorResponse(t, res, 415, 'LC_UNSUPPORTED_MEDIA_TYPE')
  }
})

t.test('a command that throws: 500 with a generic message; the cause is logged with the request id', async (t) => {
  const app = await build(t)
  const page = await liveTest(app).visit('/')
  const before = page.html
  for (const command of ['fail', 'asyncFail']) {
    const res = await page.component('top').call(command)
    assertErrorResponse(t, res, 500, 'LC_COMMAND_FAILED')
    t.equal(res.body, 'Something went wrong on our side. Please try again.')
    t.equal(page.html, before, 'the page is left as it was')
  }
  const logged = app.logs.find((l) => l.msg === 'command failed' && l.command === 'fail')
  t.ok(logged, 'logged')
  t.match(logged?.err?.message, /hunter2/, 'the real cause is in the log')
  t.ok(logged?.reqId, 'with the request id')
})

t.test('a command that returns something else: 500 LC_BAD_RESULT', async (t) => {
  const app = await build(t)
  const page = await liveTest(app).visit('/')
  for (const command of ['badResult', 'badList']) {
    assertErrorResponse(t, await page.component('top').call(command), 500, 'LC_BAD_RESULT')
  }
})

t.test('state over stateMaxBytes after a command: 413 LC_STATE_TOO_LARGE (the request grew it); over stateWarnBytes: a warning', async (t) => {
  const app = await build(t, { stateWarnBytes: 1000, stateMaxBytes: 5000 })
  const top = (await liveTest(app).visit('/')).component('top')
  const warn = await top.call('grow', { args: [2000] })
  t.equal(warn.status, 200)
  t.equal(top.state.big.length, 2000, 'the grown state is on the page')
  t.ok(app.logs.some((l) => l.level === 40 && l.bytes > 2000 && l.component === 'counter'), 'warning logged with the size')
  const tooBig = await top.call('grow', { args: [6000] })
  assertErrorResponse(t, tooBig, 413, 'LC_STATE_TOO_LARGE')
  t.equal(top.state.big.length, 2000, 'the refused state is not on the page')
})
