/** @module client/push — the page's WebSocket on both htmx lines: the page header on commands, subscriptions, dropping stale pushes and frames, reconnect after CLOSE.GOING_AWAY on htmx 2. */
import { CLOSE } from '../protocol.js'
import { listen, viewOf } from './dom.js'
import { liveError, type LiveErrorDetail } from './errors.js'
import { reloadWhenIdle } from './expiry.js'
import { parsePushed, verdict } from './pushed-message.js'
import type { Subscriber } from './subscriptions.js'

/** htmx 2's ws extension (htmx-ext-ws): the socket wrapper of its events */
interface SocketWrapper { send: (text: string) => void, reconnect: () => void }
/** the detail of the ws events this module reads, on htmx 2 and 4 */
interface WsDetail {
  socketWrapper?: SocketWrapper
  event?: { code?: number }
  message?: unknown
  connection?: { socket: { readyState: number, send: (text: string) => void } }
  cancelled?: boolean
}
type WsEvent = CustomEvent<WsDetail | null>

/**
 * How long htmx 2's page waits before its `retries`-th reconnect: doubling from 500 ms up to
 * 30 s, with ±30 % jitter (`random` in [0, 1)).
 *
 * @example
 * reconnectDelay(0, 0.5) // 500
 */
export function reconnectDelay (retries: number, random: number = Math.random()): number {
  return Math.min(500 * Math.pow(2, retries), 30000) * (0.7 + random * 0.6)
}

/**
 * Handles one incoming WebSocket message: an error frame becomes a live error event; a frame or
 * render that must not be swapped now is cancelled (and, when it is wanted later, asked for again).
 *
 * @example
 * document.addEventListener('htmx:wsBeforeMessage', (evt) => incoming(document, subscriber, evt, evt.detail.message))
 */
export function incoming (doc: Document, subscriber: Subscriber, evt: Event, text: unknown, failed: (detail: LiveErrorDetail) => void = (d) => { liveError(doc, null, d) }): void {
  const msg = parsePushed(doc, text)
  if (msg === null) return
  if (msg.kind === 'failure') return failed(msg.detail)
  const v = verdict(doc, msg)
  if (v === 'later') subscriber.missed(msg.id)
  if (v === 'swap') return
  evt.preventDefault()
  const detail = (evt as WsEvent).detail
  if (detail) detail.cancelled = true
}

/** Whether a close code means the page must reload: the socket's user or session is no longer the page's. */
function reloads (code: number | undefined): boolean {
  return code === CLOSE.DISCONNECTED || code === CLOSE.SESSION_CHANGED
}

/**
 * Wires push on `doc`: the socket's open and close on both htmx lines (a close with
 * CLOSE.DISCONNECTED or CLOSE.SESSION_CHANGED, after a logout, reloads the page through `reload`), and incoming messages
 * (the page header on every command is client/request-headers' job).
 *
 * @example
 * watchPush(document, new Subscriber(document))
 */
export function watchPush (doc: Document, subscriber: Subscriber, reload: () => void = () => { viewOf(doc).location.reload() }): void {
  // a 410 (expired or another session's tokens): one error, no more subscribes, one reload when
  // the user is not typing (client/expiry), instead of an error frame for every later message
  let expired = false
  const failed = (detail: LiveErrorDetail): void => {
    if (detail.status !== 410) return liveError(doc, null, detail)
    if (expired) return
    expired = true
    subscriber.stop()
    liveError(doc, null, detail)
    reloadWhenIdle(doc, reload)
  }
  // htmx 2 (htmx-ext-ws): it does not reconnect after CLOSE.GOING_AWAY (server restart); this does
  let retries = 0
  listen(doc, ['htmx:wsOpen'], (evt) => {
    retries = 0
    const w = (evt as WsEvent).detail?.socketWrapper
    subscriber.opened((text) => { w?.send(text) })
  })
  listen(doc, ['htmx:wsClose'], (evt) => {
    subscriber.closed()
    const detail = (evt as WsEvent).detail
    const w = detail?.socketWrapper
    if (reloads(detail?.event?.code)) { reloadWhenIdle(doc, reload); return }
    if (detail?.event?.code === CLOSE.GOING_AWAY && w && (evt.target as Node | null)?.isConnected === true) {
      setTimeout(() => { w.reconnect() }, reconnectDelay(retries++))
    }
  })
  // htmx 4 (hx-ws)
  listen(doc, ['htmx:ws:after:connection'], (evt) => {
    const s = (evt as WsEvent).detail?.connection?.socket
    subscriber.opened((text) => { if (s?.readyState === 1) s.send(text) })
  })
  listen(doc, ['htmx:ws:close'], (evt) => {
    subscriber.closed()
    if (reloads((evt as CustomEvent<{ code?: number } | null>).detail?.code)) reloadWhenIdle(doc, reload)
  })

  listen(doc, ['htmx:wsBeforeMessage'], (evt) => { incoming(doc, subscriber, evt, (evt as WsEvent).detail?.message, failed) })
  listen(doc, ['htmx:ws:before:message:incoming'], (evt) => {
    const message = (evt as WsEvent).detail?.message as { data?: unknown } | undefined
    incoming(doc, subscriber, evt, message?.data, failed)
  })
}
