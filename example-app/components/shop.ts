/** @module example-app/components/shop — product rows, the cart counter, the cart and its lines. */
import { Type } from '@sinclair/typebox'
import { command, ComponentDirty, LiveComponent, ParentDirty, type CallContext, type MountContext } from 'fastify-livecomponents'
import { cartCount, cartOf, cartTotal, logActivity, orders, product, requestOf, setInCart } from '../store.js'
import { Toast } from './toast.js'

type RowState = { productId: number }

/**
 * A product with add-to-cart. Adding emits the server event `cart-changed`: the cart counter in
 * the header and the recommendations box listen to it, and all of them come back in one response.
 * The quantity comes from the URL (`cmd('add', 2)`), so its schema checks it: 1 to 99, or 400.
 */
export class ProductRow extends LiveComponent<RowState, { productId: number }> {
  static template = 'product-row.njk'
  static tag = 'li'

  mount (props: { productId: number }): RowState {
    return { productId: props.productId }
  }

  context (state: RowState, ctx: MountContext) {
    return { product: product(state.productId), inCart: cartOf(requestOf(ctx)).get(state.productId) ?? 0 }
  }

  @command({ positional: Type.Tuple([Type.Integer({ minimum: 1, maximum: 99 })]) })
  add (ctx: CallContext<RowState>, amount: number) {
    const request = requestOf(ctx)
    setInCart(request, ctx.state.productId, (cartOf(request).get(ctx.state.productId) ?? 0) + amount)
    const p = product(ctx.state.productId)!
    orders.today += amount
    logActivity(`${amount} × ${p.name} went into a cart`)
    ctx.emit('cart-changed', { productId: p.id })
    return [new ComponentDirty(), new Toast(`Added ${amount} × ${p.name} (€${amount * p.price}) to the cart`)]
  }
}

/** The item count in the header, on every page; it follows `cart-changed`. */
export class CartCounter extends LiveComponent<{}> {
  static template = 'cart-counter.njk'
  static tag = 'span'
  mount () { return {} }
  context (_state: {}, ctx: MountContext) {
    return { count: cartCount(cartOf(requestOf(ctx))) }
  }

  /** A listener: re-rendered (nothing returned) whenever the cart changed. */
  @command({ listen: 'cart-changed' })
  cartChanged () {}
}

/** What goes with which product: the recommendations box's data. */
const GOES_WITH: Record<number, number> = { 1: 4, 2: 4, 3: 4, 4: 3, 5: 1 }

/** Suggests what goes with the product last added; listens to `cart-changed` with its payload. */
export class Recommendations extends LiveComponent<{ lastId: number | null }> {
  static template = 'recommendations.njk'
  static tag = 'aside'
  mount () { return { lastId: null } }
  context (state: { lastId: number | null }) {
    return state.lastId === null ? { added: null, suggestion: null } : { added: product(state.lastId), suggestion: product(GOES_WITH[state.lastId]) }
  }

  @command({ listen: 'cart-changed', named: Type.Object({ productId: Type.Optional(Type.Integer({ minimum: 1 })) }) })
  suggest (ctx: CallContext<{ lastId: number | null }, { productId?: number }>) {
    if (ctx.args.productId !== undefined) ctx.state.lastId = ctx.args.productId
  }
}

/** The cart: a table with one component per line (`tr` roots), and its total. */
export class Cart extends LiveComponent<{}> {
  static template = 'cart-box.njk'
  mount () { return {} }
  context (_state: {}, ctx: MountContext) {
    return { lines: [...cartOf(requestOf(ctx)).keys()] }
  }
}

/** The cart's total, keyed `cart-total`; it follows `cart-changed`. */
export class CartTotal extends LiveComponent<{}> {
  static template = 'cart-total.njk'
  static tag = 'strong'
  mount () { return {} }
  context (_state: {}, ctx: MountContext) {
    return { total: cartTotal(cartOf(requestOf(ctx))) }
  }

  @command({ listen: 'cart-changed' })
  cartChanged () {}
}

type LineState = { productId: number }

/**
 * One cart line, a table row (`static tag = 'tr'`). "+" and "−" re-render the row in place and,
 * through `cart-changed`, the total and the header counter; removing the last one (or "Remove")
 * re-renders the cart, its parent, which drops the row.
 */
export class CartLine extends LiveComponent<LineState, { productId: number }> {
  static template = 'cart-line.njk'
  static tag = 'tr'
  mount (props: { productId: number }): LineState {
    return { productId: props.productId }
  }

  context (state: LineState, ctx: MountContext) {
    return { product: product(state.productId), qty: cartOf(requestOf(ctx)).get(state.productId) ?? 0 }
  }

  @command({ positional: Type.Tuple([Type.Integer({ minimum: -1, maximum: 1 })]) })
  change (ctx: CallContext<LineState>, by: number) {
    const request = requestOf(ctx)
    const qty = (cartOf(request).get(ctx.state.productId) ?? 0) + by
    setInCart(request, ctx.state.productId, qty)
    ctx.emit('cart-changed')
    return qty > 0 ? new ComponentDirty() : new ParentDirty()
  }

  @command
  remove (ctx: CallContext<LineState>) {
    setInCart(requestOf(ctx), ctx.state.productId, 0)
    ctx.emit('cart-changed')
    return new ParentDirty()
  }
}
