/** @module test/client/expiry — a 410 over the socket: one error, no more subscribes, one reload when the user is not typing, never a loop. */
import t from 'tap'
import { editing, reloadWhenIdle, RELOAD_LOOP_MS } from '../../lib/client/expiry.js'
import { watchPush } from '../../lib/client/push.js'
import { Subscriber } from '../../lib/client/subscriptions.js'
import { page } from './page.js'

const PAGE = `
<div id="lc-live" data-lc-page="p1.PAGE" hx-ext="ws"></div>
<div id="badge:1" data-lc="badge" data-lc-sub="s1.b1"><input type="hidden" name="__lc_state" value="v1.p.MAC1"></div>
<input id="q" type="text"><button id="b">b</button>`
const EXPIRED = JSON.stringify({ type: 'error', status: 410, code: 'LC_EXPIRED_SUBSCRIPTION', message: 'This page has expired and will reload.' })

t.test('editing: text inputs, textareas, selects and editable elements; not buttons or the body', async (t) => {
  const p = page(t, PAGE)
  t.equal(editing(p.document), false)
  ;(p.$('#q') as HTMLElement).focus()
  t.equal(editing(p.document), true)
  ;(p.$('#b') as HTMLElement).focus()
  t.equal(editing(p.document), false)
})

t.test('410 frames on htmx 4 and 2: one error event, one reload, nothing sent after', async (t) => {
  for (const [open, message] of [['htmx:ws:after:connection', 'htmx:ws:before:message:incoming'], ['htmx:wsOpen', 'htmx:wsBeforeMessage']] as const) {
    const p = page(t, PAGE)
    const subscriber = new Subscriber(p.document)
    let reloads = 0
    watchPush(p.document, subscriber, () => { reloads++ })
    const sent: string[] = []
    const socket = { readyState: 1, send: (s: string) => sent.push(s) }
    p.fire(p.$('#lc-live'), open, open === 'htmx:wsOpen' ? { socketWrapper: socket } : { connection: { socket } })
    const errors: unknown[] = []
    p.document.addEventListener('live:error', (e) => errors.push((e as CustomEvent).detail))
    for (let i = 0; i < 6; i++) p.fire(p.$('#lc-live'), message, message === 'htmx:wsBeforeMessage' ? { message: EXPIRED } : { message: { data: EXPIRED } })
    t.equal(errors.length, 1, `${message}: one error event for six frames`)
    t.equal(reloads, 1, 'one reload')
    const before = sent.length
    subscriber.missed('badge:1')
    subscriber.sync()
    t.equal(sent.length, before, 'nothing is sent any more')
  }
})

t.test('reloadWhenIdle: waits while the user types, then reloads once; not again within the loop window', async (t) => {
  const p = page(t, PAGE)
  let reloads = 0
  let now = 1_000_000
  ;(p.$('#q') as HTMLElement).focus()
  t.equal(reloadWhenIdle(p.document, () => { reloads++ }, () => now), true)
  t.equal(reloads, 0, 'not while typing')
  const done = new Promise<void>((resolve) => { p.document.addEventListener('focusout', () => { setTimeout(resolve, 0) }) })
  ;(p.$('#q') as HTMLElement).blur()
  await done
  await new Promise((resolve) => setImmediate(resolve))
  t.equal(reloads, 1, 'once the focus left the field')
  now += RELOAD_LOOP_MS - 1
  t.equal(reloadWhenIdle(p.document, () => { reloads++ }, () => now), false, 'a second expiry right after the reload: a loop, refused')
  t.equal(reloads, 1)
  now += 2
  t.equal(reloadWhenIdle(p.document, () => { reloads++ }, () => now), true, 'later it may reload again')
  t.equal(reloads, 2)
})
