/** @module features/push/redis-broker — the Broker over Redis pub/sub (ioredis), for several server instances. */
import type { FastifyBaseLogger } from 'fastify'
import type { Redis } from 'ioredis'
import { closeConnection, connect, Outage, type RedisSource } from '../redis/connection.js'
import type { Broker, PushMessage } from './broker.js'

const STARTUP_WAIT_MS = 2000
/** How long closing waits for Redis to answer QUIT, in milliseconds. */
const delay = async <T>(ms: number, value: T): Promise<T> => await new Promise((resolve) => setTimeout(resolve, ms, value).unref())

/**
 * Publishes push messages on one Redis channel and delivers what every instance publishes
 * there. Two connections, as Redis requires: one publishes, one subscribes (ioredis
 * re-subscribes by itself after a reconnect).
 *
 * Outages: the process never crashes; the first error of an outage is logged at `error`, the
 * recovery at `info`. While Redis is down, `publish` fails fast and resolves `false`, and the
 * pushes resume as soon as Redis is back.
 *
 * @example
 * const broker = new RedisBroker('redis://127.0.0.1:6379', 'fastify-livecomponents/components', app.log)
 */
export class RedisBroker implements Broker {
  private readonly pub: Redis
  private readonly sub: Redis
  private readonly ownsPub: boolean

  /**
   * @param redis - a redis:// URL, or an ioredis instance (it is duplicated for the subscriber
   *   connection and left open on close; the plugin only closes what it opened)
   * @param channel - the Redis channel; every instance of one app must use the same
   */
  constructor (redis: RedisSource, private readonly channel: string, private readonly log: FastifyBaseLogger) {
    // publishing fails fast while Redis is down; subscribing waits for the connection
    const pub = connect(redis, { maxRetriesPerRequest: 1, enableOfflineQueue: false }, true)
    this.pub = pub.conn
    this.ownsPub = pub.owned
    this.sub = connect(redis, { maxRetriesPerRequest: null }).conn
    // eslint-disable-next-line no-new
    new Outage([this.pub, this.sub], log, { down: 'pushes pause until it is back', back: 'pushes resume' })
  }

  async start (onMessage: (msg: PushMessage) => Promise<void>): Promise<void> {
    this.sub.on('message', (channel: string, text: string) => {
      if (channel !== this.channel) return
      let msg: PushMessage
      try {
        msg = JSON.parse(text) as PushMessage
      } catch {
        this.log.warn({ channel }, 'fastify-livecomponents: ignored a message that is not JSON')
        return
      }
      onMessage(msg).catch((err: unknown) => this.log.error({ err }, 'fastify-livecomponents: delivering a push failed'))
    })
    const subscribed = this.sub.subscribe(this.channel).then(() => true, () => false)
    const pubReady = this.pub.status === 'ready' ? Promise.resolve(true) : new Promise<boolean>((resolve) => this.pub.once('ready', () => resolve(true)))
    // startup never waits more than STARTUP_WAIT_MS for Redis: ioredis keeps connecting in the background
    const ok = await Promise.race([Promise.all([subscribed, pubReady]).then((r) => r.every(Boolean)), delay(STARTUP_WAIT_MS, false)])
    if (!ok) this.log.warn('fastify-livecomponents: Redis is not reachable yet; pushes start once it is')
  }

  async publish (msg: PushMessage): Promise<boolean> {
    try {
      await this.pub.publish(this.channel, JSON.stringify(msg))
      return true
    } catch (err) {
      this.log.warn({ err: { message: (err as Error).message }, kind: msg.kind }, 'fastify-livecomponents: a push was not published (Redis unavailable)')
      return false
    }
  }

  async close (): Promise<void> {
    await Promise.all((this.ownsPub ? [this.sub, this.pub] : [this.sub]).map(closeConnection))
  }
}
