/** @module client/expiry — a page whose tokens expired (410 over its WebSocket) reloads once, when the user is not typing, and never in a loop. */
import { viewOf } from './dom.js'

/** The sessionStorage key that remembers when the page last reloaded because it expired. */
const KEY = 'fastify-livecomponents.expired-reload'

/**
 * Milliseconds after such a reload within which another one is not made: the reload did not
 * help (the server refuses even fresh tokens), so the page shows the error and stays.
 */
export const RELOAD_LOOP_MS = 30_000

/**
 * Whether the user is typing: the focused element takes text (an input other than a button or
 * a box, a textarea, a select, or an editable element).
 *
 * @example
 * editing(document) // true while the caret is in a text input
 */
export function editing (doc: Document): boolean {
  const el = doc.activeElement as (HTMLElement & { type?: string }) | null
  if (el === null || el === doc.body) return false
  if (el.isContentEditable) return true
  const tag = el.tagName
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true
  return tag === 'INPUT' && !['button', 'submit', 'reset', 'checkbox', 'radio', 'image', 'hidden'].includes(el.type ?? '')
}

/**
 * Reloads the page because its tokens expired, once: now when the user is not typing, else as
 * soon as the focus leaves the field. Returns false, and does nothing, when the page reloaded
 * for this less than {@link RELOAD_LOOP_MS} ago (a loop).
 *
 * @example
 * if (!reloadWhenIdle(document, () => location.reload())) showError(document, detail)
 */
export function reloadWhenIdle (doc: Document, reload: () => void, now: () => number = Date.now): boolean {
  const view = viewOf(doc)
  let last = 0
  try { last = Number(view.sessionStorage.getItem(KEY) ?? 0) } catch { /* storage refused: no loop guard beyond this page */ }
  if (now() - last < RELOAD_LOOP_MS) return false
  const go = (): void => {
    try { view.sessionStorage.setItem(KEY, String(now())) } catch { /* storage refused */ }
    reload()
  }
  if (!editing(doc)) {
    go()
    return true
  }
  const later = (): void => {
    // the focus moves on after focusout: look once it has
    view.setTimeout(() => {
      if (editing(doc)) return
      doc.removeEventListener('focusout', later)
      go()
    }, 0)
  }
  doc.addEventListener('focusout', later)
  return true
}
