/** @module test/results-more — CancelRendering, addressed TriggerEvents and duplicate event names, through the test kit. */
import t from 'tap'
import { TriggerEvent } from 'fastify-livecomponents'
import { assertTriggered, liveTest } from 'fastify-livecomponents/testing'
import { build } from './helpers/build.js'

t.test('CancelRendering (django-livecomponents): an empty body, HX-Reswap: none, nothing re-rendered; its events still go out', async (t) => {
  const app = await build(t)
  const page = await liveTest(app).visit('/')
  const before = page.html
  const res = await page.component('top').call('cancel')
  t.equal(res.status, 200)
  t.equal(res.body, '')
  t.equal(res.headers['hx-reswap'], 'none')
  t.same(res.dirty, [], 'not even the ComponentDirty it also returned')
  assertTriggered(res, 'pong')
  t.equal(page.html, before, 'the page is unchanged')
})

t.test('TriggerEvent with a target: htmx dispatches it on that element', async (t) => {
  const app = await build(t)
  const page = await liveTest(app).visit('/')
  const res = await page.component('top').call('aimed')
  t.same(JSON.parse(String(res.headers['hx-trigger'])), { highlight: { row: 7, target: '#panel' } })
  t.ok(res.results.some((r) => r instanceof TriggerEvent && r.name === 'highlight'))
})

t.test('two browser events of one name in one response: 500 LC_DUPLICATE_EVENT, never swapped', async (t) => {
  const app = await build(t)
  const page = await liveTest(app).visit('/')
  const before = page.html
  const res = await page.component('top').call('twice')
  t.equal(res.status, 500)
  t.match(res.error, { code: 'LC_DUPLICATE_EVENT', status: 500 })
  t.equal(res.headers['hx-reswap'], 'none')
  t.equal(page.html, before)
})
