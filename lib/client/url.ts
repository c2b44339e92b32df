/** @module client/url — pages with URL-bound state: back and forward render the page again instead of restoring htmx 2's snapshot. */
import { ATTR } from '../protocol.js'
import { viewOf } from './dom.js'

/**
 * On a page with a URL-bound component (ATTR.url), turns off htmx 2's history cache
 * (`htmx.config.historyCacheSize = 0`): going back then asks the server for the page at that URL
 * (htmx 2's `HX-History-Restore-Request`, as htmx 4 always does), so the components mount from
 * the URL again instead of a snapshot holding state tokens older than the ones they replaced.
 * Returns the check to run when nodes were added.
 *
 * @example
 * const check = watchUrl(document)
 */
export function watchUrl (doc: Document): () => void {
  const win = viewOf(doc)
  let done = false
  const check = (): void => {
    if (done || doc.querySelector(`[${ATTR.url}]`) === null) return
    const config = (win as unknown as { htmx?: { config?: Record<string, unknown> } }).htmx?.config
    if (config === undefined) return
    config.historyCacheSize = 0
    done = true
  }
  if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', check)
  else check()
  return check
}
