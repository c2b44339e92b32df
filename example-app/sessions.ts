/** @module example-app/sessions — the visitor's session: @fastify/session options and two stores (bounded memory, or Redis). */
import { randomBytes } from 'node:crypto'
import type { FastifyBaseLogger, Session } from 'fastify'
import type { FastifySessionOptions, SessionStore } from '@fastify/session'
import { Redis } from 'ioredis'
import { LRUCache } from 'lru-cache'

/** How long a session lasts after it was last changed (login, cart, language): 7 days. */
export const SESSION_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000

/** A session store the app closes on shutdown. */
export type ClosableStore = SessionStore & { close: () => Promise<void> }

/**
 * Sessions in this process's memory (an lru-cache), as JSON, each forgotten `ttlMs` after it was
 * last saved, and at most `max` of them (the least recently used go first). Not
 * @fastify/session's default MemoryStore: that one keeps every session for ever, and with it the
 * request it was made for. Bounded matters: every page view by a browser without a session
 * cookie starts a session (fastify-livecomponents keeps the random id its tokens are bound to in
 * it), so a client that never sends cookies back makes one per request. One process only, and
 * sessions are lost on restart: with several instances use a shared store
 * (`redisSessionStore`, or any express-session compatible store).
 */
export function memorySessionStore ({ max = 10_000, ttlMs = SESSION_MAX_AGE_MS } = {}): ClosableStore {
  const sessions = new LRUCache<string, string>({ max, ttl: ttlMs, updateAgeOnGet: false })
  return {
    get (id, callback) {
      const json = sessions.get(id)
      callback(null, json === undefined ? null : JSON.parse(json) as Session)
    },
    set (id, session, callback) {
      sessions.set(id, JSON.stringify(session))
      callback()
    },
    destroy (id, callback) {
      sessions.delete(id)
      callback()
    },
    close: async () => { sessions.clear() }
  }
}

/** Sessions in Redis, shared by every instance, each expiring `ttlMs` after it was last saved. */
export function redisSessionStore (url: string, ttlMs = SESSION_MAX_AGE_MS): ClosableStore {
  const redis = new Redis(url)
  const key = (id: string): string => `example:session:${id}`
  return {
    get (id, callback) {
      redis.get(key(id)).then((json) => callback(null, json === null ? null : JSON.parse(json) as Session), callback)
    },
    set (id, session, callback) {
      redis.set(key(id), JSON.stringify(session), 'PX', ttlMs).then(() => callback(), callback)
    },
    destroy (id, callback) {
      redis.del(key(id)).then(() => callback(), callback)
    },
    close: async () => { redis.disconnect() }
  }
}

/**
 * The secret that signs the session cookie: SESSION_SECRET (at least 32 characters; the same
 * on every instance). Without it, a random one for this process, with a warning (sessions then
 * end on restart); under NODE_ENV=production, none is an error, as for LIVE_SECRET.
 */
export function sessionSecret (log: FastifyBaseLogger): string {
  const secret = process.env.SESSION_SECRET
  if (secret !== undefined) return secret
  if (process.env.NODE_ENV === 'production') throw new Error('SESSION_SECRET is required when NODE_ENV=production (at least 32 characters: openssl rand -base64 32)')
  log.warn('SESSION_SECRET is not set: signing session cookies with a random secret for this process (sessions end on restart)')
  return randomBytes(32).toString('base64url')
}

/**
 * The @fastify/session options of the shop.
 * - `saveUninitialized: false`: a request whose session nobody wrote to stores nothing and sets
 *   no cookie.
 * - `rolling: false`: a session is saved only when a request changed it. @fastify/session saves
 *   the whole session it loaded, so with saves on every request a request that changed nothing
 *   could overwrite, with its older copy, a cart a concurrent command had just changed.
 * - The cookie: `httpOnly`, `sameSite: 'lax'`, 7 days after the last change, and `Secure` —
 *   always under NODE_ENV=production, which then needs HTTPS end to end or, behind a proxy that
 *   ends TLS, Fastify's `trustProxy` so that `request.protocol` is `https` (@fastify/session
 *   sets no Secure cookie on a plain-HTTP request, and so no session works over plain HTTP in
 *   production); otherwise `'auto'`: Secure when the request came over HTTPS, so that
 *   `npm start` works on http://127.0.0.1.
 */
export function sessionOptions (store: SessionStore, secret: string): FastifySessionOptions {
  return {
    secret,
    store,
    cookieName: 'session',
    saveUninitialized: false,
    rolling: false,
    cookie: {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: process.env.NODE_ENV === 'production' ? true : 'auto',
      maxAge: SESSION_MAX_AGE_MS
    }
  }
}
