/** @module options — the plugin's options, their defaults and their validation at register. */
import type { FastifyRequest } from 'fastify'
import type nunjucks from 'nunjucks'
import type { ComponentClass } from './core/component.js'
import type { Renderer } from './core/render/renderer.js'
import { resolveSecrets } from './core/signing/secrets.js'
import { LC_INVALID_OPTION } from './errors.js'
import type { HtmxOption } from './features/assets/assets.js'
import type { UserLookup } from './features/permissions/permissions.js'
import type { SocketOptions } from './features/push/socket.js'
import type { RedisSource } from './features/redis/connection.js'
import { isBrowserOrigin } from './features/security/origin.js'
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
   * The clock, in milliseconds since the epoch: every token's issue time and expiry and every
   * WebSocket refresh budget read it. Default `Date.now`. Tests pass a clock they move instead
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
  /** Which htmx build to serve. Default: htmx 4 from the `htmx.org` dependency. */
  htmx?: HtmxOption
  /** Development mode: templates are re-read on every render. Default: `NODE_ENV === 'development'`. */
  development?: boolean
  /** Another template engine (see Renderer); the plugin's own partials are still rendered with nunjucks, from `templates` and its own folder. */
  renderer?: Renderer
  /** Called once with the plugin's nunjucks Environment, to add filters and globals. */
  nunjucks?: (env: nunjucks.Environment) => void
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
 * The `push` option. All fields optional.
 *
 * @example
 * await app.register(components, { push: { heartbeat: 15, maxMessageBytes: 262144 } })
 */
export interface PushOptions {
  /** Seconds between heartbeat pings; a socket that did not answer the previous one is dropped. Default 30. */
  heartbeat?: number
  /** Bytes a socket may have queued before it is closed with 1013 (slow consumer). Default 1048576 (1 MiB). */
  sendBufferBytes?: number
  /** Largest message a browser may send, in bytes; larger ones get an LC_MESSAGE_TOO_LARGE error frame. Default 65536 (64 KiB). */
  maxMessageBytes?: number
}

/**
 * Options after defaults, as the plugin uses them.
 *
 * @example
 * const { prefix, maxAge } = resolveOptions(options)
 */
export interface ResolvedOptions {
  components: ComponentClass[]
  templates: string[]
  secrets: Array<string | Buffer>
  generatedSecret: boolean
  prefix: string
  maxAge: number
  now: () => number
  stateWarnBytes: number
  stateMaxBytes: number
  bodyLimit: number
  htmx: HtmxOption
  development: boolean
  renderer?: Renderer
  nunjucks?: (env: nunjucks.Environment) => void
  redis?: RedisSource
  push: SocketOptions
  origins: string[]
  hosts: string[] | null
  csrf: boolean
  user?: UserLookup
  concurrency: { waitSeconds: number, maxInstances: number, maxBytes: number }
  socketId?: (request: FastifyRequest) => string | undefined
  session?: false | SessionLookup
}

const KNOWN = new Set(['components', 'templates', 'secrets', 'prefix', 'maxAge', 'now', 'stateWarnBytes', 'stateMaxBytes', 'bodyLimit', 'htmx', 'development', 'renderer', 'nunjucks', 'redis', 'push', 'origins', 'hosts', 'csrf', 'user', 'concurrency', 'socketId', 'session'])
const PUSH_KNOWN = new Set(['heartbeat', 'sendBufferBytes', 'maxMessageBytes'])

function resolveOrigins (origins: unknown = []): string[] {
  if (!Array.isArray(origins) || !origins.every((o) => typeof o === 'string' && isBrowserOrigin(o))) {
    fail('origins', 'must be a list of origins as browsers send them, like https://shop.example (lowercase, no path, no trailing slash)')
  }
  return origins
}

function resolveHosts (hosts: unknown): string[] | null {
  if (hosts === undefined) return null
  const ok = Array.isArray(hosts) && hosts.length > 0 && hosts.every((h) => {
    if (typeof h !== 'string') return false
    try {
      return new URL(`http://${h}`).host === h
    } catch {
      return false
    }
  })
  if (!ok) fail('hosts', 'must be a non-empty list of hosts like shop.example or localhost:3000 (lowercase, no scheme)')
  return hosts as string[]
}

function resolveConcurrency (c: ConcurrencyOptions = {}): ResolvedOptions['concurrency'] {
  if (typeof c !== 'object' || c === null) fail('concurrency', 'must be an object')
  for (const key of Object.keys(c)) if (key !== 'waitSeconds' && key !== 'maxInstances' && key !== 'maxBytes') fail(`concurrency.${key}`, 'is not an option of concurrency')
  const waitSeconds = c.waitSeconds ?? 10
  if (typeof waitSeconds !== 'number' || !Number.isFinite(waitSeconds) || waitSeconds < 0) fail('concurrency.waitSeconds', `must be a number >= 0, got ${String(waitSeconds)}`)
  const maxInstances = c.maxInstances ?? 10000
  if (typeof maxInstances !== 'number' || !Number.isInteger(maxInstances) || maxInstances < 1) fail('concurrency.maxInstances', `must be an integer >= 1, got ${String(maxInstances)}`)
  const maxBytes = c.maxBytes ?? 64 * 1024 * 1024
  if (typeof maxBytes !== 'number' || !Number.isInteger(maxBytes) || maxBytes < 1024) fail('concurrency.maxBytes', `must be an integer >= 1024, got ${String(maxBytes)}`)
  return { waitSeconds, maxInstances, maxBytes }
}

