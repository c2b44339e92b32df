/** @module example-app/app — the example shop, built only on fastify-livecomponents' public API. */
import cookie from '@fastify/cookie'
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify'
import { randomUUID } from 'node:crypto'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import components, { frameworkErrors, type HtmxOption } from 'fastify-livecomponents'
import { Cart, CartCounter, CartLine, ProductRow } from './components/shop.js'
import { Counter, LanguageSwitch, LikeButton, LoginForm, ProductSearch } from './components/misc.js'
import { Analyzer, StockBadge, stockSource } from './components/live.js'
import { memoryStock, redisStock, startStockJob } from './stock.js'
import { PRODUCTS, TEXT, visitor, type Visitor } from './store.js'

export interface ExampleOptions {
  /** 4 (default) serves htmx 4 from `htmx.org`; 2 serves htmx 2.0.11+ from the `htmx2` alias package. */
  htmxMajor?: 2 | 4
  /** Fastify logger option. Default: on, at info level. */
  logger?: boolean
  /** Redis URL: share pushes and stock levels between instances. Default: none (one process, in memory). */
  redis?: string
  /** Milliseconds between stock changes of the background job. Default 3000. */
  stockEveryMs?: number
}

/**
 * Builds the example shop. With no secret in LIVE_SECRET it uses an embedded development
 * secret so that `npm start` needs no configuration; set LIVE_SECRET in production.
 */
export async function buildExample (opts: ExampleOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({ logger: opts.logger ?? true, frameworkErrors })
  await app.register(cookie)
  app.decorateRequest('visitor', null as unknown as Visitor)
  app.addHook('onRequest', async (request, reply) => {
    let sid = request.cookies.sid
    if (!sid || !/^[0-9a-f-]{36}$/.test(sid)) {
      sid = randomUUID()
      reply.setCookie('sid', sid, { path: '/', httpOnly: true, sameSite: 'lax' })
    }
    request.visitor = visitor(sid)
  })

  const require = createRequire(import.meta.url)
  const htmx: HtmxOption = opts.htmxMajor === 2
    ? { major: 2, file: require.resolve('htmx2/dist/htmx.min.js') }
    : { major: 4, file: require.resolve('htmx.org/dist/htmx.min.js') }
  await app.register(components, {
    components: [ProductRow, CartCounter, Cart, CartLine, ProductSearch, LoginForm, LanguageSwitch, LikeButton, Counter, StockBadge, Analyzer],
    templates: [fileURLToPath(new URL('./templates/', import.meta.url))],
    secrets: [process.env.LIVE_SECRET ?? 'example-app-development-secret-do-not-use-in-production'],
    htmx,
    redis: opts.redis
  })

  // the background job: stock changes, and every open page showing that product updates
  const store = opts.redis !== undefined ? redisStock(opts.redis) : memoryStock()
  stockSource.store = store
  const stopJob = startStockJob(store, opts.stockEveryMs ?? 3000, async (id) => await app.components.notify(`stock:${id}`))
  app.addHook('onClose', async () => { stopJob(); await store.close() })

  const page = (request: FastifyRequest, title: string, data: Record<string, unknown> = {}) => ({
    title, lang: request.visitor.lang, t: TEXT[request.visitor.lang], user: request.visitor.user, ...data
  })
  app.get('/', (req, reply) => reply.page('home.njk', page(req, 'Shop', { products: PRODUCTS })))
  app.get('/cart', (req, reply) => reply.page('cart.njk', page(req, 'Cart')))
  app.get('/search', (req, reply) => {
    const q = (req.query as { q?: unknown }).q
    return reply.page('search.njk', page(req, 'Search', { q: typeof q === 'string' ? q.slice(0, 100) : '' }))
  })
  app.get('/login', (req, reply) => reply.page('login.njk', page(req, 'Log in')))
  app.get('/dashboard', (req, reply) => reply.page('dashboard.njk', page(req, 'Dashboard')))
  app.get('/counter', (req, reply) => reply.page('counter-page.njk', page(req, 'Counter')))
  app.get('/insights', (req, reply) => reply.page('insights.njk', page(req, 'Insights', { products: PRODUCTS.slice(0, 2) })))
  return app
}
