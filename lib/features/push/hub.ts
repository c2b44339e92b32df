/** @module features/push/hub — this instance's WebSocket subscribers, by topic and page, and delivery of push messages to them. */
import type { FastifyRequest } from 'fastify'
import type { KnownInstance } from '../../core/hooks.js'
import { reloadViewer, type Host } from '../../core/host.js'
import { knownOf, RenderPass } from '../../core/render/session.js'
import type { TokenClaims } from '../../core/signing/signer.js'
import { ATTR, CLOSE } from '../../protocol.js'
import type { PushMessage } from './broker.js'
import type { Held, LiveSocket, LiveWebSocket } from './live-socket.js'
import type { Subscription } from './tokens.js'

/**
 * Marks a pushed render with the state it was rendered from (`data-lc-base`, the MAC of the
 * page's state token at subscribe time). The client helper drops a render whose base is not the
 * state the page has now (a command changed it meanwhile) and asks for a fresh one, so a push
 * can never overwrite a newer state with an older one. Shared renders get their base per socket.
 */
function withBase (html: string, base: string): string {
  const end = html.indexOf('>')
  return `${html.slice(0, end)} ${ATTR.base}="${base}"${html.slice(end)}`
}

/**
 * How many refreshes (renders a page asks for with `refresh: true`) one socket may have at once
 * in its budget: a page that reconnects asks for every instance it shows, at most 256 (one
 * subscribe message) — so that is the budget, refilled at {@link REFRESH_PER_SECOND}.
 *
 * @example
 * live.refreshBudget = REFRESH_BUDGET
 */
export const REFRESH_BUDGET = 256
/**
 * Refreshes per second a socket's budget refills by: a flood of refreshes costs the client far
 * more than the server.
 *
 * @example
 * live.refreshBudget = Math.min(REFRESH_BUDGET, live.refreshBudget + seconds * REFRESH_PER_SECOND)
 */
export const REFRESH_PER_SECOND = 4

/**
 * Keeps this instance's sockets and what each listens to, and turns push messages from the
 * broker into WebSocket messages:
 * - `notify(topic)`: every listening instance is re-rendered from the state its page last
 *   reported (so changes made by commands since the page loaded are kept), for the socket's
 *   viewer (permissions are checked against its upgrade request, at every depth); subscribers
 *   of one session whose state is identical share one render (its state tokens are bound to
 *   that session), unless that render checked permissions, in which case each gets its own; a render that throws is logged and skipped;
 * - `push(topic, html)`: the fragment is sent once to each socket listening to the topic;
 * - `frame(page, html)`: sent to the sockets of that page only.
 *
 * Before a socket gets anything, its viewer is reloaded and identified again ({@link Hub.current}):
 * a socket whose session or user changed is closed with CLOSE.SESSION_CHANGED instead.
 *
 * Every send checks the socket's buffer first: past `sendBufferBytes` the socket is closed with
 * 1013 (slow consumer), so one slow browser neither holds memory nor delays the others.
 *
 * @example
 * const hub = new Hub(host, { sendBufferBytes: 1 << 20 })
 * await broker.start((msg) => hub.deliver(msg))
 */
export class Hub {
  readonly sockets = new Set<LiveSocket>()
  private readonly topics = new Map<string, Map<LiveSocket, Set<string>>>()
  private readonly pages = new Map<string, Set<LiveSocket>>()

  /**
   * @param opts.identify - who a request is, as one string (its session binding and socket id):
   *   a socket whose request no longer is who it was opened for is closed
   */
  constructor (private readonly host: Host, private readonly opts: { sendBufferBytes: number, identify: (request: FastifyRequest) => string }) {}

  /** Track a new socket opened by `request` (its viewer); it has no page until its `hello`. */
  add (ws: LiveWebSocket, request?: FastifyRequest): LiveSocket {
    const identity = request === undefined ? '' : this.opts.identify(request)
    const live: LiveSocket = { ws, page: null, request, identity, subs: new Map(), byRaw: new Map(), queued: 0, flooded: false, pingedAt: null, refreshBudget: REFRESH_BUDGET, refreshedAt: this.host.now(), throttled: false }
    this.sockets.add(live)
    return live
  }

  /** Bind a socket to its page (the page id of its verified page token); once, and for good. */
  bindPage (live: LiveSocket, page: string): void {
    live.page = page
    const set = this.pages.get(page) ?? new Set()
    set.add(live)
    this.pages.set(page, set)
  }

