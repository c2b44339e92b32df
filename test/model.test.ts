/** @module test/model — bound input (`model()`): the markup it writes, deferred and live values written into state, writable paths enforced (prototype keys, nested paths, arrays, coercion against schemas), a parent's command carrying a child's input. */
import t from 'tap'
import { liveTest } from 'fastify-livecomponents/testing'
import { build, post, type CommandCall } from './helpers/build.js'
import { MODEL, NoteBoard, NoteChild, TaskEditor } from './fixtures/model-components.js'
import { RowToucher, TableRow } from './fixtures/browser-components.js'
import { FIELD } from '../lib/protocol.js'

async function modelPage (t: Parameters<typeof build>[0]) {
  const app = await build(t, { components: MODEL })
  app.get('/model', (_req, reply) => reply.page('model/page.njk'))
  TaskEditor.runs = 0
  const page = await liveTest(app).visit('/model')
  return { app, page }
}

t.test('model() writes the name, the current value and, for live bindings, the $refresh request', async (t) => {
  const { page } = await modelPage(t)
  const html = page.component('editor').html
  t.match(html, /^<div id="editor" data-lc="task-editor"[^>]* data-lc-bound="">/, 'the root says its template binds input')
  t.match(html, '<input class="title" name="__lc_model:editor#title" data-lc-model="title" value="Groceries">', 'deferred: no request of its own')
  t.match(html, /<input class="qty" type="number" name="__lc_model:editor#qty" data-lc-model="qty" value="2" hx-post="\/components\/task-editor\/cmd\/\$refresh" [^>]*hx-sync="this:replace"[^>]* hx-trigger="input changed delay:150ms">/)
  t.notMatch(html, /class="qty"[^>]*hx-disable/, 'a live input is never disabled while its update is in flight')
  t.match(html, '<input class="done" type="checkbox" name="__lc_model:editor#done" data-lc-model="done" value="true" checked>')
  t.match(html, '<input class="tag-a" type="checkbox" name="__lc_model:editor#tags" data-lc-model="tags" value="a" checked><input class="tag-b" type="checkbox" name="__lc_model:editor#tags" data-lc-model="tags" value="b">')
  t.match(html, /class="status"[^>]* hx-trigger="change"/)
  t.match(html, '<input class="item-1" type="checkbox" name="__lc_model:editor#items.1.done" data-lc-model="items.1.done" value="true" checked>')
  t.match(page.component('schema').html, /class="qty"[^>]* hx-trigger="input changed delay:300ms"/)
  t.match(page.component('schema').html, /class="email"[^>]* hx-trigger="blur"/)
  t.match(html, /<button hx-post="\/components\/task-editor\/cmd\/save" [^>]*data-lc-cmd="editor"/, 'every control names its component; the client sends the bound input of its top-level ancestor\'s subtree (test/client/include)')
})

t.test('deferred: typed values ride along with the next command, which runs on them', async (t) => {
  const { page } = await modelPage(t)
  const editor = page.component('editor')
  editor.type('title', 'Hardware')
  editor.type('qty', '5')
  t.equal(editor.state.title, 'Groceries', 'typing alone sends nothing')
  const res = await editor.call('save')
  t.equal(res.status, 200)
  t.equal(editor.state.title, 'Hardware')
  t.equal(editor.state.qty, 5, 'coerced to the number the path holds')
  t.match(editor.html, '<p class="saved">Hardware x5</p>', 'the command saw the typed values')
  t.match(editor.html, 'value="Hardware"', 'the re-render shows them')
})

t.test('live: $refresh writes the value and re-renders; a command returning ComponentClean still re-renders an instance its input changed', async (t) => {
  const { page } = await modelPage(t)
  const editor = page.component('editor')
  const res = await editor.set('qty', 7)
  t.equal(res.status, 200)
  t.same(res.dirty, ['editor'])
  t.equal(editor.state.qty, 7)
  editor.type('title', 'Tools')
  const clean = await editor.call('peek')
  t.same(clean.dirty, ['editor'], 'its signed state must carry the value, so it is swapped')
  t.equal(editor.state.title, 'Tools')
  const still = await editor.call('peek')
  t.same(still.dirty, [], 'nothing changed: ComponentClean is honoured')
})

t.test('checkboxes: a single box is a boolean (unchecked posts ""), a group a list; nested paths and array items', async (t) => {
  const { page } = await modelPage(t)
  const editor = page.component('editor')
  editor.type('done', false)
  editor.type('tags', ['b', 'c'])
  editor.type('filters.status', 'closed')
  editor.type('items.0.done', true)
  editor.type('items.1.done', false)
  t.equal((await editor.call('save')).status, 200)
  t.same(editor.state, {
    title: 'Groceries',
    qty: 2,
    done: false,
    tags: ['b', 'c'],
    filters: { status: 'closed' },
    items: [{ label: 'milk', done: true }, { label: 'eggs', done: false }],
    secret: 's3cret',
    saved: 'Groceries x2'
  })
  editor.type('tags', [])
  await editor.call('save')
  t.same(editor.state.tags, [], 'no box checked: an empty list')
})

