/** @module client/subscriptions — which component roots the page subscribes over the WebSocket, with which state tokens, and when it re-sends them. */
import { ATTR, WS } from '../protocol.js'
import { busy, ROOT_SELECTOR, STATE_SELECTOR } from './dom.js'
import { pageToken } from './request-headers.js'

/**
 * One subscription as the page sends it: the root's signed subscription token and the state
 * tokens of the root, of the components inside it and of the components around it.
 *
 * @example
 * const s: Subscription = { sub: 's1.…', state: ['v1.…'], refresh: true }
 */
export interface Subscription {
  sub: string
  state: string[]
  /** ask for a fresh render: a push was dropped meanwhile */
  refresh?: true
}

/**
 * The subscription of every root with a subscription token (ATTR.sub), by instance id, in page order. The state
 * tokens are the root's own and its descendants', then each ancestor component's own, so a
 * pushed render keeps the full lineage of its commands.
 *
 * @example
 * current(document).get('cart') // { sub: 's1.…', state: ['v1.cart', 'v1.row', 'v1.page'] }
 */
export function current (doc: Document): Map<string, Subscription> {
  const out = new Map<string, Subscription>()
  doc.querySelectorAll(`[${ATTR.sub}]`).forEach((el) => {
    const state: string[] = []
    el.querySelectorAll<HTMLInputElement>(STATE_SELECTOR).forEach((input) => { state.push(input.value) })
    const around = (e: Element): Element | null => e.parentElement?.closest(ROOT_SELECTOR) ?? null
    for (let a = around(el); a !== null; a = around(a)) {
      const own = a.querySelector<HTMLInputElement>(STATE_SELECTOR)
      if (own !== null) state.push(own.value)
    }
    out.set(el.id, { sub: el.getAttribute(ATTR.sub) ?? '', state })
  })
  return out
}

/**
 * Keeps the server's subscriptions in step with the page: sends `subscribe` for new or changed
 * roots (not while a command on them is in flight) and `unsubscribe` for roots gone.
 *
 * @example
 * const subscriber = new Subscriber(document)
 * subscriber.opened((text) => socket.send(text))
 */
export class Subscriber {
  private send: ((text: string) => void) | null = null
  /** instance id -> what it was last subscribed with */
  private sent = new Map<string, string>()
  /** instances a push was dropped for: the next subscribe asks for a fresh render */
  private readonly stale = new Set<string>()
  private pending = false
  private reconnect = false
  private stopped = false

  constructor (private readonly doc: Document) {}

  /**
   * The socket is open: say which page this is (`hello` with the page token), then subscribe
   * everything afresh. After a reconnect, pushes sent while the socket was down were missed, so
   * this asks for fresh renders.
   *
   * @example
   * subscriber.opened((text) => wrapper.send(text))
   */
  opened (send: (text: string) => void): void {
    if (this.stopped) return
    this.send = send
    this.sent = new Map()
    const page = pageToken(this.doc)
    if (page !== null) send(JSON.stringify({ type: WS.hello, page }))
    if (this.reconnect) for (const id of current(this.doc).keys()) this.stale.add(id)
    this.reconnect = true
    this.schedule()
  }

  /**
   * The socket closed: nothing is sent until it opens again.
   *
   * @example
   * subscriber.closed()
   */
  closed (): void {
    this.send = null
  }

  /**
   * The page expired: nothing is sent any more, even after a reconnect (the page reloads).
   *
   * @example
   * subscriber.stop()
   */
  stop (): void {
    this.stopped = true
    this.send = null
  }

  /**
   * A push for `id` was dropped: ask for a fresh render once it can be swapped.
   *
   * @example
   * subscriber.missed('cart')
   */
  missed (id: string): void {
    this.stale.add(id)
    this.schedule()
  }

  /**
   * Runs {@link Subscriber.sync} soon, once for any number of calls meanwhile.
   *
   * @example
   * subscriber.schedule()
   */
  schedule (): void {
    if (this.pending) return
    this.pending = true
    setTimeout(() => { this.sync() }, 0)
  }

  /**
   * Sends what changed since the last call.
   *
   * @example
   * subscriber.sync() // sends { type: WS.subscribe, subs: [{ sub, state }] } for what changed
   */
  sync (): void {
    this.pending = false
    const send = this.send
    if (send === null) return
    const now = current(this.doc)
    const subs: Subscription[] = []
    for (const [id, s] of now) {
      const el = this.doc.getElementById(id)
      if (el !== null && busy(el)) continue // sent once its command is done
      const sig = `${s.sub}|${s.state.join(',')}`
      if (this.stale.delete(id)) s.refresh = true
      if (this.sent.get(id) !== sig || s.refresh === true) { subs.push(s); this.sent.set(id, sig) }
    }
    const gone = [...this.sent.keys()].filter((id) => !now.has(id))
    for (const id of gone) this.sent.delete(id)
    if (subs.length > 0) send(JSON.stringify({ type: WS.subscribe, subs }))
    if (gone.length > 0) send(JSON.stringify({ type: WS.unsubscribe, ids: gone }))
  }
}
