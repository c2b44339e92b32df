/** @module test/register — registry conflicts, option validation, htmx assets, prefix and route listing. */
import t from 'tap'
import { scriptsOf } from './helpers/dom.js'
import Fastify from 'fastify'
import { createRequire } from 'node:module'
import components, { command, LiveComponent, type CallContext } from 'fastify-livecomponents'
import { Counter, Panel } from './fixtures/components.js'
import { build, SECRET, TEMPLATES } from './helpers/build.js'

async function register (opts: Record<string, unknown>) {
  const app = Fastify()
  try {
    await app.register(components, { templates: [TEMPLATES], secrets: [SECRET], ...opts } as never)
    await app.ready()
    return app
  } finally {
    await app.close()
  }
}

t.test('registering another class under a taken name is LC_DUPLICATE_COMPONENT at register', async (t) => {
  class Other extends LiveComponent<{}> {
    static template = 'counter.njk'
    static componentName = 'counter'
    mount () { return {} }
  }
  await t.rejects(register({ components: [Counter, Other] }), { code: 'LC_DUPLICATE_COMPONENT', message: /"counter".*Counter/ })
})

t.test('the same class twice is a no-op', async (t) => {
  await t.resolves(register({ components: [Counter, Counter, Panel] }))
  const app = await build(t)
  app.components.register(Counter)
  t.equal(app.components.routes().filter((r) => r.component === 'counter' && r.command === 'inc').length, 1)
})

t.test('invalid component classes are LC_INVALID_COMPONENT', async (t) => {
  class NoTemplate extends LiveComponent<{}> { mount () { return {} } }
  class BadTag extends LiveComponent<{}> {
    static template = 'x.njk'
    static tag = 'tbody'
    mount () { return {} }
  }
  class BadName extends LiveComponent<{}> {
    static template = 'x.njk'
    static componentName = 'Bad_Name'
    mount () { return {} }
  }
  for (const cls of [NoTemplate, BadTag, BadName, class NotAComponent {}, 'counter']) {
    await t.rejects(register({ components: [cls] }), { code: 'LC_INVALID_COMPONENT' }, String((cls as { name?: string }).name ?? cls))
  }
})

t.test('no secret: a random one with a warning in development, refused when NODE_ENV=production', async (t) => {
  const before = process.env.NODE_ENV
  t.teardown(() => { process.env.NODE_ENV = before })
  process.env.NODE_ENV = 'production'
  await t.rejects(register({ secrets: undefined }), { code: 'LC_INVALID_OPTION', message: /"secrets": is required when NODE_ENV=production/ })
  process.env.NODE_ENV = 'development'
  const app = await build(t, { secrets: undefined })
  t.ok(app.logs.some((l) => l.level === 40 && /no `secrets` option/.test(l.msg)), 'a warning, and the app starts')
})

t.test('option validation: each wrong option is LC_INVALID_OPTION naming it', async (t) => {
  const cases: Array<[Record<string, unknown>, RegExp]> = [
    [{ secrets: ['short'] }, /secrets\[0\]/],
    [{ secrets: [] }, /"secrets"/],
    [{ secrets: 'not-a-list-but-long-enough-to-pass-length' }, /"secrets"/],
    [{ secrets: ['a'.repeat(40)] }, /"secrets\[0\]": is too easy to guess \(it repeats a unit of 1 byte\)/],
    [{ secrets: ['abc123'.repeat(8)] }, /"secrets\[0\]": is too easy to guess \(it repeats a unit of 6 bytes\)/],
    [{ secrets: [SECRET, 'abababababababababababababababab01'] }, /"secrets\[1\]": is too easy to guess \(it has fewer than 8 distinct bytes\)/],
    [{ secrets: ['example-app-development-secret-do-not-use-in-production'] }, /"secrets\[0\]": is too easy to guess \(it was published\)/],
    [{ secrets: [Buffer.alloc(32)] }, /"secrets\[0\]"/],
    [{ prefix: 'components' }, /"prefix"/],
    [{ prefix: '/components/' }, /"prefix"/],
    [{ maxAge: 0 }, /"maxAge"/],
    [{ maxAge: 1.5 }, /"maxAge"/],
    [{ now: 5 as never }, /"now"/],
    [{ stateMaxBytes: -1 }, /"stateMaxBytes"/],
    [{ stateWarnBytes: '64k' }, /"stateWarnBytes"/],
    [{ bodyLimit: 10 }, /"bodyLimit"/],
    [{ templates: [42] }, /"templates"/],
    [{ components: Counter }, /"components"/],
    [{ htmx: { major: 3 } }, /"htmx.major"/],
    [{ htmx: { file: '/nonexistent/htmx.js' } }, /"htmx.file": cannot read/],
    [{ htmx: { major: 2, file: '/nonexistent/htmx.js' } }, /"htmx.file"/],
    [{ htmx: 'four' }, /"htmx"/],
    [{ development: 'yes' }, /"development"/],
    [{ renderer: {} }, /"renderer"/],
    [{ nunjucks: 'env' }, /"nunjucks"/],
    [{ sercets: [SECRET] }, /"sercets"/]
  ]
  for (const [opts, message] of cases) {
    await t.rejects(register(opts), { code: 'LC_INVALID_OPTION', message }, JSON.stringify(opts))
  }
})

