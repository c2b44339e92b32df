/** @module test/url — URL-bound state over HTTP: read from the URL on first render (validated), written back with HX-Replace-Url or HX-Push-Url by the commands that change it. */
import t from 'tap'
import { LiveComponent } from 'fastify-livecomponents'
import { liveTest } from 'fastify-livecomponents/testing'
import { build } from './helpers/build.js'
import { URL_COMPONENTS } from './fixtures/url-components.js'

async function urlPage (t: Parameters<typeof build>[0], query: string) {
  const app = await build(t, { components: URL_COMPONENTS })
  app.get('/url', (_req, reply) => reply.page('url/page.njk'))
  return { app, page: await liveTest(app).visit('/url' + query) }
}

const CURRENT = 'http://localhost/url?q=milk&p=3&other=1#top'

t.test('first render reads the bound keys from the URL: coerced and validated; a bad value is ignored', async (t) => {
  const { page } = await urlPage(t, '?q=milk+%26+eggs&p=3')
  t.same(page.component('search').state, { q: 'milk & eggs', page: 3, note: '' })
  t.match(page.component('search').html, /^<div id="search" data-lc="url-search" data-lc-url="">/)
  for (const bad of ['?p=abc', '?p=0', '?p=100', '?p=1.5']) {
    const { page } = await urlPage(t, bad)
    t.equal(page.component('search').state.page, 1, `${bad} is ignored`)
  }
})

t.test('a command that changes a bound key writes the URL back: push for `page` (history: push), replace for `q`; other parameters and the hash kept', async (t) => {
  const { page } = await urlPage(t, '?q=milk&p=3')
  const search = page.component('search')
  const next = await search.call('next', { headers: { 'hx-current-url': CURRENT } })
  t.equal(next.headers['hx-push-url'], '/url?q=milk&p=4&other=1#top')
  t.equal(next.headers['hx-replace-url'], undefined)
  const q = await search.call('search', { fields: { q: '' }, headers: { 'hx-current-url': 'http://localhost/url?q=milk&p=4' } })
  t.equal(q.headers['hx-replace-url'], '/url?p=4', 'an empty value removes its parameter')
  const note = await search.call('annotate', { headers: { 'hx-current-url': CURRENT } })
  t.equal(note.headers['hx-replace-url'], undefined, 'nothing bound changed: the URL stays')
  t.equal(note.headers['hx-push-url'], undefined)
  t.equal((await search.call('next')).headers['hx-push-url'], undefined, 'without HX-Current-URL nothing is written')
  for (let i = 0; i < 6; i++) await search.call('prev')
  t.equal(search.state.page, 1)
  await search.call('next')
  const except = await search.call('prev', { headers: { 'hx-current-url': 'http://localhost/url?p=2&x=1' } })
  t.equal(except.headers['hx-push-url'], '/url?x=1', 'page 1 is the `except` value: no parameter')
})

t.test('a lazy component mounts from the page\'s URL (HX-Current-URL of its load)', async (t) => {
  const { app, page } = await urlPage(t, '?p=7')
  const token = /id="later"[^>]*data-lc-lazy-token="([^"]+)"/.exec(page.body)![1]
  const res = await app.inject({
    method: 'POST',
    url: '/components/lazy',
    payload: new URLSearchParams({ __lc_lazy: token }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'hx-request': 'true', 'hx-current-url': 'http://localhost/url?q=tea&p=5' }
  })
  t.match(res.body, 'q=tea page=5')
})

t.test('static url must be state keys with valid parameters', async (t) => {
  for (const url of [[], 'q', [{ key: 'q', as: 'a b' }], [{ key: 'q', history: 'sideways' }], ['items.*'], ['q', { key: 'page', as: 'q' }], [42]]) {
    class Bad extends LiveComponent<{}> {
      static override componentName = 'bad-url'
      static template = 'url/search.njk'
      static url = url as never
      mount () { return {} }
    }
    await t.rejects(build(t, { components: [Bad] }), { code: 'LC_INVALID_COMPONENT', message: /static url/ }, JSON.stringify(url))
  }
})

t.test('lists are repeated parameters; an object is not written; a bad HX-Current-URL writes nothing', async (t) => {
  const app = await build(t, { components: URL_COMPONENTS })
  app.get('/tags', (_req, reply) => reply.page('url/tags-page.njk'))
  const page = await liveTest(app).visit('/tags?tags=a&tags=b&meta=x')
  const tags = page.component('tags')
  t.same(tags.state, { tags: ['a', 'b'], meta: { n: 0 } }, 'a list from repeated parameters; the object stays as mounted')
  const add = await tags.call('add', { headers: { 'hx-current-url': 'http://localhost/tags?tags=a&tags=b&x=1' } })
  t.equal(add.headers['hx-replace-url'], '/tags?x=1&tags=a&tags=b&tags=t3')
  const touch = await tags.call('touch', { headers: { 'hx-current-url': 'http://localhost/tags?x=1' } })
  t.equal(touch.headers['hx-replace-url'], '/tags?x=1&tags=a&tags=b&tags=t3', 'the object is left out')
  t.equal((await tags.call('add', { headers: { 'hx-current-url': 'not a url' } })).headers['hx-replace-url'], undefined)
})
