/** @module push/broker — how push messages travel between server instances: the Broker interface and its in-memory implementation. */

/**
 * One message between server instances. Every instance receives every message and delivers
 * it to its own WebSocket subscribers.
 * - `notify`: re-render every instance listening to `topic` from its current state, and push it;
 * - `push`: send the ready `html` fragment to every subscriber of `topic`;
 * - `frame`: send the `html` of a streamed command's intermediate frame to one page;
 * - `disconnect`: close every socket opened with that socket id (see the `socketId` option).
 *
 * @example
 * await broker.publish({ kind: 'notify', topic: 'product:7' })
 */
export type PushMessage =
  | { kind: 'notify', topic: string }
  | { kind: 'push', topic: string, html: string }
  | { kind: 'frame', page: string, html: string }
  | { kind: 'disconnect', socketId: string }

/**
 * A publish/subscribe transport between server instances (a WebSocket manager's
 * `broadcast`). Two implementations: {@link MemoryBroker} (one process, the default) and
 * RedisBroker (the `redis` option).
 *
 * @example
 * await broker.start((msg) => hub.deliver(msg))
 * await broker.publish({ kind: 'push', topic: 'news', html: '<div id="news" hx-swap-oob="true">…</div>' })
 */
export interface Broker {
  /** Subscribe this instance; `onMessage` gets every message published by any instance. */
  start: (onMessage: (msg: PushMessage) => Promise<void>) => Promise<void>
  /**
   * Publish to every instance, this one included.
   *
   * @returns true once the message is handed over, false when the transport is down (logged)
   */
  publish: (msg: PushMessage) => Promise<boolean>
  /** Unsubscribe and release connections. */
  close: () => Promise<void>
}

/**
 * The in-process broker: `publish` delivers to this instance's subscribers directly and
 * resolves after they have been sent to. No Redis and no configuration.
 *
 * @example
 * const broker = new MemoryBroker()
 * await broker.start(async (msg) => console.log(msg))
 */
export class MemoryBroker implements Broker {
  private handler: ((msg: PushMessage) => Promise<void>) | null = null

  async start (onMessage: (msg: PushMessage) => Promise<void>): Promise<void> {
    this.handler = onMessage
  }

  async publish (msg: PushMessage): Promise<boolean> {
    if (this.handler) await this.handler(msg)
    return true
  }

  async close (): Promise<void> {
    this.handler = null
  }
}
