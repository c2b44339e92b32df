/** @module test/reactive-props — props that flow from the parent (LiveView's update/2, Livewire's #[Reactive]): `static reactive` keys follow the parent's props on its re-render, everything else is kept; `update()` decides more; without either, children keep their state. */
import t from 'tap'
import { liveTest } from 'fastify-livecomponents/testing'
import { build } from './helpers/build.js'
import { FilterBoard, KeepingList, PagedList, ReactiveList } from './fixtures/typed-app-components.js'

async function boardPage (t: Parameters<typeof build>[0]) {
  const app = await build(t, { components: [FilterBoard, ReactiveList, KeepingList, PagedList] })
  app.get('/filter', (_req, reply) => reply.page('filter-page.njk'))
  return await liveTest(app).visit('/filter')
}

t.test('a parent\'s re-render with new props: reactive keys follow, the rest of the child\'s state is kept', async (t) => {
  const page = await boardPage(t)
  for (const id of ['reactive', 'keeping', 'paged']) {
    await page.component(id).call('more')
    await page.component(id).call('more')
  }
  t.same(page.component('reactive').state, { filter: 'all', count: 2, page: 3 })
  const res = await page.component('board').call('setFilter', { args: ['done'] })
  t.equal(res.status, 200)
  t.same(res.dirty, ['board'], 'one swap: the board with its children inside')
  t.same(page.component('reactive').state, { filter: 'done', count: 2, page: 3 }, 'static reactive: the filter followed, count and page kept')
  t.match(page.component('reactive').html, '<span class="f">done</span> <span class="c">2</span>')
  t.same(page.component('keeping').state, { filter: 'all', count: 2, page: 3 }, 'no reactive: the child keeps its state (the default)')
  t.same(page.component('paged').state, { filter: 'done', count: 2, page: 1 }, 'update(): the filter followed and the page reset')
})

t.test('the child\'s own commands after the parent changed it run on the new state (its version moved on)', async (t) => {
  const page = await boardPage(t)
  await page.component('reactive').call('more')
  await page.component('board').call('setFilter', { args: ['done'] })
  const res = await page.component('reactive').call('more')
  t.equal(res.status, 200)
  t.same(page.component('reactive').state, { filter: 'done', count: 2, page: 3 }, 'not the state it recorded before the parent\'s change')
})

t.test('static reactive must list state keys', async (t) => {
  class Bad extends ReactiveList {
    static override componentName = 'bad-list'
    static override reactive = ['__proto__']
  }
  await t.rejects(build(t, { components: [Bad] }), { code: 'LC_INVALID_COMPONENT', message: /static reactive must be an array of state keys/ })
})
