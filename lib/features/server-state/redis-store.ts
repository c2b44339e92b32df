/** @module features/server-state/redis-store — server-held state in Redis, shared by every server instance, expiring, newest version wins. */
import type { FastifyBaseLogger } from 'fastify'
import type { Redis } from 'ioredis'
import { LC_STATE_UNAVAILABLE } from '../../errors.js'
import { closeConnection, connect, Outage, type RedisSource } from '../redis/connection.js'
import type { Held, HeldStateStore } from './store.js'

/** Hold ARGV[2] as version ARGV[1] unless a newer version is held; (re)start the time to live either way. */
const PUT = `local cur = redis.call('get', KEYS[1])
if cur then
  local v = tonumber(string.match(cur, '^(%d+) '))
  if v and v > tonumber(ARGV[1]) then
    redis.call('expire', KEYS[1], ARGV[3])
    return 0
  end
end
redis.call('set', KEYS[1], ARGV[1] .. ' ' .. ARGV[2], 'EX', ARGV[3])
return 1`

/**
 * The {@link HeldStateStore} of several server instances sharing Redis (the `redis` option with
 * `state: 'server'`): one key per render id, `<version> <json>`, with a time to live of `ttl`
 * seconds started again by every read (`GETEX`) and write. While Redis cannot be reached, a read
 * or write waits up to `waitSeconds` for it to come back (a restart, a failover), then fails
 * with 503 LC_STATE_UNAVAILABLE; the outage and the recovery are logged once each. Redis keeps the states across its own restarts only with
 * persistence (AOF or RDB); without it, pages opened before a restart reload once (410).
 *
 * @example
 * const store = new RedisHeldStore('redis://127.0.0.1:6379', 'fastify-livecomponents:/components', 86400, app.log)
 */
export class RedisHeldStore implements HeldStateStore {
  private readonly redis: Redis
  private readonly outage: Outage

  /**
   * @param redis - a redis:// URL, or an ioredis instance (duplicated: the store closes only its own connection)
   * @param prefix - key prefix; every server instance of one app uses the same
   * @param ttl - seconds an unused state is kept
   * @param waitSeconds - how long a read or write waits for an unreachable Redis before 503
   */
  constructor (redis: RedisSource, private readonly prefix: string, private readonly ttl: number, log: FastifyBaseLogger, private readonly waitSeconds = 2) {
    this.redis = connect(redis, { maxRetriesPerRequest: 1, enableOfflineQueue: false }).conn
    this.outage = new Outage([this.redis], log, {
      down: 'commands on components with server-held state fail with 503 until it is back',
      back: 'server-held state is reachable again'
    })
  }

  /** Wait (at most 2 s) for the first connection, so that the first page renders can store their state. */
  async start (): Promise<void> {
    if (this.redis.status === 'ready') return
    await Promise.race([
      new Promise((resolve) => this.redis.once('ready', resolve)),
      new Promise((resolve) => setTimeout(resolve, 2000).unref())
    ])
  }

  private key (rid: string): string {
    return `${this.prefix}:held:${rid}`
  }

  async get (rid: string): Promise<Held | undefined> {
    const value = await this.call(async () => await this.redis.getex(this.key(rid), 'EX', this.ttl))
    if (typeof value !== 'string') return undefined
    const space = value.indexOf(' ')
    return { version: Number(value.slice(0, space)), json: value.slice(space + 1) }
  }

  async put (rid: string, version: number, json: string): Promise<void> {
    await this.call(async () => await this.redis.eval(PUT, 1, this.key(rid), version, json, this.ttl))
  }

  /** Run one Redis call, waiting up to `waitSeconds` for a Redis that is away; then LC_STATE_UNAVAILABLE. */
  private async call<T> (fn: () => Promise<T>): Promise<T> {
    const deadline = Date.now() + this.waitSeconds * 1000
    for (;;) {
      let failure: unknown
      if (this.outage.ready()) {
        try {
          return await fn()
        } catch (err) {
          this.outage.report(err)
          failure = err
        }
      }
      if (!await this.back(deadline)) throw Object.assign(new LC_STATE_UNAVAILABLE(failure === undefined ? 'Redis is not connected' : 'a Redis call failed'), { cause: failure })
    }
  }

  /** Whether the connection is ready again before `deadline` (milliseconds since the epoch). */
  private async back (deadline: number): Promise<boolean> {
    const left = deadline - Date.now()
    if (left <= 0) return false
    let timer: NodeJS.Timeout | undefined
    let onReady: (() => void) | undefined
    const ready = await Promise.race([
      new Promise<boolean>((resolve) => { onReady = () => resolve(true); this.redis.once('ready', onReady) }),
      new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(false), left) })
    ])
    clearTimeout(timer)
    this.redis.off('ready', onReady!)
    return ready
  }

  async close (): Promise<void> {
    await closeConnection(this.redis)
  }
}
