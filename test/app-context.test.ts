/** @module test/app-context — `ctx.app` is the Fastify instance in mount, commands and pushed renders; `ctx.effects` adds fragments, headers and a status. */
import t from 'tap'
import Fastify, { type FastifyInstance } from 'fastify'
import components, { frameworkErrors } from 'fastify-livecomponents'
import { assertDirty, liveTest } from 'fastify-livecomponents/testing'
import { Greeter } from './fixtures/plain-components.js'
import { SECRET, TEMPLATES } from './helpers/build.js'
import { parse } from './helpers/dom.js'
import { connect, isType, parsePage, subscribeMsg } from './helpers/push.js'

interface Teardown { teardown: (fn: () => unknown) => void }

/** An app with a `greeting` decorator, the Greeter and its `/` page. */
async function greeterApp (t: Teardown): Promise<FastifyInstance> {
  const app = Fastify({ frameworkErrors })
  t.teardown(() => app.close())
  app.decorate('greeting', 'hello')
  await app.register(components, { components: [Greeter], templates: [TEMPLATES], secrets: [SECRET] })
  app.get('/', (_req, reply) => reply.page('plain/greeter-page.njk'))
  Greeter.seen = []
  return app
}

const text = (html: string, selector: string): string | undefined => parse(html).querySelector(selector)?.textContent ?? undefined

t.test('mount and a page render get ctx.app, and read the app\'s decorator through it', async (t) => {
  const app = await greeterApp(t)
  const page = await liveTest(app).visit('/')
  t.equal(page.status, 200)
  t.equal(text(page.html, '#greeter .greeting'), 'hello', 'context() read the decorator')
  t.equal(text(page.html, '#greeter .says'), 'hello from mount', 'mount() read the decorator')
  t.equal(text(page.html, '#greeter .where'), 'request')
  t.same(Greeter.seen.map((s) => s.where), ['mount', 'context:request'])
  t.ok(Greeter.seen.every((s) => s.app === app), 'the very Fastify instance the plugin is registered on')
})

t.test('a command\'s CallContext has ctx.app', async (t) => {
  const app = await greeterApp(t)
  const page = await liveTest(app).visit('/')
  Greeter.seen = []
  const res = await page.component('greeter').call('regreet')
  t.equal(res.status, 200)
  assertDirty(res, 'greeter')
  t.equal(text(res.body, '#greeter .says'), 'hello from a command')
  t.equal(text(res.body, '#greeter .greeting'), 'hello')
  t.equal(text(page.html, '#greeter .says'), 'hello from a command', 'the page shows the new render')
  t.same(Greeter.seen.map((s) => s.where), ['command', 'context:request'])
  t.ok(Greeter.seen.every((s) => s.app === app))
})

t.test('a pushed render (notify, no request) has ctx.app too', async (t) => {
  const app = await greeterApp(t)
  const page = parsePage((await liveTest(app).visit('/')).html)
  const client = await connect(app)
  t.teardown(() => client.ws.close())
  t.same(JSON.parse(await client.ask(subscribeMsg(page, ['greeter']), isType('subscribed'))), { type: 'subscribed', ids: ['greeter'] })
  Greeter.seen = []
  t.equal(await app.components.notify('greetings'), true)
  const pushed = await client.next((m) => m.startsWith('<'))
  const root = parse(pushed).getElementById('greeter')
  t.equal(root?.getAttribute('hx-swap-oob'), 'outerMorph', 'an out-of-band swap of the instance')
  t.equal(root?.querySelector('.greeting')?.textContent, 'hello', 'the decorator, read through ctx.app in a render without a request')
  t.equal(root?.querySelector('.where')?.textContent, 'push')
  t.equal(root?.querySelector('.says')?.textContent, 'hello from mount', 'rendered from the state the page reported, not mounted again')
  t.same(Greeter.seen.map((s) => s.where), ['context:push'])
  t.ok(Greeter.seen.every((s) => s.app === app))
})

t.test('registered in an encapsulated context, ctx.app is that context', async (t) => {
  const app = Fastify()
  t.teardown(() => app.close())
  let scope: FastifyInstance | undefined
  await app.register(async (child) => {
    child.decorate('greeting', 'hej')
    await child.register(components, { components: [Greeter], templates: [TEMPLATES], secrets: [SECRET] })
    child.get('/', (_req, reply) => reply.page('plain/greeter-page.njk'))
    scope = child
  })
  await app.ready()
  Greeter.seen = []
  const page = await liveTest(app).visit('/')
  t.equal(page.status, 200)
  t.equal(text(page.html, '#greeter .greeting'), 'hej', 'the child\'s decorator')
  t.ok(Greeter.seen.length > 0 && Greeter.seen.every((s) => s.app === scope), 'the child instance, not the root')
  t.notOk(app.hasDecorator('greeting'), 'the root really does not have it')
})

t.test('ctx.effects: extra out-of-band fragments, headers and the status reach the response', async (t) => {
  const app = await greeterApp(t)
  const page = await liveTest(app).visit('/')
  const res = await page.component('greeter').call('effects')
  t.equal(res.status, 422, 'ctx.effects.status')
  t.equal(res.headers['x-extra'], 'extra-value', 'ctx.effects.headers')
  t.notOk(res.headers['hx-reswap'], 'a 422 from effects is still swapped')
  t.equal(res.error, undefined, 'not a refusal: no live:error event')
  // the kit applies only responses under 400 to its page, so this swapped 422 is read from its body
  const doc = parse(res.body)
  const root = doc.getElementById('greeter')
  t.ok(root, 'the component is re-rendered')
  t.notOk(root?.hasAttribute('hx-swap-oob'), 'as the main swap')
  const notice = doc.getElementById('notice')
  t.equal(notice?.getAttribute('hx-swap-oob'), 'true', 'ctx.effects.fragments')
  t.equal(notice?.textContent, 'Saved')
  t.ok(root !== null && notice !== null && res.body.indexOf(notice.outerHTML) > res.body.indexOf('id="greeter"'), 'the fragment comes after the component')
})
