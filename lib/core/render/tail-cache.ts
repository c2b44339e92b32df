/** @module core/render/tail-cache — the command attributes of each instance, cached across renders. */
import { commandTail } from './markup.js'

/** Most instances kept; the cache is emptied when full (renders just compute again). */
const MAX_ENTRIES = 10000

/**
 * The attributes after `hx-post` are the same for every control of an instance and for every
 * render of it (they depend on its id and swap style only), so they are computed once per
 * instance id and kept here, one cache per plugin registration.
 *
 * @example
 * const tail = cache.get('cart/line-1', 4)
 */
export class TailCache {
  private readonly tails = new Map<string, string>()

  /** The cached tail of the instance `id`. */
  get (id: string, htmxMajor: 2 | 4, swap = 'outerHTML'): string {
    const key = `${swap}\n${id}`
    let tail = this.tails.get(key)
    if (tail === undefined) {
      if (this.tails.size >= MAX_ENTRIES) this.tails.clear()
      tail = commandTail({ id, htmxMajor, swap })
      this.tails.set(key, tail)
    }
    return tail
  }
}
