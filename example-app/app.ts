/** @module example-app/app — the example shop, built only on fastify-livecomponents' public API. */
import cookie from '@fastify/cookie'
import csrf from '@fastify/csrf-protection'
import helmet from '@fastify/helmet'
import session from '@fastify/session'
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import components, { frameworkErrors, type HtmxOption } from 'fastify-livecomponents'
import { Cart, CartCounter, CartLine, CartTotal, ProductRow, Recommendations } from './components/shop.js'
import { Counter, LanguageSwitch, LikeButton, ProductSearch, RecentSearches } from './components/misc.js'
import { Analyzer, ProductNotes, StockBadge } from './components/live.js'
import { LoginForm, ProductEdit, SignupForm } from './components/forms.js'
import { LikeBoard, StockTools } from './components/admin.js'
import { PanelCard } from './components/layout.js'
import { ActivityFeed, OrdersToday } from './components/activity.js'
import { ProductImage } from './components/product-image.js'
import { currentUser, socketIdOf } from './accounts.js'
import { memorySessionStore, redisSessionStore, sessionOptions, sessionSecret } from './sessions.js'
import { memoryStock, redisStock, startStockJob } from './stock.js'
import { IMAGES, langOf, product, PRODUCTS, TEXT } from './store.js'

export interface ExampleOptions {
  /** 4 (default) serves htmx 4 from `htmx.org`; 2 serves htmx 2.0.11+ from the `htmx2` alias package. */
  htmxMajor?: 2 | 4
  /** Fastify logger option. Default: on, at info level. */
  logger?: boolean
  /** Redis URL: share pushes, stock levels and sessions between instances. Default: none (one process, in memory). */
  redis?: string
  /** Milliseconds between stock changes of the background job (one product per change, round robin). Default 1000. */
  stockEveryMs?: number
  /** Where components keep their state: `'client'` (default, signed into the page) or `'server'` (in memory, or in Redis with `redis`). */
  state?: 'client' | 'server'
}

/**
 * The Content-Security-Policy of every response: scripts and styles only from files of this
 * origin (htmx, its WebSocket extension and the plugin's client are files under
 * `/components/assets/`; the shop's own are `/static/shop.{js,css}`), no inline scripts, event
 * handler attributes or inline styles, no `eval` (nothing uses `hx-on` or `js:` values), and
 * `connect-src 'self'`, which covers the page's WebSocket to its own host (ws: and wss:).
 * `frame-ancestors 'none'` (and X-Frame-Options: DENY for old browsers): no site may frame the
 * shop (clickjacking).
 */
export const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"]
}

/**
 * Builds the example shop. With no secret in LIVE_SECRET the plugin makes a random one for the
 * process (with a warning), so that `npm start` needs no configuration; under
 * NODE_ENV=production the plugin refuses to start without one. SESSION_SECRET, which signs the
 * session cookie, works the same way (sessions.ts). Several instances (REDIS_URL) need the same
 * LIVE_SECRET and SESSION_SECRET, and keep their sessions in Redis.
 */
