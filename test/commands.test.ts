/** @module test/commands — command routes, through the test kit where a page drives them and `post()` where a test forges or replays tokens: each execution result, out-of-band swaps, arguments, rotation. */
import t from 'tap'
import { Counter } from './fixtures/components.js'
import { liveTest } from 'fastify-livecomponents/testing'
import { TriggerEvent } from 'fastify-livecomponents'
import { build, claimsOf, loadPage, post, tokensOf } from './helpers/build.js'

t.test('a command re-renders its component as the main swap, with a new signed state', async (t) => {
  const app = await build(t)
  const top = (await liveTest(app).visit('/')).component('top')
  const res = await top.call('inc', { args: [5] })
  t.equal(res.status, 200)
  t.match(res.headers['content-type'], /text\/html/)
  t.notOk(res.headers['hx-reswap'], 'main swap happens')
  t.match(res.body, /^<div id="top" data-lc="counter">/)
  t.match(res.body, '<span class="count">5</span>')
  t.notMatch(res.body, 'hx-swap-oob', 'nothing else was dirty')
  t.same(res.dirty, ['top'])
  const next = tokensOf(res.body).get('top')!
  t.same(claimsOf(next).s, { count: 5, label: 'top' })
  t.same(top.state, { count: 5, label: 'top' }, 'the page holds the new state')
  t.equal(claimsOf(next).k, 1, 'still keyed after a re-render')
  const again = await top.call('inc', { args: [1] })
  t.match(again.body, '<span class="count">6</span>', 'the new state round-trips')
  top.assertSee('6')
})

t.test('a nested child re-rendered on its own keeps its parent link and full ancestor lineage', async (t) => {
  const app = await build(t)
  const { tokens } = await loadPage(app)
  const res = await post(app, { component: 'counter', command: 'inc', path: ['1'], id: 'row:1/counter-1', tokens: tokens.values() })
  t.match(res.body, /^<div id="row:1\/counter-1" data-lc="counter">/)
  t.match(res.body, 'data-lc-cmd="row:1/counter-1"', 'its controls name it: the client sends its own and its ancestors\' state (client/include)')
  const next = new Map(tokens)
  next.set('row:1/counter-1', tokensOf(res.body).get('row:1/counter-1')!)
  t.equal(claimsOf(next.get('row:1/counter-1')!).p, 'row:1')
  const parent = await post(app, { component: 'counter', command: 'parent', id: 'row:1/counter-1', tokens: next.values() })
  t.match(parent.body, /^<li id="row:1" data-lc="row" hx-swap-oob="outerMorph">/, 'a later ParentDirty still reaches the parent')
  t.equal(claimsOf(tokensOf(parent.body).get('row:1/counter-1')!).s.count, 101, 'with the child state from both commands')
})

t.test('async commands are awaited', async (t) => {
  const app = await build(t)
  const page = await liveTest(app).visit('/')
  const res = await page.component('counter-1').call('asyncInc')
  t.equal(res.status, 200)
  t.match(res.body, '<span class="count">10</span>')
})

t.test('ComponentClean: 200, empty body, HX-Reswap none, nothing swapped away', async (t) => {
  const app = await build(t)
  const page = await liveTest(app).visit('/')
  const res = await page.component('top').call('clean')
  t.equal(res.status, 200)
  t.equal(res.body, '')
  t.equal(res.headers['hx-reswap'], 'none')
})

t.test('ComponentDirty(id): a sibling comes back as an out-of-band swap in the same response', async (t) => {
  const app = await build(t)
  const page = await liveTest(app).visit('/')
  const res = await page.component('top').call('dirtyOther', { args: ['panel'] })
  t.equal(res.status, 200)
  t.notOk(res.headers['hx-reswap'])
  t.match(res.body, /^<div id="top" data-lc="counter">/, 'the invoking component is the main swap')
  t.match(res.body, '<section id="panel" data-lc="panel" hx-swap-oob="outerMorph">', 'the sibling is out-of-band')
  t.match(res.body, '<div id="panel/counter-1" data-lc="counter">', 'its children come along, not out-of-band themselves')
  t.equal(res.body.match(/hx-swap-oob/g)!.length, 1)
})

