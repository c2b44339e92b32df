/** @module client/pushed-message — what a WebSocket message from the server is, and whether the page may swap it now. */
import { ATTR, WS } from '../protocol.js'
import { busy, stateMac } from './dom.js'
import type { LiveErrorDetail } from './errors.js'

/**
 * A message the server pushed: an error frame (JSON), an intermediate frame of a streaming
 * command, or a render of a component (HTML whose root has ATTR.component).
 *
 * @example
 * const m: Pushed = { kind: 'render', id: 'cart', base: 'q3Xo…' }
 */
export type Pushed =
  | { kind: 'failure', detail: LiveErrorDetail }
  | { kind: 'frame', id: string }
  | { kind: 'render', id: string, base: string | null }

/**
 * Reads a WebSocket message. HTML is parsed by a `<template>` (inert: nothing loads or runs, and
 * `<td>` or `<li>` roots parse as they are); only its root element is read. Returns null for
 * anything else (other JSON, HTML that is not a component root, binary data).
 *
 * @example
 * parsePushed(document, text) // { kind: 'render', id: 'a&b', base: 'q3Xo' } for a pushed <li id="a&amp;b"> root
 */
export function parsePushed (doc: Document, text: unknown): Pushed | null {
  if (typeof text !== 'string') return null
  if (text.charAt(0) === '{') {
    let msg: { type?: unknown, status?: number, code?: string, message?: string } | null
    try { msg = JSON.parse(text) } catch { return null }
    if (msg?.type !== WS.error) return null
    return { kind: 'failure', detail: { status: msg.status, code: msg.code, message: msg.message } }
  }
  const tpl = doc.createElement('template')
  tpl.innerHTML = text
  const root = tpl.content.firstElementChild
  if (root === null || !root.hasAttribute('id') || !root.hasAttribute(ATTR.component)) return null
  if (root.hasAttribute(ATTR.frame)) return { kind: 'frame', id: root.id }
  return { kind: 'render', id: root.id, base: root.getAttribute(ATTR.base) }
}

/**
 * What to do with a pushed frame or render: `swap` it, `drop` it, or drop it and ask `later` for
 * a fresh render.
 *
 * @example
 * const v: Verdict = 'later'
 */
export type Verdict = 'swap' | 'drop' | 'later'

/**
 * Decides whether a pushed message may be swapped into the page now.
 * - A streamed frame is wanted only while its component's command is in flight.
 * - A pushed render must not replace a component (or its parent or child) whose command is in
 *   flight: the command's response would lose its target. Nor may a render of an older state
 *   replace a newer one (ATTR.base, the MAC of the state it was rendered from, differs from
 *   the page's). Both are asked for again later.
 *
 * @example
 * verdict(document, { kind: 'render', id: 'cart', base: 'old' }) // 'later' when the page holds a newer state
 */
export function verdict (doc: Document, msg: Exclude<Pushed, { kind: 'failure' }>): Verdict {
  const root = doc.getElementById(msg.id)
  if (msg.kind === 'frame') return root !== null && root.getAttribute('aria-busy') === 'true' ? 'swap' : 'drop'
  if (root === null) return 'swap'
  return busy(root) || (msg.base !== null && msg.base !== stateMac(root)) ? 'later' : 'swap'
}
