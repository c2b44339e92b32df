/** @module features/push/tokens — signed, expiring WebSocket subscription and page tokens. */
import { randomBytes } from 'node:crypto'
import type { Keyring } from '../../core/signing/keyring.js'
import { TokenCodec, type TokenErrors } from '../../core/signing/token-codec.js'
import { LC_BAD_SUBSCRIPTION, LC_EXPIRED_SUBSCRIPTION } from '../../errors.js'
import { TOKEN_KIND } from '../../protocol.js'

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
  /** the session the page was rendered for, if any (see the `session` option) */
  binding?: string
}

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
 * Issues and checks the two kinds of push token, each a {@link TokenCodec} token made with the
 * plugin's {@link Keyring} (first secret signs, all verify) and expiring after `maxAge` seconds:
 * - a subscription token (`s1`), put on a component root as `data-lc-sub`, binds one instance
 *   (component name, id, parent) to the topics it listens to;
 * - a page token (`p1`), put on the connection element by `live_connect()` and sent by the
 *   client in the socket's first message (`hello`) and in the page header of every command,
 *   names the page, so streamed command frames reach that page only. It is a credential for the
 *   page's frames: it never rides in a URL (request logs record URLs) and is bound to the
 *   page's session.
 *
 * @example
 * const tokens = new PushTokens(ring, 86400)
 * const t = tokens.subscription({ name: 'stock-badge', id: 'badge:7', parent: null, topics: ['product:7'] })
 * tokens.verifySubscription(t).topics // ['product:7']
 */
export class PushTokens {
  private readonly subs: TokenCodec
  private readonly pages: TokenCodec

  constructor (ring: Keyring, maxAge: number, now?: () => number) {
    const errors: TokenErrors = {
      bad: (why) => new LC_BAD_SUBSCRIPTION(why),
      expired: (s) => new LC_EXPIRED_SUBSCRIPTION(s)
    }
    this.subs = new TokenCodec(ring, { kind: TOKEN_KIND.subscription, maxAge, errors, now })
    this.pages = new TokenCodec(ring, { kind: TOKEN_KIND.page, maxAge, errors, now })
  }

  /** A subscription token for one rendered instance. */
  subscription (s: Subscription): string {
    return this.subs.seal(JSON.stringify({ n: s.name, i: s.id, p: s.parent, tp: s.topics, b: s.binding }).slice(1, -1))
  }

  /**
   * Checks a subscription token.
   *
   * @throws LC_BAD_SUBSCRIPTION (400) when it is malformed or its MAC matches no secret
   * @throws LC_EXPIRED_SUBSCRIPTION (410) when it is older than `maxAge` seconds
   */
  verifySubscription (token: unknown): Subscription {
    const raw = this.subs.open(token, (b) => {
      if (typeof b.n !== 'string' || typeof b.i !== 'string' || !Array.isArray(b.tp)) throw new LC_BAD_SUBSCRIPTION('payload has the wrong shape')
    })
    const sub: Subscription = { name: String(raw.n), id: String(raw.i), parent: raw.p === null ? null : String(raw.p), topics: (raw.tp as unknown[]).map(String) }
    if (typeof raw.b === 'string') sub.binding = raw.b
    return sub
  }

  /** A new random page id and its signed page token, bound to `binding` (the page's session) if given. */
  newPage (binding?: string): { id: string, token: string } {
    const id = randomBytes(16).toString('base64url')
    return { id, token: this.pages.seal(JSON.stringify({ g: id, b: binding }).slice(1, -1)) }
  }

  /**
   * Checks a page token and returns its page id and the session it is bound to.
   *
   * @throws LC_BAD_SUBSCRIPTION, LC_EXPIRED_SUBSCRIPTION as for subscriptions
   */
  verifyPage (token: unknown): { id: string, binding?: string } {
    const raw = this.pages.open(token)
    return typeof raw.b === 'string' ? { id: String(raw.g), binding: raw.b } : { id: String(raw.g) }
  }
}
