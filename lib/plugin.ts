/** @module plugin — the Fastify plugin: the composition root that builds the host, lists the features and registers the routes. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { PREFIXES, commandRoutes } from './core/commands/routes.js'
import { SchemaCompiler } from './core/commands/schema.js'
import type { ComponentClass } from './core/component.js'
import type { Feature } from './core/hooks.js'
import { openState, type Host } from './core/host.js'
import { ComponentRegistry } from './core/registry.js'
import { PARTIAL, Partials } from './core/render/partials.js'
import { debugDetail } from './core/commands/debug.js'
import { NunjucksRenderer, type Renderer } from './core/render/renderer.js'
import { RenderPass } from './core/render/session.js'
import { TailCache } from './core/render/tail-cache.js'
import { listRoutes, type RouteInfo } from './core/route-listing.js'
import { Keyring } from './core/signing/keyring.js'
import { StateSigner } from './core/signing/signer.js'
import { LC_BAD_SOCKET_ID, LC_BAD_TOPIC, LC_INVALID_COMPONENT } from './errors.js'
import { loadAssets } from './features/assets/assets.js'
import { assetsFeature } from './features/assets/feature.js'
import { concurrencyFeature } from './features/concurrency/feature.js'
import { RedisStateStore } from './features/concurrency/redis-state-store.js'
import { InMemoryStateStore } from './features/concurrency/state-store.js'
import { serverStateFeature } from './features/server-state/feature.js'
import { formsFeature } from './features/forms/feature.js'
import { modelFeature } from './features/model/feature.js'
import { eventsFeature } from './features/events/feature.js'
import { callsFeature } from './features/calls/feature.js'
import { slotsFeature } from './features/slots/feature.js'
import { lazyFeature } from './features/lazy/feature.js'
import { pollingFeature } from './features/polling/feature.js'
import { urlFeature } from './features/url/feature.js'
import { streamsFeature } from './features/streams/feature.js'
import { uploadsFeature } from './features/uploads/feature.js'
import { permissionsFeature } from './features/permissions/feature.js'
import { requestUser, userOf, type User } from './features/permissions/permissions.js'
import { pushFeature } from './features/push/feature.js'
import { isTopic } from './features/push/tokens.js'
import { csrfFeature } from './features/security/feature.js'
import { defaultSession, sessionFeature } from './features/security/session.js'
import { OPEN_STATE } from './protocol.js'
import { streamingFeature } from './features/streaming/feature.js'
import { resolveOptions, type LiveComponentsOptions } from './options.js'

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
  /** Every command route, with its URL and parameters. */
  routes: () => RouteInfo[]
  /**
   * Register another component class; same rules as the `components` option.
   *
   * A class with topics or a streaming command turns the WebSocket endpoint on; after the app
   * is ready that is no longer possible (LC_INVALID_COMPONENT).
   *
   * @throws LC_INVALID_COMPONENT, LC_DUPLICATE_COMPONENT
   * @example
   * app.components.register(Counter)
   */
  register: (cls: ComponentClass) => void
  /**
   * The request's signed-in user, as permissions and `ctx.user` see it: the `user` option's
   * answer (default `request.user`), or null when anonymous (null, undefined, or
   * `isAuthenticated: false`). Typed by `user` in `Register`. For `mount`, routes and hooks.
   *
   * @example
   * async mount (_props: {}, ctx: MountContext) { return { owner: ctx.request && ctx.app.components.user(ctx.request)?.id } }
   */
  user: (request: FastifyRequest) => User | null
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
   * anywhere: a job, a queue consumer, a route. Source: Phoenix LiveView's `send_update` and
   * Livewire's broadcasting, in the form of a topic and its subscribers.
   *
   * @returns true once published (in memory: once sent to this process's subscribers; without
   *   any push component: at once, as there is no subscriber), false when Redis is unavailable
   *   (logged; the process carries on)
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
  /**
   * Close every page's WebSocket whose `socketId` option said `id`, on every server instance,
   * with close code 4001; the client helper then reloads the page, so it renders and subscribes
   * again as whoever is signed in now. Call it on logout or when a user's permissions change
   * (Phoenix LiveView's `live_socket_id` and its "disconnect" broadcast).
   *
   * @returns as for notify
   * @throws LC_BAD_SOCKET_ID (the promise rejects) when `id` is not a string of 1-200 characters
   * @example
   * app.post('/logout', async (req, reply) => { await app.components.disconnect(`user:${req.user.id}`); … })
   */
  disconnect: (id: string) => Promise<boolean>
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
     * With `development: true`, a render that fails is answered with the development error page
     * (500, `livecomponents/dev-error.njk`: the component, template line and cause chain), and
     * logged; otherwise the error is thrown to Fastify's error handler as usual.
     *
     * @throws what `app.components.render` throws (not in development)
     * @example
     * app.get('/', (req, reply) => reply.page('shop.njk', { products }))
     */
    page: (template: string, data?: Record<string, unknown>) => Promise<FastifyReply>
  }
}

