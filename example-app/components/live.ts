/** @module example-app/components/live — live parts: a stock badge that background jobs update, product notes bound to an input while stock pushes arrive, and a streamed analysis. */
import { command, LiveComponent, type CallContext, type MountContext } from 'fastify-livecomponents'
import type { StockStore } from '../stock.js'
import { Type } from '@sinclair/typebox'
import { notesOf, PRODUCTS, setNotes } from '../store.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** The stock levels, decorated by the app: components read them through `ctx.app.stock`, also in pushed renders. */
    stock: StockStore
  }
}

type BadgeState = { productId: number, watching: boolean }

/**
 * A product's stock level. It listens to `stock:<id>`: when the job calls
 * `app.components.notify('stock:3')`, every open page showing product 3 gets a fresh badge.
 * "Watch" is state changed by a command; pushed renders keep it.
 */
export class StockBadge extends LiveComponent<BadgeState, { productId: number }> {
  static template = 'stock-badge.njk'
  static tag = 'span'

  mount (props: { productId: number }): BadgeState {
    return { productId: props.productId, watching: false }
  }

  /** What it listens to, from its state (typed by the class). */
  topics (s: BadgeState) {
    return [`stock:${s.productId}`]
  }

  async context (state: BadgeState, ctx: MountContext) {
    return { level: await ctx.app.stock.get(state.productId) }
  }

  @command
  watch (ctx: CallContext<BadgeState>) {
    ctx.state.watching = !ctx.state.watching
  }
}

type NotesState = { productId: number, notes: string }

/**
 * A product's internal notes, bound to a textarea with `model('notes', { live: true })`: each
 * pause in typing sends the text, which `static writable` admits (with a schema), and the
 * component re-renders with it (the character count). It also shows the shop's stock and
 * listens to every product's `stock:<id>`, so the stock job (one change a second) re-renders it
 * every second while someone types: what they typed, the focus and the caret stay.
 */
export class ProductNotes extends LiveComponent<NotesState, { productId: number }> {
  static template = 'product-notes.njk'
  static writable = { notes: Type.String({ maxLength: 2000 }) }

  mount (props: { productId: number }): NotesState {
    return { productId: props.productId, notes: notesOf(props.productId) }
  }

  topics () {
    return PRODUCTS.map((p) => `stock:${p.id}`)
  }

  async context (state: NotesState, ctx: MountContext) {
    const levels = await Promise.all(PRODUCTS.map(async (p) => await ctx.app.stock.get(p.id)))
    return { total: levels.reduce((a, b) => a + b, 0), unsaved: state.notes !== notesOf(state.productId) }
  }

  @command
  save (ctx: CallContext<NotesState>) {
    setNotes(ctx.state.productId, ctx.state.notes)
  }
}

type AnalysisState = { productId: number, steps: string[], running: boolean, summary: string | null }

const sleep = async (ms: number): Promise<void> => await new Promise((resolve) => setTimeout(resolve, ms))

/**
 * A streaming command (`async *`): each `yield` sends the component as it is to the page,
 * the way an LLM answer streams in. If the visitor leaves, the generator is stopped.
 */
export class Analyzer extends LiveComponent<AnalysisState, { productId: number }> {
  static template = 'analyzer.njk'
  /** milliseconds per step; the browser tests shorten it */
  static stepMs = 600

  mount (props: { productId: number }): AnalysisState {
    return { productId: props.productId, steps: [], running: false, summary: null }
  }

  @command
  async * analyze (ctx: CallContext<AnalysisState>) {
    const p = PRODUCTS.find((x) => x.id === ctx.state.productId)!
    ctx.state.steps = []
    ctx.state.summary = null
    ctx.state.running = true
    for (const step of ['Reading 1,204 reviews', 'Scoring taste notes', 'Comparing prices', 'Writing the summary']) {
      await sleep(Analyzer.stepMs)
      ctx.state.steps.push(step)
      yield
    }
    await sleep(Analyzer.stepMs) // the last step takes its time too: the page shows it before the summary
    ctx.state.running = false
    ctx.state.summary = `${p.name}: customers love it; €${p.price} is a fair price.`
  }
}
