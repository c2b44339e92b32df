/** @module features/push/socket — the `{prefix}/ws` WebSocket route: upgrade checks, client messages, heartbeats and the one shutdown path of sockets. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { errorResponder, publicMessage } from '../../core/commands/error-response.js'
import { MAX_TOKENS } from '../../core/commands/execute.js'
import { authorize, bindingOf, openState, type Host } from '../../core/host.js'
import type { TokenClaims } from '../../core/signing/signer.js'
import { LC_BAD_MESSAGE, LC_BAD_SUBSCRIPTION, LC_FORBIDDEN, LC_FORBIDDEN_ORIGIN, LC_MESSAGE_TOO_LARGE, LC_SESSION_CHANGED, LC_UNAUTHENTICATED } from '../../errors.js'
import { CLOSE, PATH, WS } from '../../protocol.js'
import { hostReason, isAllowedOrigin } from '../security/origin.js'
import { REFRESH_BUDGET, REFRESH_PER_SECOND, type Hub } from './hub.js'
import type { LiveSocket, LiveWebSocket } from './live-socket.js'
import type { PushTokens } from './tokens.js'

/**
 * Limits and checks of the WebSocket endpoint, after defaults (see the `push` option).
 *
 * @example
 * { heartbeat: 30, sendBufferBytes: 1048576, maxMessageBytes: 65536, origins: [], hosts: null }
 */
export interface SocketOptions {
  /** seconds between heartbeat pings; a socket whose ping is unanswered for this long (by the `now` clock) is dropped */
  heartbeat: number
  /** bytes a socket may have waiting to be sent before it is closed with 1013 */
  sendBufferBytes: number
  /** largest message a browser may send, in bytes */
  maxMessageBytes: number
  /** other origins allowed to open the socket besides the page's own host, e.g. `https://shop.example` */
  origins: string[]
  /** the hosts the app is served under (the `hosts` option); null: any */
  hosts: string[] | null
  /** the `socketId` option: what a socket is known by to `app.components.disconnect()` */
  socketId?: (request: FastifyRequest) => string | undefined
}

/** Milliseconds `app.close()` waits for clients to answer the 1001 close frame before dropping them. */
const CLOSE_GRACE_MS = 250

/** Most instances one subscribe message may name. */
const MAX_SUBS = 256

/**
 * Most messages of one socket waiting to be handled; past it, further messages are dropped
 * (and logged once) until the queue drains. A page has one or two in flight.
 */
const MAX_QUEUED = 16

/**
 * Milliseconds for which a subscription the socket already holds, sent again with the very same
 * tokens, is taken without verifying its MACs again (a refresh loop costs the server no HMAC).
 */
const REVERIFY_MS = 10_000

/** Take one refresh from a socket's budget, refilled by the time since the last take (`now`: milliseconds); false when it is empty. */
function takeRefresh (live: LiveSocket, now: number): boolean {
  live.refreshBudget = Math.min(REFRESH_BUDGET, live.refreshBudget + (now - live.refreshedAt) / 1000 * REFRESH_PER_SECOND)
  live.refreshedAt = now
  if (live.refreshBudget < 1) return false
  live.refreshBudget -= 1
  live.throttled = false
  return true
}

/** The error frame the browser gets for a refused message; the socket stays open. */
function errorFrame (err: { code?: string, statusCode?: number }): string {
  const status = err.statusCode ?? 400
  return JSON.stringify({ type: WS.error, status, code: err.code, message: publicMessage(status) })
}

/**
 * Refuses an upgrade from a foreign Origin or host (403) before any socket exists. Same origin
 * means the Origin's host equals the request's host (`isAllowedOrigin`); requests without Origin
 * (not from a browser) pass.
 */
function checkUpgrade (opts: SocketOptions) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const origin = request.headers.origin
    if (hostReason(request, opts) !== null || (origin !== undefined && !isAllowedOrigin(request, origin, opts))) throw new LC_FORBIDDEN_ORIGIN(String(origin))
  }
}

/**
 * Who a request is, for a socket: its session binding and what the `socketId` option says. A
 * socket is closed (CLOSE.SESSION_CHANGED) when this changes under it.
 *
 * @example
 * const identify = identifier(host, opts)
 * identify(request) // 'k3Jx…\u0000user:7'
 */
export function identifier (host: Host, opts: SocketOptions): (request: FastifyRequest) => string {
  return (request) => `${bindingOf(host, request, false) ?? ''}\u0000${opts.socketId?.(request) ?? ''}`
}

