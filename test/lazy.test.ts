/** @module test/lazy — lazy and deferred components over HTTP: placeholders at page render, every due placeholder loaded in one request, the checks of a command route, failures never swapped, inline mode. */
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { liveTest } from 'fastify-livecomponents/testing'
import { build, claimsOf, tokensOf } from './helpers/build.js'
import { LAZY, mounts } from './fixtures/lazy-components.js'

const STAFF = JSON.stringify({ isAuthenticated: true, isStaff: true })

async function lazyApp (t: Parameters<typeof build>[0], opts: Parameters<typeof build>[1] = {}) {
  const app = await build(t, { components: LAZY, ...opts })
  app.get('/lazy', (_req, reply) => reply.page('lazy/page.njk'))
  app.get('/broken', (_req, reply) => reply.page('lazy/broken-page.njk'))
  mounts.length = 0
  return app
}

/** The lazy tokens of a page, by component id. */
function lazyTokens (html: string): Map<string, string> {
  return new Map([...html.matchAll(/<\w+ id="([^"]+)"[^>]*data-lc-lazy-token="([^"]+)"/g)].map((m) => [m[1], m[2]]))
}

/** The coded error a response carries to the page (its live error event in HX-Trigger). */
function codeOf (res: { headers: Record<string, unknown> }): string | undefined {
  return JSON.parse(String(res.headers['hx-trigger'] ?? '{}'))['live:error']?.code
}

/** POST a lazy load the way the client does. */
async function load (app: FastifyInstance, tokens: string[], headers: Record<string, string> = {}) {
  return await app.inject({
    method: 'POST',
    url: '/components/lazy',
    payload: new URLSearchParams({ __lc_lazy: tokens.join(' ') }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'hx-request': 'true', ...headers }
  })
}

t.test('page render: placeholders (the component\'s own, or the default), with a signed lazy token; nothing mounted', async (t) => {
  const app = await lazyApp(t)
  const html = (await app.inject({ url: '/lazy', headers: { 'x-test-user': STAFF } })).body
  t.match(html, /<div id="chart" data-lc="lazy-chart" data-lc-lazy="visible" data-lc-lazy-url="\/components\/lazy" data-lc-lazy-token="z1\.[^"]+"><p class="chart-loading">Drawing the chart of 3 points…<\/p><\/div>/)
  t.match(html, /<div id="box" data-lc="lazy-box" data-lc-lazy="load"[^>]*><span class="lc-lazy" aria-busy="true">Loading…<\/span><\/div>/)
  t.match(html, /id="lazy-box-1" data-lc="lazy-box" data-lc-lazy="visible"/)
  t.notMatch(html, /name="__lc_state" value="[^"]*" data-lc-for="(chart|box|lazy-box-1|secret|child-chart)"/, 'no state: nothing was mounted')
  t.same(mounts, [])
  t.equal(lazyTokens(html).size, 5, 'chart, box, lazy-box-1, secret and the parent\'s child-chart')
})

t.test('one request loads several lazy components: each comes back as an out-of-band root, HX-Reswap: none', async (t) => {
  const app = await lazyApp(t)
  const tokens = lazyTokens((await app.inject('/lazy')).body)
  const res = await load(app, [tokens.get('chart')!, tokens.get('box')!, tokens.get('lazy-box-1')!])
  t.equal(res.statusCode, 200)
  t.equal(res.headers['hx-reswap'], 'none')
  t.match(res.body, /<div id="chart" data-lc="lazy-chart" hx-swap-oob="outerMorph"><input type="hidden" name="__lc_state"[^>]*data-lc-for="chart" data-lc-keyed><p class="chart">3 points<\/p>/)
  t.match(res.body, '<p class="box">later &lt;b&gt;</p>')
  t.match(res.body, /id="lazy-box-1"[^>]*hx-swap-oob[^]*<p class="box">auto<\/p>/)
  t.same(mounts.sort(), ['box', 'chart', 'lazy-box-1'], 'mounted once each, with their props')
  t.notMatch(res.body, 'data-lc-lazy', 'loaded roots are no placeholders')
})

t.test('a loaded component works like any other: its command, and its parent re-rendering it from its state', async (t) => {
  const app = await lazyApp(t)
  const page = await liveTest(app).visit('/lazy')
  const res = await load(app, [lazyTokens(page.body).get('child-chart')!])
  t.match(res.body, /id="child-chart"[^]*7 points/)
  t.equal(claimsOf(tokensOf(res.body).get('child-chart')!).p, 'parent', 'its parent rode in the token: its commands send the parent\'s state')
  t.match(res.body, 'data-lc-cmd="child-chart"')
  // the page as htmx would have it after the swap: re-visit is not possible, so check the parent's own re-render
  const parent = await page.component('parent').call('bump')
  t.match(parent.body, /id="child-chart"[^>]*data-lc-lazy="visible"/, 'not sent with the command (still a placeholder on this page): a placeholder again')
})

