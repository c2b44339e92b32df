/** @module test/peer-django-slots — django-livecomponents' slot tests (block fills kept for the component's re-render), ported to this plugin's slots. */
import t from 'tap'
import { liveTest } from 'fastify-livecomponents/testing'
import { build } from './helpers/build.js'
import { SLOTS } from './fixtures/slot-components.js'

async function peerPage (t: Parameters<typeof build>[0]) {
  const app = await build(t, { components: SLOTS })
  app.get('/peer', (_req, reply) => reply.page('slots/peer-page.njk'))
  return await liveTest(app).visit('/peer')
}

t.test('test_parser.py::test_parser — a fill of the body slot is kept and shown again when the component re-renders without its page', async (t) => {
  const page = await peerPage(t)
  t.match(page.component('parsed').html, '<div class="body">BODYOVERRIDE</div>')
  await page.component('parsed').call('toggle')
  t.match(page.component('parsed').html, '<div class="body">BODYOVERRIDE</div>')
  t.match(page.component('parsed').html, 'opened 1')
})

t.test('test_rerender.py::test_nested_block_rerender — a component with a fill nested in another one\'s fill survives the outer re-render', async (t) => {
  const page = await peerPage(t)
  t.match(page.body, /OUTERFILL[^]*INNERFILL/)
  const res = await page.component('outer').call('toggle')
  t.same(res.dirty, ['outer'])
  t.match(res.body, /OUTERFILL[^]*id="inner"[^]*INNERFILL/)
  await page.component('inner').call('toggle')
  t.match(page.component('outer').html, /OUTERFILL[^]*opened 1[^]*INNERFILL/)
})
