/** @module features/push/live-socket — one browser WebSocket as the hub keeps it: the socket, its viewer, its page and what it listens to. */
import type { FastifyRequest } from 'fastify'
import type { TokenClaims } from '../../core/signing/signer.js'
import type { Subscription } from './tokens.js'

/**
 * The part of a `ws` WebSocket the hub uses (so the public types do not need `@types/ws`).
 *
 * @example
 * const socket: LiveWebSocket = ws
 */
export interface LiveWebSocket {
  readonly readyState: number
  readonly OPEN: number
  readonly bufferedAmount: number
  send: (data: string | Buffer, opts: { binary: boolean }) => void
  close: (code?: number, reason?: string) => void
  terminate: () => void
  ping: () => void
}

/**
 * One instance a socket listens for, with the live state the page last reported.
 *
 * @example
 * const held: Held = { sub, claims, key: '…', base: 'MAC' }
 */
export interface Held {
  sub: Subscription
  /** the instance's own state token and its descendants', verified */
  claims: Map<string, TokenClaims>
  /** identical for subscribers whose instance and descendants have identical state */
  key: string
  /** the MAC of the instance's own state token: which state the page had when it subscribed */
  base: string
  /** the subscription exactly as the page sent it (its tokens, joined): a repeat of it skips verification */
  raw: string
  /** when its tokens were last verified (milliseconds, the `now` option's clock) */
  verifiedAt: number
}

/**
 * One browser WebSocket.
 *
 * @example
 * const live = hub.add(ws, request)
 */
export interface LiveSocket {
  ws: LiveWebSocket
  page: string | null
  /** the upgrade request: whose identity permissions check in the renders this socket gets */
  request?: FastifyRequest
  /** what the `socketId` option said for the upgrade request, if anything */
  socketId?: string
  /** who the socket was opened for (session binding and socket id): when it changes, the socket is closed */
  identity: string
  /** a reload of the viewer in progress, shared by everything that needs it meanwhile */
  checking?: Promise<boolean>
  subs: Map<string, Held>
  /** instance id by {@link Held.raw}: a subscription the socket already holds, sent again */
  byRaw: Map<string, string>
  /** messages received and not handled yet */
  queued: number
  /** messages were dropped because too many were queued, and that was logged (once until the queue drains) */
  flooded: boolean
  /** when the heartbeat ping still unanswered was sent (milliseconds, the `now` option's clock), or null when every ping was answered */
  pingedAt: number | null
  /** refreshes this socket may still ask for now (a budget refilled over time; see socket.ts) */
  refreshBudget: number
  /** when the budget was last refilled, in milliseconds since the epoch (the `now` option's clock) */
  refreshedAt: number
  /** the budget ran out and that was logged (once until it refills) */
  throttled: boolean
}
