/** @module test/client/states — the indicators' effects (hidden, classes, an attribute), which elements a command turns on, the delay, and the offline sources (the real lines run in test/browser/states.test.ts). */
import t from 'tap'
import { indicate, watchStates } from '../../lib/client/states.js'
import { page } from './page.js'

const PAGE = `
<div id="row" data-lc="row">
  <button id="save" hx-post="/components/row/cmd/save">Save</button>
  <button id="drop" hx-post="/components/row/cmd/drop/3">Drop</button>
  <span id="any" data-lc-loading hidden></span>
  <span id="only-save" data-lc-loading="save" hidden></span>
  <span id="later" data-lc-loading data-lc-loading-delay="30" hidden></span>
  <ul id="list" data-lc-loading="drop" data-lc-loading-class="dim busy"></ul>
  <fieldset id="set" data-lc-loading="save" data-lc-loading-attr="disabled"></fieldset>
  <input id="name" name="name">
  <p id="unsent" data-lc-unsent hidden></p>
  <div id="child" data-lc="child"><input id="inner" name="x"><span id="child-loading" data-lc-loading hidden></span></div>
</div>
<p id="offline" data-lc-offline hidden></p>`

t.test('indicate: hidden by default, or the classes, or the attribute; idempotent', async (t) => {
  const { $ } = page(t, PAGE)
  indicate($('#any'), 'data-lc-loading', true)
  t.notOk($('#any').hasAttribute('hidden'))
  indicate($('#any'), 'data-lc-loading', true)
  t.notOk($('#any').hasAttribute('hidden'), 'twice: still on')
  indicate($('#any'), 'data-lc-loading', false)
  t.ok($('#any').hasAttribute('hidden'))
  indicate($('#list'), 'data-lc-loading', true)
  t.equal($('#list').className, 'dim busy')
  indicate($('#list'), 'data-lc-loading', false)
  t.equal($('#list').className, '')
  indicate($('#set'), 'data-lc-loading', true)
  t.equal($('#set').getAttribute('disabled'), '')
  t.ok($('#set').hasAttribute('hidden') === false, 'an attribute effect does not touch hidden')
  indicate($('#set'), 'data-lc-loading', false)
  t.notOk($('#set').hasAttribute('disabled'))
})

t.test('a command turns on its component\'s unfiltered indicators and those naming it, not a child\'s; the delay waits', async (t) => {
  const { document, window, fire, $ } = page(t, PAGE)
  watchStates(document, window)
  fire($('#save'), 'htmx:before:request')
  t.notOk($('#any').hasAttribute('hidden'))
  t.notOk($('#only-save').hasAttribute('hidden'))
  t.equal($('#set').getAttribute('disabled'), '')
  t.equal($('#list').className, '', 'an indicator of another command stays off')
  t.ok($('#child-loading').hasAttribute('hidden'), 'a nested component\'s indicator stays off')
  t.ok($('#later').hasAttribute('hidden'), 'not yet: it has a delay')
  await new Promise((resolve) => setTimeout(resolve, 60))
  t.notOk($('#later').hasAttribute('hidden'), 'on after its delay')
  fire($('#save'), 'htmx:after:request')
  fire($('#save'), 'htmx:finally:request')
  t.ok($('#any').hasAttribute('hidden'))
  t.ok($('#later').hasAttribute('hidden'))
  t.notOk($('#set').hasAttribute('disabled'))
  fire($('#drop'), 'htmx:beforeRequest')
  t.equal($('#list').className, 'dim busy', 'htmx 2\'s event, and a command with arguments')
  t.ok($('#only-save').hasAttribute('hidden'))
  fire($('#drop'), 'htmx:afterRequest')
  t.equal($('#list').className, '')
})

t.test('unsent follows typing in the component\'s own fields; offline follows the socket and failed requests', async (t) => {
  const { document, fire, $ } = page(t, PAGE, { live: true })
  fire($('#inner'), 'input')
  t.ok($('#unsent').hasAttribute('hidden'), 'a child\'s field is not the row\'s')
  fire($('#name'), 'input')
  t.notOk($('#unsent').hasAttribute('hidden'))
  fire($('#save'), 'htmx:before:request')
  t.notOk($('#unsent').hasAttribute('hidden'), 'a button outside a form does not send the field')
  fire($('#name'), 'htmx:before:request')
  t.ok($('#unsent').hasAttribute('hidden'), 'sent')
  fire(document.body, 'htmx:ws:close', { code: 1006 })
  t.notOk($('#offline').hasAttribute('hidden'))
  fire(document.body, 'htmx:ws:after:connection', {})
  t.ok($('#offline').hasAttribute('hidden'))
  fire($('#save'), 'htmx:sendError')
  t.notOk($('#offline').hasAttribute('hidden'), 'a request that could not reach the server')
  fire($('#save'), 'htmx:afterRequest', { xhr: { status: 200 } })
  t.ok($('#offline').hasAttribute('hidden'), 'the next answered request clears it')
  fire($('#save'), 'htmx:error', { ctx: {} })
  t.notOk($('#offline').hasAttribute('hidden'), 'htmx 4: an error without a response')
  fire($('#save'), 'htmx:after:request', { ctx: { response: {} } })
  t.ok($('#offline').hasAttribute('hidden'))
  // a morph puts the server's hidden back over an indicator that is on: it is re-applied
  fire($('#name'), 'input')
  $('#unsent').setAttribute('hidden', '')
  await new Promise((resolve) => setTimeout(resolve, 0))
  t.notOk($('#unsent').hasAttribute('hidden'), 're-applied after the change')
})

t.test('a control removed while its command ran: the event on its root (htmx 2) still turns its indicators off', async (t) => {
  const { document, window, fire, $ } = page(t, PAGE)
  watchStates(document, window)
  const save = $('#save')
  fire(save, 'htmx:beforeRequest')
  t.notOk($('#any').hasAttribute('hidden'))
  save.remove()
  fire($('#row'), 'htmx:afterRequest')
  t.ok($('#any').hasAttribute('hidden'))
})

t.test('a control that starts again before its end was heard: the earlier run is finished, and its delayed indicator never comes on late', async (t) => {
  const { document, window, fire, $ } = page(t, PAGE)
  watchStates(document, window)
  fire($('#save'), 'htmx:beforeRequest')
  t.notOk($('#any').hasAttribute('hidden'))
  fire($('#save'), 'htmx:beforeRequest')
  fire($('#save'), 'htmx:afterRequest')
  t.ok($('#any').hasAttribute('hidden'), 'off after the second run ends')
  await new Promise((resolve) => setTimeout(resolve, 60))
  t.ok($('#later').hasAttribute('hidden'), 'no delayed indicator from either run came on after the end')
})
