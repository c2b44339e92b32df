/** @module bench/components — the components the benchmarks measure, written with the public API only. */
import { command, ComponentDirty, LiveComponent, type CallContext } from 'fastify-livecomponents'

/**
 * One row of the board.
 *
 * @example
 * const item: Item = { id: 1, label: 'Item number 1', note: 'a note', qty: 0 }
 */
export interface Item { id: number, label: string, note: string, qty: number }
/**
 * About 1 KB of JSON with 12 items; `pad` grows it to the state size a scenario asks for.
 *
 * @example
 * const state: BoardState = initialBoard(16384)
 */
export interface BoardState { title: string, items: Item[], last: number, pad?: string }

/**
 * The board's initial state, `bytes` long as JSON (at least the ~1 KB of its 12 items).
 *
 * @example
 * JSON.stringify(initialBoard(16384)).length // 16384
 */
export function initialBoard (bytes = 1024): BoardState {
  const items = Array.from({ length: 12 }, (_, i) => ({ id: i + 1, label: `Item number ${i + 1}`, note: `a short note about item ${i + 1}`, qty: i % 4 }))
  const state: BoardState = { title: 'Stock board', items, last: 0 }
  const size = JSON.stringify(state).length
  if (bytes > size + 10) state.pad = 'x'.repeat(bytes - size - 10)
  return state
}

/**
 * The state change both the plugin and the baselines make: one more of item `id`.
 *
 * @example
 * bump(state, 3)
 */
export function bump (state: BoardState, id: number): void {
  const item = state.items.find((i) => i.id === id)
  if (item) item.qty++
  state.last = id
}

/**
 * Template variables both sides compute from the state.
 *
 * @example
 * totals(state) // { total: 18 }
 */
export function totals (state: BoardState): { total: number } {
  return { total: state.items.reduce((n, i) => n + i.qty, 0) }
}

/**
 * Scenario 1 and 3: a counter-like component with a realistic state and a 30-line template.
 *
 * @example
 * {{ component('board', { stateBytes: 16384 }, { id: 'board' }) }}
 */
export class Board extends LiveComponent<BoardState, { stateBytes?: number }> {
  static template = 'board.njk'
  mount (props: { stateBytes?: number }): BoardState { return initialBoard(props.stateBytes) }
  context (state: BoardState) { return totals(state) }
  @command inc (ctx: CallContext<BoardState>, id: number) { bump(ctx.state, id) }
}

/**
 * Scenario 2: one command marks every cell dirty.
 *
 * @example
 * {{ component('hub', { n: 100 }, { id: 'hub' }) }}
 */
export class Hub extends LiveComponent<{ n: number }, { n: number }> {
  static template = 'hub.njk'
  mount (props: { n: number }) { return { n: props.n } }
  @command touch (ctx: CallContext<{ n: number }>) {
    return Array.from({ length: ctx.state.n }, (_, i) => new ComponentDirty(`cell:${i + 1}`))
  }
}

/**
 * Scenario 2: a small keyed component.
 *
 * @example
 * {{ component('cell', { n: 7 }, { id: 'cell:7' }) }}
 */
export class Cell extends LiveComponent<{ n: number, hits: number }, { n: number }> {
  static template = 'cell.njk'
  mount (props: { n: number }) { return { n: props.n, hits: 0 } }
}

/**
 * Scenario 4: listens to the `ticker` topic; every notify re-renders it with the current price.
 * The refresh flood subscribes to many keyed tickers of one page (`/page?tickers=128`).
 *
 * @example
 * Ticker.price++; await app.components.notify('ticker')
 */
export class Ticker extends LiveComponent<{ symbol: string }> {
  static template = 'ticker.njk'
  static topics = () => ['ticker']
  static price = 100
  mount () { return { symbol: 'LC' } }
  context () { return { price: Ticker.price } }
}
