/** @module test/development — with `development: true`, a `cmd()` whose arguments can only fail is a render error naming the problem, not a URL that answers 400 at the click; in production the URL is rendered as written. */
import t from 'tap'
import { liveTest } from 'fastify-livecomponents/testing'
import { build } from './helpers/build.js'
import { DevChecked } from './fixtures/typed-app-components.js'

async function devApp (t: Parameters<typeof build>[0], development: boolean) {
  const app = await build(t, { components: [DevChecked], development })
  app.get('/dev/:case', (req, reply) => reply.page('dev-page.njk', { case: (req.params as { case: string }).case }))
  return app
}

const BAD: Array<[string, RegExp]> = [
  ['int-bad', /cmd\("move"\): arguments \["abc"\] do not match its positional schema: argument 1 must be integer/],
  ['int-negative', /cmd\("move"\): arguments \[-1\] do not match its positional schema: argument 1 must be >= 0/],
  ['none-extra', /cmd\("toggle"\): 2 positional argument\(s\) given, but the command takes 0/],
  ['two-extra', /cmd\("pick"\): 3 positional argument\(s\) given, but the command takes 2/]
]

t.test('development: arguments that can only fail are a 500 LC_BAD_CMD_HELPER at render, with the reason in the log', async (t) => {
  const app = await devApp(t, true)
  for (const [name, reason] of BAD) {
    const res = await app.inject(`/dev/${name}`)
    t.equal(res.statusCode, 500, name)
    t.notMatch(res.body, reason, 'the reason is not shown to the client')
    const logged = app.logs.find((l) => l.err?.code === 'LC_BAD_CMD_HELPER' && reason.test(String(l.err.message)))
    t.ok(logged, `${name}: logged with its reason`)
  }
  for (const [name, url] of [['int-ok', '/cmd/move/3"'], ['none-ok', '/cmd/toggle"'], ['two-ok', '/cmd/pick/a/b"'], ['default', '/cmd/maybe/y"']]) {
    const res = await app.inject(`/dev/${name}`)
    t.equal(res.statusCode, 200, name)
    t.match(res.body, url)
  }
})

t.test('production: the same templates render their URLs (the click gets the 400)', async (t) => {
  const app = await devApp(t, false)
  const res = await app.inject('/dev/int-bad')
  t.equal(res.statusCode, 200)
  t.match(res.body, 'hx-post="/components/dev-checked/cmd/move/abc"')
  t.equal((await app.inject('/dev/none-extra')).statusCode, 200)
})

t.test('development: a command that throws answers 500 with a live:error that carries debug (component, command, causes); production does not', async (t) => {
  const app = await devApp(t, true)
  const page = await liveTest(app).visit('/dev/controls')
  const res = await page.component('dev').call('boom')
  t.equal(res.status, 500)
  t.equal(res.headers['hx-reswap'], 'none', 'never swapped')
  const detail = JSON.parse(String(res.headers['hx-trigger']))['live:error']
  t.match(detail, { status: 500, code: 'LC_COMMAND_FAILED', message: 'Something went wrong on our side. Please try again.' })
  t.same(detail.debug, {
    component: 'dev-checked',
    command: 'boom',
    causes: [{ code: 'LC_COMMAND_FAILED', message: 'Command "boom" of "dev-checked" failed' }, { name: 'Error', message: 'the stock service said <b>no</b>' }]
  })
  t.notMatch(res.body, 'stock service', 'the body stays generic')

  const broken = await page.component('dev').call('breakTemplate')
  t.equal(broken.status, 500)
  const debug = JSON.parse(String(broken.headers['hx-trigger']))['live:error'].debug
  t.match(debug, { component: 'dev-checked', command: 'breakTemplate', template: /dev-checked\.njk$/, line: 9 })
  t.equal(debug.causes[0].code, 'LC_RENDER_FAILED')
  t.match(debug.causes[1].message, 'Unable to call `nothere`')

  const prod = await devApp(t, false)
  const prodPage = await liveTest(prod).visit('/dev/controls')
  const quiet = await prodPage.component('dev').call('boom')
  t.equal(quiet.status, 500)
  t.notOk(JSON.parse(String(quiet.headers['hx-trigger']))['live:error'].debug, 'no debug in production')
  t.notMatch(String(quiet.headers['hx-trigger']), 'stock service')
})

t.test('development: a page render that fails answers the development error page (500), escaped; production leaves it to Fastify', async (t) => {
  const app = await devApp(t, true)
  const res = await app.inject('/dev/broken')
  t.equal(res.statusCode, 500)
  t.match(res.headers['content-type'], 'text/html')
  t.match(res.body, '<h1>The page dev-page.njk failed to render</h1>')
  t.match(res.body, '<dd class="component">dev-checked</dd>')
  t.match(res.body, /<dd class="template">[^<]*dev-checked\.njk, line 9, column \d+<\/dd>/)
  t.match(res.body, '<strong>LC_RENDER_FAILED</strong>')
  t.match(res.body, 'Unable to call `nothere`')
  t.ok(app.logs.some((l) => l.msg.includes('development error page')), 'logged')

  const prod = await devApp(t, false)
  const quiet = await prod.inject('/dev/broken')
  t.equal(quiet.statusCode, 500)
  t.notMatch(quiet.body, 'nothere', 'no template detail in production')
  t.notMatch(quiet.body, 'failed to render')
})
