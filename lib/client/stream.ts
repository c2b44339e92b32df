/** @module client/stream — streams (`stream()`): a container with a limit keeps only that many items, dropping the oldest at the other end. */
import { ATTR } from '../protocol.js'
import { isElement } from './dom.js'

/**
 * After items were added to a stream container with ATTR.streamLimit, removes the items beyond
 * the limit from the other end: from the start after an append (the added items are in the
 * second half), from the end after a prepend (Phoenix LiveView's `limit`).
 *
 * @example
 * trimStream(record) // in a MutationObserver callback
 */
export function trimStream (record: MutationRecord): void {
  const box = record.target
  if (!isElement(box) || !box.hasAttribute(ATTR.streamLimit) || record.addedNodes.length === 0) return
  const limit = Number(box.getAttribute(ATTR.streamLimit))
  if (!(limit > 0)) return
  // added in the second half (an append): the oldest are at the start; else (a prepend) at the end
  const added = Array.from(record.addedNodes).find((n) => isElement(n) && n.parentNode === box) as Element | undefined
  if (added === undefined) return
  const appended = Array.from(box.children).indexOf(added) >= box.children.length / 2
  while (box.children.length > limit) {
    const drop = appended ? box.firstElementChild : box.lastElementChild
    if (drop === null) return
    drop.remove()
  }
}