t.test('ComponentDirty(id) alone: HX-Reswap none and only the out-of-band swap', async (t) => {
  const app = await build(t)
  const page = await liveTest(app).visit('/')
  const res = await page.component('top').call('onlyOther', { args: ['list'] })
  t.equal(res.headers['hx-reswap'], 'none')
  t.match(res.body, /^<div id="list" data-lc="list" hx-swap-oob="outerMorph">/)
  t.notMatch(res.body, 'id="top"')
})

t.test('ParentDirty: the parent re-renders out-of-band, the child inside it keeps its new state', async (t) => {
  const app = await build(t)
  const page = await liveTest(app).visit('/')
  const res = await page.component('panel/counter-1').call('parent')
  t.equal(res.status, 200)
  t.equal(res.headers['hx-reswap'], 'none', 'the child is inside the parent, so there is no main swap')
  t.match(res.body, /^<section id="panel" data-lc="panel" hx-swap-oob="outerMorph">/)
  const inner = tokensOf(res.body)
  t.equal(claimsOf(inner.get('panel/counter-1')!).s.count, 100, 'the invoking child shows its new state')
  t.equal(claimsOf(inner.get('panel/counter-2')!).s.count, 0, 'its sibling is rendered from the props again')
  t.equal(claimsOf(inner.get('panel/counter-1')!).p, 'panel', 'the parent link survives the re-render')
})

t.test('several dirty components: de-duplicated by the real parent chain, deterministic order', async (t) => {
  const app = await build(t)
  const { tokens } = await loadPage(app)
  const res = await post(app, { component: 'row', command: 'hit', path: ['row:1', 'row:1%2Fcounter-1'], id: 'row:10', tokens: tokens.values() })
  t.equal(res.statusCode, 200)
  const ids = [...res.body.matchAll(/<(?:li|div|section) id="([^"]+)" data-lc="[^"]+"( hx-swap-oob="outerMorph")?/g)].map((m) => `${m[1]}${m[2] ? ' oob' : ''}`)
  t.same(ids, ['row:10', 'row:1 oob', 'row:1/counter-1'], 'row:10 main, row:1 out-of-band with its child inside, not twice')
  const again = await post(app, { component: 'row', command: 'hit', path: ['row:1', 'row:1%2Fcounter-1'], id: 'row:10', tokens: tokens.values() })
  t.equal(again.body.replace(/value="[^"]+"/g, '').replace('10/2', '10/1'), res.body.replace(/value="[^"]+"/g, ''), 'same request, same output')
  t.match(again.body, '<b class="n">10/2</b>', 'a replay of the old state runs on the state the first command left: no lost update')
})

t.test('a dirty component that was not sent is skipped with a warning', async (t) => {
  const app = await build(t)
  const page = await liveTest(app).visit('/')
  const res = await page.component('top').call('dirtyOther', { args: ['ghost'] })
  t.equal(res.status, 200)
  t.notMatch(res.body, 'ghost')
  t.ok(app.logs.some((l) => l.level === 40 && l.id === 'ghost'), 'warning logged')
})

t.test('RedirectPage: HX-Redirect with an empty body', async (t) => {
  const app = await build(t)
  const page = await liveTest(app).visit('/')
  const res = await page.component('top').call('redirect')
  t.equal(res.status, 200)
  t.equal(res.headers['hx-redirect'], '/dashboard')
  t.equal(res.body, '')
})

t.test('RefreshPage: HX-Refresh true with an empty body', async (t) => {
  const app = await build(t)
  const page = await liveTest(app).visit('/')
  const res = await page.component('top').call('refresh')
  t.equal(res.headers['hx-refresh'], 'true')
  t.equal(res.body, '')
})

t.test('ReplaceUrl: HX-Replace-Url, and the component re-renders', async (t) => {
  const app = await build(t)
  const page = await liveTest(app).visit('/')
  const res = await page.component('top').call('replace', { args: ['red shoes'] })
  t.equal(res.headers['hx-replace-url'], '/search?q=red%20shoes')
  t.match(res.body, '<span class="label">red shoes</span>')
})

