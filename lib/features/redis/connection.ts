/** @module features/redis/connection — the one Redis connection helper of the push broker and the state store: connect, and log an outage once and its recovery once. */
import type { FastifyBaseLogger } from 'fastify'
import { Redis, type RedisOptions } from 'ioredis'

/**
 * A `redis://` URL, or an ioredis instance the app owns.
 *
 * @example
 * const redis: RedisSource = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
 */
export type RedisSource = string | Redis

/**
 * Opens a connection: a new one for a URL; for an app's ioredis instance, a duplicate (with
 * `reuse`, the instance itself). Only connections the plugin opened are closed by it.
 *
 * @returns the connection and whether the plugin owns it
 * @example
 * const { conn, owned } = connect('redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 })
 */
export function connect (source: RedisSource, opts: RedisOptions, reuse = false): { conn: Redis, owned: boolean } {
  if (typeof source === 'string') return { conn: new Redis(source, opts), owned: true }
  return reuse ? { conn: source, owned: false } : { conn: source.duplicate(opts), owned: true }
}

/**
 * Watches connections for an outage. The process never crashes on a Redis error; the first
 * error of an outage is logged at `error`, the recovery (every watched connection ready again)
 * at `info`, each once.
 *
 * @example
 * const outage = new Outage([pub, sub], app.log, { down: 'pushes pause', back: 'pushes resume' })
 * if (outage.down) return false
 */
export class Outage {
  private isDown = false

  /**
   * @param messages - what the log says when Redis goes away and when it is back
   */
  constructor (private readonly conns: Redis[], private readonly log: FastifyBaseLogger, private readonly messages: { down: string, back: string }) {
    for (const conn of conns) {
      conn.on('error', (err: Error) => this.report(err))
      conn.on('ready', () => {
        if (!this.isDown || !this.conns.every((c) => c.status === 'ready')) return
        this.isDown = false
        this.log.info(`fastify-livecomponents: Redis is back; ${messages.back}`)
      })
    }
  }

  /** An outage is going on (logged). */
  get down (): boolean {
    return this.isDown
  }

  /** Whether every connection is usable now; when not, the outage is reported (once). */
  ready (): boolean {
    const bad = this.conns.find((c) => c.status !== 'ready')
    if (bad === undefined) return true
    this.report(new Error(`connection ${bad.status}`))
    return false
  }

  /** Report an error: logged when it starts an outage, ignored during one. */
  report (err: unknown): void {
    if (this.isDown) return
    this.isDown = true
    this.log.error({ err: { message: (err as Error).message } }, `fastify-livecomponents: Redis is unavailable; ${this.messages.down}`)
  }
}
