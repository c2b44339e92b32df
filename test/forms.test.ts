/** @module test/forms — FormComponent and ModelFormComponent: 422 re-render with accessible errors, live field validation, typed onSubmit, load/save. Driven through the test kit; `post()` only for field names no form has. */
import t from 'tap'
import { assertDirty, liveTest } from 'fastify-livecomponents/testing'
import { build, claimsOf, post, tokensOf } from './helpers/build.js'
import { calls, products, SECURE, Signup } from './fixtures/secure-components.js'
import { ALL } from './fixtures/components.js'
import { parse } from './helpers/dom.js'
import { FormComponent } from 'fastify-livecomponents'
import { z } from 'zod'

async function formPage (t: Parameters<typeof build>[0]) {
  const app = await build(t)
  products.set(1, { name: 'Cup', price: 8 })
  const live = liveTest(app)
  const page = await live.visit('/secure')
  if (page.status !== 200) throw new Error(`GET /secure answered ${page.status}: ${page.html}`)
  calls.length = 0
  Signup.saved = []
  return { app, live, page }
}

t.test('first render: fields with ids, aria wiring, live validation on FormComponents, an empty error element', async (t) => {
  const { page } = await formPage(t)
  const html = page.component('signup').html
  t.match(html, '<input type="email" name="__lc_model:signup#formData.email" data-lc-model="formData.email" id="signup-email" aria-invalid="false" aria-describedby="signup-email-error" hx-post="/components/signup/cmd/fieldChange/email"', 'a kept field is bound to formData.<name> (model binding)')
  t.match(html, 'hx-sync="this:replace" data-lc-cmd="signup" hx-trigger="input changed delay:400ms" data-lc-live-field')
  const email = /<input type="email" name="__lc_model:signup#formData.email"[^>]*>/.exec(html)![0]
  t.match(email, 'hx-post=')
  t.notMatch(email, 'hx-disable', 'a live field is never disabled while its request is in flight')
  t.match(html, '<span id="signup-email-error" class="lc-field-error" aria-live="polite" data-lc-error-for="signup-email"></span>')
  t.match(html, '<input name="__lc_model:signup#formData.age" data-lc-model="formData.age" id="signup-age" aria-invalid="false" aria-describedby="signup-age-error" value="">', 'live: false')
  t.match(page.component('zlogin').html, 'hx-trigger="input changed delay:100ms"', 'delay option')
  const edit = page.component('edit').html
  t.match(edit, '<input name="__lc_model:edit#formData.name" data-lc-model="formData.name" id="edit-name" aria-invalid="false" aria-describedby="edit-name-error" hx-post="/components/product-edit/cmd/fieldChange/name"')
  t.match(edit, 'value="Cup"', 'the model form was loaded from the repository')
})

t.test('invalid submit: 422, the form re-rendered in place with its errors and values, onSubmit not called', async (t) => {
  const { page } = await formPage(t)
  const signup = page.component('signup')
  const res = await signup.submit({ email: 'nope', name: 'A<b>', age: '12' })
  t.equal(res.status, 422, '422 Unprocessable Content: htmx 4 swaps it; the client helper makes htmx 2 swap it')
  t.notOk(res.headers['hx-reswap'], 'a normal swap of the form, not an error response')
  t.match(res.body, /^<div id="signup" data-lc="signup" data-lc-bound="">/)
  t.match(res.body, '<input type="email" name="__lc_model:signup#formData.email" data-lc-model="formData.email" id="signup-email" aria-invalid="true" aria-describedby="signup-email-error"')
  t.match(res.body, '<span id="signup-email-error" class="lc-field-error" aria-live="polite" data-lc-error-for="signup-email">must match format &quot;email&quot;</span>')
  t.match(res.body, 'value="A&lt;b&gt;"', 'the typed value comes back, escaped')
  t.match(res.body, 'data-lc-error-for="signup-age">must be &gt;= 18</span>')
  // the kit does not apply a 4xx to its page, 422 included: the re-rendered state is read from the response
  const state = claimsOf(tokensOf(res.body).get('signup')!).s
  t.same(state.formData, { email: 'nope', name: 'A<b>', age: '12' })
  const padded = await signup.submit({ email: 'nope', name: 'A', age: '12', junk: 'z'.repeat(200_000) })
  t.equal(padded.status, 422)
  t.same(claimsOf(tokensOf(padded.body).get('signup')!).s.formData, { email: 'nope', name: 'A', age: '12' }, 'a field the schema does not declare is not kept in state')
  t.ok(padded.body.length < 20_000, 'nor sent back')
  t.same(Object.keys(state.fieldErrors).sort(), ['age', 'email'])
  t.equal(state.submitted, true)
  t.equal(state.valid, false)
  t.same(calls, [], 'onSubmit never ran')
})

