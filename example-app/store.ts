/** @module example-app/store — the shop's data: products in memory, and each visitor's cart and language in their session. */
import type { FastifyRequest } from 'fastify'

export type Lang = 'en' | 'de'

declare module 'fastify' {
  /**
   * What the shop keeps in a visitor's session (@fastify/session, see app.ts). Only plain JSON:
   * the session store serialises it (and with REDIS_URL it lives in Redis).
   */
  interface Session {
    /** the signed-in account's login name; absent when anonymous (see accounts.ts `currentUser`) */
    userId?: string
    /** the cart: product id → quantity */
    cart?: Record<string, number>
    lang?: Lang
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

const NOTES = new Map<number, string>()

/** A product's internal notes (the product notes component edits them). */
export function notesOf (id: number): string {
  return NOTES.get(id) ?? ''
}

/** Stores a product's internal notes. */
export function setNotes (id: number, notes: string): void {
  NOTES.set(id, notes)
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

/**
 * The visitor's request behind a command or render context: their session is on it.
 * Pushed renders have no request, so components that read the visitor get no topics.
 */
export function requestOf (ctx: { request?: FastifyRequest }): FastifyRequest {
  if (ctx.request === undefined) throw new Error('this component reads the visitor\'s session: it needs a request (none in pushed renders)')
  return ctx.request
}

/** The visitor's language (English until they switch). */
export function langOf (request: FastifyRequest): Lang {
  return request.session?.get('lang') ?? 'en'
}

export function setLang (request: FastifyRequest, lang: Lang): void {
  request.session.set('lang', lang)
}

/**
 * The visitor's cart, product id → quantity, as a copy: change it with {@link setInCart}.
 * Reading an empty session stores nothing (a visitor without a session keeps none).
 */
export function cartOf (request: FastifyRequest): Map<number, number> {
  return new Map(Object.entries(request.session?.get('cart') ?? {}).map(([id, qty]) => [Number(id), qty]))
}

/**
 * Sets a product's quantity in the visitor's cart (0 removes it). The session store saves the
 * whole session after the request: two commands changing the same cart at the same moment
 * keep the last one's cart. A real shop keeps carts in its database.
 */
export function setInCart (request: FastifyRequest, productId: number, qty: number): void {
  const cart = { ...request.session.get('cart') }
  if (qty > 0) cart[productId] = qty
  else delete cart[productId]
  request.session.set('cart', cart)
}

export function cartCount (cart: Map<number, number>): number {
  let n = 0
  for (const qty of cart.values()) n += qty
  return n
}

export function cartTotal (cart: Map<number, number>): number {
  let total = 0
  for (const [id, qty] of cart) total += (product(id)?.price ?? 0) * qty
  return total
}

/** How many likes each product has, across visitors (the "tracked like"). */
export const likes = new Map<number, number>()

export const TEXT = {
  en: { hello: 'Welcome to the coffee shop', cart: 'Cart', search: 'Search', login: 'Log in', signup: 'Sign up', counter: 'Counter', dashboard: 'Dashboard', insights: 'Insights', admin: 'Admin' },
  de: { hello: 'Willkommen im Kaffeeladen', cart: 'Warenkorb', search: 'Suche', login: 'Anmelden', signup: 'Registrieren', counter: 'Zähler', dashboard: 'Übersicht', insights: 'Analysen', admin: 'Verwaltung' }
}

/** One entry of the shop's activity log (the activity feed streams it). */
export interface Activity { id: number, text: string }

const ACTIVITY: Activity[] = []
const ACTIVITY_KEPT = 10000
let nextActivity = 1
/** Items added to carts since the process started (the polled "orders today" figure). */
export const orders = { today: 0 }

/** Records an event of the shop; the log keeps the latest 10,000. */
export function logActivity (text: string): void {
  ACTIVITY.push({ id: nextActivity++, text })
  if (ACTIVITY.length > ACTIVITY_KEPT) ACTIVITY.splice(0, ACTIVITY.length - ACTIVITY_KEPT)
}

/** Up to `n` entries older than `id`, newest first. */
export function activityBefore (id: number, n: number): Activity[] {
  return ACTIVITY.filter((a) => a.id < id).slice(-n).reverse()
}

/** Every entry newer than `id`, newest first (at most `n`). */
export function activityAfter (id: number, n: number): Activity[] {
  return ACTIVITY.filter((a) => a.id > id).slice(-n).reverse()
}

/** The id of the newest entry (0 when the log is empty). */
export function newestActivity (): number {
  return ACTIVITY.at(-1)?.id ?? 0
}

/** A product's image, uploaded on its edit page (in memory, for the process). */
export const IMAGES = new Map<number, { type: string, data: Buffer }>()
