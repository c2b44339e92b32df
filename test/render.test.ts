/** @module test/render — page and component rendering: ids, parents, escaping, command attributes, template errors. */
import t from 'tap'
import { liveTest } from 'fastify-livecomponents/testing'
import { parse, scriptsOf } from './helpers/dom.js'
import { build, claimsOf } from './helpers/build.js'

t.test('a page renders components with ids, parents, wrapper tags and escaping', async (t) => {
  const app = await build(t)
  const live = liveTest(app)
  // the raw response (its headers, the bytes sent): the kit's page view keeps neither
  const res = await live.request('/')
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /text\/html/)
  const html = res.body
  t.match(html, '<h1>&lt;Shop &amp; &quot;co&quot;&gt;</h1>', 'page data is escaped')
  t.match(scriptsOf(html), [/^\/components\/assets\/htmx\.[0-9a-f]{16}\.js$/, /\/ws\./, /\/live\./], 'live_scripts() loads htmx, its ws extension and the client from the plugin')
  t.match(html, '<div id="top" data-lc="counter">')
  t.match(html, '<div id="counter-1" data-lc="counter">', 'top-level auto id')
  t.match(html, '<section id="panel" data-lc="panel">', 'static tag')
  t.match(html, '<div id="panel/counter-1" data-lc="counter">', 'hierarchical child id')
  t.match(html, '<div id="panel/counter-2" data-lc="counter">')
  t.match(html, '<li id="row:1" data-lc="row">')
  t.match(html, '<div id="row:1/counter-1" data-lc="counter">', 'a child inside an async-mounted parent')
  t.match(html, '<h2 class="title">P r</h2>', 'context() adds variables that are not state')
  const page = await live.visit('/')
  t.equal(page.status, 200)
  const ids = ['top', 'counter-1', 'panel', 'panel/counter-1', 'panel/counter-2', 'list', 'row:1', 'row:1/counter-1', 'row:10']
  t.same(page.components().map((c) => c.id), ids, 'the component roots, in page order')
  t.same(ids.filter((id) => page.dom.token(id) === undefined), [], 'each with its state token')
  t.same(parse(html).querySelectorAll('input[name="__lc_state"]').map((el) => el.getAttribute('data-lc-for')), ids, 'one state token per instance, in page order')
  const token = (id: string): string => page.dom.token(id) ?? ''
  t.equal(claimsOf(token('panel/counter-1')).p, 'panel', 'children know their parent')
  t.equal(claimsOf(token('row:1/counter-1')).p, 'row:1')
  t.equal(claimsOf(token('top')).p, null)
  t.match(html, /data-lc-for="top" data-lc-keyed>/, 'an explicit id is keyed')
  t.match(html, /data-lc-for="counter-1">/, 'an auto id is not')
})

t.test('every command element carries a complete set of htmx attributes (htmx 4 does not inherit)', async (t) => {
  const app = await build(t)
  const page = await liveTest(app).visit('/')
  t.equal(page.html.match(/<button class="inc" /g)!.length, 5, 'one per counter on the page')
  t.equal(page.components('counter').length, 5)
  const child = page.component('row:1/counter-1').html.match(/<button class="inc" ([^>]*)>/)![1]
  t.match(child, 'hx-post="/components/counter/cmd/inc/1"')
  t.match(child, 'hx-target="#row&#92;:1&#92;/counter-1"', 'the id is CSS-escaped in the selector')
  t.match(child, 'hx-swap="outerMorph"')
  t.match(child, 'data-lc-cmd="row:1/counter-1"', 'its component: the client adds the instance id and the state the command needs (test/client/include)')
  t.notMatch(child, /hx-include|hx-vals/, 'nothing repeated on every control')
  t.match(child, 'hx-sync="this:drop"', 'no second POST while one is outstanding')
  t.match(child, 'hx-disable="this"', 'htmx 4 in-flight disable')
})

t.test('state is escaped by default in templates', async (t) => {
  const app = await build(t)
  const top = (await liveTest(app).visit('/')).component('top')
  const res = await top.call('replace', { args: ['<img src=x onerror=alert(1)>'] })
  t.equal(res.status, 200)
  t.match(res.body, '<span class="label">&lt;img src=x onerror=alert(1)&gt;</span>')
  t.notMatch(res.body, '<img')
  t.equal(top.state.label, '<img src=x onerror=alert(1)>', 'the state holds the text as given')
  top.assertSee('<img src=x onerror=alert(1)>')
  t.notMatch(top.html, '<img', 'the page shows it as text, not as an element')
})

t.test('template mistakes are coded errors at render time', async (t) => {
  const { LiveComponent } = await import('fastify-livecomponents')
  class Broken extends LiveComponent<{ count: number }> {
    static template = 'broken.njk'
    mount () { return { count: 1 } }
  }
  const app = await build(t)
  app.components.register(Broken)
  await t.rejects(app.components.render('bad-id.njk'), { code: 'LC_INVALID_ID' })
  await t.rejects(app.components.render('dup-id.njk'), { code: 'LC_DUPLICATE_ID', message: /"same"/ })
  await t.rejects(app.components.render('unknown.njk'), { code: 'LC_TEMPLATE_UNKNOWN_COMPONENT' })
  await t.rejects(app.components.render('cmd-outside.njk'), { code: 'LC_BAD_CMD_HELPER', message: /inside a component template/ })
  const err = await app.components.render('broken-page.njk').catch((e: unknown) => e) as { code: string, cause: Error }
  t.equal(err.code, 'LC_RENDER_FAILED', 'a template error inside a component')
  t.match(err.cause.message, /nosuchfilter/, 'the cause is kept for the log')
  await t.rejects(app.components.render('no-such-page.njk'), /template not found/)
})

t.test('a dehydrate() that throws is LC_RENDER_FAILED too, with the cause kept', async (t) => {
  const { LiveComponent } = await import('fastify-livecomponents')
  class Counter2 extends LiveComponent<{ count: number }> {
    static template = 'plain.njk'
    static componentName = 'unicode'
    mount () { return { count: 1 } }
    dehydrate (): unknown { throw new Error('cannot serialise') }
  }
  const app = await build(t, { components: [Counter2] })
  const err = await app.components.render('unicode-page.njk').catch((e: unknown) => e) as { code: string, cause: Error }
  t.equal(err.code, 'LC_RENDER_FAILED')
  t.equal(err.cause.message, 'cannot serialise')
})