/**
 * Registers `GET {prefix}/ws` (register it with the prefix, after @fastify/websocket).
 *
 * Before each message is handled, the socket's viewer is reloaded and identified again: when
 * its session or user changed since the upgrade (a logout), the socket is closed with
 * CLOSE.SESSION_CHANGED and the message is not handled.
 *
 * Client messages (JSON; anything else gets an error frame and the socket stays open):
 * - `{"type":"hello","page":"<page token>"}`, first: binds the socket to its page (streamed
 *   frames of commands sent from that page come over it); the token is checked and must be of
 *   the socket's session (410 LC_SESSION_CHANGED otherwise); answered `{"type":"hello"}`;
 * - `{"type":"subscribe","subs":[{"sub":"<data-lc-sub>","state":["<root token>", "<descendant tokens>"…], "refresh"?: true}]}`,
 *   answered `{"type":"subscribed","ids":[…]}` with the ids accepted, and, when some were refused,
 *   one error frame (the first refusal's) however many there were; with `refresh`, the instance
 *   is also rendered and sent to this socket (the page dropped a push while a command was in
 *   flight, or reconnected): once per instance however often one message asks, one render at a
 *   time per socket, and within a budget of REFRESH_BUDGET refreshes refilled at
 *   REFRESH_PER_SECOND per second (past it they are dropped and logged once);
 * - `{"type":"unsubscribe","ids":[…]}`, answered `{"type":"unsubscribed","ids":[…]}`.
 * There is no message that reaches other clients.
 *
 * @example
 * await app.register(socketRoute, { host, hub, tokens, opts })
 */
