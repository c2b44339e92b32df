/** @module test/calls — calls between components, named after django-livecomponents' call context: `parent`, `find_ancestor`, `find_one`, `update_state` of another instance, and its permissions. */
import t from 'tap'
import { liveTest } from 'fastify-livecomponents/testing'
import { build } from './helpers/build.js'
import { CALLS } from './fixtures/calls-components.js'

async function callsPage (t: Parameters<typeof build>[0], headers: Record<string, string> = {}) {
  const app = await build(t, { components: CALLS })
  app.get('/calls', (_req, reply) => reply.page('calls/page.njk'))
  const page = await liveTest(app).visit('/calls', headers)
  return { page, child: page.component('root/call-middle-1/call-child-1') }
}

t.test('parent: a child changes its parent\'s state and marks it dirty; one response re-renders it (and the child inside)', async (t) => {
  const { page, child } = await callsPage(t)
  const res = await child.call('renameParent')
  t.equal(res.status, 200)
  t.same(res.dirty, ['root/call-middle-1'])
  t.same(page.component('root/call-middle-1').state, { label: 'renamed by the child' })
  t.match(page.component('root/call-middle-1').html, '<p class="label">renamed by the child</p>')
})

t.test('find_ancestor: by component name, up the real parent chain; a changed state is re-rendered without markDirty', async (t) => {
  const { page, child } = await callsPage(t)
  const res = await child.call('shoutRoot')
  t.same(res.dirty, ['root'], 'its state changed, so it is signed again and swapped, although nothing marked it')
  t.same(page.component('root').state, { title: 'Root!' })
})

t.test('find_one: a keyed instance anywhere on the page (update_state); an id the request does not carry is undefined', async (t) => {
  const { page, child } = await callsPage(t)
  const res = await child.call('clearStats')
  t.same(res.dirty.sort(), ['root/call-middle-1/call-child-1', 'stats2'])
  t.same(page.component('stats2').state, { seen: [] })
  t.same(child.state, { note: 'cleared call-stats' })
  await child.call('missing')
  t.same(page.component('root/call-middle-1/call-child-1').state, { note: 'undefined' })
})

t.test('the found component\'s permissions apply to the viewer: 401/403 for the whole command, nothing saved', async (t) => {
  const staff = JSON.stringify({ isAuthenticated: true, isStaff: true })
  const { child } = await callsPage(t, { 'x-test-user': staff })
  t.equal((await child.call('secret', { headers: { 'x-test-user': staff } })).status, 200)
  t.equal((await child.call('secret', { headers: { 'x-test-user': 'null' } })).status, 401)
  t.equal((await child.call('secret', { headers: { 'x-test-user': JSON.stringify({ isAuthenticated: true }) } })).status, 403)
})

t.test('parent of a top-level instance, an ancestor name nobody has, and a finder called detached', async (t) => {
  const { page, child } = await callsPage(t)
  await page.component('root').call('orphan')
  t.same(page.component('root').state, { title: 'undefined' })
  await child.call('probe')
  t.same(child.state, { note: 'root/call-middle-1 undefined' })
})

t.test('another instance whose new state cannot be dehydrated: 500 LC_RENDER_FAILED, the cause logged, nothing swapped', async (t) => {
  const app = await build(t, { components: CALLS })
  app.get('/calls', (_req, reply) => reply.page('calls/page.njk'))
  const page = await liveTest(app).visit('/calls')
  const res = await page.component('root/call-middle-1/call-child-1').call('breakBrittle')
  t.equal(res.status, 500)
  t.equal(res.error?.code, 'LC_RENDER_FAILED')
  t.same(res.dirty, [])
  t.notMatch(res.body + JSON.stringify(res.headers), 'cannot serialise')
  t.same(page.component('brittle').state, { broken: false })
})
