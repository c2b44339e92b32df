/** @module core/signing/signer — HMAC-SHA256 state tokens bound to a component name and instance id. */
import { LC_BAD_TOKEN, LC_EXPIRED_TOKEN, LC_STATE_TOO_DEEP, LC_STATE_TOO_LARGE } from '../../errors.js'
import { TOKEN_KIND } from '../../protocol.js'
import type { Keyring } from './keyring.js'
import { TokenCodec } from './token-codec.js'

/**
 * What a verified token says about one component instance.
 *
 * @example
 * const { name, id, parent, state } = signer.verify(token)
 */
export interface TokenClaims {
  /** registered component name */
  name: string
  /** instance id, unique on the page */
  id: string
  /** parent instance id, or null for a top-level component */
  parent: string | null
  /** the id was given in the template (the instance is sent with every command on the page) */
  keyed: boolean
  /** render id: names this instance across commands (see InMemoryStateStore) */
  rid: string
  /** how many commands have re-rendered this instance since its page was rendered */
  version: number
  /** the dehydrated state */
  state: unknown
  /** issue time, in seconds since the epoch */
  issuedAt: number
  /** what the token is bound to (the session of the request it was issued for), if anything */
  binding?: string
  /** what features keep with the instance besides its state (a component's slot content), by feature name */
  extra?: Record<string, unknown>
}

/**
 * Options of a {@link StateSigner}.
 *
 * @example
 * new StateSigner({ ring: new Keyring([key]), maxAge: 86400, warnBytes: 65536, maxBytes: 524288, warn: (m, d) => log.warn(d, m) })
 */
export interface SignerOptions {
  /** The plugin's secrets (the first signs, all verify: key rotation). */
  ring: Keyring
  /** Token lifetime in seconds. */
  maxAge: number
  /** Log a warning past this many bytes of dehydrated JSON (0 disables). */
  warnBytes: number
  /** Refuse state past this many bytes of dehydrated JSON (0 disables). */
  maxBytes: number
  /** Called with a message when state passes `warnBytes`. */
  warn: (msg: string, detail: Record<string, unknown>) => void
  /** Clock in seconds; tests pass their own. Default: `Date.now() / 1000`. */
  now?: () => number
}

/** The fields of a state token's payload, checked before its age (so a malformed one reads as malformed). */
function checkShape (raw: Record<string, unknown>): void {
  if (typeof raw.n !== 'string' || typeof raw.i !== 'string' || typeof raw.r !== 'string' || !Number.isInteger(raw.v) ||
      (raw.p !== null && typeof raw.p !== 'string')) {
    throw new LC_BAD_TOKEN('payload has the wrong shape')
  }
  if (!withinDepth(raw.s) || !withinDepth(raw.x)) throw new LC_BAD_TOKEN(`state nested more than ${MAX_STATE_DEPTH} levels deep`)
}

/**
 * How deep state may nest (objects and arrays within each other). Far beyond what a component
 * needs, far below what `JSON.stringify` and `structuredClone` can recurse through.
 *
 * @example
 * withinDepth(state) // false past MAX_STATE_DEPTH
 */
export const MAX_STATE_DEPTH = 64

/**
 * Whether `value` nests at most {@link MAX_STATE_DEPTH} levels deep; walked without recursion,
 * so a hostile value cannot overflow the stack here.
 *
 * @example
 * withinDepth({ a: [1, { b: 2 }] }) // true (3 levels)
 */
export function withinDepth (value: unknown): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]]
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!
    if (typeof v !== 'object' || v === null) continue
    if (depth >= MAX_STATE_DEPTH) return false
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1])
    }
  }
  return true
}

/**
 * Signs and verifies component state, in the manner of @fastify/cookie's signer: the first
 * secret signs, every secret verifies, and MACs are compared in constant time. A token is
 * `v1.<base64url JSON>.<base64url HMAC-SHA256>`, and the MAC covers the component name,
 * instance id, parent id and issue time as well as the state, so a token cannot be replayed
 * for another component or instance. Size limits:
 * a warning past `warnBytes`, LC_STATE_TOO_LARGE past `maxBytes`.
 *
 * @example
 * const signer = new StateSigner({ ring: new Keyring([key]), maxAge: 86400, warnBytes: 65536, maxBytes: 524288, warn: console.warn })
 * const token = signer.sign({ name: 'counter', id: 'counter-1', parent: null, keyed: false, rid: 'a1', version: 0, state: { n: 1 } })
 * signer.verify(token).state // { n: 1 }
 */
