/** @module features/server-state/store — where server-held state lives: the store interface and its in-memory LRU, bounded by bytes, expiring. */

/**
 * One instance's state as a store holds it: its version and the JSON of the state (`s`), the
 * features' extra (`x`), and the name, instance id, parent, keyed flag and session binding its
 * reference does not carry.
 *
 * @example
 * { version: 3, json: '{"n":"counter","i":"top","p":null,"k":1,"s":{"count":3}}' }
 */
export interface Held {
  version: number
  json: string
}

/**
 * Keeps the state of instances rendered with `state: 'server'`, by render id. The newest version
 * wins: a write of an older version than the one held is ignored. Every read or write starts the
 * entry's time to live again.
 *
 * @example
 * await store.put('k3.1', 0, '{"s":{"n":0}}'); (await store.get('k3.1'))?.version // 0
 */
export interface HeldStateStore {
  /**
   * The held state of `rid`, its expiry started again; undefined when expired or forgotten.
   *
   * @throws LC_STATE_UNAVAILABLE (503) when the store cannot be reached
   */
  get: (rid: string) => Promise<Held | undefined>
  /**
   * Hold `json` as version `version` of `rid`, unless a newer version is held.
   *
   * @throws LC_STATE_UNAVAILABLE (503) when the store cannot be reached
   */
  put: (rid: string, version: number, json: string) => Promise<void>
  /** Get ready (connect); resolves when usable or after a short wait. */
  start: () => Promise<void>
  /** Close what the store opened. */
  close: () => Promise<void>
}

interface Entry extends Held {
  /** bytes of `json` (UTF-8) */
  bytes: number
  /** when the entry expires, in milliseconds since the epoch */
  expires: number
}

/**
 * The default {@link HeldStateStore}: in this process, bounded by the bytes of the states it holds
 * (least recently used forgotten first) and by time (an entry unused for `ttl` seconds is
 * forgotten), in the manner of component-framework's `InMemoryStateStore`. A forgotten instance's
 * next command gets 410 LC_STATE_EXPIRED and its page reloads. One process only: several server
 * instances share state through Redis (the `redis` option).
 *
 * @example
 * const store = new MemoryHeldStore({ maxBytes: 64 * 1024 * 1024, ttl: 86400, now: Date.now })
 */
export class MemoryHeldStore implements HeldStateStore {
  /** in order of use: least recently used first (with one ttl, also the order of expiry) */
  private readonly entries = new Map<string, Entry>()
  private held = 0

  /**
   * @param opts.maxBytes - most bytes of state JSON held, all instances together
   * @param opts.ttl - seconds an unused state is kept
   * @param opts.now - the clock, in milliseconds since the epoch
   */
  constructor (private readonly opts: { maxBytes: number, ttl: number, now: () => number }) {}

  /** Bytes of state JSON held now, all instances together. */
  get bytes (): number {
    return this.held
  }

  async get (rid: string): Promise<Held | undefined> {
    const e = this.entries.get(rid)
    if (e === undefined) return undefined
    this.entries.delete(rid)
    const now = this.opts.now()
    if (e.expires <= now) {
      this.held -= e.bytes
      return undefined
    }
    e.expires = now + this.opts.ttl * 1000
    this.entries.set(rid, e)
    return { version: e.version, json: e.json }
  }

  async put (rid: string, version: number, json: string): Promise<void> {
    const now = this.opts.now()
    const old = this.entries.get(rid)
    if (old !== undefined) {
      this.entries.delete(rid)
      this.held -= old.bytes
      if (old.version > version && old.expires > now) {
        // a newer state is held: keep it (and keep it alive)
        old.expires = now + this.opts.ttl * 1000
        this.entries.set(rid, old)
        this.held += old.bytes
        return
      }
    }
    const bytes = Buffer.byteLength(json)
    this.entries.set(rid, { version, json, bytes, expires: now + this.opts.ttl * 1000 })
    this.held += bytes
    this.prune(now)
  }

  /** Forget expired entries, then the least recently used ones while over `maxBytes`. */
  private prune (now: number): void {
    for (const [rid, e] of this.entries) {
      if (e.expires > now && this.held <= this.opts.maxBytes) break
      this.entries.delete(rid)
      this.held -= e.bytes
    }
  }

  async start (): Promise<void> {}

  async close (): Promise<void> {
    this.entries.clear()
    this.held = 0
  }
}
