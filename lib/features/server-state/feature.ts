/** @module features/server-state/feature — `state: 'server'`: a component's state stays on the server (memory or Redis) and the page holds a small signed reference. */
import type { FastifyInstance } from 'fastify'
import type { Feature } from '../../core/hooks.js'
import type { Host } from '../../core/host.js'
import type { Registration } from '../../core/registry.js'
import type { Keyring } from '../../core/signing/keyring.js'
import type { TokenClaims } from '../../core/signing/signer.js'
import { TokenCodec } from '../../core/signing/token-codec.js'
import { LC_BAD_TOKEN, LC_EXPIRED_TOKEN, LC_INVALID_COMPONENT, LC_STATE_EXPIRED } from '../../errors.js'
import { TOKEN_KIND } from '../../protocol.js'
import type { RedisSource } from '../redis/source.js'
import { RedisHeldStore } from './redis-store.js'
import { MemoryHeldStore, type HeldStateStore } from './store.js'

declare module '../../core/component.js' {
  interface ComponentStatics {
    /**
     * Where this component's state lives between commands, overriding the plugin's `state`
     * option: `'client'` signs it into the page (a token with every control's request),
     * `'server'` keeps it in the plugin's store (memory, or Redis with the `redis` option) and
     * the page holds a signed reference (render id, version, session). See the README's
     * "Server-held state".
     *
     * @example
     * static state = 'server' as const
     */
    state?: 'client' | 'server'
  }
}

/**
 * What the server-state feature needs from the plugin's options.
 *
 * @example
 * { mode: 'server', ttl: 86400, maxBytes: 67108864, waitSeconds: 2, maxAge: 86400, prefix: '/components' }
 */
export interface ServerStateSettings {
  /** the plugin's `state` option: where state lives unless a component says otherwise */
  mode: 'client' | 'server'
  /** seconds an unused server-held state is kept (`serverState.ttl`) */
  ttl: number
  /** bytes of state the in-memory store holds, all instances together (`serverState.maxBytes`) */
  maxBytes: number
  /** lifetime of a reference token, in seconds (the `maxAge` option) */
  maxAge: number
  /** the route prefix, which names the Redis keys */
  prefix: string
  /** the `redis` option: share the state with every server instance */
  redis?: RedisSource
  /** seconds a command waits for an unreachable Redis before 503 (`serverState.waitSeconds`) */
  waitSeconds: number
}

/** The fields of a reference's payload (render id and version), checked before its age. */
function checkShape (raw: Record<string, unknown>): void {
  if (typeof raw.r !== 'string' || !Number.isInteger(raw.v)) throw new LC_BAD_TOKEN('reference payload has the wrong shape')
}

/** What the store holds for an instance besides its version: state, features' extra, and what its reference does not carry. */
interface HeldBody {
  s: unknown
  x?: Record<string, unknown>
  n: string
  i: string
  p: string | null
  k: 0 | 1
  b?: string
}

/**
 * Server-held state (django-livecomponents keeps state in Redis per page session; Phoenix
 * LiveView in its process). For every component whose mode is `'server'`:
 * - a render stores the state (with the features' `extra`, the component name, instance id,
 *   parent and session binding) under the instance's render id, with its version, and the page
 *   gets a short reference token `r1.<render id, version>.<HMAC>` (about 100 characters, signed
 *   with the plugin's secrets like every token); the session binding is checked against what
 *   the store holds, so a reference copied to another session is refused as a state token is;
 * - a command opens the reference and loads the state the store holds: always the newest
 *   version, so an old or replayed reference runs on the newest state, never on an old one
 *   (racing commands are serialised by the concurrency feature as in client mode);
 * - a state unused for `ttl` seconds, or pushed out of the in-memory store, is gone: the next
 *   command gets 410 LC_STATE_EXPIRED and the page reloads once; a Redis that stays unreachable
 *   for `waitSeconds` answers 503 LC_STATE_UNAVAILABLE and runs nothing.
 *
 * @throws LC_INVALID_COMPONENT at register when `static state` is neither `'client'` nor `'server'`
 * @example
 * features.push(serverStateFeature(host, ring, { mode: 'server', ttl: 86400, maxBytes: 64 << 20, waitSeconds: 2, maxAge: 86400, prefix: '/components' }))
 */
export function serverStateFeature (host: Host, ring: Keyring, settings: ServerStateSettings): Feature {
  const server = new WeakSet<Registration>()
  let store: HeldStateStore | undefined
  const codec = new TokenCodec(ring, {
    kind: TOKEN_KIND.ref,
    maxAge: settings.maxAge,
    maxChars: 4096,
    errors: { bad: (why) => new LC_BAD_TOKEN(why), expired: (s) => new LC_EXPIRED_TOKEN(s) },
    now: () => host.now() / 1000
  })
  const open = (): HeldStateStore => {
    store ??= settings.redis !== undefined
      ? new RedisHeldStore(settings.redis, `fastify-livecomponents:${settings.prefix}`, settings.ttl, host.log, settings.waitSeconds)
      : new MemoryHeldStore({ maxBytes: settings.maxBytes, ttl: settings.ttl, now: host.now })
    return store
  }

  const seal = async (claims: Omit<TokenClaims, 'issuedAt'>): Promise<string> => {
    const { stateJson, extraJson } = host.signer.encode(claims)
    const about = `"n":${JSON.stringify(claims.name)},"i":${JSON.stringify(claims.id)},"p":${JSON.stringify(claims.parent)},"k":${claims.keyed ? 1 : 0}${claims.binding === undefined ? '' : `,"b":${JSON.stringify(claims.binding)}`}`
    await open().put(claims.rid, claims.version, `{${about},"s":${stateJson}${extraJson === undefined ? '' : `,"x":${extraJson}`}}`)
    return codec.seal(`"r":${JSON.stringify(claims.rid)},"v":${claims.version}`)
  }

  const load = async (token: string): Promise<TokenClaims> => {
    const raw = codec.open(token, checkShape)
    const held = await open().get(raw.r as string)
    // gone, or older than the reference (a store that lost writes): never run on a lost update
    if (held === undefined || held.version < (raw.v as number)) throw new LC_STATE_EXPIRED(raw.r as string)
    const body = JSON.parse(held.json) as HeldBody
    const claims: TokenClaims = { name: body.n, id: body.i, parent: body.p, keyed: body.k === 1, rid: raw.r as string, version: held.version, state: body.s, issuedAt: raw.t }
    if (body.b !== undefined) claims.binding = body.b
    if (body.x !== undefined) claims.extra = body.x
    return claims
  }

  return {
    name: 'server-state',
    register (reg) {
      const declared = (reg.cls as { state?: unknown }).state
      if (declared !== undefined && declared !== 'client' && declared !== 'server') {
        throw new LC_INVALID_COMPONENT(reg.cls.name, `static state must be 'client' or 'server', got ${JSON.stringify(declared)}`)
      }
      if (!reg.stateless && (declared ?? settings.mode) === 'server') {
        server.add(reg)
        open()
      }
    },
    async setup (app: FastifyInstance) {
      app.addHook('onReady', async () => { await store?.start() })
      app.addHook('onClose', async () => { await store?.close() })
    },
    sealState: (claims, reg) => server.has(reg) ? seal(claims) : undefined,
    openState: (token) => token.startsWith(`${TOKEN_KIND.ref}.`) ? load(token) : undefined
  }
}
