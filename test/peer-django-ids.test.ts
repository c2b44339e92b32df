/** @module test/peer-django-ids — django-livecomponents' tests/test_types.py, test_utils.py and test_templatetags.py (component ids and ancestry) and tests/test_rerender.py (a command's re-render outside the page), ported. */
import t from 'tap'
import { liveTest, type LiveHandle } from 'fastify-livecomponents/testing'
import { build } from './helpers/build.js'
import { PEER, peerPages } from './fixtures/peer-components.js'

async function pageOf (t: Parameters<typeof build>[0], url: string) {
  const app = await build(t, { components: PEER })
  peerPages(app)
  return { app, page: await liveTest(app).visit(url) }
}

/** foo > bar-1 > baz-1: what `ancestor` finds from the deepest one, by component name. */
async function ancestorOf (baz: LiveHandle, name: string): Promise<string> {
  const res = await baz.call('ancestor', { fields: { name } })
  if (res.status !== 200) throw new Error(`ancestor(${name}): ${res.status}`)
  return baz.state.found
}

t.test('test_types.py::test_state_address_find_ancestor_returns_ancestor — the nearest ancestor of that name, up the real parent chain', async (t) => {
  const { page } = await pageOf(t, '/tree')
  const baz = page.component('foo/bar-1/baz-1')
  t.equal(await ancestorOf(baz, 'foo'), 'foo', 'two levels up, past the parent')
  t.equal(await ancestorOf(baz, 'bar'), 'foo/bar-1')
})

t.test('test_types.py::test_state_address_find_ancestor_returns_none — no ancestor of that name: undefined', async (t) => {
  const { page } = await pageOf(t, '/tree')
  const baz = page.component('foo/bar-1/baz-1')
  t.equal(await ancestorOf(baz, 'qux'), 'none', 'a name nobody has')
  t.equal(await ancestorOf(baz, 'echo'), 'none', 'a registered component that is not an ancestor')
})

t.test('test_types.py::test_state_address_must_find_ancestor_raises_value_error — no must_find_ancestor: a command that requires one and throws is 500 LC_COMMAND_FAILED, nothing saved', async (t) => {
  const { app, page } = await pageOf(t, '/tree')
  const baz = page.component('foo/bar-1/baz-1')
  const found = await baz.call('mustAncestor', { fields: { name: 'foo' } })
  t.equal(found.status, 200)
  t.equal(baz.state.found, 'foo')
  const res = await baz.call('mustAncestor', { fields: { name: 'qux' } })
  t.equal(res.status, 500)
  t.match(res.error, { code: 'LC_COMMAND_FAILED' })
  t.equal(res.headers['hx-reswap'], 'none')
  t.notMatch(res.body + JSON.stringify(res.headers), 'no ancestor named', 'the cause is logged, never shown')
  t.ok(app.logs.some((l) => /no ancestor named qux/.test(String(l.err?.message))))
  t.equal(baz.state.found, 'foo')
})

t.test('test_types.py::test_component_id_concatenation — a child without an id gets <parent id>/<name>-<n>', async (t) => {
  const { page } = await pageOf(t, '/tree')
  t.ok(page.component('foo/bar-1'))
  t.ok(page.component('foo/bar-1/baz-1'))
  t.equal(page.component('foo/bar-1/baz-1').name, 'baz')
})

t.test('test_types.py::test_component_id_concatenation_with_own_id — an explicit id is used as it is, not under the parent\'s (the peer nests own_id)', async (t) => {
  const { page } = await pageOf(t, '/tree')
  t.equal(page.component('own-bar').name, 'bar')
  t.throws(() => page.component('foo/own-bar'), /no component/)
  t.ok(page.component('own-bar/baz-1'), 'its own children are under it')
})

t.test('test_types.py::test_state_address_concatentation — the number counts the parent\'s children of that kind; each parent starts again', async (t) => {
  const { page } = await pageOf(t, '/tree')
  t.same(page.components('bar').map((c) => c.id), ['foo/bar-1', 'foo/bar-2', 'own-bar'])
  t.same(page.components('baz').map((c) => c.id), ['foo/bar-1/baz-1', 'foo/bar-2/baz-1', 'own-bar/baz-1'])
})