function raw (page: Awaited<ReturnType<typeof modelPage>>['page'], fields: Array<[string, string]>, command = 'save'): CommandCall {
  const tokens = page.dom.tokensFor('editor')
  return { component: 'task-editor', command, id: 'editor', tokens, fields }
}

t.test('a path the component does not declare writable: 400 LC_NOT_WRITABLE, nothing written, the command never runs', async (t) => {
  const { app, page } = await modelPage(t)
  const before = page.component('editor').state
  for (const path of ['secret', 'saved', 'filters', 'items.0.label', 'items.0', 'tags.0', 'title.length']) {
    const res = await post(app, raw(page, [[`${FIELD.model}editor#title`, 'changed'], [`${FIELD.model}editor#${path}`, 'x']]))
    t.equal(res.statusCode, 400, path)
    t.equal(JSON.parse(String(res.headers['hx-trigger']))['live:error'].code, 'LC_NOT_WRITABLE', path)
    t.notMatch(res.body, /Groceries|changed/, 'nothing rendered')
  }
  t.equal(TaskEditor.runs, 0, 'save never ran')
  t.same(page.component('editor').state, before)
})

t.test('prototype keys and malformed names are refused before anything is hydrated; nothing is polluted', async (t) => {
  const { app, page } = await modelPage(t)
  const names = [
    'editor#__proto__.polluted', 'editor#constructor.prototype.polluted', 'editor#filters.__proto__', 'editor#items.0.__proto__',
    'editor#prototype', 'editor#a..b', 'editor#', 'editor', '#title', 'editor#items.-1.done', 'editor#items.01.done', 'a b#title', 'editor#title\n'
  ]
  for (const name of names) {
    const res = await post(app, raw(page, [[FIELD.model + name, 'x']]))
    t.equal(res.statusCode, 400, name)
    t.equal(JSON.parse(String(res.headers['hx-trigger']))['live:error'].code, 'LC_BAD_MODEL', name)
  }
  t.equal(({} as Record<string, unknown>).polluted, undefined)
  t.equal(TaskEditor.runs, 0)
})

t.test('array and nested paths must exist; an instance whose state was not sent cannot be written', async (t) => {
  const { app, page } = await modelPage(t)
  for (const [name, why] of [['editor#items.5.done', /has no "items.5.done"/], ['editor#items.x.done', /has no "items.x.done"/], ['other#title', /instance "other" was not sent/]] as const) {
    const res = await post(app, raw(page, [[FIELD.model + name, 'true']]))
    t.equal(res.statusCode, 400, name)
    t.equal(JSON.parse(String(res.headers['hx-trigger']))['live:error'].code, 'LC_BAD_MODEL')
    t.ok(app.logs.some((l) => why.test(String(l.reason))), `logged: ${String(why)}`)
  }
  t.equal(TaskEditor.runs, 0)
  t.equal(page.component('editor').state.items.length, 2, 'no array grew')
})

t.test('values are coerced to the type the path holds, and refused with per-path messages when they cannot be', async (t) => {
  const { app, page } = await modelPage(t)
  const editor = page.component('editor')
  for (const [path, value, message] of [['qty', 'abc', 'must be a number'], ['qty', '', 'must be a number'], ['qty', '1e5', 'must be a number']] as const) {
    const res = await editor.set(path, value)
    t.equal(res.status, 400, `${path}=${value}`)
    t.equal(res.error?.code, 'LC_BAD_MODEL')
    t.same(res.error?.fields, { [path]: [message] })
    t.match(res.error?.message, `${path}: ${message}`, 'the page is told which value and why')
    editor.type(path, 2) // the refused text stays typed in the page; put it back
  }
  const maybe = await post(app, raw(page, [[`${FIELD.model}editor#done`, 'maybe']]))
  t.equal(maybe.statusCode, 400, 'a checkbox posts its value or ""')
  t.same(JSON.parse(String(maybe.headers['hx-trigger']))['live:error'].fields, { done: ['must be true or false'] })
  const res = await post(app, raw(page, [[`${FIELD.model}editor#title`, 'a'], [`${FIELD.model}editor#title`, 'b']]))
  t.equal(res.statusCode, 400, 'two values for a single text path')
  t.same(JSON.parse(String(res.headers['hx-trigger']))['live:error'].fields, { title: ['must be a single value'] })
  t.equal(editor.state.qty, 2, 'nothing written')
})

