/** @module test/root-tags — any root element HTML keeps an input in (and `tr`, whose state field goes into its first cell); a row out of band in a command response travels in an `<hx-partial>`, a pushed one alone. */
import t from 'tap'
import { LiveComponent, StatelessLiveComponent } from 'fastify-livecomponents'
import { liveTest } from 'fastify-livecomponents/testing'
import { build } from './helpers/build.js'
import { RowToucher, TableRow } from './fixtures/browser-components.js'

async function tablePage (t: Parameters<typeof build>[0]) {
  const app = await build(t, { components: [TableRow, RowToucher] })
  app.get('/table', (_req, reply) => reply.page('browser/table-page.njk', { title: 'Table' }))
  return await liveTest(app).visit('/table')
}

t.test('a tr root: the state field sits in its first cell, never directly in the row', async (t) => {
  const page = await tablePage(t)
  t.match(page.component('trow:1').html, /^<tr id="trow:1" data-lc="table-row"[^>]*><td class="n"><input type="hidden" name="__lc_state" value="[^"]+" data-lc-for="trow:1" data-lc-keyed>1<\/td>/)
  const res = await page.component('trow:1').call('inc')
  t.equal(res.status, 200)
  t.match(res.body, /^<tr id="trow:1"/, 'the main swap is the row itself')
  t.equal(page.component('trow:1').state.clicks, 1)
})

t.test('a row out of band in a command response is an <hx-partial> aimed at it, with the main swap style', async (t) => {
  const page = await tablePage(t)
  const res = await page.component('row-toucher').call('touch')
  t.match(res.body, /^<div id="row-toucher"/)
  t.match(res.body, /\n<hx-partial hx-target="#trow&#92;:2" hx-swap="outerMorph"><tr id="trow:2" data-lc="table-row"[^>]*><td class="n"><input type="hidden"/, 'a bare <tr> after a <div> would be dropped by the parser')
  t.notMatch(res.body, /<tr[^>]*hx-swap-oob/)
  t.same(res.dirty, ['row-toucher', 'trow:2'], 'applied by the kit as htmx applies it')
  t.match(page.component('trow:2').html, '<td class="level">10</td>')
})

t.test('a pushed row is the row alone, out of band (a push carries one root, which parses alone)', async (t) => {
  const page = await tablePage(t)
  const socket = await page.connect()
  await page.live.app.components.notify('row:3')
  const html = await socket.next()
  t.match(html, /^<tr id="trow:3" data-lc="table-row" hx-swap-oob="outerMorph"/)
})

t.test('a tr component whose template has no cell cannot hold its state: LC_RENDER_FAILED naming why', async (t) => {
  class BareRow extends LiveComponent<{}> {
    static template = 'root-tags/bare-row.njk'
    static tag = 'tr'
    mount () { return {} }
  }
  const app = await build(t, { components: [BareRow] })
  const err = await app.components.render('root-tags/bare-row-page.njk').catch((e: unknown) => e) as { code: string, cause: Error }
  t.equal(err.code, 'LC_RENDER_FAILED')
  t.match(err.cause.message, 'a component whose root is <tr> renders its cells itself: the template of "bare-row" has no <td> or <th>')
})

t.test('roots the parser would empty are refused at register', async (t) => {
  for (const tag of ['table', 'tbody', 'thead', 'select', 'option', 'template', 'textarea', 'input', 'img']) {
    class Bad extends LiveComponent<{}> {
      static template = 'counter.njk'
      static tag = tag
      mount () { return {} }
    }
    await t.rejects(build(t, { components: [Bad] }), { code: 'LC_INVALID_COMPONENT', message: /cannot be a component root/ }, tag)
  }
  for (const tag of ['ul', 'ol', 'p', 'button', 'fieldset', 'tr', 'label', 'details']) {
    class Good extends LiveComponent<{}> {
      static template = 'counter.njk'
      static tag = tag
      mount () { return {} }
    }
    await t.resolves(build(t, { components: [Good] }), tag)
  }
})

t.test('a StatelessLiveComponent may be an <option> (or a table section, a select): no state field to keep inside; a stateful one may not', async (t) => {
  class SizeChoice extends StatelessLiveComponent<{ label: string }> {
    static template = 'root-tags/choice.njk'
    static tag = 'option'
  }
  class SizePicker extends LiveComponent<{ options: Array<{ label: string }> }> {
    static template = 'root-tags/picker.njk'
    mount () { return { options: [{ label: 'S' }, { label: 'M & L' }] } }
  }
  const app = await build(t, { components: [SizeChoice, SizePicker] })
  const html = await app.components.render('root-tags/picker-page.njk')
  t.match(html, '<select name="size"><option id="picker/size-choice-1" data-lc="size-choice">S</option><option id="picker/size-choice-2" data-lc="size-choice">M &amp; L</option></select>')
  for (const tag of ['tbody', 'select', 'optgroup']) {
    class Section extends StatelessLiveComponent<{}> {
      static template = 'root-tags/choice.njk'
      static tag = tag
    }
    await t.resolves(build(t, { components: [Section] }), tag)
  }
  class StatefulOption extends LiveComponent<{}> {
    static template = 'root-tags/choice.njk'
    static tag = 'option'
    mount () { return {} }
  }
  await t.rejects(build(t, { components: [StatefulOption] }), { code: 'LC_INVALID_COMPONENT', message: /a StatelessLiveComponent, which has no state field, may be a <option>/ })
})