t.test('test_types.py::test_state_address_get_parent — the parent is the component whose template rendered it', async (t) => {
  const { page } = await pageOf(t, '/tree')
  const baz = page.component('foo/bar-2/baz-1')
  await baz.call('lineage')
  t.match(JSON.parse(baz.state.found), { parentId: 'foo/bar-2', parent: 'foo/bar-2', grandparent: 'foo' })
})

t.test('test_utils.py::test_live_components_path — name, parent, and the top-level ancestor whose parent is none', async (t) => {
  const { page } = await pageOf(t, '/tree')
  const baz = page.component('foo/bar-1/baz-1')
  await baz.call('lineage')
  t.same(JSON.parse(baz.state.found), { name: 'baz', id: 'foo/bar-1/baz-1', parentId: 'foo/bar-1', parent: 'foo/bar-1', grandparent: 'foo', top: 'foo', aboveTop: null })
})

t.test('test_utils.py::test_get_ancestor_id — bar, foo, a missing name and the empty name', async (t) => {
  const { page } = await pageOf(t, '/tree')
  const baz = page.component('foo/bar-1/baz-1')
  for (const [name, expected] of [['bar', 'foo/bar-1'], ['foo', 'foo'], ['spam', 'none'], ['', 'none']]) {
    t.equal(await ancestorOf(baz, name), expected, JSON.stringify(name))
  }
})

t.test('test_templatetags.py::test_component_id — no id-building tag: a nested id is composed by the plugin, and controls address it escaped', async (t) => {
  const { page } = await pageOf(t, '/tree')
  const baz = page.component('foo/bar-1/baz-1')
  t.match(baz.html, /hx-target="#foo&#92;\/bar-1&#92;\/baz-1"/, 'the composed id, CSS-escaped in the selector (#foo\\/bar-1\\/baz-1)')
  t.match(baz.html, 'data-lc-cmd="foo/bar-1/baz-1"', 'its controls name it: the client sends it as __lc_id')
  t.equal((await baz.call('lineage')).status, 200)
})

t.test('test_rerender.py::test_rerender_resolves_kwargs_against_restored_context — what the first render got from a page variable, the command\'s re-render still shows', async (t) => {
  const { page } = await pageOf(t, '/rerender')
  const echo = page.component('e')
  echo.assertSee('[ACME]')
  const res = await echo.call('noop')
  t.same(res.dirty, ['e'])
  t.match(res.body, '<span class="label">[ACME]</span>', 'kept in state: the page variable is not there on a command')
})

t.test('test_rerender.py::test_isolated_context_rendering — a component template sees only its own variables; nested components and cmd() work there', async (t) => {
  const { page } = await pageOf(t, '/rerender')
  const parent = page.component('p')
  t.match(page.component('p/iso-child-1').text, 'CHILD')
  t.match(parent.html, 'hx-post="/components/iso-parent/cmd/noop"')
  t.match(parent.html, '<span class="leak"></span>', 'the page\'s variables do not reach it (always isolated, the peer\'s `only`)')
  const res = await parent.call('noop')
  t.equal(res.status, 200)
  t.match(res.body, '<span class="child">CHILD</span>')
  t.match(res.body, 'hx-post="/components/iso-parent/cmd/noop"')
})

t.test('test_rerender.py::test_isolated_rerender_with_nested_save_context — a variable of the parent\'s context(), passed to a nested component, survives the parent\'s re-render', async (t) => {
  const { page } = await pageOf(t, '/rerender')
  page.component('g/echo-1').assertSee('[HELLO]')
  const res = await page.component('g').call('noop')
  t.equal(res.status, 200)
  t.match(res.body, '<span class="label">[HELLO]</span>', 'the child, not sent, mounted again from the props context() gave')
  page.component('g/echo-1').assertSee('[HELLO]')
})
