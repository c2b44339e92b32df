/** @module test/partials — the plugin's partials (templates/livecomponents/*.njk): live_errors(), and user overrides of denied.njk and field-error.njk. Pages and commands go through the test kit. */
import t from 'tap'
import { fileURLToPath } from 'node:url'
import type { LiveComponentsOptions } from 'fastify-livecomponents'
import { liveTest } from 'fastify-livecomponents/testing'
import { Vault } from './fixtures/plain-components.js'
import { Signup } from './fixtures/secure-components.js'
import { build, TEMPLATES } from './helpers/build.js'
import { parse } from './helpers/dom.js'

/** A user template folder with its own livecomponents/denied.njk and livecomponents/field-error.njk. */
const OVERRIDE = fileURLToPath(new URL('./fixtures/templates/override/', import.meta.url))

const STAFF = JSON.stringify({ name: 'ann', isStaff: true })
const USER = JSON.stringify({ name: 'cy' })
/** The request headers of a user (none for an anonymous visitor). */
const as = (user?: string): Record<string, string> => user === undefined ? {} : { 'x-test-user': user }

async function partialsApp (t: Parameters<typeof build>[0], opts: LiveComponentsOptions = {}) {
  const app = await build(t, { components: [Vault, Signup], ...opts })
  app.get('/partials', (_req, reply) => reply.page('plain/partials-page.njk'))
  const live = liveTest(app)
  const load = async (user?: string) => {
    const page = await live.visit('/partials', as(user))
    if (page.status !== 200) throw new Error(`GET /partials answered ${page.status}: ${page.html}`)
    return { page, doc: parse(page.html) }
  }
  /** The page's HTML exactly as sent (the kit's page is re-serialized, without comments). */
  const raw = async (user?: string) => (await live.request({ url: '/partials', headers: as(user) })).body
  return { app, load, raw }
}

const overridden = { templates: [OVERRIDE, TEMPLATES] }

t.test('live_errors(): one alert region with the protocol\'s id and attribute', async (t) => {
  for (const opts of [{}, overridden]) {
    const { load } = await partialsApp(t, opts)
    const { doc } = await load()
    const regions = doc.querySelectorAll('#lc-errors')
    t.equal(regions.length, 1, 'exactly one #lc-errors')
    const region = regions[0]
    t.ok(region?.hasAttribute('data-lc-errors'), 'data-lc-errors')
    t.equal(region?.getAttribute('role'), 'alert')
    t.equal(doc.querySelectorAll('[data-lc-errors]').length, 1)
  }
})

t.test('a refused component without deniedTemplate: the plugin\'s denied.njk is empty', async (t) => {
  const { load } = await partialsApp(t)
  const { doc } = await load()
  const vault = doc.getElementById('vault')
  t.equal(vault?.getAttribute('data-lc-denied'), '401')
  t.equal(vault?.innerHTML, '', 'nothing inside the refused root')
})

t.test('livecomponents/denied.njk in a user template folder replaces what a refused component shows', async (t) => {
  const { load, raw } = await partialsApp(t, overridden)
  for (const [user, status, message] of [[undefined, '401', 'Sign in first.'], [USER, '403', 'Not for you.']] as const) {
    const { doc } = await load(user)
    const html = await raw(user)
    const vault = doc.getElementById('vault')
    t.equal(vault?.getAttribute('data-lc-denied'), status, `${status}: the root still says it was refused`)
    const denied = vault?.querySelector('p.custom-denied')
    t.ok(denied, `${status}: the user's partial is inside the root`)
    t.equal(denied?.getAttribute('data-status'), status, `${status}: with the status`)
    t.equal(denied?.getAttribute('data-for'), 'vault', `${status}: and the id`)
    t.equal(denied?.textContent, message)
    t.notMatch(html, 'the combination', `${status}: the state stays hidden`)
    t.notOk(vault?.querySelector('input'), `${status}: no state token`)
  }
  const staff = await load(STAFF)
  t.equal(staff.doc.querySelector('#vault .secret')?.textContent, 'the combination', 'staff see the component')
  t.notOk(staff.doc.querySelector('.custom-denied'))
})

t.test('the plugin\'s field-error.njk: a span.lc-field-error', async (t) => {
  const { load } = await partialsApp(t)
  const { doc } = await load()
  const el = doc.getElementById('signup-email-error')
  t.equal(el?.tagName, 'SPAN')
  t.ok(el?.classList.contains('lc-field-error'))
})

t.test('livecomponents/field-error.njk in a user folder changes the markup of field errors, and keeps their ids', async (t) => {
  const { load } = await partialsApp(t, overridden)
  const { doc, page } = await load()
  const signup = page.component('signup')
  const email = doc.getElementById('signup-email-error')
  t.equal(email?.tagName, 'EM', 'the user\'s element')
  t.ok(email?.classList.contains('my-field-error'))
  t.notOk(doc.querySelector('.lc-field-error'), 'the plugin\'s markup is gone')
  t.equal(email?.getAttribute('data-lc-error-for'), 'signup-email', 'the plugin\'s attributes are kept')
  t.equal(doc.getElementById('signup-email')?.getAttribute('aria-describedby'), 'signup-email-error', 'the input still points at it')
  t.equal(email?.querySelectorAll('.msg').length, 0, 'no errors yet')

  const submit = await signup.submit({ email: 'nope', name: 'Ann', age: '12' })
  t.equal(submit.status, 422)
  const after = parse(submit.body)
  t.same(Array.from(after.querySelectorAll('#signup-email-error .msg')).map((m) => m.textContent), ['must match format "email"'])
  t.same(Array.from(after.querySelectorAll('#signup-age-error .msg')).map((m) => m.textContent), ['must be >= 18'])
  t.equal(after.getElementById('signup-name-error')?.tagName, 'EM', 'a valid field keeps its (empty) element')

  const live = await signup.call('fieldChange', { args: ['email'], fields: { email: 'nope' } })
  t.equal(live.status, 200)
  const swap = parse(live.body)
  const el = swap.getElementById('signup-email-error')
  t.equal(el?.tagName, 'EM', 'live validation sends the user\'s element')
  t.equal(el?.getAttribute('hx-swap-oob'), 'true', 'out of band, by its id')
  t.equal(el?.getAttribute('data-lc-error-for'), 'signup-email')
  t.same(Array.from(swap.querySelectorAll('.msg')).map((m) => m.textContent), ['must match format "email"'])
  t.notOk(swap.getElementById('signup'), 'the form itself is not re-rendered')
  t.same(live.dirty, ['signup-email-error'], 'only the error element was swapped on the page')
  t.same(Array.from(parse(signup.html).querySelectorAll('#signup-email-error .msg')).map((m) => m.textContent), ['must match format "email"'], 'the page now shows the user\'s element with the error')
})
