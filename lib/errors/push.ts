/** @module errors/push — errors of the live-push WebSocket: subscriptions and messages. */
import { createError } from '@fastify/error'

/**
 * A WebSocket subscription or page token is missing, tampered or malformed (400). Sent as an
 * error frame; the connection stays open. On the upgrade request itself: a 400 response.
 *
 * @example
 * socket.on('message', (m) => { if (JSON.parse(m).code === 'LC_BAD_SUBSCRIPTION') location.reload() })
 */
export const LC_BAD_SUBSCRIPTION = createError('LC_BAD_SUBSCRIPTION', 'Bad subscription: %s', 400)
/**
 * A WebSocket subscription or page token is older than `maxAge` (410). Sent as an error frame.
 *
 * @example
 * socket.on('message', (m) => { if (JSON.parse(m).code === 'LC_EXPIRED_SUBSCRIPTION') location.reload() })
 */
export const LC_EXPIRED_SUBSCRIPTION = createError('LC_EXPIRED_SUBSCRIPTION', 'Subscription expired %d seconds ago', 410)
/**
 * A WebSocket message from the browser is not JSON, has an unknown `type` or the wrong shape (400).
 * Sent as an error frame; the connection stays open.
 *
 * @example
 * ws.send(JSON.stringify({ type: 'subscribe', subs: [] })) // the only client messages: subscribe, unsubscribe
 */
export const LC_BAD_MESSAGE = createError('LC_BAD_MESSAGE', 'Bad WebSocket message: %s', 400)
/**
 * A WebSocket message from the browser is larger than `push.maxMessageBytes` (413). Sent as
 * an error frame; the connection stays open.
 *
 * @example
 * await app.register(components, { push: { maxMessageBytes: 262144 } })
 */
export const LC_MESSAGE_TOO_LARGE = createError('LC_MESSAGE_TOO_LARGE', 'WebSocket message is larger than %d bytes', 413)
/**
 * A WebSocket upgrade came from an Origin that is neither the page's own host nor listed in
 * the `origins` option (403). The upgrade is refused before any socket exists.
 *
 * @example
 * await app.register(components, { origins: ['https://shop.example'] })
 */
export const LC_FORBIDDEN_ORIGIN = createError('LC_FORBIDDEN_ORIGIN', 'WebSocket upgrade from origin "%s" refused', 403)
/**
 * `app.components.disconnect(id)` got an id that is not a string of 1-200 characters (500; the
 * promise rejects).
 *
 * @example
 * await app.components.disconnect(`user:${user.id}`)
 */
export const LC_BAD_SOCKET_ID = createError('LC_BAD_SOCKET_ID', 'Bad socket id from %s: socket ids are strings of 1-200 characters', 500)
/**
 * A topic is not a string of 1-200 characters: from a component's static `topics(state)`, or
 * given to `app.components.notify()` / `push()` (500).
 *
 * @example
 * static topics = (s: { productId: number }) => [`product:${s.productId}`]
 */
export const LC_BAD_TOPIC = createError('LC_BAD_TOPIC', 'Bad topic from %s: topics are strings of 1-200 characters', 500)
