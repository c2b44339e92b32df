/** @module core/render/tail-cache — the command attributes of each instance, cached across renders. */
import { commandTail } from './markup.js'

/** Most lineages kept; the cache is emptied when full (renders just compute again). */
const MAX_ENTRIES = 10000

/**
 * The attributes after `hx-post` are the same for every control of an instance and for every
 * render of it (they depend on its id and its ancestors' ids only), so they are computed once per
 * lineage and kept here, one cache per plugin registration.
 *
 * @example
 * const tail = cache.get(['cart', 'cart/line-1'], 4)
 */
export class TailCache {
  private readonly tails = new Map<string, string>()

  /** @param includes - more `hx-include` selectors for the instance at the end of a lineage (the features') */
  constructor (readonly includes: (lineage: readonly string[]) => string[] = () => []) {}

  /** Forget every tail: what `includes` answers changed (a feature's first component registered late). */
  clear (): void {
    this.tails.clear()
  }

  /** The cached tail of the instance at the end of `lineage`. */
  get (lineage: readonly string[], htmxMajor: 2 | 4, swap = 'outerHTML'): string {
    const key = `${swap}\n${lineage.join('\n')}`
    let tail = this.tails.get(key)
    if (tail === undefined) {
      if (this.tails.size >= MAX_ENTRIES) this.tails.clear()
      tail = commandTail({ id: lineage[lineage.length - 1], lineage, htmxMajor, swap, include: this.includes(lineage) })
      this.tails.set(key, tail)
    }
    return tail
  }
}
