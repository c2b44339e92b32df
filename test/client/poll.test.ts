/** @module test/client/poll — polling elements: when a due poll is sent, and the digest every poll request carries on both htmx lines. */
import t from 'tap'
import { pollDue } from '../../lib/client/poll.js'
import { page } from './page.js'

const PAGE = '<div id="orders" data-lc="orders" data-lc-tag="abc123"><p class="n" data-lc-poll="5">3</p><span class="seen" data-lc-poll="2" data-lc-poll-visible>x</span><button class="other">other</button></div>'

t.test('a due poll is sent unless the tab is hidden, the component is busy, or an in-view-only element is out of view', async (t) => {
  const { document, $ } = page(t, PAGE)
  t.equal(pollDue(document, $('.n'), false), true)
  t.equal(pollDue(document, $('.seen'), false), false, 'out of view')
  t.equal(pollDue(document, $('.seen'), true), true)
  $('#orders').setAttribute('aria-busy', 'true')
  t.equal(pollDue(document, $('.n'), true), false, 'busy')
  $('#orders').removeAttribute('aria-busy')
  Object.defineProperty(document, 'visibilityState', { configurable: true, value: 'hidden' })
  t.equal(pollDue(document, $('.n'), true), false, 'hidden tab')
})

t.test('poll requests carry the component\'s digest (LC-Poll-Tag), other requests do not (htmx 2 and 4 events)', async (t) => {
  const { document, fire, $ } = page(t, PAGE, { live: true })
  const two = { elt: $('.n'), headers: {} as Record<string, string> }
  fire(document.body, 'htmx:configRequest', two)
  t.equal(two.headers['LC-Poll-Tag'], 'abc123')
  const four = { ctx: { sourceElement: $('.n'), request: { headers: {} as Record<string, string> } } }
  fire(document.body, 'htmx:config:request', four)
  t.equal(four.ctx.request.headers['LC-Poll-Tag'], 'abc123')
  const other = { elt: $('.other'), headers: {} as Record<string, string> }
  fire(document.body, 'htmx:configRequest', other)
  t.equal(other.headers['LC-Poll-Tag'], undefined)
})
