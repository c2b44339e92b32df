/** @module test/client/push — the page's WebSocket on both htmx lines: subscriptions, stale pushes and frames cancelled, reconnect after 1001. */
import t from 'tap'
import { reconnectDelay, watchPush } from '../../lib/client/push.js'
import { Subscriber } from '../../lib/client/subscriptions.js'
import { page, type Page } from './page.js'

const wait = async (ms: number): Promise<void> => await new Promise((resolve) => setTimeout(resolve, ms))

const PAGE = `
<div id="lc-live" data-lc-page="p1.PAGE" hx-ext="ws"></div>
<div id="badge:1" data-lc="badge" data-lc-sub="s1.b1"><input type="hidden" name="__lc_state" value="v1.p.MAC1"><span class="stock">3</span><button class="watch">watch</button></div>
<div id="analysis" data-lc="analysis" data-lc-sub="s1.an"><input type="hidden" name="__lc_state" value="v1.p.MACA"></div>`

/** opens the socket the htmx 2 way; returns what it sent and how often it reconnected */
function open2 (p: Page) {
  const sent: Array<{ type: string, subs?: Array<{ sub: string, refresh?: boolean }>, ids?: string[] }> = []
  const wrapper = { reconnects: 0, send: (text: string) => { sent.push(JSON.parse(text)) }, reconnect: () => { wrapper.reconnects++ } }
  p.fire(p.$('#lc-live'), 'htmx:wsOpen', { socketWrapper: wrapper })
  return { sent, wrapper }
}

t.test('htmx 2: a pushed render of a busy component is cancelled, and asked for again once the command is done', async (t) => {
  const p = page(t, PAGE, { live: true })
  const { sent } = open2(p)
  await wait(10)
  t.same(sent.map((m) => m.type), ['hello', 'subscribe'], 'hello first')
  t.same(sent[0], { type: 'hello', page: 'p1.PAGE' }, 'the page token goes in the first message')
  p.fire(p.$('.watch'), 'htmx:beforeRequest')
  const render = '<div id="badge:1" data-lc="badge" data-lc-sub="s1.b1" data-lc-base="MAC1" hx-swap-oob="true"><span class="stock">2</span></div>'
  const detail = { message: render }
  const evt = p.fire(p.$('#lc-live'), 'htmx:wsBeforeMessage', detail)
  t.equal(evt.defaultPrevented, true, 'not swapped while the command is in flight')
  t.equal(p.$('#badge\\:1 .stock').textContent, '3')
  await wait(10)
  t.equal(sent.length, 2, 'nothing asked while busy')
  p.fire(p.$('.watch'), 'htmx:afterRequest')
  await wait(10)
  t.same(sent.at(-1), { type: 'subscribe', subs: [{ sub: 's1.b1', state: ['v1.p.MAC1'], refresh: true }] }, 'then a fresh render is asked for')
  const again = p.fire(p.$('#lc-live'), 'htmx:wsBeforeMessage', { message: render })
  t.equal(again.defaultPrevented, false, 'a render of the current state is swapped')
})

t.test('htmx 4: a render of an older state and a late frame are cancelled; a frame while busy is not', async (t) => {
  const p = page(t, PAGE, { live: true })
  const sent: string[] = []
  p.fire(p.$('#lc-live'), 'htmx:ws:after:connection', { connection: { socket: { readyState: 1, send: (s: string) => sent.push(s) } } })
  const message = (data: string) => {
    const detail = { message: { data }, cancelled: false }
    p.fire(p.$('#lc-live'), 'htmx:ws:before:message:incoming', detail)
    return detail.cancelled
  }
  t.equal(message('<div id="badge:1" data-lc="badge" data-lc-base="OLD" hx-swap-oob="true"></div>'), true, 'older state')
  t.equal(message('<div id="badge:1" data-lc="badge" data-lc-base="MAC1" hx-swap-oob="true"></div>'), false, 'current state')
  const frame = '<div id="analysis" data-lc="analysis" hx-swap-oob="innerHTML" data-lc-frame><ol><li>1</li></ol></div>'
  t.equal(message(frame), true, 'a frame after its command finished')
  p.fire(p.$('#analysis'), 'htmx:before:request')
  t.equal(message(frame), false, 'a frame while its command is in flight')
  t.equal(message('<p id="news" hx-swap-oob="true">Sale</p>'), false, 'a user push is left alone')
  await wait(10)
  t.ok(sent.some((s) => s.includes('"refresh":true') && s.includes('s1.b1')), 'the dropped render is asked for again')
})

t.test('htmx 4: nothing is sent on a socket that is not open', async (t) => {
  const p = page(t, PAGE, { live: true })
  const sent: string[] = []
  p.fire(p.$('#lc-live'), 'htmx:ws:after:connection', { connection: { socket: { readyState: 3, send: (s: string) => sent.push(s) } } })
  await wait(10)
  t.same(sent, [])
})

t.test('htmx 2: after 1001 the page reconnects by itself; not after other codes, nor once the connection element is gone', async (t) => {
  const p = page(t, PAGE, { live: true })
  const { wrapper } = open2(p)
  p.fire(p.$('#lc-live'), 'htmx:wsClose', { socketWrapper: wrapper, event: { code: 1006 } })
  p.fire(p.$('#lc-live'), 'htmx:wsClose', { socketWrapper: wrapper, event: { code: 1001 } })
  t.equal(wrapper.reconnects, 0, 'not at once')
  await wait(700) // first retry: 500 ms ± 30 %
  t.equal(wrapper.reconnects, 1, 'once, for the 1001')
  const conn = p.$('#lc-live')
  conn.remove()
  conn.dispatchEvent(new (p.document.defaultView!.CustomEvent)('htmx:wsClose', { bubbles: true, detail: { socketWrapper: wrapper, event: { code: 1001 } } }))
  await wait(700)
  t.equal(wrapper.reconnects, 1)
})

t.test('reconnect delays double from 500 ms up to 30 s, with ±30 % jitter', async (t) => {
  t.equal(reconnectDelay(0, 0.5), 500)
  t.equal(reconnectDelay(3, 0.5), 4000)
  t.equal(reconnectDelay(20, 0.5), 30000)
  t.equal(reconnectDelay(0, 0), 350)
  t.equal(Math.round(reconnectDelay(0, 1)), 650)
})

t.test('a close with 4001 (disconnected) or 4002 (session changed) reloads the page, on htmx 2 and htmx 4', async (t) => {
  for (const [name, detail] of [['htmx:wsClose', { event: { code: 4001 } }], ['htmx:ws:close', { code: 4001 }], ['htmx:wsClose', { event: { code: 4002 } }], ['htmx:ws:close', { code: 4002 }]] as const) {
    const p = page(t, PAGE)
    let reloads = 0
    watchPush(p.document, new Subscriber(p.document), () => { reloads++ })
    p.fire(p.$('#lc-live'), name, { ...detail })
    t.equal(reloads, 1, `${name} ${JSON.stringify(detail)}: reloaded`)
    p.fire(p.$('#lc-live'), name, name === 'htmx:wsClose' ? { event: { code: 1006 } } : { code: 1006 })
    t.equal(reloads, 1, `${name} 1006: not reloaded`)
  }
})
