/** @module option-types — the shapes of the plugin's options as users write them (defaults and validation: options.ts). */
import type { FastifyRequest } from 'fastify'
import type { Environment } from 'nunjucks'
import type { ComponentClass } from './core/component.js'
import type { Renderer } from './core/render/renderer.js'
import type { HtmxOption } from './features/assets/assets.js'
import type { UserLookup } from './features/permissions/permissions.js'
import type { RedisSource } from './features/redis/source.js'
import type { SessionLookup } from './features/security/session.js'

/**
 * Options of `app.register(components, opts)`. Every field is optional.
 *
 * @example
 * await app.register(components, {
 *   components: [ProductRow, CartCounter],
 *   templates: ['views'],
 *   secrets: [process.env.LIVE_SECRET!, process.env.LIVE_SECRET_OLD!]
 * })
 */
export interface LiveComponentsOptions {
  /** Component classes to register. Default `[]`; more can be added with `app.components.register()` before ready. */
  components?: ComponentClass[]
  /** Template folders, searched in order. Default `[]` (only the plugin's own templates). */
  templates?: string | string[]
  /**
   * HMAC secrets, each at least 32 bytes and not obviously guessable (no short repeated unit,
   * at least 8 distinct bytes, not a published one). The first signs; all verify, so put a new
   * secret first and keep the old one until its tokens expire (key rotation). Default: one
   * random secret per process, with a warning (pages then break on restart and across
   * instances); refused when `NODE_ENV=production`.
   */
  secrets?: Array<string | Buffer>
  /** Route prefix. Default `/components`. */
  prefix?: string
  /** Lifetime of a state token, in seconds. Default 86400 (24 h). */
  maxAge?: number
  /**
   * The clock, in milliseconds since the epoch: every token's issue time and expiry, every
   * WebSocket refresh budget and every heartbeat decision read it. Default `Date.now`. Tests pass a clock they move instead
   * of sleeping.
   *
   * @example
   * let ms = Date.now(); await app.register(components, { now: () => ms }); ms += 86_401_000 // tokens expired
   */
  now?: () => number
  /** Warn when dehydrated state passes this many bytes; 0 disables. Default 65536 (64 KiB). */
  stateWarnBytes?: number
  /** Refuse state past this many bytes (LC_STATE_TOO_LARGE); 0 disables. Default 524288 (512 KiB). */
  stateMaxBytes?: number
  /** Largest command request body, in bytes (LC_BODY_TOO_LARGE past it). Default 1048576 (1 MiB). */
  bodyLimit?: number
  /** Which htmx build to serve. Default: `htmx.org/dist/htmx.min.js` as your app installed it (a peer dependency, 2.0.11+ or 4), its line read from its version. */
  htmx?: HtmxOption
  /** Development mode: templates are re-read on every render. Default: `NODE_ENV === 'development'`. */
  development?: boolean
  /** Another template engine (see Renderer); the plugin's own partials are still rendered with nunjucks, from `templates` and its own folder. */
  renderer?: Renderer
  /** Called once with the plugin's nunjucks Environment, to add filters and globals. */
  nunjucks?: (env: Environment) => void
  /**
   * Redis for several server instances: pushes reach every instance's browsers, and racing
   * commands on one component instance are serialised wherever they land. A `redis://` URL or
   * an ioredis instance (then duplicated for the subscriber and store connections, and not
   * closed by the plugin). Default: none, and both work within this process only.
   */
  redis?: RedisSource
  /**
   * Limits and checks of the `{prefix}/ws` WebSocket endpoint. Setting it (even to `{}`) also
   * turns the endpoint on when no component declares topics or a streaming command.
   */
  push?: PushOptions
  /**
   * Origins besides the page's own that may send commands and open the WebSocket, e.g.
   * `https://admin.shop.example` (scheme, host, port; no path). Default `[]`.
   */
  origins?: string[]
  /**
   * The hosts the app is served under, as `host` or `host:port` (the port when it is not the
   * scheme's default), e.g. `['shop.example', 'localhost:3000']`. With it, command requests and
   * WebSocket upgrades addressed to any other host are refused (403), which stops DNS rebinding.
   * Default: none (any host; a warning at startup under `NODE_ENV=production`).
   */
  hosts?: string[]
  /**
   * Cross-site request checks on command routes (`HX-Request`, `Sec-Fetch-Site`, `Origin`; see
   * the README's CSRF section). Default true. Turn off only when another layer does the same.
   */
  csrf?: boolean
  /**
   * Where permissions find the user of a request. Default: `request.user`, as set by the app
   * (or by @fastify/jwt, @fastify/passport…). Return null or undefined for anonymous.
   * A WebSocket resolves its user again through this lookup before each subscribe, refresh and
   * delivery, on its upgrade request after reloading the session (@fastify/session): read the
   * user from the session here (e.g. `(req) => users.get(req.session.get('userId'))`) so that a
   * logout reaches open sockets; a `request.user` set by a hook stays what it was at the upgrade.
   */
  user?: UserLookup
  /** How racing commands on one component instance are serialised. */
  concurrency?: ConcurrencyOptions
  /**
   * Where components keep their state between commands, unless a component's `static state`
   * says otherwise. `'client'` (default): signed into the page, sent back with every command
   * (stateless server, nothing to store). `'server'`: kept in a store on the server (in this
   * process, or in Redis with the `redis` option), the page holding a small signed reference;
   * see `serverState` and the README's "Server-held state".
   *
   * @example
   * await app.register(components, { state: 'server', redis: process.env.REDIS_URL })
   */
  state?: 'client' | 'server'
  /** Limits of server-held state (`state: 'server'`). */
  serverState?: ServerStateOptions
  /**
   * What a page's WebSocket is known by, computed from its upgrade request, so that
   * `app.components.disconnect(id)` can close it on every server instance (Phoenix LiveView's
   * `live_socket_id`), e.g. `(req) => req.session?.get('userId') && \`user:${req.session.get('userId')}\``.
   * Return undefined for sockets nobody will disconnect. Default: none. It is computed again
   * before each subscribe, refresh and delivery (after the session is reloaded): a socket for
   * which it changed is closed with 4002 (CLOSE.SESSION_CHANGED) and its page reloads.
   */
  socketId?: (request: FastifyRequest) => string | undefined
  /**
   * What a request's session is: every token the plugin issues is bound to it and accepted only
   * from the same session (410 LC_SESSION_CHANGED otherwise, and the page reloads). Default:
   * with @fastify/session or @fastify/secure-session, a random id the plugin keeps in the
   * session; without a session plugin, none. `false` turns binding off. A WebSocket whose
   * session changed since it was opened (the session is reloaded from its store before each
   * subscribe, refresh and delivery) is closed with 4002 (CLOSE.SESSION_CHANGED).
   *
   * @example
   * await app.register(components, { session: (req) => req.cookies.sid })
   */
  session?: false | SessionLookup
  /**
   * How `component(name, props, { lazy })` renders: `'deferred'` (default) writes a placeholder
   * that the page loads later, `'inline'` renders the component at once, as if it were not lazy
   * (for tests; Livewire's `withoutLazyLoading()`).
   *
   * @example
   * await app.register(components, { lazy: 'inline' })
   */
  lazy?: 'inline' | 'deferred'
}