t.test('PushUrl: HX-Push-Url; TriggerEvent: HX-Trigger JSON; a list combines them', async (t) => {
  const app = await build(t)
  const page = await liveTest(app).visit('/')
  const push = await page.component('top').call('push')
  t.equal(push.headers['hx-push-url'], '/page/2')
  t.equal(push.body, '')
  const trig = await page.component('top').call('trigger')
  t.same(JSON.parse(String(trig.headers['hx-trigger'])), { toast: { message: 'hi' }, ping: null })
  const mixed = await page.component('top').call('mixed')
  t.equal(mixed.headers['hx-replace-url'], '/x')
  t.same(JSON.parse(String(mixed.headers['hx-trigger'])), { done: 1 })
  t.match(mixed.body, '<span class="count">5</span>')
})

t.test('positional arguments from path segments, named ones from form fields', async (t) => {
  const app = await build(t)
  const page = await liveTest(app).visit('/')
  const res = await page.component('top').call('echo', { args: ['2', 'x y', 'true', '007', '-1.5', '👍'], fields: { q: 'shoes', tag: ['a', 'b'] } })
  t.equal(res.status, 200)
  const label = JSON.parse(claimsOf(tokensOf(res.body).get('top')!).s.label)
  t.same(label.args, [2, 'x y', true, '007', -1.5, '👍'])
  t.same(label.named, { q: 'shoes', tag: ['a', 'b'] }, 'repeated keys arrive as arrays; plugin fields are not named args')
})

t.test('key rotation across apps: a page signed with the old secret works after rotation', async (t) => {
  const oldApp = await build(t, { secrets: ['old-secret-old-secret-old-secret-!!'] })
  const { tokens } = await loadPage(oldApp)
  const rotated = await build(t, { secrets: ['new-secret-new-secret-new-secret-!!', 'old-secret-old-secret-old-secret-!!'] })
  const res = await post(rotated, { component: 'counter', command: 'inc', path: ['1'], id: 'top', tokens: tokens.values() })
  t.equal(res.statusCode, 200)
  const retired = await build(t, { secrets: ['new-secret-new-secret-new-secret-!!'] })
  const refused = await post(retired, { component: 'counter', command: 'inc', path: ['1'], id: 'top', tokens: tokens.values() })
  t.equal(refused.statusCode, 400)
})

t.test('without secrets a random one is generated, with a warning', async (t) => {
  const app = await build(t, { secrets: undefined })
  const { tokens } = await loadPage(app)
  t.ok(app.logs.some((l) => l.level === 40 && /no `secrets` option/.test(l.msg)))
  const res = await post(app, { component: 'counter', command: 'inc', path: ['1'], id: 'top', tokens: tokens.values() })
  t.equal(res.statusCode, 200)
})

t.test('the default mode keeps nothing on the server: a second app with the same secret serves the page', async (t) => {
  const a = await build(t)
  const b = await build(t)
  const { tokens } = await loadPage(a)
  const res = await post(b, { component: 'counter', command: 'dirtyOther', path: ['panel'], id: 'top', tokens: tokens.values() })
  t.equal(res.statusCode, 200)
  t.match(res.body, 'hx-swap-oob')
  t.equal(Counter.calls.length, 0, 'dirtyOther does not record; inc/echo would')
})

t.test('header values outside ASCII are escaped, not a 500: JSON as \\u escapes, URLs percent-encoded', async (t) => {
  const app = await build(t)
  app.get('/unicode', (_req, reply) => reply.page('unicode-page.njk'))
  const u = (await liveTest(app).visit('/unicode')).component('u')
  const toast = await u.call('toast')
  t.equal(toast.status, 200)
  t.same(JSON.parse(String(toast.headers['hx-trigger'])), { toast: { message: 'Added €45 — café ☕ 👍' } }, 'htmx decodes the same text')
  t.ok(toast.results.some((r) => r instanceof TriggerEvent && r.name === 'toast' && (r.detail as { message: string }).message === 'Added €45 — café ☕ 👍'), 'the kit reads it back as the TriggerEvent it was')
  const go = await u.call('go')
  t.equal(go.status, 200)
  t.equal(go.headers['hx-redirect'], '/search?q=caf%C3%A9%20%E2%98%95&x=%41%0D%0ASet-Cookie:%20a=b', 'non-ASCII and control characters encoded, existing escapes kept')
  t.notOk(go.headers['set-cookie'], 'no header injection')
  const rep = await u.call('replace')
  t.equal(rep.headers['hx-replace-url'], '/search?q=na%C3%AFve')
  t.equal(rep.headers['hx-push-url'], '/p/%C3%BC')
})
