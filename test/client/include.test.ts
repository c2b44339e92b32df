/** @module test/client/include — what a command control's request carries: its instance id, the keyed, ancestor, bound and listening components' state and the bound inputs, on htmx 2 and 4. */
import t from 'tap'
import { includedBy } from '../../lib/client/include.js'
import { page } from './page.js'

const state = (id: string, keyed = false) => `<input type="hidden" name="__lc_state" value="S:${id}" data-lc-for="${id}"${keyed ? ' data-lc-keyed' : ''}>`
const PAGE = `
<div id="top" data-lc="board">${state('top')}
  <div id="top/row" data-lc="row" data-lc-bound>${state('top/row')}
    <input name="note" data-lc-model="note" value="typed">
    <input type="checkbox" name="done" data-lc-model="done" value="true">
    <input type="checkbox" name="flag" data-lc-model="flag" value="yes" checked>
    <input name="off" data-lc-model="off" value="x" disabled>
    <select name="tags" data-lc-model="tags" multiple><option value="a" selected>a</option><option value="b">b</option><option value="c" selected>c</option></select>
    <div id="top/row/leaf" data-lc="leaf">${state('top/row/leaf')}<button class="leaf" hx-post="/components/leaf/cmd/inc" data-lc-cmd="top/row/leaf">+</button></div>
  </div>
  <div id="top/other" data-lc="other">${state('top/other')}</div>
</div>
<div id="lis" data-lc="l" data-lc-listens="x">${state('lis')}</div>
<div id="kx" data-lc="k">${state('kx', true)}</div>
<button class="outside" data-lc-cmd="top/row/leaf">cmd_for</button>
<button class="gone" data-lc-cmd="nope">gone</button>
<button class="plain" hx-post="/mine">the user's own</button>`

const entries = (body: FormData) => [...(body as unknown as Iterable<[string, string]>)]

t.test('a control sends its instance id and what its command needs: keyed, its lineage, the bound inputs and bound state of its top-level ancestor\'s subtree, listeners', async (t) => {
  const p = page(t, PAGE, { live: true })
  const formData = new p.window.FormData()
  p.fire(p.$('.leaf'), 'htmx:configRequest', { elt: p.$('.leaf'), formData })
  t.same(entries(formData), [
    ['__lc_id', 'top/row/leaf'],
    ['__lc_state', 'S:top'], ['__lc_state', 'S:top/row'], ['__lc_state', 'S:top/row/leaf'], ['__lc_state', 'S:kx'],
    ['note', 'typed'], ['flag', 'yes'], ['tags', 'a'], ['tags', 'c'],
    ['__lc_state', 'S:lis'],
    ['done', ''] // the unchecked bound checkbox, sent as "" by the bound-input helper, after this one
  ], 'page order for the state fields; not top/other (neither an ancestor nor bound); not a disabled input')
  const body = new p.window.FormData()
  body.append('note', 'typed') // htmx sent the control's own form already: not twice
  p.fire(p.$('.leaf'), 'htmx:config:request', { ctx: { sourceElement: p.$('.leaf'), request: { body } } })
  t.equal(body.getAll('note').length, 1)
  t.equal(body.get('__lc_id'), 'top/row/leaf', 'htmx 4: the same, in ctx.request.body')
  t.equal(body.getAll('__lc_state').length, 5)
})

t.test('cmd_for outside its component, a component no longer on the page, and the user\'s own hx-* elements', async (t) => {
  const p = page(t, PAGE, { live: true })
  const outside = new p.window.FormData()
  p.fire(p.$('.outside'), 'htmx:configRequest', { elt: p.$('.outside'), formData: outside })
  t.same(outside.getAll('__lc_state'), ['S:top', 'S:top/row', 'S:top/row/leaf', 'S:kx', 'S:lis'], 'the same as a control inside it')
  const gone = new p.window.FormData()
  p.fire(p.$('.gone'), 'htmx:configRequest', { elt: p.$('.gone'), formData: gone })
  t.same(entries(gone), [['__lc_id', 'nope']], 'only the id: the server answers 400, nothing runs')
  const mine = new p.window.FormData()
  p.fire(p.$('.plain'), 'htmx:configRequest', { elt: p.$('.plain'), formData: mine })
  t.same(entries(mine), [], 'nothing added to a request that is not the plugin\'s')
  p.fire(p.$('.plain'), 'htmx:configRequest', {})
  p.fire(p.$('.plain'), 'htmx:config:request', { ctx: {} })
  t.same(includedBy(p.document, 'nope'), [])
})