  /**
   * Whether the socket still acts for who opened it: its viewer is reloaded (the session, from
   * its store) and identified again; when that changed, or the reload failed, the socket is
   * closed with CLOSE.SESSION_CHANGED (the page reloads) and this is false. Concurrent calls for
   * one socket share one reload.
   */
  current (live: LiveSocket): boolean | Promise<boolean> {
    const request = live.request
    if (request === undefined || live.ws.readyState !== live.ws.OPEN) return live.ws.readyState === live.ws.OPEN
    if (live.checking !== undefined) return live.checking
    let reloading: Promise<void> | undefined
    try {
      reloading = reloadViewer(this.host, request)
    } catch (err) {
      return this.changed(live, request, err)
    }
    // nothing to reload (no session store behind the request): the identity is checked at once
    if (reloading === undefined) return this.opts.identify(request) === live.identity || this.changed(live, request)
    live.checking = reloading.then(
      () => this.opts.identify(request) === live.identity || this.changed(live, request),
      (err) => this.changed(live, request, err)
    ).finally(() => { live.checking = undefined })
    return live.checking
  }

  /** Close a socket whose viewer changed (or could not be reloaded) with 4002; false. */
  private changed (live: LiveSocket, request: FastifyRequest, err?: unknown): false {
    if (err === undefined) request.log.info('fastify-livecomponents: the socket\'s session or user changed; closing it (4002)')
    else request.log.warn({ err }, 'fastify-livecomponents: reloading a socket\'s session failed; closing it (4002)')
    live.ws.close(CLOSE.SESSION_CHANGED, 'session changed')
    return false
  }

  /** The sockets of `candidates` that still act for who opened them ({@link Hub.current}); no await when none reloads. */
  private async currentOf (candidates: Iterable<LiveSocket>): Promise<LiveSocket[]> {
    const all = [...candidates]
    const checks = all.map((live) => this.current(live))
    const ok = checks.every((c) => typeof c === 'boolean') ? checks as boolean[] : await Promise.all(checks)
    return all.filter((_, i) => ok[i])
  }

  /** Forget a closed socket and all it listened to. */
  remove (live: LiveSocket): void {
    for (const id of [...live.subs.keys()]) this.unsubscribe(live, id)
    this.sockets.delete(live)
    if (live.page !== null) {
      const set = this.pages.get(live.page)
      set?.delete(live)
      if (set?.size === 0) this.pages.delete(live.page)
    }
  }

  /**
   * Listen (again) for one instance; replaces what the socket held for that id. `raw` is the
   * subscription as the page sent it, verified now.
   */
  subscribe (live: LiveSocket, sub: Subscription, claims: Map<string, TokenClaims>, base: string, raw: string): void {
    this.unsubscribe(live, sub.id)
    // renders are shared by subscriptions of the same instance with the same states (what it renders from)
    const key = JSON.stringify([sub.id, sub.name, sub.parent, ...[...claims.values()].map((c) => [c.id, c.name, c.parent, c.keyed, c.state, c.extra])])
    live.subs.set(sub.id, { sub, claims, key, base, raw, verifiedAt: this.host.now() })
    live.byRaw.set(raw, sub.id)
    for (const topic of sub.topics) {
      const bySocket = this.topics.get(topic) ?? new Map<LiveSocket, Set<string>>()
      const ids = bySocket.get(live) ?? new Set<string>()
      ids.add(sub.id)
      bySocket.set(live, ids)
      this.topics.set(topic, bySocket)
    }
  }

  /** Stop listening for one instance. */
  unsubscribe (live: LiveSocket, id: string): void {
    const held = live.subs.get(id)
    if (!held) return
    live.subs.delete(id)
    live.byRaw.delete(held.raw)
    for (const topic of held.sub.topics) {
      const bySocket = this.topics.get(topic)
      const ids = bySocket?.get(live)
      ids?.delete(id)
      if (ids?.size === 0) bySocket!.delete(live)
      if (bySocket?.size === 0) this.topics.delete(topic)
    }
  }

