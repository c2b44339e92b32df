/** @module push/tokens — signed, expiring WebSocket subscription and page tokens. */
import { randomBytes } from 'node:crypto'
import { LC_BAD_SUBSCRIPTION, LC_EXPIRED_SUBSCRIPTION } from '../../errors.js'
import type { Keyring } from '../../keyring.js'

/**
 * What a verified subscription token says: the instance it was rendered for and the topics
 * its component listens to.
 *
 * @example
 * const { name, id, topics } = tokens.verifySubscription(token)
 */
export interface Subscription {
  name: string
  id: string
  parent: string | null
  topics: string[]
}

const SUB = 's1'
const PAGE = 'p1'
const PAGE_ID_RE = /^[A-Za-z0-9_-]{22}$/

/**
 * Whether `topic` is a usable topic: a string of 1-200 characters.
 *
 * @example
 * isTopic('product:7') // true
 */
export function isTopic (topic: unknown): topic is string {
  return typeof topic === 'string' && topic.length > 0 && topic.length <= 200
}

/**
 * Whether `id` looks like a page id made by {@link PushTokens.newPage} (22 base64url
 * characters, 128 random bits).
 *
 * @example
 * isPageId(request.headers['lc-page'])
 */
export function isPageId (id: unknown): id is string {
  return typeof id === 'string' && PAGE_ID_RE.test(id)
}

/**
 * Issues and checks the two kinds of push token, each `<kind>.<base64url JSON>.<HMAC>` made
 * with the plugin's {@link Keyring} (first secret signs, all verify) and expiring after
 * `maxAge` seconds:
 * - a subscription token (`s1`), put on a component root as `data-lc-sub`, binds one instance
 *   (component name, id, parent) to the topics it listens to;
 * - a page token (`p1`), put in the WebSocket URL by `live_connect()`, names the page that
 *   opened the socket, so streamed command frames reach that page only.
 *
 * @example
 * const tokens = new PushTokens(ring, 86400)
 * const t = tokens.subscription({ name: 'stock-badge', id: 'badge:7', parent: null, topics: ['product:7'] })
 * tokens.verifySubscription(t).topics // ['product:7']
 */
export class PushTokens {
  constructor (
    private readonly ring: Keyring,
    private readonly maxAge: number,
    private readonly now: () => number = () => Date.now() / 1000
  ) {}

  private sign (kind: string, body: Record<string, unknown>): string {
    const payload = Buffer.from(JSON.stringify({ ...body, t: Math.floor(this.now()) })).toString('base64url')
    return `${kind}.${payload}.${this.ring.sign(kind, payload)}`
  }

  private verify (kind: string, token: unknown): Record<string, unknown> {
    if (typeof token !== 'string' || token.length > 8192) throw new LC_BAD_SUBSCRIPTION('missing, not a string, or too long')
    const parts = token.split('.')
    if (parts.length !== 3 || parts[0] !== kind || !this.ring.verify(kind, parts[1], parts[2])) {
      throw new LC_BAD_SUBSCRIPTION('malformed or signature does not match')
    }
    const raw = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as Record<string, unknown>
    const age = this.now() - Number(raw.t)
    if (!(age <= this.maxAge)) throw new LC_EXPIRED_SUBSCRIPTION(Math.floor(age - this.maxAge))
    return raw
  }

  /** A subscription token for one rendered instance. */
  subscription (s: Subscription): string {
    return this.sign(SUB, { n: s.name, i: s.id, p: s.parent, tp: s.topics })
  }

  /**
   * Checks a subscription token.
   *
   * @throws LC_BAD_SUBSCRIPTION (400) when it is malformed or its MAC matches no secret
   * @throws LC_EXPIRED_SUBSCRIPTION (410) when it is older than `maxAge` seconds
   */
  verifySubscription (token: unknown): Subscription {
    const raw = this.verify(SUB, token)
    return { name: String(raw.n), id: String(raw.i), parent: raw.p === null ? null : String(raw.p), topics: (raw.tp as unknown[]).map(String) }
  }

  /** A new random page id and its signed page token. */
  newPage (): { id: string, token: string } {
    const id = randomBytes(16).toString('base64url')
    return { id, token: this.sign(PAGE, { g: id }) }
  }

  /**
   * Checks a page token and returns its page id.
   *
   * @throws LC_BAD_SUBSCRIPTION, LC_EXPIRED_SUBSCRIPTION as for subscriptions
   */
  verifyPage (token: unknown): string {
    const raw = this.verify(PAGE, token)
    return String(raw.g)
  }
}