t.test('valid submit: onSubmit gets typed, coerced data; its execution result is used', async (t) => {
  const { page } = await formPage(t)
  const signup = page.component('signup')
  const res = await signup.submit({ email: 'ann@example.com', name: 'Ann', age: '30' })
  t.equal(res.status, 200)
  t.match(res.body, '<p class="ok">Welcome Ann</p>')
  assertDirty(res, 'signup')
  signup.assertSee('Welcome Ann')
  t.same(Signup.saved, [{ email: 'ann@example.com', name: 'Ann', age: 30 }], 'age is a number')
  t.same(JSON.parse(String(res.headers['hx-trigger'])), { toast: { message: 'Welcome' } })
  t.match(res.body, 'aria-invalid="false"')
})

t.test('fieldChange: only that field\'s error element, out of band; the form is not re-rendered', async (t) => {
  const { app, page } = await formPage(t)
  const signup = page.component('signup')
  const bad = await signup.call('fieldChange', { args: ['email'], fields: { email: 'nope' } })
  t.equal(bad.status, 200)
  t.equal(bad.headers['hx-reswap'], 'none', 'no main swap: the input keeps focus and what was typed meanwhile')
  t.equal(bad.body, '<span id="signup-email-error" class="lc-field-error" aria-live="polite" data-lc-error-for="signup-email" hx-swap-oob="true">must match format &quot;email&quot;</span>')
  t.same(bad.dirty, ['signup-email-error'], 'only the error element was swapped on the page')
  t.match(signup.html, 'data-lc-error-for="signup-email">must match format &quot;email&quot;</span>')
  const good = await signup.call('fieldChange', { args: ['email'], fields: { email: 'a@b.co' } })
  t.equal(good.body, '<span id="signup-email-error" class="lc-field-error" aria-live="polite" data-lc-error-for="signup-email" hx-swap-oob="true"></span>', 'fixed: the error is cleared')
  const other = await signup.call('fieldChange', { args: ['name'], fields: { name: 'Al' } })
  t.match(other.body, 'data-lc-error-for="signup-name" hx-swap-oob="true"></span>', 'other fields\' required errors do not leak into this field')
  // field names no form has (prototype keys, invalid names): forged paths, sent raw
  const tokens = [...tokensOf(page.html).values()]
  for (const field of ['__proto__', 'constructor', '1bad', 'x'.repeat(101)]) {
    const res = await post(app, { component: 'signup', command: 'fieldChange', path: [field], id: 'signup', tokens })
    t.equal(res.statusCode, 400, `field name ${field.slice(0, 12)}`)
  }
  t.equal(({} as Record<string, unknown>).polluted, undefined)
  t.same(calls, [])
})

t.test('sync and async work the same: the zod form with an async onSubmit', async (t) => {
  const { page } = await formPage(t)
  const zlogin = page.component('zlogin')
  const bad = await zlogin.submit({ user: 'al', pin: '12' })
  t.equal(bad.status, 422)
  t.match(bad.body, 'data-lc-error-for="zlogin-user">at least 3 characters</span>')
  t.match(bad.body, 'data-lc-error-for="zlogin-pin">four digits</span>')
  const live = await zlogin.call('fieldChange', { args: ['pin'], fields: { pin: '99' } })
  t.match(live.body, '>four digits</span>')
  const ok = await zlogin.submit({ user: 'alice', pin: '1234' })
  t.equal(ok.status, 200)
  t.match(ok.body, '<p class="ok">in</p>')
  t.same(calls, ['login:alice:1234'], 'onSubmit got the coerced number')
})

