/** @module test/peer-django-examples — django-livecomponents' browser tours of tests/test_example.py (counters, coffee, modals, stateless counter) as HTTP tests, with tests/test_decorators.py and tests/test_views.py. */
import t from 'tap'
import { StatelessLiveComponent, command } from 'fastify-livecomponents'
import { assertDirty, liveTest } from 'fastify-livecomponents/testing'
import { build } from './helpers/build.js'
import { beans, externalCount, PEER, peerPages } from './fixtures/peer-components.js'

async function peerApp (t: Parameters<typeof build>[0], opts: Parameters<typeof build>[1] = {}) {
  const app = await build(t, { components: PEER, ...opts })
  peerPages(app)
  return { app, live: liveTest(app) }
}

const ALICE = JSON.stringify({ username: 'alice' })

t.test('test_example.py::test_counter — each counter reports to the message box, found by its id; the value is shown formatted', async (t) => {
  const { live } = await peerApp(t)
  const page = await live.visit('/counters')
  const message = page.component('message')
  t.equal(message.html.match(/data-testid="message-initialized-from">([^<]*)</)?.[1], '127.0.0.1', 'mount sees the request that renders the page')
  message.assertSee('( no message )')
  const [first, second] = page.components('click-counter')
  const plus = await first.call('increment', { args: [1] })
  t.same(plus.dirty.sort(), [first.id, 'message'].sort(), 'one response: the counter and the message box')
  message.assertSee('Counter \'First counter\' incremented by 1. Its new value is now 1001.')
  t.match(first.html, 'value="€ 1,001"')
  await first.call('increment', { args: [-1] })
  message.assertSee('Counter \'First counter\' incremented by -1. Its new value is now 1000.')
  t.match(first.html, 'value="€ 1,000"')
  await second.call('increment', { args: [1] })
  message.assertSee('Counter \'Second counter\' incremented by 1. Its new value is now 1001.')
  t.match(second.html, 'value="€ 1,001"')
  t.match(first.html, 'value="€ 1,000"', 'the other counter is unchanged')
})

t.test('test_example.py::test_coffee — search filters the rows, the inline form edits the stock, delete re-renders the table', async (t) => {
  const { live } = await peerApp(t)
  const page = await live.visit('/coffee')
  t.equal(page.components('coffee-row').length, 3)
  await page.component('coffee').call('updateSearch', { fields: { search: 'arabica' } })
  t.equal(page.components('coffee-row').length, 1)
  const row = page.components('coffee-row')[0]
  row.assertSee('Supremo')
  t.notMatch(row.html, 'coffee-edit-form')
  await row.call('editOn')
  t.match(row.html, /data-testid="coffee-edit-form"/)
  t.match(row.html, `id="${row.id}-stock_quantity"`)
  const saved = await row.call('edit', { fields: { name: 'Supremo', stock_quantity: 101 } })
  t.equal(saved.status, 200)
  t.notMatch(row.html, 'coffee-edit-form', 'the form is closed')
  t.match(row.html, '<span data-testid="coffee-stock-quantity">101</span>')
  t.equal(beans.get(2)?.stockQuantity, 101, 'saved to the application\'s table')
  t.match(row.html, 'hx-confirm="Delete Supremo?"', 'the browser asks before deleting (hx-confirm)')
  const deleted = await row.call('delete')
  assertDirty(deleted, 'coffee')
  t.equal(page.components('coffee-row').length, 0)
  t.equal(beans.has(2), false)
  page.component('coffee').assertSee('No beans')
})

t.test('test_example.py::test_modals — "Send email" (cmd_for on the page) opens the modal with its props; Close hides it', async (t) => {
  const { live } = await peerApp(t)
  const page = await live.visit('/modals')
  t.match(page.html, /<a href="#" class="send-alice" hx-post="\/components\/modal\/cmd\/open" hx-target="#modal-alice"/)
  const alice = page.component('modal-alice')
  t.notMatch(alice.html, 'data-testid="modal"')
  await alice.call('open')
  t.match(alice.html, '<dialog open data-testid="modal">')
  t.equal(alice.html.match(/data-testid="modal-title">([^<]*)</)?.[1], 'Alice')
  t.equal(alice.html.match(/data-testid="modal-body">([^<]*)</)?.[1], 'Send email to alice@example.com?')
  t.notMatch(page.component('modal-bob').html, 'data-testid="modal"', 'only the modal clicked')
  await alice.call('close')
  t.notMatch(alice.html, 'data-testid="modal"')
})

