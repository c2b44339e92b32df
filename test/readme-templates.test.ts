/** @module test/readme-templates — every nunjucks snippet of the README compiles; those marked `<!-- template: name -->` are rendered as written, with the components their sections define. */
import t from 'tap'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { command, LiveComponent, ParentDirty, type CallContext } from 'fastify-livecomponents'
import { liveTest } from 'fastify-livecomponents/testing'
import nunjucks from 'nunjucks'
import { build } from './helpers/build.js'

const README = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8')
const TEMPLATES = new Map([...README.matchAll(/<!-- template: ([\w.-]+) -->\n```njk\n([\s\S]*?)```/g)].map(([, name, body]) => [name, body]))

/** The README's SlotCard, as written there. */
class SlotCard extends LiveComponent<{ collapsed: boolean }> {
  static override template = 'slot-card.njk'
  static slots = ['header', 'body', 'footer']
  static override tag = 'section'
  override mount () { return { collapsed: false } }
  @command collapse (ctx: CallContext<{ collapsed: boolean }>) { ctx.state.collapsed = !ctx.state.collapsed }
}

/** What the README puts in the card's body slot. */
class OrdersToday extends LiveComponent<{ count: number }> {
  static override template = 'orders-today.njk'
  override mount () { return { count: 3 } }
  @command add (ctx: CallContext<{ count: number }>) { ctx.state.count++ }
  @command refreshCard () { return new ParentDirty() }
}

t.test('the slots section: the card and the page that fills it', async (t) => {
  t.ok(TEMPLATES.has('slot-card.njk') && TEMPLATES.has('slot-page.njk'), 'the README has both snippets')
  const dir = mkdtempSync(join(tmpdir(), 'lc-readme-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  for (const [name, body] of TEMPLATES) writeFileSync(join(dir, name), body)
  writeFileSync(join(dir, 'orders-today.njk'), '<b class="count">{{ state.count }} orders</b><button {{ cmd(\'add\') }}>add</button>')
  const app = await build(t, { components: [SlotCard, OrdersToday], templates: [dir] })
  app.get('/orders', (_req, reply) => reply.page('slot-page.njk', { user: { name: '<Ann>' } }))
  const page = await liveTest(app).visit('/orders')
  const card = page.component('orders-card')
  t.match(card.html, '<header><h2>Orders for &lt;Ann&gt;</h2></header>', 'the header slot, in the page\'s context, escaped')
  t.match(card.html, /<div class="body"><div id="orders-today" data-lc="orders-today">.*3 orders/s)
  t.notMatch(card.html, '<footer>')
  await page.component('orders-today').call('add')
  const res = await card.call('collapse')
  t.same(res.dirty, ['orders-card'])
  t.match(page.component('orders-card').html, /<h2>Orders for &lt;Ann&gt;<\/h2>[^]*4 orders[^]*>Open</)
  t.same((await page.component('orders-today').call('refreshCard')).dirty, ['orders-card'])
})

t.test('every nunjucks block of the README compiles', async (t) => {
  const blocks = [...README.matchAll(/```njk\n([\s\S]*?)```/g)].map((m) => m[1])
  t.ok(blocks.length >= 15, `${blocks.length} blocks`)
  const env = new nunjucks.Environment(null, { autoescape: true })
  for (const [i, src] of blocks.entries()) {
    t.doesNotThrow(() => new nunjucks.Template(src, env, `README block ${i + 1}`, true), `block ${i + 1}: ${src.split('\n')[0].slice(0, 60)}`)
  }
})
