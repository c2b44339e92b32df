/** @module test/client/pushed-message — reading a pushed WebSocket message through the DOM, and whether the page may swap it now. */
import t from 'tap'
import { parsePushed, verdict } from '../../lib/client/pushed-message.js'
import { page } from './page.js'

t.test('a pushed render: id (entities decoded), base, whatever the root element', async (t) => {
  const doc = page(t).document
  t.same(parsePushed(doc, '<div id="a&amp;b&quot;c" data-lc="row" data-lc-base="Mac_1-x" hx-swap-oob="true"><p>x</p></div>'),
    { kind: 'render', id: 'a&b"c', base: 'Mac_1-x' })
  t.same(parsePushed(doc, '<td id="cell&#39;1" data-lc="cell" hx-swap-oob="true">1</td>'),
    { kind: 'render', id: "cell'1", base: null }, 'a <td> root parses as a td, and no base is null')
  t.same(parsePushed(doc, '<li id="row:1/&lt;x&gt;" data-lc="row" data-lc-base="m"><span>1</span></li>'),
    { kind: 'render', id: 'row:1/<x>', base: 'm' })
  t.same(parsePushed(doc, '<h1 id="title" data-lc="title" data-lc-base="m">T</h1>'),
    { kind: 'render', id: 'title', base: 'm' }, 'a tag name with a digit')
  t.same(parsePushed(doc, '<tr id="r" data-lc="r"><td>1</td></tr>'), { kind: 'render', id: 'r', base: null })
})

t.test('a streamed frame is told apart from a render by data-lc-frame', async (t) => {
  const doc = page(t).document
  t.same(parsePushed(doc, '<section id="analysis:1" data-lc="analysis" hx-swap-oob="innerHTML" data-lc-frame><ol></ol></section>'),
    { kind: 'frame', id: 'analysis:1' })
  t.same(parsePushed(doc, '<div id="x" data-lc="analysis" title="data-lc-frame">…</div>'),
    { kind: 'render', id: 'x', base: null }, 'the name inside another attribute\'s value is not the attribute')
})

t.test('an error frame carries status, code and message; other messages are not components', async (t) => {
  const doc = page(t).document
  t.same(parsePushed(doc, JSON.stringify({ type: 'error', status: 403, code: 'LC_FORBIDDEN', message: 'No <b>way</b>', extra: 1 })),
    { kind: 'failure', detail: { status: 403, code: 'LC_FORBIDDEN', message: 'No <b>way</b>' } })
  t.equal(parsePushed(doc, JSON.stringify({ type: 'subscribed', ids: ['a'] })), null)
  t.equal(parsePushed(doc, '{not json'), null)
  t.equal(parsePushed(doc, '<p id="headline" hx-swap-oob="true">Sale!</p>'), null, 'a user push without data-lc')
  t.equal(parsePushed(doc, '<div data-lc="row">no id</div>'), null)
  t.equal(parsePushed(doc, 'plain text'), null)
  t.equal(parsePushed(doc, new ArrayBuffer(4)), null, 'binary data')
})

t.test('parsing a message runs nothing and does not touch the page', async (t) => {
  const doc = page(t, '<div id="a" data-lc="row"></div>').document
  const before = doc.body.innerHTML
  t.same(parsePushed(doc, '<div id="a" data-lc="row"><img src="x" onerror="document.body.textContent=\'hacked\'"><script>document.body.textContent="hacked"</script></div>'),
    { kind: 'render', id: 'a', base: null })
  await new Promise((resolve) => setTimeout(resolve, 20))
  t.equal(doc.body.innerHTML, before)
})

const PAGE = `
<div id="list" data-lc="list"><input type="hidden" name="__lc_state" value="v1.list.LISTMAC">
  <ul>
    <li id="row:1" data-lc="row"><input type="hidden" name="__lc_state" value="v1.r1.ROW1MAC">
      <span id="row:1/badge" data-lc="badge"><input type="hidden" name="__lc_state" value="v1.b.BADGEMAC"></span>
    </li>
    <li id="row:2" data-lc="row"><input type="hidden" name="__lc_state" value="v1.r2.ROW2MAC"></li>
  </ul>
</div>
<div id="plain" data-lc="plain"></div>`

t.test('a pushed render is swapped unless its component, a parent or a child is busy', async (t) => {
  const doc = page(t, PAGE).document
  t.equal(verdict(doc, { kind: 'render', id: 'row:1', base: 'ROW1MAC' }), 'swap', 'nothing busy, same base')
  doc.getElementById('row:1')!.setAttribute('aria-busy', 'true')
  t.equal(verdict(doc, { kind: 'render', id: 'row:1', base: 'ROW1MAC' }), 'later', 'its own command is in flight')
  t.equal(verdict(doc, { kind: 'render', id: 'row:1/badge', base: 'BADGEMAC' }), 'later', 'its parent\'s command is in flight')
  t.equal(verdict(doc, { kind: 'render', id: 'list', base: 'LISTMAC' }), 'later', 'a child\'s command is in flight')
  t.equal(verdict(doc, { kind: 'render', id: 'row:2', base: 'ROW2MAC' }), 'swap', 'a sibling is not affected')
  doc.getElementById('row:1')!.removeAttribute('aria-busy')
  t.equal(verdict(doc, { kind: 'render', id: 'list', base: 'LISTMAC' }), 'swap', 'once the command is done')
})

t.test('a pushed render of another state than the page\'s is dropped and asked for again', async (t) => {
  const doc = page(t, PAGE).document
  t.equal(verdict(doc, { kind: 'render', id: 'row:2', base: 'OLDMAC' }), 'later', 'rendered from an older state')
  t.equal(verdict(doc, { kind: 'render', id: 'row:2', base: null }), 'swap', 'a render without base is not compared')
  t.equal(verdict(doc, { kind: 'render', id: 'list', base: 'LISTMAC' }), 'swap', 'compared with the component\'s own (first) state')
  t.equal(verdict(doc, { kind: 'render', id: 'plain', base: 'ANY' }), 'later', 'a component without state has no matching base')
  t.equal(verdict(doc, { kind: 'render', id: 'ghost', base: 'X' }), 'swap', 'not on the page: left to htmx')
})

t.test('a streamed frame is swapped only while its component\'s command is in flight', async (t) => {
  const doc = page(t, PAGE).document
  t.equal(verdict(doc, { kind: 'frame', id: 'row:2' }), 'drop', 'the command has finished')
  doc.getElementById('row:2')!.setAttribute('aria-busy', 'true')
  t.equal(verdict(doc, { kind: 'frame', id: 'row:2' }), 'swap')
  t.equal(verdict(doc, { kind: 'frame', id: 'ghost' }), 'drop', 'the component is gone')
  doc.getElementById('list')!.setAttribute('aria-busy', 'true')
  t.equal(verdict(doc, { kind: 'frame', id: 'row:1' }), 'drop', 'a busy parent does not make a child\'s frame wanted')
})