/**
 * The `concurrency` option. All fields optional.
 *
 * @example
 * await app.register(components, { concurrency: { waitSeconds: 30, maxInstances: 100000, maxBytes: 256 * 1024 * 1024 } })
 */
export interface ConcurrencyOptions {
  /** Seconds a command waits for an earlier command on the same instance before 409 LC_BUSY. Default 10. */
  waitSeconds?: number
  /** How many instances' latest states this process remembers (least recently used go first); unused with `redis`, which keeps them for `maxAge`. Default 10000. */
  maxInstances?: number
  /**
   * How many bytes of latest states this process remembers, all instances together (least
   * recently used go first); with the per-state limit `stateMaxBytes` this bounds what clients
   * can make the process hold. Unused with `redis`. Default 67108864 (64 MiB).
   */
  maxBytes?: number
}

/**
 * The `serverState` option. All fields optional.
 *
 * @example
 * await app.register(components, { state: 'server', serverState: { ttl: 3600, maxBytes: 256 * 1024 * 1024 } })
 */
export interface ServerStateOptions {
  /**
   * Seconds a state is kept after its last use (a render or a command starts it again); a later
   * command gets 410 LC_STATE_EXPIRED and its page reloads once. Default 86400 (24 h, as
   * django-livecomponents keeps its Redis state).
   */
  ttl?: number
  /**
   * Bytes of state JSON the in-memory store holds, all instances together; past it the least
   * recently used states are forgotten (their pages reload on their next command). Unused with
   * `redis` (bound Redis with its own `maxmemory`). Default 67108864 (64 MiB).
   */
  maxBytes?: number
  /**
   * With `redis`: seconds a command (or a page render) waits for a Redis that cannot be reached
   * to come back (a restart, a failover) before it answers 503 LC_STATE_UNAVAILABLE. Default 2.
   */
  waitSeconds?: number
}

/**
 * The `push` option. All fields optional.
 *
 * @example
 * await app.register(components, { push: { heartbeat: 15, maxMessageBytes: 262144 } })
 */
export interface PushOptions {
  /**
   * Seconds between heartbeat pings (WebSocket ping/pong, RFC 6455 §5.5.2, as @fastify/websocket's
   * own example does it); a socket whose ping has gone unanswered for this long, by the `now` option's
   * clock, is dropped at the next tick. Default 30.
   */
  heartbeat?: number
  /** Bytes a socket may have queued before it is closed with 1013 (slow consumer). Default 1048576 (1 MiB). */
  sendBufferBytes?: number
  /** Largest message a browser may send, in bytes; larger ones get an LC_MESSAGE_TOO_LARGE error frame. Default 65536 (64 KiB). */
  maxMessageBytes?: number
}
