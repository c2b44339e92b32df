/** @module test/plan — execution results → headers and dirty set, with the de-duplication boundary. */
import t from 'tap'
import {
  ComponentClean, ComponentDirty, ParentDirty, PushUrl, RedirectPage, RefreshPage, ReplaceUrl, TriggerEvent, CancelRendering
} from 'fastify-livecomponents'
import { planResults } from '../lib/core/results/plan.js'

// A page: list > row:1 > row:1/counter-1, list > row:10, and a top-level cart-counter.
const parents: Record<string, string | null> = {
  list: null, 'row:1': 'list', 'row:10': 'list', 'row:1/counter-1': 'row:1', 'cart-counter': null
}
function plan (returned: unknown, selfId = 'row:1') {
  const warnings: string[] = []
  const p = planResults(returned, { command: 'c', selfId, parentOf: (id) => parents[id], warn: (m) => warnings.push(m) })
  return { ...p, warnings }
}

t.test('nothing returned means ComponentDirty()', async (t) => {
  t.same(plan(undefined).dirty, ['row:1'])
})

t.test('ComponentClean: nothing to render, no headers', async (t) => {
  t.same(plan(new ComponentClean()), { headers: {}, navigates: false, dirty: [], missing: [], warnings: [] })
  t.same(plan([]).dirty, ['row:1'], 'an empty list has no rendering result, so the invoking component is dirty, as with ReplaceUrl alone')
})

t.test('ComponentDirty(id) alone re-renders only that component', async (t) => {
  t.same(plan(new ComponentDirty('cart-counter')).dirty, ['cart-counter'])
})

t.test('a list keeps first-mention order and drops repeats', async (t) => {
  t.same(plan([new ComponentDirty('cart-counter'), new ComponentDirty(), new ComponentDirty('cart-counter')]).dirty, ['cart-counter', 'row:1'])
})

t.test('ParentDirty re-renders the parent, which swallows the child', async (t) => {
  t.same(plan(new ParentDirty()).dirty, ['list'])
  t.same(plan([new ComponentDirty(), new ParentDirty()]).dirty, ['list'])
})

t.test('ParentDirty on a top-level component is a logged no-op', async (t) => {
  const p = plan(new ParentDirty(), 'cart-counter')
  t.same(p.dirty, [])
  t.match(p.warnings, [/top-level/])
})

t.test('de-duplication follows the parent chain, not id prefixes: row:1 does not swallow row:10', async (t) => {
  t.same(plan([new ComponentDirty('row:1'), new ComponentDirty('row:10')]).dirty, ['row:1', 'row:10'])
  t.same(plan([new ComponentDirty('row:1/counter-1'), new ComponentDirty('row:1')], 'row:10').dirty, ['row:1'], 'a real descendant is swallowed')
  t.same(plan([new ComponentDirty('row:1/counter-1'), new ComponentDirty('list')], 'row:10').dirty, ['list'], 'a grandchild too')
})

t.test('dirty ids not sent with the request are reported as missing', async (t) => {
  const p = plan([new ComponentDirty(), new ComponentDirty('ghost')])
  t.same(p.dirty, ['row:1'])
  t.same(p.missing, ['ghost'])
})

t.test('browser results map onto htmx headers', async (t) => {
  t.same(plan(new ReplaceUrl('/s?q=1')).headers, { 'HX-Replace-Url': '/s?q=1' })
  t.same(plan(new ReplaceUrl('/s')).dirty, ['row:1'], 'ReplaceUrl alone still re-renders the invoking component')
  t.same(plan(new PushUrl('/p')).headers, { 'HX-Push-Url': '/p' })
  t.same(plan([new TriggerEvent('a', { x: 1 }), new TriggerEvent('b')]).headers, { 'HX-Trigger': '{"a":{"x":1},"b":null}' })
})

t.test('RedirectPage and RefreshPage navigate: nothing rendered', async (t) => {
  t.same(plan([new ComponentDirty(), new RedirectPage('/d')]), { headers: { 'HX-Redirect': '/d' }, navigates: true, dirty: [], missing: [], warnings: [] })
  t.same(plan(new RefreshPage()).headers, { 'HX-Refresh': 'true' })
  t.ok(plan(new RefreshPage()).navigates)
})

t.test('anything else is LC_BAD_RESULT', async (t) => {
  for (const bad of [null, 42, 'x', {}, [new ComponentClean(), 7], { kind: 'ComponentDirty' }]) {
    t.throws(() => plan(bad), { code: 'LC_BAD_RESULT', statusCode: 500 }, JSON.stringify(bad))
  }
})

t.test('TriggerEvent with a target: htmx\'s target member; two events of one name: LC_DUPLICATE_EVENT', async (t) => {
  t.same(plan([new TriggerEvent('a', { x: 1 }, { target: '#cart' }), new TriggerEvent('b', 7, { target: 'body' }), new TriggerEvent('c', null, { target: '#c' })]).headers,
    { 'HX-Trigger': '{"a":{"x":1,"target":"#cart"},"b":{"value":7,"target":"body"},"c":{"target":"#c"}}' })
  t.throws(() => plan([new TriggerEvent('toast', { m: 1 }), new TriggerEvent('toast', { m: 2 })]), { code: 'LC_DUPLICATE_EVENT', statusCode: 500 })
})

t.test('CancelRendering: nothing rendered, nothing swapped; other headers stay', async (t) => {
  const p = plan([new CancelRendering(), new TriggerEvent('pong'), new ComponentDirty('other')])
  t.same(p.dirty, [])
  t.equal(p.navigates, true, 'an empty body')
  t.same(p.headers, { 'HX-Trigger': '{"pong":null}', 'HX-Reswap': 'none' })
})
