/** @module plugin — the Fastify plugin: options, per-instance state, routes and decorators. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import websocket from '@fastify/websocket'
import fp from 'fastify-plugin'
import type { ComponentClass } from './component.js'
import type { Core } from './core.js'
import { assetRoutes, loadHtmx } from './features/assets/assets.js'
import { commandRoutes } from './features/commands/routes.js'
import { SchemaCompiler } from './features/commands/schema.js'
import { InMemoryStateStore } from './features/concurrency/state-store.js'
import { RedisStateStore } from './features/concurrency/redis-state-store.js'
import { requestUser } from './features/permissions/permissions.js'
import { MemoryBroker, type Broker } from './features/push/broker.js'
import { CLOSE, Hub } from './features/push/hub.js'
import { RedisBroker } from './features/push/redis-broker.js'
import { socketRoute } from './features/push/socket.js'
import { isTopic, PushTokens } from './features/push/tokens.js'
import { LC_BAD_TOPIC } from './errors.js'
import { Keyring } from './keyring.js'
import { resolveOptions, type LiveComponentsOptions } from './options.js'
import { ComponentRegistry } from './registry.js'
import { NunjucksRenderer, type Renderer } from './render/renderer.js'
import { RenderSession } from './render/session.js'
import { listRoutes, type RouteInfo } from './route-listing.js'
import { StateSigner } from './signer.js'

/**
 * What the plugin adds to the Fastify instance as `app.components`.
 *
 * @example
 * app.get('/', async (req, reply) => reply.type('text/html').send(await app.components.render('shop.njk', {}, req)))
 */
export interface LiveComponentsApi {
  /**
   * Render a page template. In it, `component(name, props, { id })` renders a component,
   * `live_scripts()` writes the `<script>` tags for htmx, its ws extension and the plugin's client
   * helper, and `live_connect()` the page's WebSocket connection element (for push and streaming).
   *
   * @param template - template path, resolved against the `templates` option
   * @param data - template variables
   * @param request - passed to `mount` as `ctx.request`, and checked against components' permissions
   * @param reply - lets command elements carry the @fastify/csrf-protection token (`reply.page` passes it)
   * @throws LC_TEMPLATE_UNKNOWN_COMPONENT, LC_INVALID_ID, LC_BAD_CMD_HELPER, LC_RENDER_FAILED, LC_STATE_TOO_LARGE
   */
  render: (template: string, data?: Record<string, unknown>, request?: FastifyRequest, reply?: FastifyReply) => Promise<string>
  /** Every command route (seed 002's route listing). */
  routes: () => RouteInfo[]
  /**
   * Register another component class; same rules as the `components` option.
   *
   * @throws LC_INVALID_COMPONENT, LC_DUPLICATE_COMPONENT
   */
  register: (cls: ComponentClass) => void
  /** The route prefix, e.g. `/components`. */
  readonly prefix: string
  /** The htmx line the pages load, 2 or 4. */
  readonly htmxMajor: 2 | 4
  /** The renderer in use (a NunjucksRenderer unless the `renderer` option was given). */
  readonly renderer: Renderer
  /**
   * Re-render every instance listening to `topic` (its component's static `topics`), on every
   * server instance, from the state its page last reported, and push each render to its page
   * as an out-of-band swap. Subscribers with identical state share one render. Call it from
   * anywhere: a job, a queue consumer, a route. Source: seed 001's `push_update`.
   *
   * @returns true once published (in memory: once sent to this process's subscribers), false
   *   when Redis is unavailable (logged; the process carries on)
   * @throws LC_BAD_TOPIC (the promise rejects) when `topic` is not a string of 1-200 characters
   * @example
   * setInterval(() => { restock(7); void app.components.notify('product:7') }, 5000)
   */
  notify: (topic: string) => Promise<boolean>
  /**
   * Send a ready HTML fragment to every page listening to `topic`. Every top-level element
   * must have an id and `hx-swap-oob` (or be an `<hx-partial>` on htmx 4), since htmx swaps
   * pushed messages out of band only.
   *
   * @returns as for notify
   * @throws LC_BAD_TOPIC (the promise rejects) when `topic` is not a string of 1-200 characters
   * @example
   * await app.components.push('news', '<p id="headline" hx-swap-oob="true">Sale!</p>')
   */
  push: (topic: string, html: string) => Promise<boolean>
}

declare module 'fastify' {
  interface FastifyInstance {
    /** fastify-livecomponents' API; see LiveComponentsApi. */
    components: LiveComponentsApi
  }
  interface FastifyReply {
    /**
     * Render a page template with `app.components.render` and send it as HTML.
     *
     * @example
     * app.get('/', (req, reply) => reply.page('shop.njk', { products }))
     */
    page: (template: string, data?: Record<string, unknown>) => Promise<FastifyReply>
  }
}

