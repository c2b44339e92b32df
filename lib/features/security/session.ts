/** @module features/security/session — binds every token to the session of the request it was issued for. */
import { randomBytes } from 'node:crypto'
import type { FastifyRequest } from 'fastify'
import type { Feature } from '../../core/hooks.js'

/**
 * The `session` option: what a request's session is, as a string, or undefined for none.
 *
 * @example
 * const session: SessionLookup = (req) => req.cookies.sid
 */
export type SessionLookup = (request: FastifyRequest, create?: boolean) => string | undefined

/** The key under which the default lookup keeps a random binding in the app's session. */
const KEY = 'fastify-livecomponents.binding'

/**
 * The default session lookup: when the app has a session plugin whose `request.session` offers
 * `get(key)` and `set(key, value)` (@fastify/session, @fastify/secure-session), a random id the
 * plugin keeps in that session (set on the first render that needs it, so it lives exactly as
 * long as the session: regenerating the session on login changes it; with `create` false, only
 * an id already there). Without one: undefined.
 *
 * @example
 * await app.register(components, { session: (req) => defaultSession(req) ?? req.headers['x-tenant-session'] })
 */
export const defaultSession: SessionLookup = (request, create = true) => {
  const session = (request as { session?: { get?: (k: string) => unknown, set?: (k: string, v: unknown) => void } }).session
  if (typeof session?.get !== 'function' || typeof session.set !== 'function') return undefined
  let id = session.get(KEY)
  if (typeof id !== 'string') {
    if (!create) return undefined
    id = randomBytes(16).toString('base64url')
    session.set(KEY, id)
  }
  return id as string
}

/**
 * Reloads `request.session` from the session store when the session plugin can
 * (@fastify/session's `session.reload()`); cookie-held sessions (@fastify/secure-session) have
 * nothing to reload: a WebSocket opened with one keeps it until it closes, so log such users out
 * of open sockets with `app.components.disconnect()`.
 *
 * @example
 * await reloadSession(live.request)
 */
export function reloadSession (request: FastifyRequest): Promise<void> | undefined {
  const session = (request as { session?: { reload?: () => unknown } | null }).session
  return typeof session?.reload === 'function' ? Promise.resolve(session.reload()).then(() => {}) : undefined
}

/**
 * The session feature.
 * - Binding: every token the plugin issues (component state, WebSocket subscription, page)
 *   carries the session of the request it was issued for, and is accepted only from a request
 *   of the same session: a token copied into another browser, or kept from before a login
 *   regenerated the session, is refused with 410 LC_SESSION_CHANGED (the page reloads).
 *   Requests without a session issue and accept unbound tokens. Off with `lookup` null.
 * - Reloading: before a WebSocket acts for its page again (a subscribe, a refresh, a delivery),
 *   the session of its upgrade request is reloaded ({@link reloadSession}), so a logout or login
 *   made since is seen by the binding, the `socketId` option and the permissions' user lookup.
 *
 * @param lookup - the `session` option (default {@link defaultSession}); null: no binding
 * @example
 * const feature = sessionFeature(defaultSession)
 */
export function sessionFeature (lookup: SessionLookup | null): Feature {
  return {
    name: 'session',
    reloadViewer: reloadSession,
    ...(lookup === null
      ? {}
      : {
          binding: (request: FastifyRequest, create?: boolean) => {
            const id = lookup(request, create)
            return typeof id === 'string' && id !== '' ? id : undefined
          }
        })
  }
}