t.test('bad loads are 4xx and render nothing: no tokens, too many, a forged token, a token of another kind, an expired one, another session', async (t) => {
  let now = Date.now()
  const app = await lazyApp(t, { now: () => now, session: (req) => req.headers['x-sid'] as string | undefined })
  const html = (await app.inject({ url: '/lazy', headers: { 'x-sid': 'one' } })).body
  const chart = lazyTokens(html).get('chart')!
  t.equal((await load(app, [])).statusCode, 400)
  t.equal(codeOf(await load(app, Array.from({ length: 51 }, (_, i) => `${chart}${i}`))), 'LC_BAD_ARGUMENTS')
  t.equal(codeOf(await load(app, [chart.slice(0, -2) + 'AA'], { 'x-sid': 'one' })), 'LC_BAD_TOKEN')
  const state = /name="__lc_state" value="([^"]+)"/.exec(html)![1]
  t.equal(codeOf(await load(app, [state], { 'x-sid': 'one' })), 'LC_BAD_TOKEN', 'a state token is not a lazy token')
  t.equal((await load(app, [chart], { 'x-sid': 'two' })).statusCode, 410, 'another session: LC_SESSION_CHANGED')
  t.equal((await load(app, [chart], { 'x-sid': 'one' })).statusCode, 200)
  now += 86401 * 1000
  const expired = await load(app, [chart], { 'x-sid': 'one' })
  t.equal(expired.statusCode, 410)
  t.equal(codeOf(expired), 'LC_EXPIRED_TOKEN')
  t.same(mounts, ['chart'])
})

t.test('a cross-site load is refused before anything renders (the command routes\' checks)', async (t) => {
  const app = await lazyApp(t)
  const chart = lazyTokens((await app.inject('/lazy')).body).get('chart')!
  const res = await load(app, [chart], { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' })
  t.equal(res.statusCode, 403)
  t.equal(codeOf(res), 'LC_CROSS_SITE')
  t.same(mounts, [])
})

t.test('permissions: refused at page render (no placeholder, no token); checked again when a token is loaded by someone else', async (t) => {
  const app = await lazyApp(t)
  const anonymous = (await app.inject('/lazy')).body
  t.match(anonymous, 'id="secret" data-lc="lazy-secret" data-lc-denied="401"')
  t.notOk(lazyTokens(anonymous).has('secret'))
  const staffToken = lazyTokens((await app.inject({ url: '/lazy', headers: { 'x-test-user': STAFF } })).body).get('secret')!
  const res = await load(app, [staffToken])
  t.equal(res.statusCode, 200)
  t.match(res.body, 'id="secret" data-lc="lazy-secret" hx-swap-oob="outerMorph" data-lc-denied="401"')
  t.notMatch(res.body, 'secret</p>')
})

t.test('a load whose render fails: 500 LC_RENDER_FAILED, never swapped, no exception message', async (t) => {
  const app = await lazyApp(t)
  const res = await load(app, [lazyTokens((await app.inject('/broken')).body).get('broken')!])
  t.equal(res.statusCode, 500)
  t.equal(codeOf(res), 'LC_RENDER_FAILED')
  t.equal(res.headers['hx-reswap'], 'none')
  t.notMatch(res.body, 'database')
})

t.test('lazy: "inline" renders lazy components at once (tests); a bad lazy option is LC_BAD_LAZY at render', async (t) => {
  const app = await lazyApp(t, { lazy: 'inline' })
  const html = (await app.inject('/lazy')).body
  t.match(html, '<p class="chart">3 points</p>')
  t.equal(lazyTokens(html).size, 0)
  await t.rejects(app.components.render('lazy/bad-option.njk'), { code: 'LC_BAD_LAZY', message: /lazy must be true, "visible" or "load", got "soon"/ })
})

t.test('two different lazy tokens for one id in one load: 400, nothing rendered', async (t) => {
  let now = Date.now()
  const app = await lazyApp(t, { now: () => now })
  const first = lazyTokens((await app.inject('/lazy')).body).get('chart')!
  now += 5000
  const second = lazyTokens((await app.inject('/lazy')).body).get('chart')!
  t.not(first, second)
  const res = await load(app, [first, second])
  t.equal(res.statusCode, 400)
  t.equal(codeOf(res), 'LC_BAD_ARGUMENTS')
  t.same(mounts, [], 'refused before anything mounted')
  t.equal((await load(app, [first, first])).statusCode, 200, 'the same token twice is one load')
})