  /**
   * Send a text message to one socket, closing it with 1013 when its buffer is over the limit.
   * A message going to many sockets is encoded once, as a Buffer, and sent as a text frame.
   */
  send (live: LiveSocket, text: string | Buffer): void {
    if (live.ws.readyState !== live.ws.OPEN) return
    const bytes = typeof text === 'string' ? Buffer.byteLength(text) : text.length
    if (live.ws.bufferedAmount + bytes > this.opts.sendBufferBytes) {
      this.host.log.warn({ page: live.page, buffered: live.ws.bufferedAmount }, 'fastify-livecomponents: closing a WebSocket whose client does not keep up (1013)')
      live.ws.close(CLOSE.SLOW_CONSUMER, 'slow consumer')
      // a client that reads nothing never reads the close frame either
      setTimeout(() => live.ws.terminate(), 5000).unref()
      return
    }
    live.ws.send(text, { binary: false })
  }

  /** Deliver one broker message to this instance's sockets. */
  async deliver (msg: PushMessage): Promise<void> {
    if (msg.kind === 'frame') {
      const data = Buffer.from(msg.html)
      for (const live of await this.currentOf(this.pages.get(msg.page) ?? [])) this.send(live, data)
    } else if (msg.kind === 'disconnect') {
      for (const live of this.sockets) {
        if (live.socketId === msg.socketId) live.ws.close(CLOSE.DISCONNECTED, 'disconnected')
      }
    } else if (msg.kind === 'push') {
      const data = Buffer.from(msg.html)
      for (const live of await this.currentOf(this.topics.get(msg.topic)?.keys() ?? [])) this.send(live, data)
    } else {
      await this.notify(msg.topic)
    }
  }

  /** Render one instance this socket listens for and send it to this socket only. */
  async refresh (live: LiveSocket, id: string): Promise<void> {
    const held = live.subs.get(id)
    if (held === undefined || !await this.current(live)) return
    const rendered = await this.render(held, live)
    if (rendered !== null) this.send(live, withBase(rendered.html, held.base))
  }

  private async notify (topic: string): Promise<void> {
    const bySocket = this.topics.get(topic)
    if (!bySocket) return
    const groups = new Map<string, { held: Held, targets: Array<[LiveSocket, Held]> }>()
    for (const live of await this.currentOf(bySocket.keys())) {
      for (const id of bySocket.get(live) ?? []) {
        const held = live.subs.get(id)
        if (held === undefined) continue
        // a render carries state tokens bound to its viewer's session: shared within a session only
        // (the socket's identity holds its session binding, and was just checked to be current)
        const key = `${live.identity}\u0000${held.key}`
        const group = groups.get(key) ?? { held, targets: [] }
        group.targets.push([live, held])
        groups.set(key, group)
      }
    }
    await Promise.all([...groups.values()].map(async ({ held, targets }) => {
      const first = await this.render(held, targets[0][0], topic)
      if (first === null) return
      if (first.perViewer) {
        // permissions were checked: each socket gets a render made for its own viewer
        this.send(targets[0][0], withBase(first.html, targets[0][1].base))
        await Promise.all(targets.slice(1).map(async ([live, h]) => {
          const own = await this.render(h, live, topic)
          if (own !== null) this.send(live, withBase(own.html, h.base))
        }))
        return
      }
      const html = first.html
      // sockets with the same base get the very same bytes: encode once
      const encoded = new Map<string, Buffer>()
      for (const [live, h] of targets) {
        let data = encoded.get(h.base)
        if (data === undefined) {
          data = Buffer.from(withBase(html, h.base))
          encoded.set(h.base, data)
        }
        this.send(live, data)
      }
    }))
  }

  /**
   * Render one held instance from its state, for the viewer of `live` (permissions are checked
   * against its upgrade request); `perViewer` when the render depended on that viewer. Null
   * (logged) when it fails, so others still get theirs.
   */
  private async render (held: Held, live: LiveSocket, topic?: string): Promise<{ html: string, perViewer: boolean } | null> {
    const { sub, claims } = held
    try {
      const reg = this.host.registry.get(sub.name)
      if (!reg) throw new Error(`component "${sub.name}" is no longer registered`)
      const known = new Map<string, KnownInstance>()
      for (const [id, c] of claims) known.set(id, knownOf(c))
      const pass = new RenderPass(this.host, { known, viewer: live.request })
      const html = await pass.renderInstance(reg, sub.id, sub.parent, undefined, { keyed: claims.get(sub.id)!.keyed, oob: true })
      return { html, perViewer: pass.viewerDependent }
    } catch (err) {
      this.host.log.error({ err, component: sub.name, id: sub.id, topic }, 'fastify-livecomponents: a pushed render failed; that instance was skipped')
      return null
    }
  }
}
