/** @module test/schemas — command argument schemas: coercion, per-field 400s before the handler, TypeBox and Standard Schema (zod). Driven through the test kit; `post()` only for a forged state token. */
import t from 'tap'
import { Type } from '@sinclair/typebox'
import { liveTest, type CallOptions } from 'fastify-livecomponents/testing'
import { build, post } from './helpers/build.js'
import { calls } from './fixtures/secure-components.js'
import { LiveComponent, command, type CallContext } from 'fastify-livecomponents'

async function typed (t: Parameters<typeof build>[0]) {
  const app = await build(t)
  const page = await liveTest(app).visit('/secure')
  if (page.status !== 200) throw new Error(`GET /secure answered ${page.status}: ${page.html}`)
  calls.length = 0
  const component = page.component('typed')
  return { app, page, component, add: async (args: string[], fields: CallOptions['fields']) => await component.call('add', { args, fields }) }
}

t.test('TypeBox: form strings are coerced (integers, booleans, arrays from repeated keys)', async (t) => {
  const { add, component } = await typed(t)
  const one = await add(['7'], { note: 'hello', urgent: 'true', tags: 'a' })
  t.equal(one.status, 200)
  t.match(one.body, '<span class="qty">7</span> <span class="note">hello</span> <span class="tags">a</span> <span class="urgent">true</span>', 'a single tag became an array')
  t.same(component.state, { qty: 7, note: 'hello', tags: ['a'], urgent: true, zed: 0 }, 'typed values in the new state on the page')
  const two = await add(['2'], { note: 'x', tags: ['a', 'b'], urgent: 'false' })
  t.match(two.body, '<span class="tags">a,b</span> <span class="urgent">false</span>')
  t.same(component.state, { qty: 9, note: 'x', tags: ['a', 'b'], urgent: false, zed: 0 }, 'the second command ran on the state the first left')
  t.same(calls, ['add', 'add'])
})

t.test('TypeBox: a bad argument is a 400 with per-field messages, and the command never runs', async (t) => {
  const { add, page } = await typed(t)
  const before = page.html
  const cases: Array<[string[], CallOptions['fields'], Record<string, unknown>]> = [
    [['0'], { note: 'x' }, { 0: ['must be >= 1'] }],
    [['100'], { note: 'x' }, { 0: ['must be <= 99'] }],
    [['1.5'], { note: 'x' }, { 0: ['must be integer'] }],
    [['abc'], { note: 'x' }, { 0: ['must be integer'] }],
    [['1', '2'], { note: 'x' }, { '': ['must NOT have more than 1 items'] }],
    [[], { note: 'x' }, { '': ['must NOT have fewer than 1 items'] }],
    [['1'], {}, { note: ["must have required property 'note'"] }],
    [['1'], { note: 'y'.repeat(21) }, { note: ['must NOT have more than 20 characters'] }],
    [['1'], { note: ['a', 'b'] }, { note: ['must be string'] }],
    [['1'], { note: 'a', urgent: 'maybe' }, { urgent: ['must be boolean'] }]
  ]
  for (const [args, fields, expected] of cases) {
    const res = await add(args, fields)
    t.equal(res.status, 400, JSON.stringify([args, fields]))
    t.equal(res.headers['hx-reswap'], 'none')
    t.equal(res.error?.code, 'LC_BAD_ARGUMENTS')
    t.same(res.error?.fields, expected)
  }
  t.equal(page.html, before, 'the page is left as it was')
  t.same(calls, [], 'the handler never ran')
})

t.test('a schema failure tells the user what to fix, in the live:error message and the body (the schema\'s messages only)', async (t) => {
  const { add } = await typed(t)
  const res = await add(['100'], { note: 'x' })
  t.equal(res.error?.message, 'Please check: argument 1 must be <= 99.', 'a positional argument, by its position')
  t.equal(res.body, res.error?.message)
  const named = await add(['1'], { note: 'y'.repeat(21), urgent: 'maybe' })
  t.equal(named.error?.message, 'Please check: note: must NOT have more than 20 characters; urgent: must be boolean.', 'named ones by name, every one')
  const two = await add(['1', '2'], { note: 'x' })
  t.equal(two.error?.message, 'Please check: must NOT have more than 1 items.', 'an error of the arguments as a whole')
  const long = await add(['1'], { note: 'x', ...Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`urgent${i}`, 'maybe'])), urgent: 'maybe' })
  t.ok(long.error!.message.length <= 300, `bounded: ${long.error!.message.length} characters`)
})

t.test('Standard Schema (zod): validated and coerced the same way, async handler', async (t) => {
  const { component } = await typed(t)
  const ok = await component.call('zed', { fields: { q: '12' } })
  t.equal(ok.status, 200)
  t.match(ok.body, '<span class="zed">12</span>')
  t.equal(component.state.zed, 12, 'a number in the new state')
  const bad = await component.call('zed', { fields: { q: '-3' } })
  t.equal(bad.status, 400)
  t.ok(Array.isArray(bad.error?.fields?.q), 'per-field message from zod')
  t.same(calls, ['zed'])
})

t.test('argument validation runs before the state token is looked at: nothing hydrated for bad input', async (t) => {
  const { app } = await typed(t)
  const res = await post(app, { component: 'typed', command: 'add', path: ['0'], id: 'typed', tokens: ['not-a-token'], fields: [['note', 'x']] })
  t.equal(res.statusCode, 400)
  t.equal(JSON.parse(String(res.headers['hx-trigger']))['live:error'].code, 'LC_BAD_ARGUMENTS')
})

t.test('a schema that does not compile fails at register with LC_INVALID_COMPONENT', async (t) => {
  class Broken extends LiveComponent<{}> {
    static template = 'plain.njk'
    mount () { return {} }
    @command({ named: { type: 'object', properties: { a: { type: 'no-such-type' } } } as never })
    go (_ctx: CallContext<{}>) {}
  }
  await t.rejects(build(t, { components: [Broken] }), { code: 'LC_INVALID_COMPONENT' })
  t.throws(() => command('spec' as never), TypeError)
  class Fine extends LiveComponent<{}> {
    static template = 'plain.njk'
    mount () { return {} }
    @command({ positional: Type.Tuple([Type.String({ pattern: '^[a-z]+$' })]) })
    go (_ctx: CallContext<{}>, _word: string) {}
  }
  const app = await build(t, { components: [Fine] })
  t.same(app.components.routes().map((r) => r.command), ['go'])
})

t.test('non-finite numbers never pass a TypeBox schema (Ajv coerces "Infinity" and "1e400" and then skips range checks)', async (t) => {
  const { add, page } = await typed(t)
  for (const n of ['Infinity', '-Infinity', '1e400', '-6e793']) {
    const res = await add([n], { note: 'x' })
    t.equal(res.status, 400, n)
    t.same(res.error?.fields, { 0: ['must be a finite number'] })
  }
  const form = await page.component('signup').submit({ email: 'a@b.co', name: 'Bob', age: '-1e999' })
  t.equal(form.status, 422, 'a form re-renders with the error instead')
  t.match(form.body, 'data-lc-error-for="signup-age">must be a finite number</span>')
  t.same(calls, [])
})
