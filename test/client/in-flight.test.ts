/** @module test/client/in-flight — aria-busy while a command is in flight, htmx 2's retarget of racing commands, network failures, on both htmx lines' event names. */
import t, { type Test } from 'tap'
import { page } from './page.js'

/** A page with the client started, and every live:error that reaches the document. */
function live (t: Test, html: string) {
  const p = page(t, html, { live: true })
  const errors: unknown[] = []
  p.document.addEventListener('live:error', (e) => errors.push((e as CustomEvent).detail))
  return { ...p, errors }
}

const COUNTER = `
<div id="counter" data-lc="counter"><input type="hidden" name="__lc_state" value="v1.p.M">
  <span class="value">0</span><button class="inc">+</button><button class="dec">-</button>
</div>
<form id="signup" data-lc="signup"><input id="signup-email" name="email" data-lc-live-field><button class="submit">Go</button></form>
<button id="outside">outside</button>`

for (const [major, before, after] of [[2, 'htmx:beforeRequest', 'htmx:afterRequest'], [4, 'htmx:before:request', 'htmx:finally:request']] as const) {
  t.test(`htmx ${major}: the component root is aria-busy while its command is in flight`, async (t) => {
    const { fire, $ } = live(t, COUNTER)
    t.equal($('#counter').getAttribute('aria-busy'), null)
    fire($('#counter .inc'), before)
    t.equal($('#counter').getAttribute('aria-busy'), 'true', 'busy once the request starts')
    fire($('#counter .inc'), after)
    t.equal($('#counter').getAttribute('aria-busy'), null, 'not busy once it is done')
  })
}

t.test('live validation does not mark its form busy; a control outside any component marks nothing', async (t) => {
  const { document, fire, $ } = live(t, COUNTER)
  fire($('#signup-email'), 'htmx:beforeRequest')
  t.equal($('#signup').getAttribute('aria-busy'), null)
  fire($('#signup .submit'), 'htmx:beforeRequest')
  t.equal($('#signup').getAttribute('aria-busy'), 'true', 'a submit does')
  fire($('#outside'), 'htmx:beforeRequest')
  t.equal(document.querySelectorAll('[aria-busy]').length, 1)
})

t.test('when the response replaced the root, the busy mark is cleared on the new root too', async (t) => {
  const { document, fire, $ } = live(t, COUNTER)
  const button = $('#counter .inc')
  fire(button, 'htmx:beforeRequest')
  const old = $('#counter')
  const replacement = document.createElement('div')
  replacement.id = 'counter'
  replacement.setAttribute('data-lc', 'counter')
  replacement.setAttribute('aria-busy', 'true') // e.g. a streamed frame rendered while busy
  old.replaceWith(replacement)
  replacement.append(button) // the control itself is still in the page
  fire(button, 'htmx:afterRequest')
  t.equal(old.getAttribute('aria-busy'), null)
  t.equal($('#counter').getAttribute('aria-busy'), null)
})

t.test('htmx 2: the second of two racing commands swaps into the root now in the page', async (t) => {
  const { document, fire, $ } = live(t, COUNTER)
  fire($('#counter .inc'), 'htmx:beforeRequest')
  const old = $('#counter')
  const dec = $('#counter .dec')
  fire(dec, 'htmx:beforeRequest')
  const fresh = document.createElement('div')
  fresh.id = 'counter'
  fresh.setAttribute('data-lc', 'counter')
  fresh.innerHTML = '<span class="value">-1</span>'
  old.replaceWith(fresh) // the first response's swap
  const detail = { target: old }
  fire(old, 'htmx:beforeSwap', detail) // the second response, aimed at the replaced root
  t.equal(detail.target, fresh, 'retargeted to the element with that id now')
  const connected = { target: fresh }
  fire(fresh, 'htmx:beforeSwap', connected)
  t.equal(connected.target, fresh, 'a connected target is left alone')
})

t.test('htmx 2: a network failure fires live:error on the control', async (t) => {
  const { document, fire, errors, $ } = live(t, COUNTER)
  const seen: string[] = []
  document.body.addEventListener('live:error', (e) => seen.push((e.target as Element).tagName))
  fire($('#counter .inc'), 'htmx:sendError')
  t.same(errors, [{ status: 0, code: 'LC_NETWORK', message: 'The server could not be reached. Please try again.' }])
  t.same(seen, ['BUTTON'], 'fired on the control, bubbling')
})

t.test('htmx 4: htmx:error without a response is a network failure; a swap error is not', async (t) => {
  const { fire, errors, $ } = live(t, COUNTER)
  fire($('#counter .inc'), 'htmx:error', { ctx: { response: { status: 500 } } })
  fire($('#counter .inc'), 'htmx:error', { error: new Error('no ctx') })
  t.equal(errors.length, 0)
  fire($('#counter .inc'), 'htmx:error', { ctx: {} })
  t.match(errors, [{ status: 0, code: 'LC_NETWORK' }])
})

t.test('htmx 2: the control was removed while its command ran (a streamed frame), the event fires on its root: the busy mark is cleared', async (t) => {
  const { fire, $ } = live(t, COUNTER)
  const inc = $('#counter .inc')
  fire(inc, 'htmx:beforeRequest')
  t.equal($('#counter').getAttribute('aria-busy'), 'true')
  inc.remove()
  fire($('#counter'), 'htmx:afterRequest')
  t.equal($('#counter').getAttribute('aria-busy'), null)
  fire($('#counter'), 'htmx:afterRequest')
  t.equal($('#counter').getAttribute('aria-busy'), null, 'a second event finds nothing more to clear')
})
