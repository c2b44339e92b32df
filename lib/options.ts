/** @module options — the plugin's options, their defaults and their validation at register. */
import type { FastifyRequest } from 'fastify'
import type { Environment } from 'nunjucks'
import type { ComponentClass } from './core/component.js'
import type { Renderer } from './core/render/renderer.js'
import { resolveSecrets } from './core/signing/secrets.js'
import { LC_INVALID_OPTION } from './errors.js'
import type { HtmxOption } from './features/assets/assets.js'
import type { UserLookup } from './features/permissions/permissions.js'
import type { SocketOptions } from './features/push/socket.js'
import type { RedisSource } from './features/redis/source.js'
import { isBrowserOrigin } from './features/security/origin.js'
import type { ConcurrencyOptions, LiveComponentsOptions, PushOptions, ServerStateOptions } from './option-types.js'
import type { SessionLookup } from './features/security/session.js'

export type { ConcurrencyOptions, LiveComponentsOptions, PushOptions, ServerStateOptions } from './option-types.js'

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
  nunjucks?: (env: Environment) => void
  redis?: RedisSource
  push: SocketOptions
  origins: string[]
  hosts: string[] | null
  csrf: boolean
  user?: UserLookup
  concurrency: { waitSeconds: number, maxInstances: number, maxBytes: number }
  socketId?: (request: FastifyRequest) => string | undefined
  session?: false | SessionLookup
  lazy: 'inline' | 'deferred'
  state: 'client' | 'server'
  serverState: { ttl: number, maxBytes: number, waitSeconds: number }
}

const KNOWN = new Set(['components', 'templates', 'secrets', 'prefix', 'maxAge', 'now', 'stateWarnBytes', 'stateMaxBytes', 'bodyLimit', 'htmx', 'development', 'renderer', 'nunjucks', 'redis', 'push', 'origins', 'hosts', 'csrf', 'user', 'concurrency', 'socketId', 'session', 'lazy', 'state', 'serverState'])
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

function resolveServerState (o: ServerStateOptions = {}): ResolvedOptions['serverState'] {
  if (typeof o !== 'object' || o === null) fail('serverState', 'must be an object')
  for (const key of Object.keys(o)) if (key !== 'ttl' && key !== 'maxBytes' && key !== 'waitSeconds') fail(`serverState.${key}`, 'is not an option of serverState')
  const ttl = o.ttl ?? 86400
  if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 1) fail('serverState.ttl', `must be an integer >= 1 (seconds), got ${String(ttl)}`)
  const maxBytes = o.maxBytes ?? 64 * 1024 * 1024
  if (typeof maxBytes !== 'number' || !Number.isInteger(maxBytes) || maxBytes < 1024) fail('serverState.maxBytes', `must be an integer >= 1024, got ${String(maxBytes)}`)
  const waitSeconds = o.waitSeconds ?? 2
  if (typeof waitSeconds !== 'number' || !Number.isFinite(waitSeconds) || waitSeconds < 0) fail('serverState.waitSeconds', `must be a number >= 0 (seconds), got ${String(waitSeconds)}`)
  return { ttl, maxBytes, waitSeconds }
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
  if (opts.lazy !== undefined && opts.lazy !== 'inline' && opts.lazy !== 'deferred') fail('lazy', 'must be "deferred" (the default) or "inline"')
  if (opts.state !== undefined && opts.state !== 'client' && opts.state !== 'server') fail('state', 'must be "client" (the default) or "server"')
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
    session: opts.session,
    lazy: opts.lazy ?? 'deferred',
    state: opts.state ?? 'client',
    serverState: resolveServerState(opts.serverState)
  }
}
