/** @module test/peer-django-results — django-livecomponents' tests/test_execution_results.py (Event, TriggerEvents) ported to TriggerEvent and a result of your own, asserted on the response headers a page gets. */
import t from 'tap'
import { ComponentDirty, TriggerEvent } from 'fastify-livecomponents'
import { assertTriggered, liveTest, type CommandResult } from 'fastify-livecomponents/testing'
import { build } from './helpers/build.js'
import { PEER, peerPages } from './fixtures/peer-components.js'

async function resultsPage (t: Parameters<typeof build>[0]) {
  const app = await build(t, { components: PEER })
  peerPages(app)
  const page = await liveTest(app).visit('/results')
  return { app, page, results: page.component('results') }
}

/** A response header, parsed as JSON. */
const header = (res: CommandResult, name: string): unknown => JSON.parse(String(res.headers[name.toLowerCase()]))

t.test('test_execution_results.py::test_event_serialization_with_detail — the detail is the value of the event in HX-Trigger', async (t) => {
  const { results } = await resultsPage(t)
  const res = await results.call('withDetail')
  t.equal(res.status, 200)
  t.same(header(res, 'HX-Trigger'), { showNotification: { message: 'Hello', level: 'success' } })
  assertTriggered(res, 'showNotification', { message: 'Hello', level: 'success' })
})

t.test('test_execution_results.py::test_event_serialization_with_target — the target selector joins the detail as htmx\'s `target` member', async (t) => {
  const { results } = await resultsPage(t)
  const res = await results.call('withTarget')
  t.same(header(res, 'HX-Trigger'), { updateCounter: { count: 5, target: '#cart-counter' } })
})

t.test('test_execution_results.py::test_event_serialization_empty — no detail is null (the peer writes {}); an explicit {} stays {}', async (t) => {
  const { results } = await resultsPage(t)
  const res = await results.call('empty')
  t.same(header(res, 'HX-Trigger'), { simpleEvent: null, emptyObject: {} })
})

t.test('test_execution_results.py::test_trigger_events_single_event — one event, one HX-Trigger header', async (t) => {
  const { results } = await resultsPage(t)
  const res = await results.call('single')
  t.equal(res.headers['hx-trigger'], '{"myEvent":{"foo":"bar"}}')
  t.same(res.dirty, ['results'])
})

t.test('test_execution_results.py::test_trigger_events_multiple_events — several events merge into one header, in order', async (t) => {
  const { results } = await resultsPage(t)
  const res = await results.call('multiple')
  t.equal(res.headers['hx-trigger'], '{"event1":{"data":"value1"},"event2":{"data":"value2"}}')
  t.same(res.results.filter((r) => r instanceof TriggerEvent).map((r) => (r as TriggerEvent).name), ['event1', 'event2'])
})

t.test('test_execution_results.py::test_trigger_events_after_settle — no built-in Trigger.AFTER_SETTLE: a result of your own sets HX-Trigger-After-Settle', async (t) => {
  const { results } = await resultsPage(t)
  const res = await results.call('afterSettle')
  t.same(header(res, 'HX-Trigger-After-Settle'), { myEvent: {} })
  t.equal(res.headers['hx-trigger'], undefined, 'nothing fires before the settle')
  t.same(res.dirty, ['results'])
})

t.test('test_execution_results.py::test_trigger_events_after_swap — a result of your own sets HX-Trigger-After-Swap', async (t) => {
  const { results } = await resultsPage(t)
  const res = await results.call('afterSwap')
  t.same(header(res, 'HX-Trigger-After-Swap'), { myEvent: {} })
  t.equal(res.headers['hx-trigger-after-settle'], undefined)
})

t.test('test_execution_results.py::test_trigger_events_duplicate_names_raises_error — two events of one name: 500 LC_DUPLICATE_EVENT when the response is built (the peer raises ValueError at construction)', async (t) => {
  const { app, page, results } = await resultsPage(t)
  const before = page.html
  const res = await results.call('duplicate')
  t.equal(res.status, 500)
  t.match(res.error, { code: 'LC_DUPLICATE_EVENT', status: 500 })
  t.equal(res.headers['hx-reswap'], 'none')
  t.equal(page.html, before, 'nothing swapped, and the state change of the command is not kept')
  t.equal(results.state.n, 0)
  t.ok(app.logs.some((l) => /fires the browser event "event1" twice/.test(String(l.err?.message))))
})

t.test('test_execution_results.py::test_trigger_events_multiple_duplicates_raises_error — several duplicates: refused at the first one, which the log names', async (t) => {
  const { app, results } = await resultsPage(t)
  const res = await results.call('duplicates')
  t.equal(res.status, 500)
  t.equal(res.error?.code, 'LC_DUPLICATE_EVENT')
  const logged = app.logs.filter((l) => l.err?.code === 'LC_DUPLICATE_EVENT').map((l) => String(l.err.message))
  t.equal(logged.length, 1)
  t.match(logged[0], '"event1" twice')
  t.notMatch(logged[0], 'event2', 'the peer lists every duplicate name; the plugin stops at the first')
})

t.test('test_execution_results.py::test_trigger_events_single_convenience_method — one TriggerEvent alone; the component is re-rendered as well (the peer\'s is not)', async (t) => {
  const { results } = await resultsPage(t)
  const res = await results.call('notify')
  t.same(header(res, 'HX-Trigger'), { notification: { message: 'Success!' } })
  t.same(res.dirty, ['results'], 'a list with no ComponentClean/ComponentDirty/ParentDirty re-renders the invoking component')
  t.equal(results.state.n, 1)
  t.ok(res.results.some((r) => r instanceof ComponentDirty && r.id === 'results'))
})

t.test('test_execution_results.py::test_trigger_events_single_with_target — one event with a target', async (t) => {
  const { results } = await resultsPage(t)
  const res = await results.call('withTargetSingle')
  t.same(header(res, 'HX-Trigger'), { update: { count: 10, target: '#counter' } })
})

t.test('test_execution_results.py::test_trigger_events_single_with_trigger_type — one event after the settle, through a result of your own', async (t) => {
  const { results } = await resultsPage(t)
  const res = await results.call('afterSettleSingle')
  t.same(header(res, 'HX-Trigger-After-Settle'), { afterSettle: {} })
  t.same(res.dirty, ['results'], 'a custom result that decides nothing leaves the component dirty')
})

t.test('test_execution_results.py::test_trigger_events_single_no_detail — an event without detail arrives with a null detail', async (t) => {
  const { results } = await resultsPage(t)
  const res = await results.call('noDetail')
  t.equal(res.headers['hx-trigger'], '{"simpleEvent":null}')
  assertTriggered(res, 'simpleEvent', null)
})

t.test('test_execution_results.py::test_trigger_events_serialization — an event with a detail and one with only a target', async (t) => {
  const { results } = await resultsPage(t)
  const res = await results.call('serialization')
  t.same(header(res, 'HX-Trigger'), { event1: { key: 'value' }, event2: { target: '#elem' } })
  t.same(res.dirty, [], 'with ComponentClean nothing is swapped; the events still go out')
})