async function plugin (app: FastifyInstance, options: LiveComponentsOptions): Promise<void> {
  const opts = resolveOptions(options)
  const assets = loadAssets(opts.htmx)
  if (opts.hosts === null && process.env.NODE_ENV === 'production') {
    app.log.warn('fastify-livecomponents: no `hosts` option under NODE_ENV=production; a request\'s own origin is whatever its Host header says, which DNS rebinding can choose. List the hosts the app is served under.')
  }
  if (opts.generatedSecret) {
    app.log.warn('fastify-livecomponents: no `secrets` option; using a random secret for this process. Signed state will not survive a restart or work across instances. Set secrets in production.')
  }
  const ring = new Keyring(opts.secrets)
  const nunjucksRenderer = (): NunjucksRenderer => new NunjucksRenderer({ paths: opts.templates, development: opts.development, configure: opts.nunjucks })
  const renderer: Renderer = opts.renderer ?? nunjucksRenderer()
  const features: Feature[] = []
  const registry = new ComponentRegistry(new SchemaCompiler(), () => features.flatMap((f) => f.register === undefined ? [] : [f.register]))
  const host: Host = {
    app,
    log: app.log,
    now: opts.now,
    prefix: opts.prefix,
    development: opts.development,
    htmxMajor: assets.major,
    registry,
    signer: new StateSigner({
      ring,
      maxAge: opts.maxAge,
      warnBytes: opts.stateWarnBytes,
      maxBytes: opts.stateMaxBytes,
      warn: (msg, detail) => app.log.warn(detail, msg),
      now: () => opts.now() / 1000
    }),
    renderer,
    // the plugin's partials: with the user's nunjucks Environment, or one of their own for another engine
    partials: new Partials((renderer instanceof NunjucksRenderer ? renderer : nunjucksRenderer()).env),
    features,
    tails: new TailCache()
  }
  const userLookup = opts.user ?? requestUser
  const push = pushFeature(host, { socket: opts.push, redis: opts.redis, maxAge: opts.maxAge, ring, always: options?.push !== undefined || opts.redis !== undefined })
  const store = opts.redis !== undefined
    ? new RedisStateStore(opts.redis, `fastify-livecomponents:${opts.prefix}`, opts.maxAge, app.log)
    : new InMemoryStateStore({ maxInstances: opts.concurrency.maxInstances, maxBytes: opts.concurrency.maxBytes })
  // hook order: permissions refuse first; concurrency wraps the call; streaming consumes streams
  features.push(
    permissionsFeature(host, userLookup),
    csrfFeature(app, opts.csrf ? { origins: opts.origins, hosts: opts.hosts } : null),
    sessionFeature(opts.session === false ? null : opts.session ?? defaultSession),
    serverStateFeature(host, ring, { mode: opts.state, ...opts.serverState, maxAge: opts.maxAge, prefix: opts.prefix, redis: opts.redis }),
    concurrencyFeature(async (t) => await openState(host, t), store, opts.concurrency.waitSeconds),
    formsFeature(host),
    modelFeature(host),
    eventsFeature(host),
    callsFeature(host),
    slotsFeature(),
    lazyFeature(host, ring, { maxAge: opts.maxAge, inline: opts.lazy === 'inline' }),
    pollingFeature(host),
    urlFeature(),
    streamsFeature(host),
    uploadsFeature(host, ring),
    push.feature,
    streamingFeature(push.service),
    assetsFeature(host, assets)
  )
  // a component's template must exist when the renderer can tell (NunjucksRenderer can)
  const register = (cls: ComponentClass): void => {
    for (const key of ['template', 'deniedTemplate'] as const) {
      const name = (cls as unknown as Record<string, unknown>)[key]
      if (typeof name === 'string' && renderer.has !== undefined && !renderer.has(name)) {
        throw new LC_INVALID_COMPONENT(cls.name, `its ${key} "${name}" is in none of the template folders (${opts.renderer === undefined ? opts.templates.map((p) => `"${p}"`).join(', ') || 'no `templates` option' : 'the renderer says so'})`)
      }
    }
    registry.register(cls)
  }
  for (const cls of opts.components) register(cls)
  const topic = (t: unknown, from: string): string => {
    if (!isTopic(t)) throw new LC_BAD_TOPIC(from)
    return t
  }

  const api: LiveComponentsApi = {
    render: async (template, data = {}, request, reply) => await new RenderPass(host, { request, reply }).renderPage(template, data),
    routes: () => listRoutes(registry, host.prefix),
    register: (cls) => { register(cls) },
    user: (request) => userOf(request, userLookup),
    prefix: host.prefix,
    htmxMajor: host.htmxMajor,
    renderer,
    notify: async (t) => await push.service.publish({ kind: 'notify', topic: topic(t, 'notify()') }),
    push: async (t, html) => await push.service.publish({ kind: 'push', topic: topic(t, 'push()'), html: String(html) }),
    disconnect: async (id) => {
      if (!isTopic(id)) throw new LC_BAD_SOCKET_ID('disconnect()')
      return await push.service.publish({ kind: 'disconnect', socketId: id })
    }
  }
  // the test kit reads server-held state through this (handle.state)
  Object.defineProperty(api, OPEN_STATE, { value: async (token: unknown) => (await openState(host, token)).state })
  app.decorate('components', api)
  app.decorateReply('page', async function (this: FastifyReply, template: string, data?: Record<string, unknown>) {
    let html: string
    try {
      html = await api.render(template, data, this.request, this)
    } catch (err) {
      if (!opts.development) throw err
      this.request.log.error({ err }, 'fastify-livecomponents: the page render failed (development error page sent)')
      html = host.partials.render(PARTIAL.devError, { page: template, detail: debugDetail(err) })
      this.code(500)
    }
    return this.type('text/html; charset=utf-8').send(html)
  })
  if (!app.hasDecorator(PREFIXES as unknown as string)) app.decorate(PREFIXES as unknown as string, [])
  ;(app as unknown as Record<symbol, string[]>)[PREFIXES].push(host.prefix)

  for (const f of features) if (f.setup !== undefined) await f.setup(app)
  const errorCodes = Object.assign({}, ...features.map((f) => f.errorCodes ?? {}))
  await app.register(commandRoutes, { prefix: opts.prefix, host, bodyLimit: opts.bodyLimit, errorCodes })
}

