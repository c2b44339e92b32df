/** @module example-app/store — the shop's data, in memory: products, and one session per visitor. */
import type { FastifyRequest } from 'fastify'
import type { ShopUser } from './accounts.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The visitor of this request, set by the app's onRequest hook from the `sid` cookie. */
    visitor: Visitor
    /**
     * The signed-in user, or null for anonymous: what fastify-livecomponents' permissions
     * (isAuthenticated, isStaff, hasPermission…) read. Set by the app's onRequest hook.
     */
    user: ShopUser | null
  }
}

export interface Product { id: number, name: string, price: number, stock: number }

export const PRODUCTS: Product[] = [
  { id: 1, name: 'Espresso cup', price: 8, stock: 40 },
  { id: 2, name: 'Pour-over kettle', price: 45, stock: 12 },
  { id: 3, name: 'Burr grinder', price: 120, stock: 5 },
  { id: 4, name: 'Coffee beans, 1 kg', price: 24, stock: 80 },
  { id: 5, name: 'Milk frother', price: 30, stock: 16 }
]

export function product (id: number): Product | undefined {
  return PRODUCTS.find((p) => p.id === id)
}

/** Changes a product's name and price (the product edit form saves through this). */
export function updateProduct (id: number, data: { name: string, price: number }): Product | undefined {
  const p = product(id)
  if (p) Object.assign(p, { name: data.name, price: data.price })
  return p
}

export function searchProducts (q: string): Product[] {
  const needle = q.trim().toLowerCase()
  return needle === '' ? PRODUCTS : PRODUCTS.filter((p) => p.name.toLowerCase().includes(needle))
}

/** One visitor: their cart (product id → quantity), login (an account's login name) and language. */
export interface Visitor {
  cart: Map<number, number>
  user: string | null
  lang: 'en' | 'de'
}

const visitors = new Map<string, Visitor>()

export function visitor (sid: string): Visitor {
  let v = visitors.get(sid)
  if (!v) {
    v = { cart: new Map(), user: null, lang: 'en' }
    visitors.set(sid, v)
  }
  return v
}

/** The visitor behind a command or render context. */
export function visitorOf (ctx: { request?: FastifyRequest }): Visitor {
  return ctx.request!.visitor
}

export function cartCount (v: Visitor): number {
  let n = 0
  for (const qty of v.cart.values()) n += qty
  return n
}

export function cartTotal (v: Visitor): number {
  let total = 0
  for (const [id, qty] of v.cart) total += (product(id)?.price ?? 0) * qty
  return total
}

/** How many likes each product has, across visitors (the "tracked like"). */
export const likes = new Map<number, number>()

export const TEXT = {
  en: { hello: 'Welcome to the coffee shop', cart: 'Cart', search: 'Search', login: 'Log in', signup: 'Sign up', counter: 'Counter', dashboard: 'Dashboard', insights: 'Insights', admin: 'Admin' },
  de: { hello: 'Willkommen im Kaffeeladen', cart: 'Warenkorb', search: 'Suche', login: 'Anmelden', signup: 'Registrieren', counter: 'Zähler', dashboard: 'Übersicht', insights: 'Analysen', admin: 'Verwaltung' }
}