function resolvePush (push: PushOptions = {}): Omit<SocketOptions, 'origins' | 'hosts' | 'socketId'> {
  if (typeof push !== 'object' || push === null) fail('push', 'must be an object')
  for (const key of Object.keys(push)) if (!PUSH_KNOWN.has(key)) fail(`push.${key}`, 'is not an option of push')
  const num = (name: keyof PushOptions, dflt: number, min: number, integer: boolean): number => {
    const v = push[name]
    if (v === undefined) return dflt
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || (integer && !Number.isInteger(v))) fail(`push.${name}`, `must be ${integer ? 'an integer' : 'a number'} >= ${min}, got ${String(v)}`)
    return v
  }
  return {
    heartbeat: num('heartbeat', 30, 0.05, false),
    sendBufferBytes: num('sendBufferBytes', 1024 * 1024, 1024, true),
    maxMessageBytes: num('maxMessageBytes', 64 * 1024, 1024, true)
  }
}

function fail (name: string, why: string): never {
  throw new LC_INVALID_OPTION(name, why)
}

function count (opts: LiveComponentsOptions, name: 'maxAge' | 'stateWarnBytes' | 'stateMaxBytes' | 'bodyLimit', dflt: number, min: number): number {
  const v = opts[name]
  if (v === undefined) return dflt
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) fail(name, `must be an integer >= ${min}, got ${String(v)}`)
  return v
}

/**
 * Applies defaults and checks every option.
 *
 * @throws LC_INVALID_OPTION naming the option and what is wrong with it
 * @example
 * resolveOptions({ prefix: '/live' }).maxAge // 86400
 */
export function resolveOptions (opts: LiveComponentsOptions = {}): ResolvedOptions {
  if (typeof opts !== 'object' || opts === null) fail('options', 'must be an object')
  for (const key of Object.keys(opts)) if (!KNOWN.has(key)) fail(key, 'is not an option of fastify-livecomponents')
  const components = opts.components ?? []
  if (!Array.isArray(components)) fail('components', 'must be an array of LiveComponent classes')
  const templates = opts.templates === undefined ? [] : Array.isArray(opts.templates) ? opts.templates : [opts.templates]
  if (!templates.every((t) => typeof t === 'string' && t !== '')) fail('templates', 'must be a folder path or a list of them')
  const { secrets, generated: generatedSecret } = resolveSecrets(opts.secrets, fail)
  const prefix = opts.prefix ?? '/components'
  if (typeof prefix !== 'string' || !/^(\/[A-Za-z0-9._~-]+)+$/.test(prefix)) fail('prefix', 'must look like /components (no trailing slash)')
  if (opts.htmx !== undefined && (typeof opts.htmx !== 'object' || opts.htmx === null)) fail('htmx', 'must be an object { major, file }')
  if (opts.development !== undefined && typeof opts.development !== 'boolean') fail('development', 'must be a boolean')
  if (opts.renderer !== undefined && (typeof opts.renderer?.render !== 'function' || typeof opts.renderer?.safe !== 'function')) {
    fail('renderer', 'must have render(template, context) and safe(html)')
  }
  if (opts.nunjucks !== undefined && typeof opts.nunjucks !== 'function') fail('nunjucks', 'must be a function (env) => void')
  if (opts.redis !== undefined && !(typeof opts.redis === 'string' && /^rediss?:\/\//.test(opts.redis)) && typeof (opts.redis as { duplicate?: unknown })?.duplicate !== 'function') {
    fail('redis', 'must be a redis:// URL or an ioredis instance')
  }
  const origins = resolveOrigins(opts.origins)
  const hosts = resolveHosts(opts.hosts)
  if (opts.csrf !== undefined && typeof opts.csrf !== 'boolean') fail('csrf', 'must be a boolean')
  if (opts.user !== undefined && typeof opts.user !== 'function') fail('user', 'must be a function (request) => user')
  if (opts.socketId !== undefined && typeof opts.socketId !== 'function') fail('socketId', 'must be a function (request) => string | undefined')
  if (opts.session !== undefined && opts.session !== false && typeof opts.session !== 'function') fail('session', 'must be false or a function (request) => string | undefined')
  if (opts.now !== undefined && typeof opts.now !== 'function') fail('now', 'must be a function () => milliseconds since the epoch')
  return {
    components,
    templates,
    secrets,
    generatedSecret,
    prefix,
    maxAge: count(opts, 'maxAge', 86400, 1),
    now: opts.now ?? Date.now,
    stateWarnBytes: count(opts, 'stateWarnBytes', 64 * 1024, 0),
    stateMaxBytes: count(opts, 'stateMaxBytes', 512 * 1024, 0),
    bodyLimit: count(opts, 'bodyLimit', 1024 * 1024, 1024),
    htmx: opts.htmx ?? {},
    development: opts.development ?? process.env.NODE_ENV === 'development',
    renderer: opts.renderer,
    nunjucks: opts.nunjucks,
    redis: opts.redis,
    origins,
    hosts,
    push: { ...resolvePush(opts.push), origins, hosts, socketId: opts.socketId },
    csrf: opts.csrf ?? true,
    user: opts.user,
    concurrency: resolveConcurrency(opts.concurrency),
    socketId: opts.socketId,
    session: opts.session
  }
}