/**
 * The fastify-livecomponents plugin. Register it once per app (or once per encapsulated
 * context with its own prefix); it decorates `app.components` and `reply.page`, and adds the
 * routes `POST {prefix}/:name/cmd/:command/*`, `GET {prefix}/assets/{htmx,ws,live}.<hash>.js`
 * and, when a component declares topics or a streaming command or the `push` or `redis` option
 * is set, the WebSocket endpoint `GET {prefix}/ws` (registering @fastify/websocket in its own
 * context unless the app already has it).
 *
 * @throws LC_INVALID_OPTION, LC_INVALID_COMPONENT, LC_DUPLICATE_COMPONENT at register.
 *   The WebSocket endpoint refuses upgrades with LC_FORBIDDEN_ORIGIN (403) and
 *   LC_BAD_SUBSCRIPTION / LC_EXPIRED_SUBSCRIPTION (400/410), and messages with error frames
 *   (LC_BAD_MESSAGE, LC_MESSAGE_TOO_LARGE, LC_BAD_SUBSCRIPTION, LC_BAD_TOKEN…).
 * @example
 * await app.register(components, { components: [ProductRow], templates: ['views'], secrets: [process.env.LIVE_SECRET!] })
 */
export const livecomponents = fp(plugin, { fastify: '5.x', name: 'fastify-livecomponents' })
