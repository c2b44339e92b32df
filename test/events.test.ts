/** @module test/events — server events between components (Symfony UX's emit/emitUp/emitSelf, Livewire's dispatch()->to()): listeners run in the same request, their re-renders join one response; payload schemas, permissions, loops and failures. */
import t from 'tap'
import { command } from 'fastify-livecomponents'
import { liveTest } from 'fastify-livecomponents/testing'
import { build } from './helpers/build.js'
import { Counter } from './fixtures/components.js'
import { EVENTS, EventAdder } from './fixtures/event-components.js'

async function eventsPage (t: Parameters<typeof build>[0], headers: Record<string, string> = {}) {
  const app = await build(t, { components: [...EVENTS, Counter] })
  app.get('/events', (_req, reply) => reply.page('events/page.njk'))
  const page = await liveTest(app).visit('/events', headers)
  const states = () => ({
    eb: page.component('eb').state,
    adder: page.component('eb/event-adder-1').state,
    stats: page.component('stats').state,
    bystander: page.component('bystander-1').state
  })
  return { app, page, adder: page.component('eb/event-adder-1'), states }
}

t.test('markup: listening roots say what they listen to, and every control sends their state', async (t) => {
  const { page } = await eventsPage(t)
  t.match(page.component('eb').html, /^<div id="eb" data-lc="event-board"[^>]* data-lc-listens="task-added">/)
  t.match(page.component('eb/event-adder-1').html, /data-lc-listens="poke"/)
  t.notMatch(page.component('quiet').html, /data-lc-listens="/)
  t.match(page.component('quiet').html, /data-lc-cmd="quiet"/, 'a control of any component names it; the client sends the listeners\' state with it (test/client/include)')
})

t.test('emit: every listening component on the page runs, in one response; the emitter\'s ComponentClean stands for itself', async (t) => {
  const { adder, states } = await eventsPage(t)
  const res = await adder.call('add')
  t.equal(res.status, 200)
  t.same(res.headers['hx-reswap'], 'none', 'the emitter itself is not the main swap')
  t.same(res.dirty.sort(), ['bystander-1', 'eb', 'stats'], 'the board (with the adder inside), the keyed stats and the bystander: out of band, one round trip')
  t.same(states(), { eb: { total: 1, last: 'task 1' }, adder: { n: 1 }, stats: { seen: ['task 1'] }, bystander: { heard: 1 } })
  await adder.call('add')
  t.same(states().stats, { seen: ['task 1', 'task 2'] })
  t.equal(states().eb.total, 2)
})

t.test('emitUp reaches the ancestors only; emitSelf the emitter only; emitTo one id', async (t) => {
  const { adder, states } = await eventsPage(t)
  const up = await adder.call('addUp')
  t.same(up.dirty, ['eb'])
  t.same(states(), { eb: { total: 1, last: 'up' }, adder: { n: 0 }, stats: { seen: [] }, bystander: { heard: 0 } })
  const self = await adder.call('addSelf')
  t.same(self.dirty, ['eb/event-adder-1'], 'its own listener re-rendered it, although its command returned ComponentClean')
  t.equal(states().adder.n, 100, 'the payload reached the listener as ctx.args')
  const to = await adder.call('addTo')
  t.same(to.dirty, ['stats'])
  t.same(states().stats, { seen: ['to stats'] })
  t.equal(states().bystander.heard, 0)
})

t.test('an event nobody listens to is fine', async (t) => {
  const { adder } = await eventsPage(t)
  const res = await adder.call('nobody')
  t.equal(res.status, 200)
  t.same(res.dirty, [])
})

t.test('a payload that does not match the listener\'s schema: 400 with the messages, nothing saved', async (t) => {
  const { adder, states } = await eventsPage(t)
  const before = states()
  const res = await adder.call('badPayload')
  t.equal(res.status, 400)
  t.equal(res.error?.code, 'LC_BAD_ARGUMENTS')
  t.same(res.error?.fields, { title: ["must have required property 'title'"] })
  t.same(states(), before)
})

t.test('listeners that emit what reaches them again: 500 LC_EVENT_LOOP, never swapped', async (t) => {
  const { app, adder } = await eventsPage(t)
  const res = await adder.call('loop')
  t.equal(res.status, 500)
  t.equal(res.error?.code, 'LC_EVENT_LOOP')
  t.equal(res.headers['hx-reswap'], 'none')
  t.same(res.dirty, [])
  t.ok(app.logs.some((l) => l.err?.code === 'LC_EVENT_LOOP'))
})

t.test('a listener that throws: 500 LC_COMMAND_FAILED, the cause logged, never shown', async (t) => {
  const { app, adder } = await eventsPage(t)
  const res = await adder.call('boom')
  t.equal(res.status, 500)
  t.equal(res.error?.code, 'LC_COMMAND_FAILED')
  t.notMatch(res.body + JSON.stringify(res.headers), 'secret detail')
  t.ok(app.logs.some((l) => l.msg === 'listener failed' && /secret detail/.test(String(l.err?.message))))
})

t.test('a bad event name is a 500 LC_BAD_EVENT', async (t) => {
  const { adder } = await eventsPage(t)
  const res = await adder.call('badName')
  t.equal(res.status, 500)
  t.equal(res.error?.code, 'LC_BAD_EVENT')
})

t.test('a listener needs its component\'s permissions: a viewer who may not run it gets 401/403 for the whole command', async (t) => {
  const staff = JSON.stringify({ isAuthenticated: true, isStaff: true })
  const { page, adder } = await eventsPage(t, { 'x-test-user': staff })
  t.equal((await adder.call('audit', { headers: { 'x-test-user': staff } })).status, 200)
  t.same(page.component('staff-audit').state, { audits: 1 })
  const anon = await adder.call('audit', { headers: { 'x-test-user': 'null' } })
  t.equal(anon.status, 401)
  t.same(page.component('staff-audit').state, { audits: 1 }, 'nothing ran')
})

t.test('@command listen must name events', async (t) => {
  for (const listen of ['', 'has space', ['ok', 7], []]) {
    class Bad extends EventAdder {
      static override componentName = 'bad-listener'
      @command({ listen: listen as never }) heard () {}
    }
    await t.rejects(build(t, { components: [Bad] }), { code: 'LC_INVALID_COMPONENT', message: /listen of heard must name events/ }, JSON.stringify(listen))
  }
})
