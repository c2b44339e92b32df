/** @module test/poll — polling over HTTP: the poll attributes, the digest on the root, skip-if-unchanged, and misuse. */
import t from 'tap'
import { liveTest } from 'fastify-livecomponents/testing'
import { build } from './helpers/build.js'
import { BadPoll, BadPollCommand, POLL, pollSource } from './fixtures/poll-components.js'

async function pollPage (t: Parameters<typeof build>[0]) {
  const app = await build(t, { components: [...POLL, BadPoll, BadPollCommand] })
  app.get('/poll', (_req, reply) => reply.page('poll/page.njk'))
  pollSource.orders = 0
  pollSource.ticks = 0
  return { app, page: await liveTest(app).visit('/poll') }
}

const tagOf = (html: string): string => /^<\w+ [^>]*data-lc-tag="([^"]+)"/.exec(html)![1]

t.test('poll(1) re-renders with $refresh every second; poll(2, "tick", { visible: true }) runs a command, in view only; the roots carry a digest', async (t) => {
  const { page } = await pollPage(t)
  const orders = page.component('orders').html
  t.match(orders, /<p class="orders" data-lc-poll="1" hx-trigger="live:poll" hx-post="\/components\/orders-today\/cmd\/\$refresh" hx-target="#orders"[^>]*>0 orders today<\/p>/)
  t.notMatch(orders, /<p class="orders"[^>]*hx-disable/, 'a poll never disables its element')
  t.match(page.component('ticker').html, /data-lc-poll="2" data-lc-poll-visible hx-trigger="live:poll" hx-post="\/components\/poll-ticker\/cmd\/tick"/)
  t.match(tagOf(orders), /^[\w-]{22}$/)
})

t.test('skip-if-unchanged: a poll whose render has the digest the page sent answers nothing; a change answers the new render and digest', async (t) => {
  const { page } = await pollPage(t)
  const tag = tagOf(page.component('orders').html)
  const same = await page.component('orders').call('$refresh', { headers: { 'LC-Poll-Tag': tag } })
  t.equal(same.status, 200)
  t.equal(same.body, '')
  t.equal(same.headers['hx-reswap'], 'none')
  t.equal(tagOf(page.component('orders').html), tag, 'the page keeps what it shows')
  pollSource.orders = 4
  const changed = await page.component('orders').call('$refresh', { headers: { 'LC-Poll-Tag': tag } })
  t.match(changed.body, '4 orders today')
  t.not(tagOf(changed.body), tag)
  // without the header (not a poll) the render always comes back
  pollSource.orders = 4
  t.match((await page.component('orders').call('$refresh')).body, '4 orders today')
})

t.test('a poll that changes state, or whose result triggers an event, is never skipped', async (t) => {
  const { page } = await pollPage(t)
  const ticker = page.component('ticker')
  const tag = tagOf(ticker.html)
  t.match((await ticker.call('tick', { headers: { 'LC-Poll-Tag': tag } })).body, '<span class="n"')
  t.equal(ticker.state.n, 1)
  const loud = await ticker.call('loud', { headers: { 'LC-Poll-Tag': tagOf(ticker.html) } })
  t.not(loud.body, '', 'HX-Trigger rides with a render')
  t.match(String(loud.headers['hx-trigger']), 'ticked')
})

t.test('poll() misuse is LC_BAD_POLL at render', async (t) => {
  const { app } = await pollPage(t)
  await t.rejects(app.components.render('poll/in-page.njk'), { code: 'LC_BAD_POLL', message: /not in a page/ })
  await t.rejects(app.components.render('poll/bad-page.njk'), { code: 'LC_BAD_POLL', message: /from 0.5 to 86400, got 0.1/ })
  await t.rejects(app.components.render('poll/bad-command-page.njk'), { code: 'LC_BAD_POLL', message: /"bad-poll-command" has no command "nope"/ })
})
