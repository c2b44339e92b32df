/** @module test/framework-errors — `Fastify({ frameworkErrors })`: malformed URLs under the plugin's prefix get its coded, never-swapped 400; every other URL gets Fastify's own. */
import t, { type Test } from 'tap'
import Fastify, { type LightMyRequestResponse } from 'fastify'
import components, { frameworkErrors } from 'fastify-livecomponents'
import { Counter } from './fixtures/components.js'
import { SECRET, TEMPLATES } from './helpers/build.js'

interface Teardown { teardown: (fn: () => unknown) => void }

async function app (t: Teardown, prefix?: string) {
  const fastify = Fastify({ frameworkErrors })
  t.teardown(() => fastify.close())
  await fastify.register(components, { components: [Counter], templates: [TEMPLATES], secrets: [SECRET], ...(prefix === undefined ? {} : { prefix }) })
  fastify.get('/other/:x', async () => ({ ok: true }))
  await fastify.ready()
  return fastify
}

const liveError = (res: LightMyRequestResponse): { status: number, code: string, message: string } | undefined => {
  const header = res.headers['hx-trigger']
  return header === undefined ? undefined : JSON.parse(String(header))['live:error']
}

/** The plugin's error response: 400, never swapped, coded LC_BAD_ARGUMENTS, a plain generic text. */
function assertPluginRefusal (t: Test, res: LightMyRequestResponse, what: string): void {
  t.equal(res.statusCode, 400, `${what}: 400`)
  t.equal(res.headers['hx-reswap'], 'none', `${what}: never swapped`)
  t.equal(res.headers['cache-control'], 'no-store', `${what}: not cached`)
  const error = liveError(res)
  t.equal(error?.code, 'LC_BAD_ARGUMENTS', `${what}: live:error code`)
  t.equal(error?.status, 400, `${what}: live:error status`)
  t.notMatch(res.body, 'FST_ERR_BAD_URL', `${what}: Fastify's own body is not sent`)
}

/** Fastify's own refusal: its JSON body, no htmx headers. */
function assertFastifyRefusal (t: Test, res: LightMyRequestResponse, what: string): void {
  t.equal(res.statusCode, 400, `${what}: 400`)
  t.match(res.headers['content-type'], /application\/json/, `${what}: JSON`)
  t.match(JSON.parse(res.body), { statusCode: 400, code: 'FST_ERR_BAD_URL', error: 'Bad Request' }, `${what}: Fastify's body`)
  t.notOk(res.headers['hx-trigger'], `${what}: no HX-Trigger`)
  t.notOk(res.headers['hx-reswap'], `${what}: no HX-Reswap`)
}

t.test('a malformed URL below the prefix gets the plugin\'s coded, never-swapped 400', async (t) => {
  const fastify = await app(t)
  for (const method of ['POST', 'GET'] as const) {
    const res = await fastify.inject({ method, url: '/components/counter/cmd/inc/%E0%A4%A', headers: { 'hx-request': 'true' } })
    assertPluginRefusal(t, res, method)
  }
  assertPluginRefusal(t, await fastify.inject({ method: 'POST', url: '/components/counter/cmd/inc/%E0%A4%A?x=1' }), 'with a query string')
  assertPluginRefusal(t, await fastify.inject('/components/assets/%FF'), 'any path below the prefix')
  t.same(Counter.calls, [], 'no handler ran')
})

t.test('a malformed URL elsewhere gets Fastify\'s own 400 JSON', async (t) => {
  const fastify = await app(t)
  assertFastifyRefusal(t, await fastify.inject('/other/%E0%A4%A'), '/other')
  assertFastifyRefusal(t, await fastify.inject('/componentsx/counter/%E0%A4%A'), 'a path that only starts like the prefix')
  assertFastifyRefusal(t, await fastify.inject('/other/%E0%A4%A?next=/components/x'), 'the prefix in the query string only')
  t.same(await (await fastify.inject('/other/fine')).json(), { ok: true }, 'a good URL still routes')
})

t.test('a custom prefix moves the boundary', async (t) => {
  const fastify = await app(t, '/live')
  assertPluginRefusal(t, await fastify.inject({ method: 'POST', url: '/live/counter/cmd/inc/%E0%A4%A' }), '/live')
  assertFastifyRefusal(t, await fastify.inject({ method: 'POST', url: '/components/counter/cmd/inc/%E0%A4%A' }), 'the default prefix is not the plugin\'s any more')
})
