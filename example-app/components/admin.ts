/** @module example-app/components/admin — permissions: a staff-only panel, and a public board with a staff-only command. */
import { Type } from '@sinclair/typebox'
import { command, ComponentDirty, isStaff, LiveComponent, TriggerEvent, type CallContext, type MountContext } from 'fastify-livecomponents'
import { likes, product, PRODUCTS } from '../store.js'

type ToolsState = { last: string | null }

/** A product id in a command path: checked by the schema (400 for anything else). */
const ProductId = Type.Tuple([Type.Integer({ minimum: 1, maximum: PRODUCTS.length })])

/**
 * Stock tools, for staff only (`static permissions`): everyone else sees `deniedTemplate`
 * (with `status` 401 or 403) and gets no state and no commands; a command sent anyway is
 * refused before anything runs. Changing a level pushes the new stock badge to every open page.
 */
export class StockTools extends LiveComponent<ToolsState> {
  static template = 'stock-tools.njk'
  static deniedTemplate = 'stock-tools-denied.njk'
  static permissions = [isStaff]

  mount (): ToolsState {
    return { last: null }
  }

  async context (_state: ToolsState, ctx: MountContext) {
    return { levels: await Promise.all(PRODUCTS.map(async (p) => ({ id: p.id, name: p.name, full: p.stock, level: await ctx.app.stock.get(p.id) }))) }
  }

  @command({ positional: ProductId })
  async restock (ctx: CallContext<ToolsState>, productId: number) {
    return await this.setLevel(ctx, productId, product(productId)!.stock, 'restocked')
  }

  @command({ positional: ProductId })
  async soldOut (ctx: CallContext<ToolsState>, productId: number) {
    return await this.setLevel(ctx, productId, 0, 'marked sold out')
  }

  private async setLevel (ctx: CallContext<ToolsState>, productId: number, level: number, what: string) {
    await ctx.app.stock.set(productId, level)
    await ctx.app.components.notify(`stock:${productId}`)
    ctx.state.last = `${product(productId)!.name} ${what}`
    return [new ComponentDirty(), new TriggerEvent('toast', { message: `${ctx.state.last}.` })]
  }
}

/**
 * The like board: everyone sees it, but its "Reset likes" command needs staff
 * (`@command({ permissions })`). An anonymous click gets 401, a customer's 403; the page shows
 * the `live:error` message in its toast, and the board is not touched.
 */
export class LikeBoard extends LiveComponent<{}> {
  static template = 'like-board.njk'
  mount () { return {} }

  context () {
    return { rows: PRODUCTS.map((p) => ({ name: p.name, likes: likes.get(p.id) ?? 0 })) }
  }

  @command({ permissions: [isStaff] })
  reset (_ctx: CallContext<{}>) {
    likes.clear()
    return [new ComponentDirty(), new TriggerEvent('toast', { message: 'Likes reset.' })]
  }
}
