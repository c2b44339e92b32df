/** @module core/signing/token-codec — the one signed-token format: `<kind>.<base64url JSON>.<HMAC>`, expiring, for state, subscription and page tokens. */
import type { Keyring } from './keyring.js'

/**
 * How a {@link TokenCodec} reports a refused token: the caller's coded errors.
 *
 * @example
 * { bad: (why) => new LC_BAD_TOKEN(why), expired: (s) => new LC_EXPIRED_TOKEN(s) }
 */
export interface TokenErrors {
  /** malformed, too long, not JSON, or a MAC that matches no secret (a 400) */
  bad: (why: string) => Error
  /** older than `maxAge`; given the seconds since it expired (a 410) */
  expired: (secondsAgo: number) => Error
}

/**
 * Options of a {@link TokenCodec}.
 *
 * @example
 * { kind: 'v1', maxAge: 86400, maxChars: 700000, errors }
 */
export interface TokenCodecOptions {
  /** the token kind, its first part; the MAC covers it, so one kind never verifies as another */
  kind: string
  /** lifetime in seconds */
  maxAge: number
  /** longest token accepted, in characters; default 8192 */
  maxChars?: number
  errors: TokenErrors
  /** clock in seconds since the epoch; default `Date.now() / 1000` */
  now?: () => number
}

const MAC_RE = /^[A-Za-z0-9_-]{43}$/
const PAYLOAD_RE = /^[A-Za-z0-9_-]+$/

/**
 * How far in the future an issue time may lie, in seconds: clocks of server instances differ a
 * little, but a token from further ahead would never expire, so it is refused as malformed.
 *
 * @example
 * issuedAt - now > MAX_CLOCK_SKEW // refused
 */
export const MAX_CLOCK_SKEW = 60

/**
 * Seals JSON objects into signed, expiring tokens and opens them again. A token is
 * `<kind>.<base64url JSON>.<base64url HMAC-SHA256>`, the MAC taken over the kind and the JSON's
 * raw bytes (not the longer base64 text); the JSON carries its issue time as `t`
 * (seconds since the epoch). The MAC comes from the plugin's {@link Keyring} (first secret signs,
 * every secret verifies, constant-time comparison), as in @fastify/cookie's signer.
 *
 * @example
 * const codec = new TokenCodec(ring, { kind: 's1', maxAge: 86400, errors })
 * const token = codec.seal('"i":"row:1"')
 * codec.open(token).i // 'row:1'
 */
export class TokenCodec {
  private readonly now: () => number
  private readonly maxChars: number

  constructor (private readonly ring: Keyring, private readonly opts: TokenCodecOptions) {
    this.now = opts.now ?? (() => Date.now() / 1000)
    this.maxChars = opts.maxChars ?? 8192
  }

  /**
   * A token for the object whose JSON members are `members` (the JSON text of an object without
   * its braces, built by the caller, so a hot path can write it by hand). The codec adds the
   * issue time as `t` (`issuedAt`, seconds since the epoch; default now).
   *
   * @example
   * codec.seal('"g":"k3Jx"')
   */
  seal (members: string, issuedAt = Math.floor(this.now())): string {
    const json = Buffer.from(`{"t":${issuedAt}${members === '' ? '' : ',' + members}}`)
    return `${this.opts.kind}.${json.toString('base64url')}.${this.ring.sign(this.opts.kind, json)}`
  }

  /**
   * Checks a token and returns its object, whose `t` is the issue time (seconds since the epoch).
   *
   * @param shape - checks the object's fields (throwing the caller's error) before the age is
   *   checked, so a malformed token is always reported as malformed
   * @throws the `bad` error when it is not a string, too long, malformed, of another kind, not
   *   JSON, its MAC matches no secret, or it was issued more than MAX_CLOCK_SKEW seconds in the
   *   future; the `expired` error when older than `maxAge` seconds
   * @example
   * const { i, t } = codec.open(token)
   */
  open (token: unknown, shape?: (body: Record<string, unknown>) => void): Record<string, unknown> & { t: number } {
    const { errors } = this.opts
    if (typeof token !== 'string' || token.length > this.maxChars) throw errors.bad('missing, not a string, or too long')
    const parts = token.split('.')
    if (parts.length !== 3 || parts[0] !== this.opts.kind || !PAYLOAD_RE.test(parts[1]) || !MAC_RE.test(parts[2])) throw errors.bad('malformed')
    const json = Buffer.from(parts[1], 'base64url')
    // tokens of 0.1.x took the MAC over the base64 text: they still verify until they expire
    if (!this.ring.verify(this.opts.kind, json, parts[2]) && !this.ring.verify(this.opts.kind, parts[1], parts[2])) throw errors.bad('signature does not match')
    let body: Record<string, unknown>
    try {
      body = JSON.parse(json.toString('utf8'))
    } catch {
      throw errors.bad('payload is not JSON')
    }
    if (typeof body !== 'object' || body === null || typeof body.t !== 'number') throw errors.bad('payload has the wrong shape')
    shape?.(body)
    const age = this.now() - body.t
    if (age < -MAX_CLOCK_SKEW) throw errors.bad('issued in the future')
    if (!(age <= this.opts.maxAge)) throw errors.expired(Math.floor(age - this.opts.maxAge))
    return body as Record<string, unknown> & { t: number }
  }
}
