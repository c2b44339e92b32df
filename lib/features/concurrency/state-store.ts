/** @module features/concurrency/state-store — serialises commands per component instance and remembers its latest state. */
import { LC_BUSY } from '../../errors.js'

/**
 * The latest state of one instance, as a signed token and its version.
 *
 * @example
 * { version: 3, token: 'v1.eyJu….mac' }
 */
export interface Latest {
  version: number
  token: string
}

/**
 * A held instance: at most one command per instance holds it at a time.
 *
 * @example
 * const lease = await store.acquire(rid, 10)
 * try { … } finally { lease.release(3, token) }
 */
export interface Lease {
  /** the latest state a finished command left, if this process remembers one */
  latest?: Latest
  /** let the next command in; with a version and token, they become the instance's latest state */
  release: (version?: number, token?: string) => void
}

/**
 * Where racing commands are serialised and latest states kept: in this process
 * ({@link InMemoryStateStore}) or across instances through Redis (`RedisStateStore`).
 *
 * @example
 * const lease = await store.acquire(claims.rid, 10)
 */
export interface StateStore {
  /**
   * Wait for the instance, then hold it.
   *
   * @throws LC_BUSY (409) after `waitSeconds`
   */
  acquire: (rid: string, waitSeconds: number) => Promise<Lease>
  /** The latest state a finished command left for `rid`, without waiting or holding it. */
  latest: (rid: string) => Promise<Latest | undefined>
  /** Get ready (connect); resolves when usable or after a short wait. */
  start: () => Promise<void>
  /** Close what the store opened. */
  close: () => Promise<void>
}

interface Entry {
  latest?: Latest
  /** settles when the last command that asked for the instance has released it */
  tail: Promise<void>
  holders: number
}

/**
 * The in-memory state store (django-livecomponents' InMemoryStateStore), used for one thing: no update is lost when two commands on the
 * same instance race (two clicks on different controls, a field change and a submit).
 *
 * Every rendered instance has a render id (`rid`, in its signed token) and a version that grows
 * by one with every command that re-renders it. Commands on one rid run one after another; a
 * command whose posted state is older than the latest one a finished command left runs on that
 * latest state instead (the way a LiveView process handles events in order), so the second
 * click sees the first click's result. A command that waits longer than `waitSeconds` gets
 * 409 LC_BUSY and runs nothing.
 *
 * The store is per process and bounded by count (`maxInstances`) and by the bytes of the states
 * it holds (`maxBytes`), least recently used forgotten first;
 * a forgotten instance simply runs on the state its page posted. With the `redis` option the
 * plugin uses `RedisStateStore` instead, which does the same across server instances.
 *
 * @example
 * const store = new InMemoryStateStore({ maxInstances: 10000, maxBytes: 64 * 1024 * 1024 })
 */
export class InMemoryStateStore implements StateStore {
  private readonly entries = new Map<string, Entry>()
  /** characters of the latest-state tokens held (tokens are ASCII: bytes) */
  private bytes = 0

  /**
   * @param opts.maxInstances - most instances remembered
   * @param opts.maxBytes - most bytes of latest states remembered, all instances together
   */
  constructor (private readonly opts: { maxInstances: number, maxBytes: number }) {}

  /**
   * Wait for the instance, then hold it.
   *
   * @param rid - the instance's render id
   * @param waitSeconds - longest wait for earlier commands, in seconds
   * @throws LC_BUSY (409) after `waitSeconds`; the caller then runs nothing
   */
  async acquire (rid: string, waitSeconds: number): Promise<Lease> {
    let entry = this.entries.get(rid)
    if (entry === undefined) {
      entry = { tail: Promise.resolve(), holders: 0 }
    } else {
      this.entries.delete(rid) // re-insert: most recently used last
    }
    this.entries.set(rid, entry)
    const free = entry.holders === 0
    const before = entry.tail
    let done!: () => void
    entry.tail = new Promise<void>((resolve) => { done = resolve })
    entry.holders++
    const e = entry
    let released = false
    const release = (version?: number, token?: string): void => {
      if (released) return
      released = true
      if (version !== undefined && token !== undefined && (e.latest === undefined || version > e.latest.version)) {
        if (this.entries.get(rid) === e) this.bytes += token.length - (e.latest?.token.length ?? 0)
        e.latest = { version, token }
      }
      e.holders--
      done()
      this.evict()
    }
    if (free) {
      // nobody holds it: no wait, no timer (the usual case)
      this.evict()
      return { latest: e.latest, release }
    }
    let timer: NodeJS.Timeout | undefined
    const waited = await Promise.race([
      before.then(() => true),
      new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(false), waitSeconds * 1000) })
    ])
    clearTimeout(timer)
    if (!waited) {
      // keep the queue in order: this slot passes on once the earlier commands are done
      void before.then(() => release())
      throw new LC_BUSY(rid)
    }
    this.evict()
    return { latest: e.latest, release }
  }

  /**
   * The latest state a finished command left for `rid`, without waiting or holding it: for
   * components re-rendered next to the one that runs (ComponentDirty(id), ParentDirty).
   */
  async latest (rid: string): Promise<Latest | undefined> {
    return this.entries.get(rid)?.latest
  }

  async start (): Promise<void> {}

  async close (): Promise<void> {
    this.entries.clear()
    this.bytes = 0
  }

  /** Forget the least recently used instances nobody holds, down to `maxInstances` and `maxBytes`. */
  private evict (): void {
    const over = (): boolean => this.entries.size > this.opts.maxInstances || this.bytes > this.opts.maxBytes
    if (!over()) return
    for (const [rid, entry] of this.entries) {
      if (!over()) break
      if (entry.holders === 0) {
        this.entries.delete(rid)
        this.bytes -= entry.latest?.token.length ?? 0
      }
    }
  }
}
