/** @module test/header-values — every header the plugin writes is ASCII, on error paths too, and decodes to the text it stands for. */
import t from 'tap'
import Fastify from 'fastify'
import type { StandardSchemaV1 } from '@standard-schema/spec'
import components, { command, LiveComponent, ReplaceUrl, TriggerEvent, type CallContext } from 'fastify-livecomponents'
import { assertTriggered, liveTest } from 'fastify-livecomponents/testing'
import { SECRET, TEMPLATES } from './helpers/build.js'

/** Refuses every named field, reporting each under its own name (as a strict schema does). */
const refuseAll: StandardSchemaV1<Record<string, unknown>> = {
  '~standard': {
    version: 1,
    vendor: 'test',
    validate: (value) => ({ issues: Object.keys(value as object).map((k) => ({ message: `unknown field ${k} «é»`, path: [k] })) })
  }
}

class Strict extends LiveComponent<{ n: number }> {
  static template = 'plain/plain.njk'
  mount () { return { n: 0 } }
  @command({ named: refuseAll }) bump (_ctx: CallContext<{ n: number }, Record<string, unknown>>) {}
  @command go (_ctx: CallContext<{ n: number }>) { return [new ReplaceUrl('/café/ü?q=a b'), new TriggerEvent('saved', { text: 'Ça va €' })] }
}

const ascii = (value: unknown): boolean => /^[\x20-\x7e]*$/.test(String(value))

async function app (t: { teardown: (fn: () => unknown) => void }) {
  const a = Fastify()
  t.teardown(() => a.close())
  await a.register(components, { components: [Strict], templates: [TEMPLATES], secrets: [SECRET] })
  a.get('/', (_req, reply) => reply.page('plain/strict-page.njk'))
  return a
}

t.test('a schema error naming a non-ASCII field: the error response is still coded, ASCII and never swapped', async (t) => {
  const a = await app(t)
  const page = await liveTest(a).visit('/')
  const strict = page.component('strict')
  const before = page.html
  const res = await strict.call('bump', { fields: { '€': '1', 名前: 'x' } })
  t.equal(res.status, 400)
  t.equal(res.headers['hx-reswap'], 'none', 'never swapped')
  t.same(res.dirty, [])
  t.equal(page.html, before, 'the page is left as it was')
  for (const [name, value] of Object.entries(res.headers)) t.ok(ascii(value), `${name} is ASCII`)
  const detail = res.error
  t.equal(detail?.code, 'LC_BAD_ARGUMENTS')
  t.same(Object.keys(detail?.fields ?? {}).sort(), ['€', '名前'].sort(), 'the field names decode to what was sent')
  t.same(detail?.fields?.['€'], ['unknown field € «é»'])
})

t.test('results with non-ASCII URLs and event details: ASCII headers that decode to the same text', async (t) => {
  const a = await app(t)
  const strict = (await liveTest(a).visit('/')).component('strict')
  const res = await strict.call('go')
  t.equal(res.status, 200)
  for (const [name, value] of Object.entries(res.headers)) t.ok(ascii(value), `${name} is ASCII`)
  t.equal(decodeURI(String(res.headers['hx-replace-url'])), '/café/ü?q=a b')
  t.same(JSON.parse(String(res.headers['hx-trigger'])), { saved: { text: 'Ça va €' } })
  assertTriggered(res, 'saved', { text: 'Ça va €' })
})
