/** @module example-app/components/shop — product rows, the cart counter, the cart and its lines. */
import { Type } from '@sinclair/typebox'
import { command, ComponentDirty, LiveComponent, ParentDirty, type CallContext, type MountContext } from 'fastify-livecomponents'
import { cartCount, cartOf, cartTotal, product, requestOf, setInCart } from '../store.js'
import { Toast } from './toast.js'

type RowState = { productId: number }

/**
 * A product with add-to-cart; adding also re-renders the cart counter elsewhere on the page.
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
    return [new ComponentDirty(), new ComponentDirty('cart-counter'), new Toast(`Added ${amount} × ${p.name} (€${amount * p.price}) to the cart`)]
  }
}

/** The item count in the header, on every page. */
export class CartCounter extends LiveComponent<{}> {
  static template = 'cart-counter.njk'
  static tag = 'span'
  mount () { return {} }
  context (_state: {}, ctx: MountContext) {
    return { count: cartCount(cartOf(requestOf(ctx))) }
  }
}

/** The cart: its lines and total. */
export class Cart extends LiveComponent<{}> {
  static template = 'cart-box.njk'
  mount () { return {} }
  context (_state: {}, ctx: MountContext) {
    const cart = cartOf(requestOf(ctx))
    return { lines: [...cart.keys()], total: cartTotal(cart) }
  }
}

type LineState = { productId: number }

/** One cart line. Removing it re-renders the cart (its parent) and the header counter. */
export class CartLine extends LiveComponent<LineState, { productId: number }> {
  static template = 'cart-line.njk'
  static tag = 'li'
  mount (props: { productId: number }): LineState {
    return { productId: props.productId }
  }

  context (state: LineState, ctx: MountContext) {
    return { product: product(state.productId), qty: cartOf(requestOf(ctx)).get(state.productId) ?? 0 }
  }

  @command
  remove (ctx: CallContext<LineState>) {
    setInCart(requestOf(ctx), ctx.state.productId, 0)
    return [new ParentDirty(), new ComponentDirty('cart-counter')]
  }
}
