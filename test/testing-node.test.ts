/** @module test/testing-node — the test kit with node:test and node:assert only: it does not need tap. */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { assertDirty, liveTest } from 'fastify-livecomponents/testing'
import { build } from './helpers/build.js'

test('node:test: mount, call, assert', async (t) => {
  const app = await build({ teardown: (fn) => { t.after(async () => { await fn() }) } })
  const live = liveTest(app)
  const counter = await live.mount('counter', { label: 'n' }, { id: 'n' })
  const res = await counter.call('inc', { args: [3] })
  assert.equal(res.status, 200)
  assertDirty(res, 'n')
  assert.equal(counter.state.count, 3)
  counter.assertSee('3')
  assert.throws(() => counter.assertSee('nothing like this'), /expected component "n" to show/)
})
