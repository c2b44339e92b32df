/** @module test/slots — slots: named and default slot content from a page or a component, escaped in the caller's context, kept in the signed token so it survives the component's own re-render (command, push, stream frame), live components inside, and the coded errors. */
import t from 'tap'
import { liveTest } from 'fastify-livecomponents/testing'
import { build, claimsOf } from './helpers/build.js'
import { SLOTS } from './fixtures/slot-components.js'

async function slotPage (t: Parameters<typeof build>[0], opts: Parameters<typeof build>[1] = {}) {
  const app = await build(t, { components: SLOTS, ...opts })
  app.get('/slots', (_req, reply) => reply.page('slots/page.njk'))
  const page = await liveTest(app).visit('/slots')
  return { app, page }
}

t.test('first render: named slots filled in the caller\'s context and escaped; the default slot; an unfilled optional slot', async (t) => {
  const { page } = await slotPage(t)
  const card = page.component('orders-card')
  t.match(card.html, '<header><h2>Hello &lt;Ann &amp; Bob&gt;</h2> <span class="opened">opened 0</span>')
  t.match(card.html, /<div class="body"><div id="orders-card\/slot-tally-1" data-lc="tally">.*n=5.*<div id="kept" data-lc="tally">.*n=1/s)
  t.notMatch(card.html, '<footer>', 'has_slot(\'footer\') is false when the caller did not fill it')
  t.match(page.component('box').html, '<div class="box"><p class="boxed">boxed &lt;Ann &amp; Bob&gt;</p><section id="inner-card"')
  t.match(page.component('inner-card').html, '<footer><small>inner footer</small></footer>')
  t.match(page.component('panel').html, '<main>main text</main><aside>side text</aside>')
  t.equal(page.component('orders-card/slot-tally-1').state.n, 5)
  t.equal(page.component('orders-card/slot-tally-1').html.includes('data-lc-keyed'), true, 'a slot\'s component is sent with every command')
})

t.test('the card\'s own command re-renders it with the same slot content, and the components inside keep their state', async (t) => {
  const { page } = await slotPage(t)
  await page.component('orders-card/slot-tally-1').call('inc')
  await page.component('kept').call('inc')
  const res = await page.component('orders-card').call('toggle')
  t.equal(res.status, 200)
  t.same(res.dirty, ['orders-card'])
  const card = page.component('orders-card')
  t.match(card.html, 'opened 1')
  t.match(card.html, '<h2>Hello &lt;Ann &amp; Bob&gt;</h2>', 'the header as the page rendered it, without the page')
  t.equal(page.component('orders-card/slot-tally-1').state.n, 6)
  t.equal(page.component('kept').state.n, 2)
  t.match(card.html, 'n=6')
  // and they keep working after it
  await page.component('orders-card/slot-tally-1').call('inc')
  t.match(page.component('orders-card').html, 'n=7')
})

t.test('a component inside a slot is a child of the card: ParentDirty re-renders the card', async (t) => {
  const { page } = await slotPage(t)
  const res = await page.component('orders-card/slot-tally-1').call('poke')
  t.same(res.dirty, ['orders-card'])
  t.match(page.component('orders-card').html, '<h2>Hello &lt;Ann &amp; Bob&gt;</h2>')
})

t.test('a card inside another component\'s default slot survives the outer re-render with its own slots', async (t) => {
  const { page } = await slotPage(t)
  await page.component('inner-card/slot-tally-1').call('inc')
  const res = await page.component('box').call('bump')
  t.same(res.dirty, ['box'])
  t.match(page.component('box').html, 'bumps 1')
  t.match(page.component('inner-card').html, '<footer><small>inner footer</small></footer>')
  t.equal(page.component('inner-card/slot-tally-1').state.n, 10)
})