t.test('defaults: prefix /components, htmx 4 from the htmx.org dependency', async (t) => {
  const app = await build(t)
  t.equal(app.components.prefix, '/components')
  t.equal(app.components.htmxMajor, 4)
  const [htmx, , client] = scriptsOf((await app.inject('/')).body)
  t.match(htmx, /^\/components\/assets\/htmx\.[0-9a-f]{16}\.js$/, 'content-hashed URL')
  const js = await app.inject(htmx)
  t.equal(js.statusCode, 200)
  t.match(js.headers['content-type'], /javascript/)
  t.equal(js.headers['cache-control'], 'public, max-age=31536000, immutable')
  const require = createRequire(import.meta.url)
  t.equal(js.body.length, (await import('node:fs')).readFileSync(require.resolve('htmx.org/dist/htmx.min.js'), 'utf8').length, 'served from node_modules')
  const live = await app.inject(client)
  t.match(live.body, 'aria-busy')
  t.equal(live.headers['cache-control'], 'public, max-age=31536000, immutable')
})

t.test('htmx 2 can be served instead, and commands then use hx-disabled-elt', async (t) => {
  const require = createRequire(import.meta.url)
  const app = await build(t, { htmx: { major: 2, file: require.resolve('htmx2/dist/htmx.min.js') } })
  t.equal(app.components.htmxMajor, 2)
  const js = await app.inject(scriptsOf((await app.inject('/')).body)[0])
  t.match(js.body, /version:"2\.0\.\d+"|version: ?['"]2\.0/)
  const page = await app.inject('/')
  t.match(page.body, 'hx-disabled-elt="this"')
  t.notMatch(page.body, ' hx-disable="this"')
})

t.test('the htmx line is the served file\'s own version: inferred from it, and a htmx.major that disagrees is refused', async (t) => {
  const require = createRequire(import.meta.url)
  const htmx2 = require.resolve('htmx2/dist/htmx.min.js')
  const inferred = await build(t, { htmx: { file: htmx2 } })
  t.equal(inferred.components.htmxMajor, 2, 'no major: read from the file (version:"2.0.x")')
  t.match((await inferred.inject('/')).body, 'hx-disabled-elt="this"', 'and the markup is htmx 2\'s')
  await t.rejects(register({ htmx: { major: 4, file: htmx2 } }), { code: 'LC_INVALID_OPTION', message: /"htmx.major": is 4, but .* is htmx 2\.0\.\d+/ }, 'htmx 2 served with htmx 4 markup')
  await t.rejects(register({ htmx: { major: 2 } }), { code: 'LC_INVALID_OPTION', message: /"htmx.major": is 2, but .* is htmx 4\.\d+\.\d+/ }, 'the installed htmx.org (4) with major 2: the mismatch users hit when htmx.org resolves to another line')
  const { mkdtempSync, writeFileSync } = await import('node:fs')
  const { tmpdir } = await import('node:os')
  const { join } = await import('node:path')
  const dir = mkdtempSync(join(tmpdir(), 'lc-htmx-'))
  const old = join(dir, 'old.js')
  writeFileSync(old, 'var htmx = { version:"2.0.10" }')
  await t.rejects(register({ htmx: { file: old } }), { code: 'LC_INVALID_OPTION', message: /"htmx.file": .* is htmx 2\.0\.10; htmx 2 must be 2\.0\.11 or later/ })
  const three = join(dir, 'three.js')
  writeFileSync(three, 'this.version="3.1.0"')
  await t.rejects(register({ htmx: { file: three } }), { code: 'LC_INVALID_OPTION', message: /"htmx.file": .* is htmx 3\.1\.0; this plugin supports htmx 2\.0\.11\+ and 4/ })
  const custom = join(dir, 'custom.js')
  writeFileSync(custom, '/* a custom build */ var htmx = {}')
  await t.rejects(register({ htmx: { file: custom } }), { code: 'LC_INVALID_OPTION', message: /"htmx.major": .* does not say its htmx version/ })
  const customTwo = await build(t, { htmx: { major: 2, file: custom } })
  t.equal(customTwo.components.htmxMajor, 2, 'a build that does not say its version is taken at its major\'s word')
})

t.test('a component whose template file does not exist is refused at register, not at its first render', async (t) => {
  class Ghost extends LiveComponent<{ n: number }> {
    static template = 'ghost.njk'
    mount () { return { n: 0 } }
  }
  await t.rejects(register({ components: [Counter, Ghost] }), { code: 'LC_INVALID_COMPONENT', message: /Invalid component Ghost: its template "ghost.njk" is in none of the template folders \(".*fixtures\/templates\/"\)/ })
  class Walled extends LiveComponent<{ n: number }> {
    static template = 'counter.njk'
    static deniedTemplate = 'no-such-denied.njk'
    mount () { return { n: 0 } }
  }
  await t.rejects(register({ components: [Walled] }), { code: 'LC_INVALID_COMPONENT', message: /its deniedTemplate "no-such-denied.njk"/ })
  const app = await build(t)
  t.throws(() => app.components.register(Ghost), { code: 'LC_INVALID_COMPONENT' }, 'registered late: the same check')
  // a renderer of another engine that cannot tell: nothing is checked at register
  const other = await build(t, { components: [Ghost], renderer: { render: () => '<p>other</p>', safe: (h: string) => h } })
  t.ok(other.components.renderer.has === undefined)
})

t.test('a custom prefix moves every route', async (t) => {
  const app = await build(t, { prefix: '/live' })
  const page = await app.inject('/')
  t.match(page.body, 'hx-post="/live/counter/cmd/inc/1"')
  const scripts = scriptsOf(page.body)
  t.match(scripts[0], /^\/live\/assets\/htmx\./)
  t.equal((await app.inject(scripts[2])).statusCode, 200)
  t.equal((await app.inject({ method: 'GET', url: '/live/counter/cmd/inc' })).statusCode, 405)
})

t.test('route listing: every command with method, URL and parameter names', async (t) => {
  const app = await build(t)
  const routes = app.components.routes()
  t.same(routes.find((r) => r.command === 'inc'), { component: 'counter', command: 'inc', method: 'POST', url: '/components/counter/cmd/inc/:by', params: ['by'] })
  t.same(routes.find((r) => r.command === 'echo')?.params, ['...args'])
  t.same(routes.find((r) => r.command === 'hit')?.url, '/components/row/cmd/hit/:...ids')
  t.notOk(routes.some((r) => ['plain', 'getter', 'mount', 'constructor'].includes(r.command)), 'only @command methods')
})

t.test('@command refuses what it cannot expose', async (t) => {
  t.throws(() => {
    class Bad extends LiveComponent<{}> {
      static template = 'x'
      mount () { return {} }
      // @ts-expect-error static methods are not commands
      @command static s (_ctx: CallContext<{}>) {}
    }
    return Bad
  }, TypeError)
})

t.test('another template engine plugs in through the Renderer interface', async (t) => {
  const templates: Record<string, (ctx: any) => string> = {
    'page.njk': (ctx) => `<main>${String(ctx.component('counter', { label: 'x' }, { id: 'c' }))}</main>`,
    'counter.njk': (ctx) => `<b>${ctx.state.count}</b><button ${String(ctx.cmd('inc', 3))}>+</button>`
  }
  const renderer = {
    render: async (name: string, ctx: Record<string, unknown>) => templates[name](ctx),
    safe: (html: string) => html
  }
  const app = await build(t, { renderer })
  t.equal(app.components.renderer, renderer)
  const html = await app.components.render('page.njk')
  t.match(html, /^<main><div id="c" data-lc="counter"><input type="hidden" name="__lc_state" value="v1\./)
  t.match(html, '<b>0</b><button hx-post="/components/counter/cmd/inc/3"')
  const { post, tokensOf } = await import('./helpers/build.js')
  const res = await post(app, { component: 'counter', command: 'inc', path: ['3'], id: 'c', tokens: tokensOf(html).values() })
  t.equal(res.statusCode, 200)
  t.match(res.body, '<b>3</b>', 'commands re-render through the same engine')
})
