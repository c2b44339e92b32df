/** @module testing/socket — a page's WebSocket in tests: hello, subscriptions, and every push and frame it receives, applied to the page. */
import type { FastifyInstance } from 'fastify'
import { PATH, WS } from '../protocol.js'
import type { PageDom } from './dom.js'

/** The part of a `ws` client the handle uses. */
interface WsClient {
  send: (text: string) => void
  close: () => void
  terminate: () => void
  on: (event: string, fn: (...args: any[]) => void) => void
}

/**
 * A page's WebSocket opened through `app.injectWS` (no port), subscribed like the client helper
 * subscribes: every pushed render and streamed frame is kept in `messages` and applied to the
 * page.
 *
 * @example
 * const socket = await page.connect()
 * await app.components.notify('product:7')
 * const html = await socket.next()
 */
export class LiveSocketHandle {
  /** every HTML message received (pushes and frames), in order */
  readonly messages: string[] = []
  /** the close code once the server closed the socket (4001 disconnected, 4002 session changed…) */
  closeCode?: number
  /** the instance ids the server accepted subscriptions for, as its `subscribed` answer listed them */
  subscribed: string[] = []
  private seen = 0
  private readonly waiters = new Set<() => void>()
  private readonly control: Array<Record<string, unknown>> = []

  /** reading server-held state is asynchronous: a message counts as received once its state is read, in order */
  private queue: Promise<void> = Promise.resolve()

  private constructor (private readonly ws: WsClient, private readonly dom: PageDom) {
    const inOrder = (fn: () => Promise<void> | void): void => {
      this.queue = this.queue.then(fn).then(() => { for (const w of this.waiters) w() })
    }
    ws.on('message', (data: Buffer) => {
      const text = data.toString()
      // the page changes at once, as the browser's would (a command's response may follow)
      if (text.startsWith('{')) this.control.push(JSON.parse(text))
      else dom.applyPush(text)
      inOrder(async () => {
        if (text.startsWith('{')) return
        await dom.settle()
        this.messages.push(text)
      })
    })
    ws.on('close', (code: number) => {
      this.closeCode = code
      inOrder(() => {})
    })
  }

  /**
   * Opens the socket with `headers` (the page's cookies), says hello with the page token and
   * subscribes every root that has a subscription token; resolves once the server answered.
   *
   * @throws Error when the page has no `live_connect()`, or the server refuses the hello or any
   *   of the subscriptions (with the error frame it sent)
   */
  static async open (app: FastifyInstance, prefix: string, dom: PageDom, headers: Record<string, string>): Promise<LiveSocketHandle> {
    const pageToken = dom.pageToken()
    if (pageToken === undefined) throw new Error('fastify-livecomponents/testing: this page has no live_connect(), so no WebSocket')
    const ws = await (app as unknown as { injectWS: (url: string, o: { headers: Record<string, string> }) => Promise<WsClient> }).injectWS(`${prefix}${PATH.ws}`, { headers })
    const handle = new LiveSocketHandle(ws, dom)
    await handle.ask({ type: WS.hello, page: pageToken }, WS.hello)
    const subs = dom.roots().filter((r) => r.getAttribute('data-lc-sub') !== undefined).map((r) => ({ sub: r.getAttribute('data-lc-sub'), state: dom.tokensFor(r.id) }))
    if (subs.length > 0) {
      const from = handle.control.length
      const answer = await handle.ask({ type: WS.subscribe, subs }, WS.subscribed)
      handle.subscribed = (answer.ids as string[] | undefined) ?? []
      if (handle.subscribed.length < subs.length) {
        // some were refused: the server follows its answer with one error frame
        const error = await handle.until(() => handle.control.slice(from).find((m) => m.type === WS.error))
        handle.ws.terminate()
        throw new Error(`fastify-livecomponents/testing: the server refused ${subs.length - handle.subscribed.length} of ${subs.length} subscriptions: ${JSON.stringify(error)}`)
      }
    }
    return handle
  }

  /**
   * A round trip: resolves once the server has handled every message this socket sent before
   * (the server handles one socket's messages in order), and whatever those messages made the
   * server send this socket has arrived; a test can then say "nothing more came" without
   * waiting for a time.
   *
   * @example
   * const before = socket.messages.length
   * await socket.roundTrip()
   * assert.equal(socket.messages.length, before)
   */
  async roundTrip (): Promise<void> {
    await this.ask({ type: WS.unsubscribe, ids: [] }, WS.unsubscribed)
  }

  /** Sends a control message and waits for the answer of type `type` (an error frame rejects). */
  private async ask (msg: unknown, type: string): Promise<Record<string, unknown>> {
    const from = this.control.length
    this.ws.send(JSON.stringify(msg))
    return await this.until(() => {
      const got = this.control.slice(from).find((m) => m.type === type || m.type === WS.error)
      if (got?.type === WS.error) throw new Error(`fastify-livecomponents/testing: the server refused ${JSON.stringify(msg).slice(0, 80)}: ${JSON.stringify(got)}`)
      return got
    })
  }

  private async until<T> (check: () => T | undefined): Promise<T> {
    return await new Promise<T>((resolve, reject) => {
      const run = (): void => {
        try {
          const v = check()
          if (v !== undefined) { this.waiters.delete(run); resolve(v) } else if (this.closeCode !== undefined) { this.waiters.delete(run); reject(new Error(`fastify-livecomponents/testing: the socket closed (${this.closeCode})`)) }
        } catch (err) {
          this.waiters.delete(run)
          reject(err)
        }
      }
      this.waiters.add(run)
      run()
    })
  }

  /** The next HTML message not yet returned by `next()`: a pushed render or a frame. Rejects when the socket closes first. */
  async next (): Promise<string> {
    return await this.until(() => this.seen < this.messages.length ? this.messages[this.seen++] : undefined)
  }

  /** Resolves with the close code once the server closes the socket. */
  async closed (): Promise<number> {
    return await new Promise((resolve) => {
      const run = (): void => { if (this.closeCode !== undefined) { this.waiters.delete(run); resolve(this.closeCode) } }
      this.waiters.add(run)
      run()
    })
  }

  /** Closes the socket. */
  close (): void {
    this.ws.terminate()
  }
}
