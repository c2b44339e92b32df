/** @module test/peer-django-forms — django-livecomponents' tests/test_form_utils.py and tests/test_serializers.py, ported: forms bound and validated, and state that survives the round trip through the page (dehydrate, the signed token, hydrate). */
import t from 'tap'
import { liveTest } from 'fastify-livecomponents/testing'
import { build } from './helpers/build.js'
import { beans, PEER, peerPages, received, users } from './fixtures/peer-components.js'

async function pageOf (t: Parameters<typeof build>[0], url: string) {
  const app = await build(t, { components: PEER })
  peerPages(app)
  return await liveTest(app).visit(url)
}

t.test('test_form_utils.py::test_populate_form_with_data — a valid submit: bound, valid, and onSubmit gets the cleaned data', async (t) => {
  const form = (await pageOf(t, '/forms')).component('contact')
  t.same(form.state, { formData: { name: '', email: '' }, fieldErrors: {}, submitted: false, valid: false })
  const res = await form.submit({ name: 'John', email: 'john@example.com' })
  t.equal(res.status, 200)
  t.same(form.state, { formData: { name: 'John', email: 'john@example.com' }, fieldErrors: {}, submitted: true, valid: true })
  t.same(received, [{ name: 'John', email: 'john@example.com' }])
  form.assertSee('valid')
})

t.test('test_form_utils.py::test_populate_model_form_with_data — a model form filled from its record saves the data to that record', async (t) => {
  const form = (await pageOf(t, '/forms')).component('admin-form')
  t.same(form.state.formData, { username: 'admin', email: 'admin@example.com' }, 'load() filled it from the record')
  const res = await form.submit({ username: 'John', email: 'john@example.com' })
  t.equal(res.status, 200)
  t.equal(form.state.valid, true)
  t.same(received, [{ id: 1, data: { username: 'John', email: 'john@example.com' } }], 'saved to the record it was bound to (the peer\'s instance == admin_user)')
  t.same(users.get(1), { username: 'John', email: 'john@example.com' })
})

t.test('test_serializers.py::test_django_serialization — a saved record travels as its id and is loaded again on the next command', async (t) => {
  const holder = (await pageOf(t, '/serial')).component('saved-bean')
  t.same(holder.state, { bean: { id: 2 }, price: { amount: 3, currency: 'EUR' }, seen: '' }, 'the signed state holds the key only')
  beans.get(2)!.name = 'Renamed meanwhile'
  const res = await holder.call('inspect')
  t.equal(res.status, 200)
  t.same(JSON.parse(holder.state.seen).bean, beans.get(2), 'hydrate loaded the record as it is now')
  holder.assertSee('Renamed meanwhile')
})

t.test('test_serializers.py::test_django_serialization_unsaved — an unsaved record travels whole, every field kept', async (t) => {
  const holder = (await pageOf(t, '/serial')).component('unsaved-bean')
  await holder.call('inspect')
  t.match(JSON.parse(holder.state.seen).bean, { id: null, name: 'Bean', origin: 'Origin', roastLevel: 'Roast', flavorNotes: 'Notes' })
  holder.assertSee('Bean')
})

t.test('test_serializers.py::test_pydantic_serialization — a value object comes back as the same class, equal to what was sent', async (t) => {
  const holder = (await pageOf(t, '/serial')).component('saved-bean')
  holder.assertSee('3 EUR')
  await holder.call('inspect')
  t.equal(JSON.parse(holder.state.seen).money, true, 'hydrate revived a Money, whose method the command called')
  t.same(holder.state.price, { amount: 4, currency: 'EUR' })
  holder.assertSee('4 EUR')
})

t.test('test_serializers.py::test_form_serialization — the initial value, then the submitted data, survive a round trip (initial is not kept apart)', async (t) => {
  const form = (await pageOf(t, '/forms')).component('named')
  t.same(form.state.formData, { name: 'foo' }, 'initial() fills formData')
  await form.submit({ name: 'bar' })
  t.equal((await form.call('touch')).status, 200)
  t.same(form.state.formData, { name: 'bar' })
  t.match(form.html, 'value="bar"')
})

t.test('test_serializers.py::test_form_serialization_with_data — a submitted (bound) form is still bound after a round trip', async (t) => {
  const form = (await pageOf(t, '/forms')).component('blank')
  await form.submit({ name: 'bar' })
  t.equal(form.state.submitted, true)
  await form.call('touch')
  t.equal(form.state.submitted, true)
  form.assertSee('bound')
})

t.test('test_serializers.py::test_form_serialization_with_data_and_errors — the errors of an invalid submit survive a round trip', async (t) => {
  const form = (await pageOf(t, '/forms')).component('blank')
  const res = await form.submit({ name: 'BAD' })
  t.equal(res.status, 422)
  t.same(form.state.fieldErrors, { name: ['Name cannot be BAD'] })
  t.equal((await form.call('touch')).status, 200)
  t.same(form.state.fieldErrors, { name: ['Name cannot be BAD'] })
  t.equal(form.state.submitted, true)
  form.assertSee('Name cannot be BAD')
})

t.test('test_serializers.py::test_form_serializarion_without_data — an unbound form stays unbound after a round trip', async (t) => {
  const page = await pageOf(t, '/forms')
  for (const id of ['named', 'blank']) {
    const form = page.component(id)
    await form.call('touch')
    t.equal(form.state.submitted, false, id)
    form.assertDontSee('bound')
  }
})

t.test('test_serializers.py::test_model_form_serialization_no_instance — a model form without a record keeps having none, and its save creates one', async (t) => {
  const form = (await pageOf(t, '/forms')).component('new-user-form')
  t.same(form.state.props, { userId: null })
  await form.call('touch')
  t.same(form.state.props, { userId: null })
  t.same(form.state.formData, { username: '', email: '' })
  await form.submit({ username: 'newbie', email: 'newbie@example.com' })
  t.same(received, [{ id: 2, data: { username: 'newbie', email: 'newbie@example.com' } }])
  t.same(users.get(1), { username: 'admin', email: 'admin@example.com' }, 'the existing record is untouched')
})

t.test('test_serializers.py::test_model_form_serialization — the record a model form is bound to survives round trips', async (t) => {
  const form = (await pageOf(t, '/forms')).component('admin-form')
  await form.call('touch')
  await form.call('touch')
  t.same(form.state.props, { userId: 1 })
  await form.submit({ username: 'root', email: 'root@example.com' })
  t.same(received, [{ id: 1, data: { username: 'root', email: 'root@example.com' } }])
})

t.test('test_serializers.py::test_dynamic_model_with_custom_reducer_serialization — a dehydrate/hydrate pair of your own: compact in the page, whole in the command', async (t) => {
  const dynamic = (await pageOf(t, '/serial')).component('dynamic')
  t.same(dynamic.state, { f: ['username', 'email'], u: 1, seen: '' }, 'what is signed into the page is the compact form')
  dynamic.assertSee('username')
  await dynamic.call('inspect')
  t.same(JSON.parse(dynamic.state.seen), { isFieldSet: true, fields: ['username', 'email'], username: 'admin' })
})

t.test('test_serializers.py::test_model_form_serialization_unsaved_instance — a value typed into a model form, not saved, is kept through a round trip', async (t) => {
  const form = (await pageOf(t, '/forms')).component('admin-form')
  form.type('formData.username', 'foo')
  t.equal((await form.call('touch')).status, 200)
  t.equal(form.state.formData.username, 'foo')
  t.match(form.html, 'value="foo"')
  t.equal(users.get(1)?.username, 'admin', 'nothing saved')
})
