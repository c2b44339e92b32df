/** @module features/redis/connection — the one Redis connection helper of the push broker and the state store: connect, and log an outage once and its recovery once. */
import type { FastifyBaseLogger } from 'fastify'
import { createRequire } from 'node:module'
import type { Redis, RedisOptions } from 'ioredis'
import { LC_INVALID_OPTION } from '../../errors.js'
import type { RedisSource } from './source.js'

export type { RedisSource } from './source.js'

/**
 * The ioredis package (an optional peer dependency), loaded when a connection is first opened.
 *
 * @throws LC_INVALID_OPTION when the `redis` option is set but ioredis is not installed
 * @example
 * const { Redis } = ioredis()
 */
function ioredis (): { Redis: new (url: string, opts: RedisOptions) => Redis } {
  try {
    return createRequire(import.meta.url)('ioredis') as { Redis: new (url: string, opts: RedisOptions) => Redis }
  } catch {
    throw new LC_INVALID_OPTION('redis', 'needs the ioredis package: npm install ioredis')
  }
}

/**
 * Opens a connection: a new one for a URL; for an app's ioredis instance, a duplicate (with
 * `reuse`, the instance itself). Only connections the plugin opened are closed by it.
 *
 * @returns the connection and whether the plugin owns it
 * @example
 * const { conn, owned } = connect('redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 })
 */
export function connect (source: RedisSource, opts: RedisOptions, reuse = false): { conn: Redis, owned: boolean } {
  if (typeof source === 'string') return { conn: new (ioredis().Redis)(source, opts), owned: true }
  const client = source as Redis
  return reuse ? { conn: client, owned: false } : { conn: client.duplicate(opts), owned: true }
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

/** How long a connection may take to say goodbye (QUIT) when the app closes, in milliseconds. */
const CLOSE_WAIT_MS = 500

/**
 * Closes a connection the plugin owns: QUIT first, so commands already sent get their replies
 * (after a reconnect ioredis re-sends some by itself, and a bare disconnect would reject them
 * with nobody to catch it), then drop it; one that cannot say goodbye within 500 ms is dropped.
 *
 * @example
 * await closeConnection(conn)
 */
export async function closeConnection (conn: Redis): Promise<void> {
  await Promise.race([conn.quit().then(() => undefined, () => undefined), new Promise((resolve) => setTimeout(resolve, CLOSE_WAIT_MS).unref())])
  conn.disconnect()
}
