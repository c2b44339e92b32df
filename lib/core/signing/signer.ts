/** @module core/signing/signer — HMAC-SHA256 state tokens bound to a component name and instance id. */
import { LC_BAD_TOKEN, LC_EXPIRED_TOKEN, LC_STATE_TOO_DEEP, LC_STATE_TOO_LARGE } from '../../errors.js'
import { TOKEN_KIND } from '../../protocol.js'
import type { Keyring } from './keyring.js'
import { MAX_CLOCK_SKEW, TokenCodec } from './token-codec.js'

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

/** A token this process issued, as {@link StateSigner} remembers it. */
interface Issued {
  token: string
  claims: Omit<TokenClaims, 'state' | 'extra'>
  stateJson: string
  extraJson: string | undefined
  /** characters held for it: token, state and extra JSON */
  chars: number
}

/**
 * Characters of recently issued tokens (with their state JSON) a signer remembers, so that a
 * command posting a token this process issued skips the base64 decoding, the HMAC and the
 * shape checks (8 MiB of UTF-16: about 16 MiB of memory). Another process's tokens, or ones
 * forgotten, are verified in full.
 *
 * @example
 * ISSUED_MAX_CHARS // 8388608
 */
export const ISSUED_MAX_CHARS = 8 * 1024 * 1024

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
  private readonly now: () => number
  /** tokens this process issued, by MAC, oldest first: verified by equality, not by HMAC */
  private readonly issued = new Map<string, Issued>()
  private issuedChars = 0

  constructor (private readonly opts: SignerOptions) {
    this.now = opts.now ?? (() => Date.now() / 1000)
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
    const issuedAt = Math.floor(this.now())
    const token = this.codec.seal(`${bound}"n":${JSON.stringify(claims.name)},"i":${JSON.stringify(claims.id)},"p":${JSON.stringify(claims.parent)},"k":${claims.keyed ? 1 : 0},"r":${JSON.stringify(claims.rid)},"v":${claims.version},"s":${stateJson}`, issuedAt)
    this.remember(token, claims, issuedAt, stateJson, extraJson)
    return token
  }

  /** Keep a token this process issued, so that verifying it again is a comparison; the oldest go past ISSUED_MAX_CHARS. */
  private remember (token: string, claims: Omit<TokenClaims, 'issuedAt'>, issuedAt: number, stateJson: string, extraJson: string | undefined): void {
    const chars = token.length + stateJson.length + (extraJson?.length ?? 0)
    if (chars > ISSUED_MAX_CHARS / 16) return
    const mac = token.slice(token.lastIndexOf('.') + 1)
    const { state: _s, extra: _x, ...rest } = claims
    this.issued.set(mac, { token, claims: { ...rest, issuedAt }, stateJson, extraJson, chars })
    this.issuedChars += chars
    for (const [key, old] of this.issued) {
      if (this.issuedChars <= ISSUED_MAX_CHARS) break
      this.issued.delete(key)
      this.issuedChars -= old.chars
    }
  }

  /**
   * Signed token → claims, checking the MAC against every secret and the age. A token this
   * process issued recently is recognised by equality instead (see {@link ISSUED_MAX_CHARS}).
   *
   * @throws LC_BAD_TOKEN (400) when the token is malformed, too long, its state nests more than
   *   MAX_STATE_DEPTH levels, or its MAC matches no secret
   * @throws LC_EXPIRED_TOKEN (410) when the token is older than `maxAge` seconds
   */
  verify (token: unknown): TokenClaims {
    if (typeof token === 'string') {
      // a token this process issued: equal to the one it remembers, so authentic; only its age is checked
      const hit = this.issued.get(token.slice(token.lastIndexOf('.') + 1))
      if (hit !== undefined && hit.token === token) {
        const age = this.now() - hit.claims.issuedAt
        if (age < -MAX_CLOCK_SKEW) throw new LC_BAD_TOKEN('issued in the future')
        if (age > this.opts.maxAge) throw new LC_EXPIRED_TOKEN(Math.floor(age - this.opts.maxAge))
        const claims: TokenClaims = { ...hit.claims, state: JSON.parse(hit.stateJson) }
        if (hit.extraJson !== undefined) claims.extra = JSON.parse(hit.extraJson)
        return claims
      }
    }
    const raw = this.codec.open(token, checkShape)
    const claims: TokenClaims = { name: raw.n as string, id: raw.i as string, parent: raw.p as string | null, keyed: raw.k === 1, rid: raw.r as string, version: raw.v as number, state: raw.s, issuedAt: raw.t }
    if (typeof raw.b === 'string') claims.binding = raw.b
    if (typeof raw.x === 'object' && raw.x !== null && !Array.isArray(raw.x)) claims.extra = raw.x as Record<string, unknown>
    return claims
  }
}