t.test('test_example.py::test_stateless_counter — a counter kept outside the component counts up and down; a StatelessLiveComponent may not have commands', async (t) => {
  const { live } = await peerApp(t)
  const page = await live.visit('/statelesscounter')
  const counter = page.component('counter')
  counter.assertSee('Count: 0')
  t.same(counter.state, {}, 'no state of its own')
  await counter.call('increment')
  counter.assertSee('Count: 1')
  t.equal(externalCount.value, 1)
  await counter.call('decrement')
  counter.assertSee('Count: 0')
  class StatelessCounter extends StatelessLiveComponent<{}> {
    static template = 'peer/external-counter.njk'
    @command increment () { externalCount.value++ }
  }
  await t.rejects(build(t, { components: [StatelessCounter] }), { code: 'LC_INVALID_COMPONENT', message: /no state, so no commands \(increment\)/ }, 'the peer allows it; here the stateful parent holds commands')
})

t.test('test_decorators.py::test_login_required_rejects_anonymous_init_state — an anonymous page renders the component refused (401), with no state', async (t) => {
  const { live } = await peerApp(t)
  const page = await live.visit('/secured')
  const root = page.component('secured-init').html
  t.match(root, /^<div id="secured-init" data-lc="secured-init"[^>]* data-lc-denied="401"/)
  t.notMatch(root, '__lc_state')
  t.notMatch(root, 'initial-state')
  t.match(page.component('secured-command').html, 'initial-state', 'a component without the permission renders')
})

t.test('test_decorators.py::test_login_required_rejects_anonymous_command — an anonymous command is 401 LC_UNAUTHENTICATED (the peer raises PermissionDenied, a 403), never run', async (t) => {
  const { live } = await peerApp(t)
  const page = await live.visit('/secured')
  const secured = page.component('secured-command')
  const res = await secured.call('doSomething', { args: [2] })
  t.equal(res.status, 401)
  t.match(res.error, { code: 'LC_UNAUTHENTICATED', status: 401 })
  t.equal(res.headers['hx-reswap'], 'none')
  t.same(secured.state, { value: 'initial-state' })
})

t.test('test_decorators.py::test_login_required_allows_authenticated_user — a signed-in user gets the initial state and runs the command', async (t) => {
  const { live } = await peerApp(t)
  const page = await live.visit('/secured', { 'x-test-user': ALICE })
  t.same(page.component('secured-init').state, { value: 'initial-state' })
  for (const id of ['secured-init', 'secured-command']) {
    const res = await page.component(id).call('doSomething', { args: [2] })
    t.equal(res.status, 200, id)
    t.same(page.component(id).state, { value: 'done:2' }, id)
  }
})

t.test('test_views.py::test_missing_session_returns_410_gone — an expired token, or one of another session: 410 and HX-Refresh, the page reloads', async (t) => {
  let clock = 1_700_000_000_000
  const { live } = await peerApp(t, { now: () => clock, maxAge: 60, session: (req) => String(req.headers['x-peer-session'] ?? '') })
  const page = await live.visit('/args', { 'x-peer-session': 'one' })
  const args = page.component('args')
  t.equal((await args.call('keep')).status, 200, 'its own session, in time')
  const other = await args.call('keep', { headers: { 'x-peer-session': 'two' } })
  t.equal(other.status, 410)
  t.match(other.error, { code: 'LC_SESSION_CHANGED', status: 410 })
  t.equal(other.headers['hx-refresh'], 'true')
  clock += 61_000
  const expired = await args.call('keep')
  t.equal(expired.status, 410)
  t.match(expired.error, { code: 'LC_EXPIRED_TOKEN', status: 410 })
  t.equal(expired.headers['hx-refresh'], 'true')
  t.equal(expired.headers['hx-reswap'], 'none')
})

t.test('test_views.py::test_parse_body_understands_urlencoded_form_data — urlencoded fields are the named arguments', async (t) => {
  const { live } = await peerApp(t)
  const args = (await live.visit('/args')).component('args')
  const res = await args.call('keep', { fields: { foo: 'bar' } })
  t.equal(res.status, 200)
  t.same(JSON.parse(args.state.args), { foo: 'bar' })
  await args.call('keep', { fields: { foo: ['bar', 'baz'] } })
  t.same(JSON.parse(args.state.args), { foo: ['bar', 'baz'] }, 'a repeated key arrives as an array')
})
