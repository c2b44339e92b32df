/** @module test/stream — streaming commands: frames over the page's WebSocket, the final state in the response, cancellation on disconnect. Through the test kit, except requests without (or with a malformed) page header, a raw HTTP client that goes away, and sockets that need a round trip. */
import { request as httpRequest } from 'node:http'
import t from 'tap'
import { liveTest } from 'fastify-livecomponents/testing'
import { claimsOf, post, tokensOf } from './helpers/build.js'
import { connectPage, isType, pushApp } from './helpers/push.js'
import { Progress } from './fixtures/push-components.js'

const frame = (m: string): boolean => m.includes('data-lc-frame')

/** Resolves once `cond` holds, checking after each turn of the event loop (a condition, not a time). */
async function until (cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((resolve) => setImmediate(resolve))
}

t.beforeEach(() => {
  Progress.log = []
  Progress.gate = async () => {}
  Progress.failAt = -1
})

t.test('every yield reaches the page as a frame, in order; the response carries the final state', async (t) => {
  const app = await pushApp(t)
  const live = liveTest(app)
  const page = await live.visit('/push')
  const c = await page.connect()
  // another page's socket stays raw: the round trip below (nothing more can arrive) is not in the kit
  const other = await connectPage(app, (await live.visit('/push')).dom.pageToken()!)
  const res = await page.component('progress').call('run', { args: [3] })
  t.equal(res.status, 200)
  t.match(res.body, /^<div id="progress" data-lc="progress">/, 'the final render is the main swap')
  t.match(res.body, /<span class="step">done<\/span>/)
  t.same(claimsOf(tokensOf(res.body).get('progress')!).s, { step: 3, done: true }, 'final signed state')
  t.same(res.dirty, ['progress'])
  const frames = [await c.next(), await c.next(), await c.next()]
  t.same(frames.map((f) => /class="step">([^<]+)</.exec(f)![1]), ['step 1', 'step 2', 'step 3'], 'three frames, in order')
  for (const f of frames) {
    t.ok(frame(f), 'a frame')
    t.match(f, /^<div id="progress" data-lc="progress" hx-swap-oob="innerMorph" data-lc-frame>/, "htmx 4: the root's inner morph: the command target stays")
    t.match(f, /name="__lc_state" value="v1\./, 'each frame carries its signed intermediate state')
  }
  t.same(Progress.log, ['step 1', 'step 2', 'step 3', 'finally'])
  await other.ask(JSON.stringify({ type: 'unsubscribe', ids: [] }), isType('unsubscribed')) // whatever was sent to it has arrived
  t.equal(other.messages.filter(frame).length, 0, 'another page gets none of the frames')
})

t.test('without a page (no LC-Page header, or a malformed one) the command runs and only the final state arrives', async (t) => {
  const app = await pushApp(t)
  const page = await liveTest(app).visit('/push')
  const c = await page.connect()
  // the page header is left out or malformed on purpose: the kit always sends the page's
  for (const headers of [{}, { 'lc-page': 'not-a-page' }] as Array<Record<string, string>>) {
    Progress.log = []
    const res = await post(app, { component: 'progress', command: 'run', path: ['2'], id: 'progress', tokens: [page.dom.token('progress')!], headers })
    t.equal(res.statusCode, 200)
    t.match(res.body, /done/)
    t.same(Progress.log, ['step 1', 'step 2', 'finally'])
  }
  t.equal(c.messages.filter(frame).length, 0)
})

t.test('when the client goes away mid-stream, the generator is stopped (return() runs its finally)', async (t) => {
  const app = await pushApp(t)
  const page = await liveTest(app).visit('/push')
  const pageToken = page.dom.pageToken()!
  // the socket stays raw for the round trip at the end; the command is a raw HTTP client that goes away
  const c = await connectPage(app, pageToken)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }
  let release!: () => void
  Progress.gate = async () => {
    if (Progress.log.length === 0) return
    await new Promise<void>((resolve) => { release = resolve })
  }
  const body = new URLSearchParams([['__lc_id', 'progress'], ['__lc_state', page.dom.token('progress')!]]).toString()
  const req = httpRequest({ port, host: '127.0.0.1', method: 'POST', path: '/components/progress/cmd/run/5', headers: { 'content-type': 'application/x-www-form-urlencoded', 'hx-request': 'true', 'lc-page': pageToken } })
  req.on('error', () => {})
  req.end(body)
  await c.next(frame) // step 1 is on the page; step 2 waits at the gate
  req.destroy()
  await until(() => app.logs.some((l) => /client went away/.test(l.msg))) // the server saw it go
  release()
  await until(() => Progress.log.includes('finally'))
  t.same(Progress.log, ['step 1', 'step 2', 'finally'], 'stopped at the next yield; steps 3-5 never ran')
  await c.ask(JSON.stringify({ type: 'unsubscribe', ids: [] }), isType('unsubscribed')) // whatever was sent to it has arrived
  t.equal(c.messages.filter(frame).length, 1, 'no frame after the client left')
  t.ok(app.logs.some((l) => /client went away/.test(l.msg)), 'logged')
})

t.test('an exception inside a streaming command is LC_COMMAND_FAILED and stops the stream', async (t) => {
  const app = await pushApp(t)
  const page = await liveTest(app).visit('/push')
  const before = page.html
  Progress.gate = async () => { if (Progress.log.length === 1) throw new Error('model unavailable') }
  const res = await page.component('progress').call('run', { args: [3] })
  t.equal(res.status, 500)
  t.equal(res.error?.code, 'LC_COMMAND_FAILED')
  t.equal(res.headers['hx-reswap'], 'none')
  t.notMatch(res.body, /model unavailable/)
  t.equal(page.html, before, 'nothing swapped')
  t.same(Progress.log, ['step 1', 'finally'])
})

t.test('a frame that fails to render ends the stream with LC_RENDER_FAILED, and the generator is stopped', async (t) => {
  const app = await pushApp(t)
  const page = await liveTest(app).visit('/push')
  Progress.failAt = 2
  const res = await page.component('progress').call('run', { args: [4] })
  t.equal(res.status, 500)
  t.match(res.error, { code: 'LC_RENDER_FAILED' })
  t.match(JSON.parse(res.headers['hx-trigger'] as string), { 'live:error': { code: 'LC_RENDER_FAILED' } })
  t.notMatch(res.body, /template data missing/)
  t.same(Progress.log, ['step 1', 'step 2', 'finally'], 'its finally ran; steps 3 and 4 never did')
})
