/** @module errors/state — errors of state held on the server (`state: 'server'`): expired and unreachable stores. */
import { createError } from '@fastify/error'

/**
 * A component's state held on the server (`state: 'server'`) is gone (410): unused for longer
 * than `serverState.ttl` seconds, pushed out of the in-memory store by newer states
 * (`serverState.maxBytes`), or lost with a Redis that restarted without persistence. Like an
 * expired token: never swapped into the page; the response carries `HX-Refresh: true`, so the
 * page reloads once with fresh state.
 *
 * @example
 * await app.register(components, { state: 'server', serverState: { ttl: 7 * 86400 } })
 */
export const LC_STATE_EXPIRED = createError('LC_STATE_EXPIRED', 'The server-held state of render id "%s" has expired or was forgotten', 410)
/**
 * The store of server-held state (Redis) cannot be reached (503): the command runs nothing and
 * the page keeps what it shows, so the user can try again; a page render fails the same way.
 * Commands work again as soon as Redis is back.
 *
 * @example
 * app.addHook('onError', async (req, reply, err) => { if (err.code === 'LC_STATE_UNAVAILABLE') metrics.count('LC_STATE_UNAVAILABLE') })
 */
export const LC_STATE_UNAVAILABLE = createError('LC_STATE_UNAVAILABLE', 'The store of server-held state is unavailable: %s', 503)
