/** @module example-app/app — the example shop, built only on fastify-livecomponents' public API. */
import cookie from '@fastify/cookie'
import csrf from '@fastify/csrf-protection'
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify'
import { randomUUID } from 'node:crypto'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import components, { frameworkErrors, type HtmxOption } from 'fastify-livecomponents'
import { Cart, CartCounter, CartLine, ProductRow } from './components/shop.js'
import { Counter, LanguageSwitch, LikeButton, ProductSearch } from './components/misc.js'
import { Analyzer, StockBadge } from './components/live.js'
import { LoginForm, ProductEdit, SignupForm } from './components/forms.js'
import { LikeBoard, StockTools } from './components/admin.js'
import { userOfVisitor } from './accounts.js'
import { memoryStock, redisStock, startStockJob } from './stock.js'
import { product, PRODUCTS, TEXT, visitor, type Visitor } from './store.js'

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
 * Builds the example shop. With no secret in LIVE_SECRET the plugin makes a random one for the
 * process (with a warning), so that `npm start` needs no configuration; under
 * NODE_ENV=production the plugin refuses to start without one. Several instances (REDIS_URL)
 * need the same LIVE_SECRET.
 */
export async function buildExample (opts: ExampleOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({ logger: opts.logger ?? true, frameworkErrors })
  await app.register(cookie)
  // CSRF tokens: registered before fastify-livecomponents, which then puts a token on every
  // command element (hx-headers) and checks it on every command, besides its own Origin checks
  await app.register(csrf, { cookieOpts: { path: '/', sameSite: 'strict', httpOnly: true } })
  app.decorateRequest('visitor', null as unknown as Visitor)
  // the signed-in user, the usual Fastify way: permissions (isStaff, hasPermission…) read request.user
  app.decorateRequest('user', null)
  app.addHook('onRequest', async (request, reply) => {
    let sid = request.cookies.sid
    if (!sid || !/^[0-9a-f-]{36}$/.test(sid)) {
      sid = randomUUID()
      reply.setCookie('sid', sid, { path: '/', httpOnly: true, sameSite: 'lax' })
    }
    request.visitor = visitor(sid)
    request.user = await userOfVisitor(request.visitor)
  })

  // the stock levels, an app service: components reach it through ctx.app.stock (pushed renders too)
  const store = opts.redis !== undefined ? redisStock(opts.redis) : memoryStock()
  app.decorate('stock', store)

  const require = createRequire(import.meta.url)
  const htmx: HtmxOption = opts.htmxMajor === 2
    ? { major: 2, file: require.resolve('htmx2/dist/htmx.min.js') }
    : { major: 4, file: require.resolve('htmx.org/dist/htmx.min.js') }
  await app.register(components, {
    components: [
      ProductRow, CartCounter, Cart, CartLine, ProductSearch, LanguageSwitch, LikeButton, Counter, StockBadge, Analyzer,
      LoginForm, SignupForm, ProductEdit, StockTools, LikeBoard
    ],
    templates: [fileURLToPath(new URL('./templates/', import.meta.url))],
    secrets: process.env.LIVE_SECRET !== undefined ? [process.env.LIVE_SECRET] : undefined,
    htmx,
    redis: opts.redis
  })

  // the background job: stock changes, and every open page showing that product updates
  const stopJob = startStockJob(store, opts.stockEveryMs ?? 3000, async (id) => await app.components.notify(`stock:${id}`))
  app.addHook('onClose', async () => { stopJob(); await store.close() })

  const page = (request: FastifyRequest, title: string, data: Record<string, unknown> = {}) => ({
    title, lang: request.visitor.lang, t: TEXT[request.visitor.lang], user: request.user, ...data
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
  app.get('/signup', (req, reply) => reply.page('signup.njk', page(req, 'Sign up')))
  app.get('/admin', (req, reply) => reply.page('admin.njk', page(req, 'Admin')))
  app.get('/products/:id/edit', (req, reply) => {
    const p = product(Number((req.params as { id: string }).id))
    if (!p) return reply.code(404).type('text/plain').send('No such product')
    return reply.page('product-edit.njk', page(req, `Edit ${p.name}`, { product: p }))
  })
  app.get('/insights', (req, reply) => reply.page('insights.njk', page(req, 'Insights', { products: PRODUCTS.slice(0, 2) })))
  return app
}