async function plugin (app: FastifyInstance, options: LiveComponentsOptions): Promise<void> {
  const opts = resolveOptions(options)
  const htmx = loadHtmx(opts.htmx)
  if (opts.generatedSecret) {
    app.log.warn('fastify-livecomponents: no `secrets` option; using a random secret for this process. Signed state will not survive a restart or work across instances. Set secrets in production.')
  }
  const registry = new ComponentRegistry(new SchemaCompiler())
  for (const cls of opts.components) registry.register(cls)
  const broker: Broker = opts.redis !== undefined
    ? new RedisBroker(opts.redis, `fastify-livecomponents:${opts.prefix}`, app.log)
    : new MemoryBroker()
  const core: Core = {
    registry,
    prefix: opts.prefix,
    argsOffset: opts.prefix.split('/').length + 3,
    htmxMajor: htmx.major,
    log: app.log,
    renderer: opts.renderer ?? new NunjucksRenderer({ paths: opts.templates, development: opts.development, configure: opts.nunjucks }),
    signer: new StateSigner({
      secrets: opts.secrets,
      maxAge: opts.maxAge,
      warnBytes: opts.stateWarnBytes,
      maxBytes: opts.stateMaxBytes,
      warn: (msg, detail) => app.log.warn(detail, msg)
    }),
    tokens: new PushTokens(new Keyring(opts.secrets), opts.maxAge),
    publish: async (msg) => await broker.publish(msg),
    user: opts.user ?? requestUser,
    csrfToken: app.hasDecorator('csrfProtection') && app.hasReplyDecorator('generateCsrf'),
    states: opts.redis !== undefined
      ? new RedisStateStore(opts.redis, `fastify-livecomponents:${opts.prefix}`, opts.maxAge, app.log)
      : new InMemoryStateStore({ maxInstances: opts.concurrency.maxInstances }),
    waitSeconds: opts.concurrency.waitSeconds,
    tails: new Map()
  }
  const hub = new Hub(core, { sendBufferBytes: opts.push.sendBufferBytes })
  await Promise.all([broker.start(async (msg) => { await hub.deliver(msg) }), core.states.start()])
  app.addHook('onClose', async () => { await broker.close(); await core.states.close() })
  const topic = (t: unknown, from: string): string => {
    if (!isTopic(t)) throw new LC_BAD_TOPIC(from)
    return t
  }

  const api: LiveComponentsApi = {
    render: async (template, data = {}, request, reply) => await new RenderSession(core, { request, reply }).renderPage(template, data),
    routes: () => listRoutes(registry, core.prefix),
    register: (cls) => { registry.register(cls) },
    prefix: core.prefix,
    htmxMajor: core.htmxMajor,
    renderer: core.renderer,
    notify: async (t) => await core.publish({ kind: 'notify', topic: topic(t, 'notify()') }),
    push: async (t, html) => await core.publish({ kind: 'push', topic: topic(t, 'push()'), html: String(html) })
  }
  app.decorate('components', api)
  app.decorateReply('page', async function (this: FastifyReply, template: string, data?: Record<string, unknown>) {
    const html = await api.render(template, data, this.request, this)
    return this.type('text/html; charset=utf-8').send(html)
  })

  await app.register(commandRoutes, { prefix: opts.prefix, core, bodyLimit: opts.bodyLimit, origins: opts.csrf ? opts.origins : null })
  await app.register(assetRoutes, { prefix: opts.prefix, htmx })
  if (!app.hasDecorator('websocketServer')) {
    await app.register(websocket, {
      // hard cap; messages between maxMessageBytes and this get an error frame and keep the socket
      options: { maxPayload: Math.max(opts.push.maxMessageBytes * 4, 1024 * 1024) },
      preClose (done) {
        for (const client of this.websocketServer.clients) client.close(CLOSE.GOING_AWAY, 'server shutting down')
        this.websocketServer.close()
        done()
      }
    })
  }
  await app.register(socketRoute, { prefix: opts.prefix, core, hub, tokens: core.tokens, opts: opts.push })
}

/**
 * The fastify-livecomponents plugin. Register it once per app (or once per encapsulated
 * context with its own prefix); it decorates `app.components` and `reply.page`, and adds the
 * routes `POST {prefix}/:name/cmd/:command/*`, `GET {prefix}/assets/htmx.js`,
 * `GET {prefix}/assets/ws.js`, `GET {prefix}/assets/live.js` and the WebSocket endpoint
 * `GET {prefix}/ws` (registering @fastify/websocket unless the app already has).
 *
 * @throws LC_INVALID_OPTION, LC_INVALID_COMPONENT, LC_DUPLICATE_COMPONENT at register.
 *   The WebSocket endpoint refuses upgrades with LC_FORBIDDEN_ORIGIN (403) and
 *   LC_BAD_SUBSCRIPTION / LC_EXPIRED_SUBSCRIPTION (400/410), and messages with error frames
 *   (LC_BAD_MESSAGE, LC_MESSAGE_TOO_LARGE, LC_BAD_SUBSCRIPTION, LC_BAD_TOKEN…).
 * @example
 * await app.register(components, { components: [ProductRow], templates: ['views'], secrets: [process.env.LIVE_SECRET!] })
 */
export const livecomponents = fp(plugin, { fastify: '5.x', name: 'fastify-livecomponents' })
