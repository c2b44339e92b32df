/** @module test/client/subscriptions — which subscriptions the page sends over the WebSocket, with which state tokens, and when. */
import t, { type Test } from 'tap'
import { current, Subscriber } from '../../lib/client/subscriptions.js'
import { page } from './page.js'

const tick = async (): Promise<void> => await new Promise((resolve) => setTimeout(resolve, 5))
const state = (mac: string): string => `<input type="hidden" name="__lc_state" value="v1.payload.${mac}">`

// page > (list: subscribed) > row:1 (subscribed) > badge (subscribed); and a separate cart
const PAGE = `
<main id="page" data-lc="page">${state('PAGE')}
  <div id="list" data-lc="list" data-lc-sub="s1.list">${state('LIST')}
    <div id="row:1" data-lc="row" data-lc-sub="s1.row1">${state('ROW1')}
      <span id="row:1/badge" data-lc="badge" data-lc-sub="s1.badge">${state('BADGE')}</span>
    </div>
  </div>
</main>
<aside id="cart" data-lc="cart" data-lc-sub="s1.cart">${state('CART')}</aside>`

t.test('current(): each subscribed root, with its own, its descendants\' and its ancestors\' state tokens', async (t) => {
  const doc = page(t, PAGE).document
  const subs = current(doc)
  t.same([...subs.keys()], ['list', 'row:1', 'row:1/badge', 'cart'], 'every root with a subscription token, in page order; the unsubscribed page is not one')
  t.same(subs.get('list'), { sub: 's1.list', state: ['v1.payload.LIST', 'v1.payload.ROW1', 'v1.payload.BADGE', 'v1.payload.PAGE'] })
  t.same(subs.get('row:1'), { sub: 's1.row1', state: ['v1.payload.ROW1', 'v1.payload.BADGE', 'v1.payload.LIST', 'v1.payload.PAGE'] })
  t.same(subs.get('row:1/badge'), { sub: 's1.badge', state: ['v1.payload.BADGE', 'v1.payload.ROW1', 'v1.payload.LIST', 'v1.payload.PAGE'] })
  t.same(subs.get('cart'), { sub: 's1.cart', state: ['v1.payload.CART'] })
})

t.test('current() on a page without subscriptions is empty', async (t) => {
  t.same([...current(page(t, `<div id="a" data-lc="a">${state('A')}</div>`).document).keys()], [])
})

/** A subscriber on PAGE whose socket records what it sends. */
function connected (t: Test, html = PAGE) {
  const doc = page(t, html).document
  const sent: unknown[] = []
  const subscriber = new Subscriber(doc)
  subscriber.opened((text) => sent.push(JSON.parse(text)))
  return { doc, sent, subscriber }
}

t.test('once the socket opens, every root is subscribed in one message; nothing is re-sent unchanged', async (t) => {
  const { sent, subscriber } = connected(t)
  t.same(sent, [], 'sent on the next tick, not synchronously')
  await tick()
  t.equal(sent.length, 1)
  t.same((sent[0] as { type: string }).type, 'subscribe')
  t.same((sent[0] as { subs: Array<{ sub: string }> }).subs.map((s) => s.sub), ['s1.list', 's1.row1', 's1.badge', 's1.cart'])
  subscriber.schedule()
  subscriber.schedule()
  await tick()
  t.equal(sent.length, 1, 'nothing changed, nothing sent')
})

t.test('a changed state token re-subscribes the roots that carry it; a removed root is unsubscribed', async (t) => {
  const { doc, sent, subscriber } = connected(t)
  await tick()
  doc.querySelector<HTMLInputElement>('#cart input')!.value = 'v1.payload.CART2'
  subscriber.sync()
  t.same(sent.at(-1), { type: 'subscribe', subs: [{ sub: 's1.cart', state: ['v1.payload.CART2'] }] })
  doc.getElementById('row:1/badge')!.querySelector('input')!.value = 'v1.payload.BADGE2'
  subscriber.sync()
  t.same((sent.at(-1) as { subs: Array<{ sub: string }> }).subs.map((s) => s.sub), ['s1.list', 's1.row1', 's1.badge'], 'the badge and both ancestors that send its token')
  doc.getElementById('row:1')!.remove()
  subscriber.sync()
  t.same(sent.at(-1), { type: 'unsubscribe', ids: ['row:1', 'row:1/badge'] })
})

t.test('a root with a command in flight (or in a parent or child) is subscribed once the command is done', async (t) => {
  const { doc, sent, subscriber } = connected(t)
  doc.getElementById('row:1/badge')!.setAttribute('aria-busy', 'true')
  subscriber.sync()
  t.same((sent.at(-1) as { subs: Array<{ sub: string }> }).subs.map((s) => s.sub), ['s1.cart'], 'the badge, its row and the list wait')
  doc.getElementById('row:1/badge')!.removeAttribute('aria-busy')
  subscriber.sync()
  t.same((sent.at(-1) as { subs: Array<{ sub: string }> }).subs.map((s) => s.sub), ['s1.list', 's1.row1', 's1.badge'])
})

t.test('a dropped push asks for a fresh render (refresh) once, when the root is no longer busy', async (t) => {
  const { doc, sent, subscriber } = connected(t)
  await tick()
  doc.getElementById('cart')!.setAttribute('aria-busy', 'true')
  subscriber.missed('cart')
  await tick()
  t.equal(sent.length, 1, 'nothing sent while busy')
  doc.getElementById('cart')!.removeAttribute('aria-busy')
  subscriber.sync()
  t.same(sent.at(-1), { type: 'subscribe', subs: [{ sub: 's1.cart', state: ['v1.payload.CART'], refresh: true }] })
  subscriber.sync()
  t.equal(sent.length, 2, 'asked once')
})

t.test('nothing is sent while the socket is closed; a reconnect subscribes everything with refresh', async (t) => {
  const { doc, sent, subscriber } = connected(t)
  await tick()
  subscriber.closed()
  doc.querySelector<HTMLInputElement>('#cart input')!.value = 'v1.payload.CART2'
  subscriber.sync()
  t.equal(sent.length, 1, 'closed: nothing sent')
  const again: Array<{ type: string, subs: Array<{ sub: string, refresh?: boolean }> }> = []
  subscriber.opened((text) => again.push(JSON.parse(text)))
  await tick()
  t.equal(again.length, 1)
  t.same(again[0].subs.map((s) => [s.sub, s.refresh]), [['s1.list', true], ['s1.row1', true], ['s1.badge', true], ['s1.cart', true]])
})