export async function buildExample (opts: ExampleOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({ logger: opts.logger ?? true, frameworkErrors })
  await app.register(cookie)
  // the visitor's session (sessions.ts): who is signed in, their cart and language. A request
  // that writes nothing to it stores nothing (a page with components writes the plugin's token
  // binding, hence a bounded store); login and logout give the session a new id (accounts.ts).
  // Its store is this process's memory, or Redis when instances share the work.
  const secret = sessionSecret(app.log)
  const sessions = opts.redis !== undefined ? redisSessionStore(opts.redis) : memorySessionStore()
  app.addHook('onClose', async () => await sessions.close())
  await app.register(session, sessionOptions(sessions, secret))
  // CSRF tokens: registered before fastify-livecomponents, which then puts the page's token in a
  // <meta> and checks it on every command, besides its own Origin checks
  await app.register(csrf, { cookieOpts: { path: '/', sameSite: 'strict', httpOnly: true, secure: process.env.NODE_ENV === 'production' ? true : 'auto' } })
  // security headers; the CSP above. HSTS only under NODE_ENV=production: on a development
  // machine it would pin the host (localhost) to HTTPS for every app served on it.
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    frameguard: { action: 'deny' },
    strictTransportSecurity: process.env.NODE_ENV === 'production'
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
      ProductRow, CartCounter, Recommendations, Cart, CartTotal, CartLine, ProductSearch, RecentSearches, LanguageSwitch, LikeButton, Counter, StockBadge, Analyzer,
      LoginForm, SignupForm, ProductEdit, ProductNotes, StockTools, LikeBoard, PanelCard, OrdersToday, ActivityFeed, ProductImage
    ],
    templates: [fileURLToPath(new URL('./templates/', import.meta.url))],
    secrets: process.env.LIVE_SECRET !== undefined ? [process.env.LIVE_SECRET] : undefined,
    // permissions (isStaff, hasPermission…) read the user from the session, afresh on every
    // check: a WebSocket re-reads it (after reloading the session) before each delivery
    user: currentUser,
    // a signed-in user's WebSockets are `user:<login>`: logout closes them all (accounts.ts)
    socketId: (req) => {
      const login = req.session?.get('userId')
      return login === undefined ? undefined : socketIdOf(login)
    },
    // the `session` option is left at its default: with @fastify/session, every token of the
    // plugin is bound to the session, so a new session id on login retires the page's tokens
    htmx,
    redis: opts.redis,
    // LIVE_STATE=server npm start: state stays on the server, the page holds references
    state: opts.state
  })

  // the background job: stock changes, and every open page showing that product updates
  const stopJob = startStockJob(store, opts.stockEveryMs ?? 1000, async (id) => await app.components.notify(`stock:${id}`))
  app.addHook('onClose', async () => { stopJob(); await store.close() })

  // the shop's own script and styles, as files (the CSP allows no inline ones); @fastify/static does this for folders
  for (const [file, type] of [['shop.js', 'text/javascript'], ['shop.css', 'text/css']]) {
    const body = readFileSync(new URL(`./public/${file}`, import.meta.url))
    app.get(`/static/${file}`, (_req, reply) => reply.type(`${type}; charset=utf-8`).header('cache-control', 'no-cache').send(body))
  }
  // Pico CSS (classless: it styles plain semantic HTML), served from node_modules, no CDN
  const pico = readFileSync(createRequire(import.meta.url).resolve('@picocss/pico/css/pico.classless.min.css'))
  app.get('/static/pico.css', (_req, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=86400').send(pico))

  const page = (request: FastifyRequest, title: string, data: Record<string, unknown> = {}) => ({
    title, lang: langOf(request), t: TEXT[langOf(request)], user: currentUser(request), ...data
  })
  app.get('/', (req, reply) => reply.page('home.njk', page(req, 'Shop', { products: PRODUCTS })))
  app.get('/cart', (req, reply) => reply.page('cart.njk', page(req, 'Cart')))
  app.get('/search', (req, reply) => {
    const q = (req.query as { q?: unknown }).q
    return reply.page('search.njk', page(req, 'Search', { q: typeof q === 'string' ? q.slice(0, 100) : '' }))
  })
  app.get('/login', (req, reply) => reply.page('login.njk', page(req, 'Log in')))
  app.get('/dashboard', (req, reply) => reply.page('dashboard.njk', page(req, 'Dashboard')))
  app.get('/counter', (req, reply) => reply.page('counter-page.njk', page(req, 'Counter', { products: PRODUCTS })))
  app.get('/signup', (req, reply) => reply.page('signup.njk', page(req, 'Sign up')))
  app.get('/admin', (req, reply) => reply.page('admin.njk', page(req, 'Admin')))
  app.get('/products/:id/edit', (req, reply) => {
    const p = product(Number((req.params as { id: string }).id))
    if (!p) return reply.code(404).type('text/plain').send('No such product')
    return reply.page('product-edit.njk', page(req, `Edit ${p.name}`, { product: p }))
  })
  // an uploaded product image, as the product image component saved it (its type was sniffed)
  app.get('/products/:id/image', (req, reply) => {
    const image = IMAGES.get(Number((req.params as { id: string }).id))
    if (!image) return reply.code(404).type('text/plain').send('No image')
    return reply.type(image.type).header('x-content-type-options', 'nosniff').send(image.data)
  })
  app.get('/insights', (req, reply) => reply.page('insights.njk', page(req, 'Insights', { products: PRODUCTS.slice(0, 2) })))
  return app
}
