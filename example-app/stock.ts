/** @module example-app/stock — stock levels (in memory, or in Redis when REDIS_URL is set) and the background job that changes them. */
import { Redis } from 'ioredis'
import { logActivity, PRODUCTS } from './store.js'

/** Where stock levels live. With several server instances they must be shared, so Redis. */
export interface StockStore {
  get: (productId: number) => Promise<number>
  set: (productId: number, level: number) => Promise<void>
  close: () => Promise<void>
}

/** One process: a Map. */
export function memoryStock (): StockStore {
  const levels = new Map(PRODUCTS.map((p) => [p.id, p.stock]))
  return {
    get: async (id) => levels.get(id) ?? 0,
    set: async (id, level) => { levels.set(id, level) },
    close: async () => {}
  }
}

/** Several instances: a Redis hash, so every instance renders the same level. */
export function redisStock (url: string): StockStore {
  const redis = new Redis(url)
  return {
    get: async (id) => Number(await redis.hget('example:stock', String(id)) ?? PRODUCTS.find((p) => p.id === id)?.stock ?? 0),
    set: async (id, level) => { await redis.hset('example:stock', String(id), String(level)) },
    close: async () => { redis.disconnect() }
  }
}

/**
 * The background job: every `everyMs`, the next product (round robin) sells one or is
 * restocked, and `onChange(productId)` is called, which the app turns into
 * `app.components.notify('stock:<id>')`.
 */
export function startStockJob (store: StockStore, everyMs: number, onChange: (productId: number) => Promise<unknown>): () => void {
  let tick = 0
  const timer = setInterval(() => {
    const p = PRODUCTS[tick++ % PRODUCTS.length]
    void (async () => {
      const level = await store.get(p.id)
      const next = level > 0 ? level - 1 : p.stock
      await store.set(p.id, next)
      logActivity(`${p.name}: ${next} in stock`)
      await onChange(p.id)
    })().catch(() => {})
  }, everyMs)
  timer.unref()
  return () => clearInterval(timer)
}