export async function socketRoute (app: FastifyInstance, o: { host: Host, hub: Hub, tokens: PushTokens, opts: SocketOptions }): Promise<void> {
  const { host, hub, tokens, opts } = o
  // a refused upgrade gets the same generic, coded answer as a refused command
  app.setErrorHandler(errorResponder({}))
  // Every `heartbeat` seconds: ping each socket that answered its last ping, and drop each whose
  // ping has been unanswered for `heartbeat` seconds or more by the `now` option's clock.
  const timer = setInterval(() => {
    const now = host.now()
    for (const live of hub.sockets) {
      if (live.pingedAt === null) {
        live.pingedAt = now
        live.ws.ping()
      } else if (now - live.pingedAt >= opts.heartbeat * 1000) live.ws.terminate()
    }
  }, opts.heartbeat * 1000)
  timer.unref()
  app.addHook('onClose', async () => {
    clearInterval(timer)
    // the close frames went out in preClose; give clients a moment to answer, then drop the rest
    for (let waited = 0; hub.sockets.size > 0 && waited < CLOSE_GRACE_MS; waited += 25) await new Promise((resolve) => setTimeout(resolve, 25))
    for (const live of hub.sockets) live.ws.terminate()
  })
  app.addHook('preClose', async () => {
    for (const live of hub.sockets) live.ws.close(CLOSE.GOING_AWAY, 'server shutting down')
  })

  app.get(PATH.ws, { websocket: true, preValidation: checkUpgrade(opts) }, (ws: LiveWebSocket & { on: (event: string, fn: (...args: any[]) => void) => void }, request: FastifyRequest) => {
    const live = hub.add(ws, request)
    const id = opts.socketId?.(request)
    if (typeof id === 'string' && id !== '') live.socketId = id
    ws.on('pong', () => { live.pingedAt = null })
    ws.on('close', () => hub.remove(live))
    // messages are handled one after another, in the order they came
    let queue = Promise.resolve()
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (live.queued >= MAX_QUEUED) {
        if (!live.flooded) request.log.warn({ queued: live.queued }, 'fastify-livecomponents: a socket sends messages faster than they are handled; the excess is dropped')
        live.flooded = true
        return
      }
      live.queued++
      // one error frame and one log line per message, however many of its subscriptions failed
      const refuse = (err: unknown, refused = 1): void => {
        const e = err as { code?: string, message?: string }
        request.log.info({ code: e.code, reason: e.message, refused }, 'fastify-livecomponents: refused a WebSocket message')
        hub.send(live, errorFrame(err as { code?: string, statusCode?: number }))
      }
      queue = queue.then(async () => {
        // one message per turn of the event loop: a socket's backlog never starves other requests
        await new Promise((resolve) => setImmediate(resolve))
        try {
          // who opened the socket may have logged out since: reload the session and check
          if (!await hub.current(live)) return
          const { reply, failures, refresh } = await handle(live, request, data, isBinary)
          hub.send(live, JSON.stringify(reply))
          if (failures.length > 0) refuse(failures[0], failures.length)
          // refreshes: one per instance however often it was asked, within the socket's budget,
          // one render at a time (the next message waits), so a flood cannot multiply renders
          for (const id of refresh) {
            if (!takeRefresh(live, host.now())) {
              if (!live.throttled) request.log.warn({ dropped: refresh.size }, 'fastify-livecomponents: a socket asks for more refreshes than its budget; the rest are dropped')
              live.throttled = true
              break
            }
            await hub.refresh(live, id)
          }
        } catch (err) {
          refuse(err)
        } finally {
          live.queued--
          if (live.queued === 0) live.flooded = false
        }
      })
    })
  })

  async function handle (live: LiveSocket, request: FastifyRequest, data: Buffer, isBinary: boolean): Promise<{ reply: unknown, failures: unknown[], refresh: Set<string> }> {
    if (data.length > opts.maxMessageBytes) throw new LC_MESSAGE_TOO_LARGE(opts.maxMessageBytes)
    if (isBinary) throw new LC_BAD_MESSAGE('binary messages are not accepted')
    let msg: { type?: unknown, subs?: unknown, ids?: unknown, page?: unknown }
    try {
      msg = JSON.parse(data.toString('utf8'))
    } catch {
      throw new LC_BAD_MESSAGE('not JSON')
    }
    if (msg?.type === WS.hello) {
      // the page token: names the page for streamed frames; checked like every token, once
      const page = tokens.verifyPage(msg.page)
      if (page.binding !== bindingOf(host, request)) throw new LC_SESSION_CHANGED()
      if (live.page !== null && live.page !== page.id) throw new LC_BAD_MESSAGE('this socket already belongs to another page')
      if (live.page === null) hub.bindPage(live, page.id)
      return { reply: { type: WS.hello }, failures: [], refresh: new Set() }
    }
    if (msg?.type === WS.subscribe) {
      if (!Array.isArray(msg.subs) || msg.subs.length > MAX_SUBS) throw new LC_BAD_MESSAGE(`subs must be an array of at most ${MAX_SUBS}`)
      const ids: string[] = []
      const failures: unknown[] = []
      const refresh = new Set<string>()
      for (const entry of msg.subs) {
        try {
          const id = await subscribe(live, request, entry)
          ids.push(id)
          if ((entry as { refresh?: unknown }).refresh === true) refresh.add(id)
        } catch (err) {
          failures.push(err)
        }
      }
      return { reply: { type: WS.subscribed, ids }, failures, refresh }
    }
    if (msg?.type === WS.unsubscribe) {
      if (!Array.isArray(msg.ids) || !msg.ids.every((id) => typeof id === 'string')) throw new LC_BAD_MESSAGE('ids must be an array of strings')
      for (const id of msg.ids as string[]) hub.unsubscribe(live, id)
      return { reply: { type: WS.unsubscribed, ids: msg.ids }, failures: [], refresh: new Set() }
    }
    throw new LC_BAD_MESSAGE('unknown message type')
  }

  /**
   * Verify one subscription and the state tokens that come with it, and check the component's
   * permissions against the upgrade request (401/403 error frame); all or nothing.
   */
  async function subscribe (live: LiveSocket, request: FastifyRequest, entry: unknown): Promise<string> {
    const { sub: token, state } = (entry ?? {}) as { sub?: unknown, state?: unknown }
    const raw = typeof token === 'string' && Array.isArray(state) && state.every((s) => typeof s === 'string') ? `${token}\n${state.join('\n')}` : ''
    // the same subscription again, verified moments ago (a refresh): no HMAC, only the permissions
    const known = raw === '' ? undefined : live.subs.get(live.byRaw.get(raw) ?? '')
    if (known !== undefined && host.now() - known.verifiedAt < REVERIFY_MS) {
      await checkAllowed(request, known.sub.name)
      return known.sub.id
    }
    const sub = tokens.verifySubscription(token)
    const binding = bindingOf(host, request)
    if (sub.binding !== binding) throw new LC_SESSION_CHANGED()
    if (!Array.isArray(state) || state.length === 0 || state.length > MAX_TOKENS) throw new LC_BAD_SUBSCRIPTION('state must be a non-empty array of state tokens')
    const claims = new Map<string, TokenClaims>()
    let base = ''
    for (const t of state) {
      const c = await openState(host, t)
      if (c.binding !== binding) throw new LC_SESSION_CHANGED()
      if (!claims.has(c.id)) claims.set(c.id, c)
      if (c.id === sub.id && base === '') base = (t as string).slice((t as string).lastIndexOf('.') + 1)
    }
    const own = claims.get(sub.id)
    if (!own || own.name !== sub.name || own.parent !== sub.parent) throw new LC_BAD_SUBSCRIPTION('the state tokens do not belong to the subscribed instance')
    await checkAllowed(request, sub.name)
    hub.subscribe(live, sub, claims, base, raw)
    return sub.id
  }

  /** The component's permissions against the socket's viewer: 401/403 error frames. */
  async function checkAllowed (request: FastifyRequest, name: string): Promise<void> {
    const reg = host.registry.get(name)
    const status = reg === undefined ? 0 : await authorize(host, request, reg)
    if (status === 401) throw new LC_UNAUTHENTICATED(name)
    if (status === 403) throw new LC_FORBIDDEN(name)
  }
}
