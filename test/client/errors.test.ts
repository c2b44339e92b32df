/** @module test/client/errors — the error region: every live:error that reaches the document shows its message there, as text. */
import t from 'tap'
import { OVERLAY_ID, liveError, showDebug, showError } from '../../lib/client/errors.js'
import { page } from './page.js'

const PAGE = `
<div id="lc-errors" data-lc-errors role="alert" hidden></div>
<div id="cart" data-lc="cart"><button class="buy">Buy</button></div>`

t.test('an error response\'s live:error (HX-Trigger on the control) shows its message and un-hides the region', async (t) => {
  const { fire, $ } = page(t, PAGE, { live: true })
  t.equal($('[data-lc-errors]').hasAttribute('hidden'), true)
  fire($('#cart .buy'), 'live:error', { status: 403, code: 'LC_FORBIDDEN', message: 'You may not buy this.' })
  t.equal($('[data-lc-errors]').textContent, 'You may not buy this.')
  t.equal($('[data-lc-errors]').hasAttribute('hidden'), false)
  fire($('#cart .buy'), 'live:error', { status: 500, code: 'LC_INTERNAL', message: 'Something went wrong.' })
  t.equal($('[data-lc-errors]').textContent, 'Something went wrong.', 'the latest error replaces the previous one')
})

t.test('HTML in a message is shown as text, never interpreted', async (t) => {
  const { document, fire, $ } = page(t, PAGE, { live: true })
  const message = 'Bad <img src="x" onerror="document.title=\'pwned\'"> & <b>bold</b>'
  fire($('#cart .buy'), 'live:error', { message })
  const region = $('[data-lc-errors]')
  t.equal(region.textContent, message)
  t.equal(region.children.length, 0, 'no element was created')
  t.equal(document.querySelector('img'), null)
  t.match(region.innerHTML, '&lt;img')
})

t.test('a WebSocket error frame shows in the region (htmx 2 and htmx 4 message events)', async (t) => {
  const { document, fire, $ } = page(t, PAGE, { live: true })
  const frame = JSON.stringify({ type: 'error', status: 400, code: 'LC_BAD_MESSAGE', message: 'That subscription is not valid.' })
  const evt = fire(document.body, 'htmx:wsBeforeMessage', { message: frame })
  t.equal($('[data-lc-errors]').textContent, 'That subscription is not valid.')
  t.equal(evt.defaultPrevented, false, 'the frame itself is left to htmx')
  fire(document.body, 'htmx:ws:before:message:incoming', { message: { data: frame.replace('not valid', 'expired') } })
  t.equal($('[data-lc-errors]').textContent, 'That subscription is expired.')
})

t.test('a network failure shows in the region', async (t) => {
  const { fire, $ } = page(t, PAGE, { live: true })
  fire($('#cart .buy'), 'htmx:sendError')
  t.equal($('[data-lc-errors]').textContent, 'The server could not be reached. Please try again.')
  t.equal($('[data-lc-errors]').hasAttribute('hidden'), false)
})

t.test('an error stopped before it reaches the document is not shown', async (t) => {
  const { fire, $ } = page(t, PAGE, { live: true })
  $('#cart').addEventListener('live:error', (e) => e.stopPropagation())
  fire($('#cart .buy'), 'live:error', { message: 'handled by the page' })
  t.equal($('[data-lc-errors]').textContent, '')
  t.equal($('[data-lc-errors]').hasAttribute('hidden'), true)
})

t.test('a page without an error region behaves as before: the event still bubbles to the page\'s own listeners', async (t) => {
  const { document, fire, $ } = page(t, '<div id="cart" data-lc="cart"><button class="buy">Buy</button></div>', { live: true })
  const seen: unknown[] = []
  document.body.addEventListener('live:error', (e) => seen.push((e as CustomEvent).detail))
  const before = document.body.innerHTML
  fire($('#cart .buy'), 'live:error', { message: 'x' })
  t.same(seen, [{ message: 'x' }])
  t.equal(document.body.innerHTML, before, 'nothing in the page changed')
  t.equal(showError(document, { message: 'y' }), null)
})

t.test('liveError fires on a connected target, else on the body', async (t) => {
  const { document, $ } = page(t, PAGE, { live: true })
  const targets: string[] = []
  document.addEventListener('live:error', (e) => targets.push((e.target as Element).className || (e.target as Element).tagName))
  liveError(document, $('#cart .buy'), { message: 'a' })
  const detached = document.createElement('button')
  liveError(document, detached, { message: 'b' })
  liveError(document, null, { message: 'c' })
  t.same(targets, ['buy', 'BODY', 'BODY'])
  t.equal($('[data-lc-errors]').textContent, 'c')
})

t.test('development overlay: shown only for a detail with debug, as text, one at a time; Escape removes it', async (t) => {
  const { document, fire, $ } = page(t, PAGE, { live: true })
  fire($('#cart .buy'), 'live:error', { status: 500, code: 'LC_INTERNAL', message: 'Something went wrong.' })
  t.equal(document.getElementById(OVERLAY_ID), null, 'no debug (production): no overlay')
  t.equal(showDebug(document, { status: 500, debug: 'nope' as never }), null, 'a debug that is not an object is ignored')
  fire($('#cart .buy'), 'live:error', { status: 500, debug: { component: 'cart', command: 'buy', causes: [{ name: 'Error', message: '<img src=x onerror=alert(1)>' }] } })
  const overlay = document.getElementById(OVERLAY_ID)!
  t.equal(overlay.querySelector('h2')?.textContent, '500 in cart → buy')
  t.equal(overlay.querySelector('pre')?.textContent, '<img src=x onerror=alert(1)>')
  t.equal(document.querySelector('img'), null, 'the message is text')
  fire($('#cart .buy'), 'live:error', { status: 500, debug: { causes: [{ code: 'LC_RENDER_FAILED', message: 'x' }], template: 'cart.njk', line: 3, column: 7 } })
  t.equal(document.querySelectorAll(`#${OVERLAY_ID}`).length, 1, 'the later failure replaced the overlay')
  t.equal(document.getElementById(OVERLAY_ID)?.querySelector('p')?.textContent, 'Template cart.njk, line 3, column 7')
  t.equal(document.getElementById(OVERLAY_ID)?.querySelector('h2')?.textContent, '500 in a command')
  document.dispatchEvent(new (document.defaultView as unknown as typeof globalThis).KeyboardEvent('keydown', { key: 'Escape' }))
  t.equal(document.getElementById(OVERLAY_ID), null, 'Escape removed it')
})