t.test('a component as the caller: its re-render fills the slots again, with its new state (reactive props reach the slot\'s component)', async (t) => {
  const { page } = await slotPage(t)
  t.match(page.component('hosted-card').html, '<h3>by first</h3>')
  await page.component('hosted-card/slot-tally-1').call('inc')
  await page.component('hosted-card').call('toggle')
  t.match(page.component('hosted-card').html, '<h3>by first</h3>', 'the card alone: the slot as its caller rendered it')
  const res = await page.component('host').call('relabel')
  t.same(res.dirty, ['host'])
  t.match(page.component('hosted-card').html, '<h3>by second</h3>')
  t.same(page.component('hosted-card/slot-tally-1').state, { n: 1, label: 'second' }, 'the label prop flowed in; its count was kept')
  t.match(page.component('hosted-card').html, 'opened 1', 'the card kept its own state')
})

t.test('a push re-renders the card with its slots', async (t) => {
  const { app, page } = await slotPage(t)
  const socket = await page.connect()
  await app.components.notify('cards')
  const frames = [await socket.next(), await socket.next(), await socket.next()].join('\n')
  t.match(frames, /id="orders-card"[^]*Hello &lt;Ann &amp; Bob&gt;[^]*id="orders-card\/slot-tally-1"/)
  t.match(frames, /id="inner-card"[^]*inner footer/)
  socket.close()
})

t.test('a streaming command\'s frames carry the slots too', async (t) => {
  const { page } = await slotPage(t)
  const socket = await page.connect()
  const res = await page.component('orders-card').call('steps')
  t.equal(res.status, 200)
  const frame = await socket.next()
  t.match(frame, /step 1[^]*<div class="body">[^]*id="orders-card\/slot-tally-1"/)
  t.match(page.component('orders-card').html, /Hello &lt;Ann[^]*step 2/)
  socket.close()
})

t.test('the slot content rides in the card\'s signed token, counted in stateMaxBytes', async (t) => {
  const { page } = await slotPage(t)
  const token = /name="__lc_state" value="([^"]+)" data-lc-for="orders-card"/.exec(page.body)![1]
  const claims = claimsOf(token) as ReturnType<typeof claimsOf> & { x?: { slots?: { s: Record<string, unknown>, c: unknown[] } } }
  t.same(Object.keys(claims.x?.slots?.s ?? {}).sort(), ['body', 'header'])
  t.same(claims.x?.slots?.c, [{ name: 'tally', id: 'orders-card/slot-tally-1', props: { start: 5 } }, { name: 'tally', id: 'kept', props: { start: 1 } }])
  t.notOk(/data-lc-for="tally/.test(page.body), 'no stray ids')
  const { app } = await slotPage(t, { stateMaxBytes: 2048 })
  await t.rejects(app.components.render('slots/big.njk', { big: 'x'.repeat(4000) }), { code: 'LC_STATE_TOO_LARGE' })
  t.ok(await app.components.render('slots/big.njk', { big: 'x'.repeat(100) }))
})

t.test('coded errors at render: unknown slot names, misplaced helpers', async (t) => {
  const { app } = await slotPage(t)
  await t.rejects(app.components.render('slots/unknown-fill.njk'), { code: 'LC_UNKNOWN_SLOT', message: /"slot-card" has no slot "sidebar" \(its slots: header, body, footer\)/ })
  await t.rejects(app.components.render('slots/default-refused.njk'), { code: 'LC_UNKNOWN_SLOT', message: /no slot "default"/ })
  await t.rejects(app.components.render('slots/fill-outside.njk'), { code: 'LC_BAD_SLOT_HELPER', message: /body of \{% call component/ })
  await t.rejects(app.components.render('slots/slot-in-page.njk'), { code: 'LC_BAD_SLOT_HELPER', message: /not in a page/ })
  await t.rejects(app.components.render('slots/fill-no-call.njk'), { code: 'LC_BAD_SLOT_HELPER', message: /\{% call fill\(name\) %\}/ })
  await t.rejects(app.components.render('slots/nested-fill.njk'), { code: 'LC_BAD_SLOT_HELPER', message: /does not nest/ })
  await t.rejects(app.components.render('slots/twice.njk'), { code: 'LC_BAD_SLOT_HELPER', message: /filled twice/ })
})
