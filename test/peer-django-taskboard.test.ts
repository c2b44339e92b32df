/** @module test/peer-django-taskboard — django-livecomponents' tests/test_taskboard.py and the task board tour of tests/test_example.py, ported: a board, its columns and cards, driven through the real command endpoint. */
import t from 'tap'
import { RefreshPage } from 'fastify-livecomponents'
import { assertTriggered, liveTest, LivePage } from 'fastify-livecomponents/testing'
import { build } from './helpers/build.js'
import { PEER, peerPages, type BoardState } from './fixtures/peer-components.js'

async function boardPage (t: Parameters<typeof build>[0]) {
  const app = await build(t, { components: PEER })
  peerPages(app)
  const live = liveTest(app)
  const page = await live.visit('/taskboard')
  return { live, page, board: page.component('board') }
}

/** How many cards an HTML fragment shows. */
const cards = (html: string) => html.split('data-testid="taskboard-card"').length - 1
const task = (board: { state: BoardState }, id: number) => board.state.tasks.find((x) => x.id === id)

t.test('test_taskboard.py::test_board_initial_render — four cards, the owner passed down from the page, the message box', async (t) => {
  const { page } = await boardPage(t)
  t.equal(cards(page.html), 4)
  t.match(page.html, 'Roast the beans')
  t.match(page.html, '<span data-testid="taskboard-owner">Coffee Team</span>', 'a page variable, passed as a prop (the peer uses save_context in a fill)')
  t.match(page.component('board-message').html, 'data-testid="message-content"')
  t.same(page.components('task-card').map((c) => c.id), ['card-1', 'card-2', 'card-3', 'card-4'])
})

t.test('test_taskboard.py::test_move_task_rerenders_board_once — the board once; the card and the message inside it, not again', async (t) => {
  const { page, board } = await boardPage(t)
  const res = await page.component('card-1').call('moveTo', { args: ['doing'] })
  t.equal(res.status, 200)
  t.same(res.dirty, ['board'], 'the card (dirty by default) and the message are dropped: their ancestor is re-rendered')
  t.equal(res.body.split('id="board"').length - 1, 1)
  t.equal(cards(res.body), 4, 'no extra standalone card render')
  t.equal(res.headers['hx-reswap'], 'none', 'the invoking card is not the main swap')
  t.equal(task(board, 1)?.column, 'doing', 'the board state is the source of truth')
  t.equal(page.component('card-1').state.column, 'doing', 'the card\'s own copy was synced from its new props (static reactive, the peer\'s update_state)')
  t.match(page.component('board/task-column-2').text, 'Roast the beans', 'the card now lives in the "doing" column')
  t.match(page.component('board-message').text, 'Task \'Roast the beans\' moved to \'doing\'.')
})

t.test('test_taskboard.py::test_toggle_done_swaps_only_the_card — the toast event, both copies in sync; the changed board is re-rendered too (the peer swaps the card only)', async (t) => {
  const { page, board } = await boardPage(t)
  const res = await page.component('card-1').call('toggleDone')
  t.equal(res.status, 200)
  assertTriggered(res, 'taskboard:toast')
  t.match(JSON.parse(String(res.headers['hx-trigger']))['taskboard:toast'].message, 'marked as done')
  t.equal(task(board, 1)?.done, true)
  t.equal(page.component('card-1').state.done, true)
  t.same(res.dirty, ['board'], 'a found instance whose state changed is always signed again and re-rendered; the card comes inside it')
  t.equal(cards(res.body), 4)
})

t.test('test_taskboard.py::test_rerender_of_deleted_card_is_cancelled — a card whose task is gone cancels its re-render', async (t) => {
  const { live, page, board } = await boardPage(t)
  // the page as first sent, kept by another window: it still shows card 1
  const stale = new LivePage(live, { statusCode: 200, body: page.body } as never, {})
  t.equal((await board.call('deleteTask', { args: [1] })).status, 200)
  t.equal(cards(page.html), 3)
  t.throws(() => page.component('card-1'), /no component "card-1"/)
  // its command runs on the board's latest state (Racing commands), which no longer has the task
  const res = await stale.component('card-1').call('toggleDone')
  t.equal(res.status, 200)
  t.equal(res.body, '')
  t.equal(res.headers['hx-reswap'], 'none')
  t.same(res.dirty, [])
  const kept = await stale.component('card-2').call('toggleDone')
  t.equal(kept.status, 200)
  t.equal(cards(kept.body), 3, 'a card whose task exists is not cancelled (the board, re-rendered, has three)')
})