t.test('with a schema per path, values are validated and coerced by it (TypeBox through Fastify\'s Ajv)', async (t) => {
  const { page } = await modelPage(t)
  const schema = page.component('schema')
  t.equal((await schema.set('qty', '42')).status, 200)
  t.equal(schema.state.qty, 42)
  const low = await schema.set('qty', '0')
  t.equal(low.status, 400)
  t.same(low.error?.fields, { qty: ['must be >= 1'] })
  const frac = await schema.set('qty', '2.5')
  t.same(frac.error?.fields, { qty: ['must be integer'] })
  const both = await schema.set('email', 'not an email')
  t.same(both.error?.fields, { qty: ['must be integer'], email: ['must match format "email"'] }, 'refused text stays typed in the page: every bad value is named')
  schema.type('qty', 42)
  const email = await schema.set('email', 'not an email')
  t.same(email.error?.fields, { email: ['must match format "email"'] })
  schema.type('email', 'ann@example.com')
  t.equal((await schema.set('agree', true)).status, 200)
  t.equal(schema.state.agree, true)
  t.equal((await schema.set('agree', false)).status, 200, 'an unchecked box posts "", read as false')
  t.equal(schema.state.agree, false)
  t.same(schema.state, { qty: 42, email: 'ann@example.com', agree: false })
})

t.test('a parent\'s command carries a child\'s pending input: the child keeps it through the parent\'s re-render', async (t) => {
  const { page } = await modelPage(t)
  const child = page.components('note-child')[0]
  t.equal(child.id, 'nb/note-child-1')
  child.type('note', 'half a thought')
  const res = await page.component('nb').call('bump')
  t.equal(res.status, 200)
  t.same(res.dirty, ['nb'], 'one swap: the board with its child inside')
  t.match(page.component('nb').html, '<p class="bumps">1</p>')
  t.equal(page.component('nb/note-child-1').state.note, 'half a thought', 'the child was sent and kept, with the typed note')
  t.match(page.component('nb/note-child-1').html, '<p class="echo">half a thought</p>')
})

t.test('model() misuse is a render error naming the path', async (t) => {
  const { app } = await modelPage(t)
  await t.rejects(app.components.render('model/outside.njk'), { code: 'LC_BAD_MODEL_HELPER', message: /inside a component template/ })
  await t.rejects(app.components.render('model/bad-path-page.njk'), { code: 'LC_BAD_MODEL_HELPER', message: /model\("secret"\): "bad-binder" does not list it in static writable/ })
})

t.test('static writable must be paths', async (t) => {
  for (const writable of [['__proto__'], ['a.constructor'], ['a b'], 'title', 42, { 'x.y': 'not a schema' }]) {
    class Bad extends TaskEditor {
      static override componentName = 'bad-editor'
      static override writable = writable as never
    }
    await t.rejects(build(t, { components: [Bad] }), { code: 'LC_INVALID_COMPONENT', message: /static writable/ }, JSON.stringify(writable))
  }
})

t.test('a component with bound input registered after pages rendered: controls rendered from then on send bound input', async (t) => {
  const app = await build(t, { components: [TableRow, RowToucher] })
  app.get('/late', (_req, reply) => reply.page('model/late-page.njk'))
  app.get('/table', (_req, reply) => reply.page('browser/table-page.njk', { title: 'Table' }))
  const before = await liveTest(app).visit('/table')
  t.equal(before.status, 200)
  app.components.register(NoteBoard)
  app.components.register(NoteChild)
  const page = await liveTest(app).visit('/late')
  page.component('nb/note-child-1').type('note', 'late')
  await page.component('nb').call('bump')
  t.equal(page.component('nb/note-child-1').state.note, 'late')
})

t.test('$refresh needs the component\'s permissions like every command: a viewer who may not writes nothing', async (t) => {
  const app = await build(t, { components: MODEL })
  app.get('/model', (_req, reply) => reply.page('model/page.njk'))
  const staff = JSON.stringify({ isAuthenticated: true, isStaff: true })
  const page = await liveTest(app).visit('/model', { 'x-test-user': staff })
  const note = page.component('staff')
  note.type('note', 'by a stranger')
  const anon = await note.call('$refresh', { headers: { 'x-test-user': 'null' } })
  t.equal(anon.status, 401)
  const user = await note.call('$refresh', { headers: { 'x-test-user': JSON.stringify({ isAuthenticated: true, isStaff: false }) } })
  t.equal(user.status, 403)
  t.equal(note.state.note, 'internal', 'nothing written')
  const ok = await note.call('$refresh', { headers: { 'x-test-user': staff } })
  t.equal(ok.status, 200)
  t.equal(note.state.note, 'by a stranger')
})

t.test('a form\'s kept fields are bound by field(): a parent\'s command carries what was typed; a sensitive field is never bound', async (t) => {
  const { page } = await modelPage(t)
  const form = page.component('fp/mini-form-1')
  t.match(form.html, '<input name="__lc_model:fp/mini-form-1#formData.note" data-lc-model="formData.note" id="fp_mini-form-1-note"')
  t.match(form.html, '<input type="password" name="password" id="fp_mini-form-1-password"', 'sensitive: its plain name, never in the state')
  form.type('formData.note', 'a draft')
  const res = await page.component('fp').call('bump')
  t.equal(res.status, 200)
  t.equal(page.component('fp/mini-form-1').state.formData.note, 'a draft', 'written into the child form\'s state, kept through the parent\'s re-render')
  t.match(page.component('fp/mini-form-1').html, 'value="a draft"')
})
