/** @module test/client/morph — unsent typing, and the hooks each htmx line's morph asks: htmx 4's extension (`htmx:before:morph:*`) and idiomorph's `beforeAttributeUpdated` (the real morphs run in test/browser/typing.test.ts). */
import t from 'tap'
import { hasUnsentInput, watchTyping } from '../../lib/client/morph.js'
import { page } from './page.js'

const PAGE = `
<div id="board" data-lc="board">
  <form id="add"><input id="new" name="text" value=""><input id="flag" type="checkbox" name="flag"></form>
  <textarea id="notes" name="notes"></textarea>
</div>`

type Hook = (elt: Element, detail: Record<string, unknown>) => boolean

t.test('htmx 4: an unsent field refuses a new value (a textarea the whole node); a sent one takes the server\'s, focused or not', async (t) => {
  const { document, window, fire, $ } = page(t, PAGE)
  let ext: Record<string, Hook> = {}
  ;(window as unknown as { htmx: unknown }).htmx = { registerExtension: (_name: string, e: Record<string, Hook>) => { ext = e } }
  watchTyping(document, window)
  const input = $('#new') as HTMLInputElement
  const notes = $('#notes') as HTMLTextAreaElement
  input.value = 'milk'
  fire(input, 'input')
  notes.value = 'remember'
  fire(notes, 'input')
  fire($('#flag'), 'input')
  t.ok(hasUnsentInput(input))
  t.notOk(hasUnsentInput($('#flag')), 'a checkbox is not typed into')
  t.equal(ext.htmx_before_morph_attr(input, { attrName: 'value', newValue: '' }), false, 'value refused while unsent')
  t.equal(ext.htmx_before_morph_attr(input, { attrName: 'aria-invalid', newValue: 'true' }), true, 'other attributes morph')
  t.equal(ext.htmx_before_morph_node(input, { newNode: Object.assign(document.createElement('input'), { value: '' }) }), true, 'the input node itself still morphs')
  t.equal(input.value, 'milk')
  t.equal(ext.htmx_before_morph_node(notes, { newNode: document.createElement('textarea') }), false, 'an unsent textarea is skipped')
  t.equal(ext.htmx_before_morph_node($('#board'), {}), true, 'other nodes morph')
  // the form is sent: its fields are no longer unsent, and the server's value applies
  fire($('#add'), 'htmx:before:request')
  t.notOk(hasUnsentInput(input))
  t.ok(hasUnsentInput(notes), 'a field outside the sent form stays unsent')
  const next = document.createElement('input')
  next.setAttribute('value', '')
  input.focus()
  t.equal(ext.htmx_before_morph_node(input, { newNode: next }), true)
  t.equal(input.value, '', 'the server cleared it, although focused')
  t.equal(ext.htmx_before_morph_attr(input, { attrName: 'value', newValue: 'x' }), true)
  // typing again after the send: unsent again
  fire(input, 'input')
  t.ok(hasUnsentInput(input))
  fire(input, 'htmx:beforeRequest')
  t.notOk(hasUnsentInput(input), 'htmx 2\'s event name too; a field sends itself')
})

t.test('htmx 2: idiomorph\'s beforeAttributeUpdated refuses value for an unsent field and defers to any callback already set', async (t) => {
  const { document, window, fire, $ } = page(t, PAGE)
  const seen: string[] = []
  const callbacks = { beforeAttributeUpdated: (attr: string, _el?: Element, _type?: string) => { seen.push(attr); return attr !== 'data-locked' } }
  ;(window as unknown as { Idiomorph: unknown }).Idiomorph = { defaults: { callbacks } }
  watchTyping(document, window)
  const input = $('#new')
  fire(input, 'input')
  t.equal(callbacks.beforeAttributeUpdated('value', input, 'update' as never), false)
  t.equal(callbacks.beforeAttributeUpdated('class', input, 'update' as never), true)
  t.equal(callbacks.beforeAttributeUpdated('data-locked', input, 'update' as never), false, 'the earlier callback still decides')
  fire($('#add'), 'htmx:beforeRequest')
  t.equal(callbacks.beforeAttributeUpdated('value', input, 'update' as never), true, 'sent: the server\'s value applies')
  t.same(seen, ['class', 'data-locked', 'value'])
})

t.test('a live-validation request does not count as sending: the server keeps nothing of it', async (t) => {
  const { document, window, fire, $ } = page(t, '<div data-lc="f"><form id="f"><input id="email" name="email" data-lc-live-field></form></div>')
  watchTyping(document, window)
  fire($('#email'), 'input')
  fire($('#email'), 'htmx:before:request')
  t.ok(hasUnsentInput($('#email')), 'still unsent after its live validation')
  fire($('#f'), 'htmx:before:request')
  t.notOk(hasUnsentInput($('#email')), 'the submit sends it')
})

t.test('a refused or failed request leaves what it sent unsent again; a morph keeps a root\'s aria-busy', async (t) => {
  const { document, window, fire, $ } = page(t, PAGE)
  let ext: Record<string, Hook> = {}
  ;(window as unknown as { htmx: unknown }).htmx = { registerExtension: (_name: string, e: Record<string, Hook>) => { ext = e } }
  watchTyping(document, window)
  const input = $('#new')
  fire(input, 'input')
  fire($('#add'), 'htmx:beforeRequest')
  t.notOk(hasUnsentInput(input))
  fire($('#add'), 'htmx:afterRequest', { xhr: { status: 401 } })
  t.ok(hasUnsentInput(input), 'htmx 2: a 401 kept nothing')
  fire($('#add'), 'htmx:before:request')
  fire($('#add'), 'htmx:after:request', { ctx: { response: { status: 200 } } })
  t.notOk(hasUnsentInput(input), 'htmx 4: a 200 stored it')
  fire(input, 'input')
  fire($('#add'), 'htmx:before:request')
  fire($('#add'), 'htmx:after:request', { ctx: {} })
  t.ok(hasUnsentInput(input), 'no answer at all')
  t.equal(ext.htmx_before_morph_attr($('#board'), { attrName: 'aria-busy', newValue: null }), true, 'htmx 4: a response\'s morph clears aria-busy (frames morph the inside only)')
})

t.test('htmx 2: a streamed frame\'s morph keeps the root\'s aria-busy; any other morph does not', async (t) => {
  const { document, window, $ } = page(t, PAGE)
  const callbacks: Record<string, (...a: any[]) => any> = {}
  ;(window as unknown as { Idiomorph: unknown }).Idiomorph = { defaults: { callbacks } }
  watchTyping(document, window)
  const root = $('#board')
  const frame = document.createElement('div')
  frame.setAttribute('data-lc-frame', '')
  t.equal(callbacks.beforeNodeMorphed(root, frame), true)
  t.equal(callbacks.beforeAttributeUpdated('aria-busy', root, 'remove'), false, 'kept during the frame')
  callbacks.afterNodeMorphed(root, frame)
  t.equal(callbacks.beforeAttributeUpdated('aria-busy', root, 'remove'), true, 'the final response clears it')
  t.equal(callbacks.beforeNodeMorphed(root, document.createElement('div')), true)
  t.equal(callbacks.beforeAttributeUpdated('aria-busy', root, 'remove'), true)
})

t.test('a 422 (the form re-rendered by the server) does not leave its fields unsent', async (t) => {
  const { document, window, fire, $ } = page(t, PAGE)
  watchTyping(document, window)
  fire($('#new'), 'input')
  fire($('#add'), 'htmx:before:request')
  fire($('#add'), 'htmx:after:request', { ctx: { response: { status: 422 } } })
  t.notOk(hasUnsentInput($('#new')))
})