t.test('ModelFormComponent: load fills the form, an invalid save changes nothing, a valid save stores the data', async (t) => {
  const { live, page } = await formPage(t)
  const edit = page.component('edit')
  const bad = await edit.submit({ name: '', price: '-1' })
  t.equal(bad.status, 422)
  t.same(products.get(1), { name: 'Cup', price: 8 }, 'nothing saved')
  const ok = await edit.submit({ name: 'Mug', price: '9.5' })
  t.equal(ok.status, 200)
  t.same(products.get(1), { name: 'Mug', price: 9.5 })
  t.same(JSON.parse(String(ok.headers['hx-trigger'])), { toast: { message: 'Saved' } })
  assertDirty(ok, 'edit')
  t.equal(edit.state.props.productId, 1, 'the record key stays in the signed state')
  t.same(calls, ['save'])
  const reload = await live.visit('/secure')
  t.match(reload.component('edit').html, 'value="Mug"')
})

t.test('sensitive fields (passwords, sensitiveFields) are validated but never kept in the signed state', async (t) => {
  const { FormComponent } = await import('fastify-livecomponents')
  const { Type } = await import('@sinclair/typebox')
  class Account extends FormComponent {
    static template = 'plain.njk'
    static schema = Type.Object({ user: Type.String(), newPassword: Type.String({ minLength: 8 }), pin: Type.String({ minLength: 4 }) })
    static sensitiveFields = ['pin']
    onSubmit () {}
  }
  const app = await build(t, { components: [Account] })
  const account = await liveTest(app).mount('account')
  const res = await account.submit({ user: 'ann', newPassword: 'short', pin: '12' })
  t.equal(res.status, 422)
  const token = tokensOf(res.body).get(account.id)!
  const state = claimsOf(token).s
  t.same(state.formData, { user: 'ann' }, 'neither the password nor the pin is in the state')
  t.ok(state.fieldErrors.newPassword && state.fieldErrors.pin, 'both were validated')
  t.notMatch(Buffer.from(token.split('.')[1], 'base64url').toString(), 'short')
})

t.test('errors of the form as a whole (a cross-field rule at the schema\'s root): form_errors() and field_error(\'\') show them after a submit', async (t) => {
  const Pins = z.object({ pin: z.string().min(4, 'four digits'), again: z.string() }).refine((v) => v.pin === v.again, 'the two PINs differ')
  class PinChange extends FormComponent<z.infer<typeof Pins>> {
    static template = 'pin-change.njk'
    static schema = Pins
    onSubmit () {}
  }
  const app = await build(t, { components: [...ALL, ...SECURE, PinChange] })
  const live = liveTest(app)
  const form = await live.mount('pin-change', {}, { id: 'pins' })
  t.equal(parse(form.html).querySelectorAll('#pins--error').length, 2, 'both helpers render the form\'s error element, empty before a submit')
  t.equal(parse(form.html).querySelector('#pins--error')!.textContent, '')
  t.notOk(parse(form.html).querySelector('#pins--error')!.hasAttribute('data-lc-error-for'), 'it belongs to no input')
  const bad = await form.submit({ pin: '1234', again: '4321' })
  t.equal(bad.status, 422)
  t.same(form.state.fieldErrors, { '': ['the two PINs differ'] }, 'a root error is keyed by the empty field name')
  t.equal(parse(form.html).querySelector('#pins--error')!.textContent, 'the two PINs differ', 'shown in place')
  const ok = await form.submit({ pin: '1234', again: '1234' })
  t.equal(ok.status, 200)
  t.equal(parse(form.html).querySelector('#pins--error')!.textContent, '', 'cleared by a valid submit')
  form.assertSee('changed')
})
