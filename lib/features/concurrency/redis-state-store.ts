/** @module features/concurrency/redis-state-store — the instance store across server instances: a Redis lock and latest state per render id. */
import { randomBytes } from 'node:crypto'
import type { FastifyBaseLogger } from 'fastify'
import type { Redis } from 'ioredis'
import { LC_BUSY } from '../../errors.js'
import { closeConnection, connect, Outage, type RedisSource } from '../redis/connection.js'
import type { Latest, Lease, StateStore } from './state-store.js'

/** Take the lock if free, and read the latest state in the same round trip. */
const ACQUIRE = `if redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') then
  return {1, redis.call('get', KEYS[2])}
end
return {0}`

/** Release the lock if still ours; store the new latest state if it is newer. */
const RELEASE = `if redis.call('get', KEYS[1]) ~= ARGV[1] then return 0 end
if ARGV[3] ~= '' then
  local cur = redis.call('get', KEYS[2])
  local v = -1
  if cur then v = tonumber(string.match(cur, '^(%d+) ')) end
  if tonumber(ARGV[2]) > v then redis.call('set', KEYS[2], ARGV[2] .. ' ' .. ARGV[3], 'EX', ARGV[4]) end
end
redis.call('del', KEYS[1])
return 1`

/** How long a lock outlives a process that died holding it, in milliseconds. */
const LOCK_MS = 60_000

function parse (value: unknown): Latest | undefined {
  if (typeof value !== 'string') return undefined
  const space = value.indexOf(' ')
  return space > 0 ? { version: Number(value.slice(0, space)), token: value.slice(space + 1) } : undefined
}

/**
 * The {@link StateStore} of several server instances sharing Redis (the `redis` option): the
 * same guarantee as InMemoryStateStore — commands on one instance run one after another, on the
 * latest state — wherever each command lands. A lock per render id (`SET NX PX`, 60 s, so a
 * crashed process cannot hold it for ever), polled every 5-50 ms until `waitSeconds`; the latest
 * state kept for `maxAge` seconds. While Redis is down, commands run on the state their page
 * posted (logged once), as with a single process that forgot the instance.
 *
 * @example
 * const store = new RedisStateStore('redis://127.0.0.1:6379', 'fastify-livecomponents:/components', 86400, app.log)
 */
export class RedisStateStore implements StateStore {
  private readonly redis: Redis
  private readonly outage: Outage
  /** releases that failed while Redis was away: sent again once it is back (a lock kept with a persistent Redis would block its instance for 60 s) */
  private readonly unreleased: Array<() => Promise<unknown>> = []

  /**
   * @param redis - a redis:// URL, or an ioredis instance (duplicated: the store closes only its own connection)
   * @param prefix - key prefix; every instance of one app uses the same
   * @param maxAge - seconds the latest state is kept (the token lifetime)
   */
  constructor (redis: RedisSource, private readonly prefix: string, private readonly maxAge: number, log: FastifyBaseLogger) {
    // while Redis is down the store is skipped at once (see `ready`), so commands never queue
    this.redis = connect(redis, { maxRetriesPerRequest: 1, enableOfflineQueue: false }).conn
    this.outage = new Outage([this.redis], log, {
      down: 'commands run on the state their page posted until it is back',
      back: 'racing commands are serialised again'
    })
    this.redis.on('ready', () => {
      for (const release of this.unreleased.splice(0)) this.send(release)
    })
  }

  /** Send a release; one that fails waits for the next connection. */
  private send (release: () => Promise<unknown>): void {
    release().catch((err: unknown) => {
      this.outage.report(err)
      this.unreleased.push(release)
    })
  }

  /** Wait (at most 2 s) for the first connection, so the first commands are serialised too. */
  async start (): Promise<void> {
    if (this.redis.status === 'ready') return
    await Promise.race([
      new Promise((resolve) => this.redis.once('ready', resolve)),
      new Promise((resolve) => setTimeout(resolve, 2000).unref())
    ])
  }

  private keys (rid: string): [string, string] {
    return [`${this.prefix}:lock:${rid}`, `${this.prefix}:latest:${rid}`]
  }

  async acquire (rid: string, waitSeconds: number): Promise<Lease> {
    const [lock, latest] = this.keys(rid)
    const owner = randomBytes(9).toString('base64url')
    const deadline = Date.now() + waitSeconds * 1000
    for (let pause = 5; ; pause = Math.min(pause * 2, 50)) {
      let got: [number, string | null] | [number]
      try {
        if (!this.outage.ready()) return { release: () => {} }
        got = await this.redis.eval(ACQUIRE, 2, lock, latest, owner, LOCK_MS) as typeof got
      } catch (err) {
        this.outage.report(err)
        return { release: () => {} }
      }
      if (got[0] === 1) {
        let done = false
        return {
          latest: parse(got[1]),
          release: (version, token) => {
            if (done) return
            done = true
            this.send(async () => await this.redis.eval(RELEASE, 2, lock, latest, owner, version ?? 0, token ?? '', this.maxAge))
          }
        }
      }
      if (Date.now() + pause > deadline) throw new LC_BUSY(rid)
      await new Promise((resolve) => setTimeout(resolve, pause))
    }
  }

  async latest (rid: string): Promise<Latest | undefined> {
    try {
      return this.outage.ready() ? parse(await this.redis.get(this.keys(rid)[1])) : undefined
    } catch (err) {
      this.outage.report(err)
      return undefined
    }
  }

  async close (): Promise<void> {
    await closeConnection(this.redis)
  }
}