export class StateSigner {
  private readonly codec: TokenCodec

  constructor (private readonly opts: SignerOptions) {
    this.codec = new TokenCodec(opts.ring, {
      kind: TOKEN_KIND.state,
      maxAge: opts.maxAge,
      // base64 grows by 4/3; the envelope (name, ids, MAC) adds well under 2 KiB
      maxChars: opts.maxBytes > 0 ? Math.ceil(opts.maxBytes * 4 / 3) + 2048 : Infinity,
      errors: { bad: (why) => new LC_BAD_TOKEN(why), expired: (s) => new LC_EXPIRED_TOKEN(s) },
      now: opts.now
    })
  }

  /**
   * The JSON of an instance's state and `extra`, checked against the limits: what {@link sign}
   * puts in a token, and what a feature that keeps state on the server stores.
   *
   * @throws LC_STATE_TOO_LARGE (500) when the state JSON (with the features' `extra`) is larger than `maxBytes`
   * @throws LC_STATE_TOO_DEEP (500) when the state nests more than MAX_STATE_DEPTH levels
   * @example
   * const { stateJson } = signer.encode(claims)
   */
  encode (claims: Omit<TokenClaims, 'issuedAt'>): { stateJson: string, extraJson: string | undefined } {
    if (!withinDepth(claims.state) || !withinDepth(claims.extra)) throw new LC_STATE_TOO_DEEP(claims.name, MAX_STATE_DEPTH)
    const stateJson = JSON.stringify(claims.state ?? null)
    const extraJson = claims.extra === undefined ? undefined : JSON.stringify(claims.extra)
    const size = Buffer.byteLength(stateJson) + (extraJson === undefined ? 0 : Buffer.byteLength(extraJson))
    if (this.opts.maxBytes > 0 && size > this.opts.maxBytes) {
      throw new LC_STATE_TOO_LARGE(claims.name, size, this.opts.maxBytes)
    }
    if (this.opts.warnBytes > 0 && size > this.opts.warnBytes) {
      this.opts.warn('component state is large; keep ids in state, not whole records',
        { component: claims.name, id: claims.id, bytes: size, warnBytes: this.opts.warnBytes })
    }
    return { stateJson, extraJson }
  }

  /**
   * Dehydrated state → signed token (a {@link TokenCodec} token of kind `v1`).
   *
   * @throws LC_STATE_TOO_LARGE (500) when the state JSON (with the features' `extra`) is larger than `maxBytes`
   * @throws LC_STATE_TOO_DEEP (500) when the state nests more than MAX_STATE_DEPTH levels
   */
  sign (claims: Omit<TokenClaims, 'issuedAt'>): string {
    const { stateJson, extraJson } = this.encode(claims)
    let bound = claims.binding === undefined ? '' : `"b":${JSON.stringify(claims.binding)},`
    if (extraJson !== undefined) bound += `"x":${extraJson},`
    return this.codec.seal(`${bound}"n":${JSON.stringify(claims.name)},"i":${JSON.stringify(claims.id)},"p":${JSON.stringify(claims.parent)},"k":${claims.keyed ? 1 : 0},"r":${JSON.stringify(claims.rid)},"v":${claims.version},"s":${stateJson}`)
  }

  /**
   * Signed token → claims, checking the MAC against every secret and the age.
   *
   * @throws LC_BAD_TOKEN (400) when the token is malformed, too long, its state nests more than
   *   MAX_STATE_DEPTH levels, or its MAC matches no secret
   * @throws LC_EXPIRED_TOKEN (410) when the token is older than `maxAge` seconds
   */
  verify (token: unknown): TokenClaims {
    const raw = this.codec.open(token, checkShape)
    const claims: TokenClaims = { name: raw.n as string, id: raw.i as string, parent: raw.p as string | null, keyed: raw.k === 1, rid: raw.r as string, version: raw.v as number, state: raw.s, issuedAt: raw.t }
    if (typeof raw.b === 'string') claims.binding = raw.b
    if (typeof raw.x === 'object' && raw.x !== null && !Array.isArray(raw.x)) claims.extra = raw.x as Record<string, unknown>
    return claims
  }
}
