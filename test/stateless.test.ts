/** @module test/stateless — StatelessLiveComponent (django-livecomponents' stateless children of a stateful root): rendered from props, no state token, nothing sent for it on a command, re-rendered by its parent. */
import t from 'tap'
import { command, StatelessLiveComponent } from 'fastify-livecomponents'
import { liveTest } from 'fastify-livecomponents/testing'
import { build } from './helpers/build.js'
import { STATELESS, TaskItem } from './fixtures/stateless-components.js'
import { FIELD } from '../lib/protocol.js'

async function listPage (t: Parameters<typeof build>[0]) {
  const app = await build(t, { components: STATELESS })
  app.get('/tasks', (_req, reply) => reply.page('stateless/page.njk'))
  return await liveTest(app).visit('/tasks')
}

t.test('stateless children: rendered from props, with no state token; a command sends the root\'s token only', async (t) => {
  const page = await listPage(t)
  const items = page.components('task-item')
  t.equal(items.length, 3)
  t.match(items[0].html, '<li id="tasks/task-item-1" data-lc="task-item"><span class="title">milk</span> <span class="done">open</span>')
  t.equal(page.html.split(`name="${FIELD.state}"`).length - 1, 1, 'one state token on the page: the list\'s')
  t.equal(page.dom.tokensFor('tasks').length, 1, 'what a command of the list sends')
  const res = await page.component('tasks').call('toggle', { args: [0] })
  t.equal(res.status, 200)
  t.match(page.component('tasks/task-item-1').html, '<span class="done">done</span>', 'the parent re-rendered it from new props')
  t.match(page.component('tasks/task-item-2').html, '<span class="done">done</span>')
  t.equal(res.body.split(`name="${FIELD.state}"`).length - 1, 1, 'the response signs the list only')
})

t.test('a StatelessLiveComponent with commands, topics or bound input is refused at register', async (t) => {
  class WithCommand extends StatelessLiveComponent<{}> {
    static template = 'stateless/task-item.njk'
    @command poke () {}
  }
  class WithTopics extends TaskItem {
    static override componentName = 'with-topics'
    topics () { return ['x'] }
  }
  class WithWritable extends TaskItem {
    static override componentName = 'with-writable'
    static writable = ['title']
  }
  for (const [cls, why] of [[WithCommand, /no state, so no commands \(poke\)/], [WithTopics, /no state to push/], [WithWritable, /no state to bind input to/]] as const) {
    await t.rejects(build(t, { components: [cls] }), { code: 'LC_INVALID_COMPONENT', message: why }, cls.name)
  }
})

t.test('a stateless component between a stateful leaf and its stateful ancestor: the chain skips it (findAncestor, findParent, ParentDirty, no duplicate render)', async (t) => {
  const app = await build(t, { components: STATELESS })
  app.get('/chain', (_req, reply) => reply.page('stateless/chain-page.njk'))
  const page = await liveTest(app).visit('/chain')
  const leaf = page.component('chain/chain-mid-1/chain-leaf-1')
  await leaf.call('probe')
  t.equal(leaf.state.found, 'chain chain', 'the ancestor is found through the stateless middle; the parent is the stateful one that renders it')
  const res = await leaf.call('bump')
  t.same(res.dirty, ['chain'], 'the leaf comes inside its re-rendered ancestor, not a second time on its own')
  t.equal(res.body.split('id="chain/chain-mid-1/chain-leaf-1"').length - 1, 1)
  t.match(page.component('chain').html, /<p class="n">1<\/p>[^]*n=1/)
  const up = await leaf.call('up')
  t.same(up.dirty, ['chain'], 'ParentDirty re-renders the stateful parent that renders the stateless one')
})
