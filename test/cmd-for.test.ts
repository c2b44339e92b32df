/** @module test/cmd-for — controls outside the component (django-livecomponents' call_command with a component id): `cmd_for(id, command, …args)` in a page or in another component's template runs that component's command. */
import t from 'tap'
import { liveTest } from 'fastify-livecomponents/testing'
import { build } from './helpers/build.js'
import { Counter } from './fixtures/components.js'
import { Remote } from './fixtures/cmd-for-components.js'

async function cmdForApp (t: Parameters<typeof build>[0]) {
  const app = await build(t, { components: [Counter, Remote] })
  app.get('/cmd-for', (_req, reply) => reply.page('cmd-for/page.njk'))
  return app
}

t.test('cmd_for in a page, before its target: the complete attributes of a control of the target', async (t) => {
  const app = await cmdForApp(t)
  const page = await liveTest(app).visit('/cmd-for')
  t.match(page.html, /<button class="add-ten" hx-post="\/components\/counter\/cmd\/inc\/10" hx-target="#counter" hx-swap="outerMorph" hx-sync="this:drop" data-lc-cmd="counter" hx-disable="this">/)
  t.notMatch(page.html, 'lc-cmd-for-', 'no placeholder left')
})

t.test('cmd_for in another component\'s template, rendered in a page and again in a command response', async (t) => {
  const app = await cmdForApp(t)
  const page = await liveTest(app).visit('/cmd-for')
  t.match(page.component('remote').html, /<button class="remote-inc" hx-post="\/components\/counter\/cmd\/inc\/5" hx-target="#counter"/)
  const res = await page.component('remote').call('bump')
  t.equal(res.status, 200)
  t.match(res.body, /<button class="remote-inc" hx-post="\/components\/counter\/cmd\/inc\/5" hx-target="#counter"/, 'the target is found from the state the command carried')
})

t.test('missing target or command: a render error naming it', async (t) => {
  const app = await cmdForApp(t)
  await t.rejects(app.components.render('cmd-for/missing.njk'), { code: 'LC_BAD_CMD_HELPER', message: /no component with the id "nowhere" is on the page/ })
  await t.rejects(app.components.render('cmd-for/bad-command.njk'), { code: 'LC_BAD_CMD_HELPER', message: /"counter" \(id "counter"\) has no @command of that name/ })
  await t.rejects(app.components.render('cmd-for/bad-id.njk'), { code: 'LC_BAD_CMD_HELPER', message: /"not an id" is not an explicit component id/ })
  await t.rejects(app.components.render('cmd-for/bad-arg.njk'), { code: 'LC_BAD_CMD_HELPER', message: /positional arguments must be strings, numbers or booleans/ })
})