t.test('test_taskboard.py::test_add_task_with_empty_title_is_clean — ComponentClean: an empty body, nothing swapped', async (t) => {
  const { board } = await boardPage(t)
  const res = await board.call('addTask', { fields: { title: '  ' } })
  t.equal(res.status, 200)
  t.equal(res.body.trim(), '')
  t.equal(res.headers['hx-reswap'], 'none')
  t.same(res.dirty, [])
  t.equal(board.state.tasks.length, 4)
})

t.test('test_taskboard.py::test_reset_board_triggers_full_page_refresh — HX-Refresh, an empty body; the reloaded page has the default tasks', async (t) => {
  const { live, page, board } = await boardPage(t)
  t.equal((await board.call('addTask', { fields: { title: 'Extra task' } })).status, 200)
  t.equal(board.state.tasks.length, 5)
  const res = await board.call('resetBoard')
  t.equal(res.status, 200)
  t.equal(res.headers['hx-refresh'], 'true')
  t.equal(res.body.trim(), '')
  t.same(res.dirty, [])
  t.ok(res.results.some((r) => r instanceof RefreshPage))
  t.equal(cards(page.html), 5, 'nothing swapped: the browser reloads the page instead')
  const reloaded = await live.visit('/taskboard')
  t.equal(cards(reloaded.html), 4)
  t.equal(reloaded.component('board').state.tasks.length, 4)
})

t.test('test_taskboard.py::test_highlight_marks_matching_cards — the highlight lives on the board; the matching card shows it', async (t) => {
  const { page, board } = await boardPage(t)
  const res = await board.call('setHighlight', { fields: { highlight: 'brew' } })
  t.equal(res.status, 200)
  t.equal(res.body.split('data-highlighted="true"').length - 1, 1)
  t.match(res.body, 'Brew the coffee')
  t.match(page.component('card-3').html, 'data-highlighted="true"')
  t.notMatch(page.component('card-1').html, 'data-highlighted')
})

t.test('test_example.py::test_taskboard — the tour: add, toggle, move, highlight, remove, reset', async (t) => {
  const { live, page, board } = await boardPage(t)
  await board.call('addTask', { fields: { title: 'Write the docs' } })
  t.equal(cards(page.html), 5)
  t.match(page.component('board/task-column-1').text, 'Write the docs')
  assertTriggered(await page.component('card-1').call('toggleDone'), 'taskboard:toast', { message: 'Task \'Roast the beans\' marked as done.' })
  await page.component('card-2').call('moveTo', { args: ['doing'] })
  t.match(page.component('board/task-column-2').text, 'Grind the beans')
  t.notMatch(page.component('board/task-column-1').text, 'Grind the beans')
  t.match(page.component('board-message').text, 'moved to')
  t.match(page.html, '<span data-testid="taskboard-owner">Coffee Team</span>', 'the owner survives the board\'s own re-renders')
  await board.call('setHighlight', { fields: { highlight: 'brew' } })
  t.equal(page.html.split('data-highlighted="true"').length - 1, 1)
  t.match(page.component('card-3').text, 'Brew the coffee')
  await page.component('card-5').call('remove')
  t.equal(cards(page.html), 4)
  t.equal((await board.call('resetBoard')).headers['hx-refresh'], 'true')
  const reloaded = await live.visit('/taskboard')
  t.equal(cards(reloaded.html), 4)
  t.match(reloaded.component('board').html, /data-testid="taskboard-highlight-input"/)
  t.equal(reloaded.component('board').state.highlight, '')
})
