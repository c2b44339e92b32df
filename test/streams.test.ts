/** @module test/streams — streams over HTTP: the first render writes the items, later renders an empty preserved container, and each operation is one small out-of-band fragment; no item is ever in the state. */
import t from 'tap'
import { LiveComponent } from 'fastify-livecomponents'
import { liveTest } from 'fastify-livecomponents/testing'
import { build, claimsOf } from './helpers/build.js'
import { STREAMS } from './fixtures/stream-components.js'

async function feedPage (t: Parameters<typeof build>[0]) {
  const app = await build(t, { components: STREAMS })
  app.get('/feed', (_req, reply) => reply.page('streams/page.njk'))
  return { app, page: await liveTest(app).visit('/feed') }
}

t.test('first render: the container with its items; the state holds no item', async (t) => {
  const { page } = await feedPage(t)
  const html = page.component('feed').html
  t.match(html, '<ul id="feed-events" data-lc-stream="events" data-lc-stream-limit="5" hx-preserve><li id="feed-events-3"><span class="text">event 3</span></li><li id="feed-events-2">')
  const token = /name="__lc_state" value="([^"]+)" data-lc-for="feed"/.exec(html)![1]
  t.same(claimsOf(token).s, { newest: 3, oldest: 1, renders: 0 }, 'no item in the signed state')
  t.equal((claimsOf(token) as { x?: unknown }).x, undefined, 'nor anything else kept with the token')
})

t.test('operations: each one an <hx-partial> aimed at the container or the item; a re-render writes the container empty (htmx keeps the page\'s)', async (t) => {
  const { page } = await feedPage(t)
  const feed = page.component('feed')
  const newer = await feed.call('newer')
  t.match(newer.body, '<hx-partial hx-target="#feed-events" hx-swap="afterbegin"><li id="feed-events-4"><span class="text">event 4</span></li></hx-partial>')
  t.match(newer.body, '<ul id="feed-events" data-lc-stream="events" data-lc-stream-limit="5" hx-preserve></ul>', 'the component re-renders with its container empty')
  t.notMatch(newer.body, 'event 3', 'items already in the page are not sent again')
  const older = await feed.call('older', { args: [2] })
  t.match(older.body, '<hx-partial hx-target="#feed-events" hx-swap="beforeend"><li id="feed-events-0"><span class="text">event 0</span></li><li id="feed-events--1">')
  t.match((await feed.call('edit', { args: [2] })).body, '<hx-partial hx-target="#feed-events-2" hx-swap="outerHTML"><li id="feed-events-2"><span class="text">event 2 (edited)</span></li></hx-partial>')
  t.match((await feed.call('remove', { args: [3] })).body, '<hx-partial hx-target="#feed-events-3" hx-swap="delete"></hx-partial>')
  t.match((await feed.call('clear')).body, '<hx-partial hx-target="#feed-events" hx-swap="innerHTML"><li id="feed-events-100"><span class="text">fresh start</span></li></hx-partial>')
  t.same(feed.state, { newest: 4, oldest: -1, renders: 0 })
})

t.test('a stream costs no state bytes: the token is the same size with 3 items or after 20 more items', async (t) => {
  const { page } = await feedPage(t)
  const feed = page.component('feed')
  const size = (html: string): number => /name="__lc_state" value="([^"]+)" data-lc-for="feed"/.exec(html)![1].length
  const before = size(feed.html)
  for (let i = 0; i < 20; i++) await feed.call('newer')
  t.ok(size((await feed.call('touch')).body) - before < 16, 'only the counters grew')
})

t.test('misuse: an item without a key, a bad key to delete, an unknown stream, stream() in a page or with items that are no list, bad declarations', async (t) => {
  const { app, page } = await feedPage(t)
  for (const command of ['wrong', 'badDelete', 'unknown']) {
    const res = await page.component('feed').call(command)
    t.equal(res.status, 500, command)
    t.equal(res.error?.code, 'LC_BAD_STREAM', command)
  }
  t.match((await page.component('feed').call('emptied')).body, '<hx-partial hx-target="#feed-events" hx-swap="innerHTML"></hx-partial>', 'reset() with nothing empties it')
  await t.rejects(app.components.render('streams/in-page.njk'), { code: 'LC_BAD_STREAM', message: /belongs in a component template/ })
  await t.rejects(app.components.render('streams/bad-page.njk', { which: 'unknown' }), { code: 'LC_BAD_STREAM', message: /no stream "nope"/ })
  await t.rejects(app.components.render('streams/bad-page.njk', { which: 'list' }), { code: 'LC_BAD_STREAM', message: /items must be a list/ })
  for (const streams of [{ events: { template: 'x.njk' } }, { events: { key: 'id', template: 'x.njk', limit: 0 } }, { 'bad name': { key: 'id', template: 'x.njk' } }, { events: { key: 'id', template: 'x.njk', tag: 'L I' } }]) {
    class Bad extends LiveComponent<{}> {
      static override componentName = 'bad-stream'
      static template = 'streams/feed.njk'
      static streams = streams as never
      mount () { return {} }
    }
    await t.rejects(build(t, { components: [Bad] }), { code: 'LC_INVALID_COMPONENT', message: /static streams/ }, JSON.stringify(streams))
  }
})
