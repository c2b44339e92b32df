/** @module test/client/page — a happy-dom page for the client's unit tests, typed as the DOM lib's Document and Window. */
import type { Test } from 'tap'
import { Window as HappyWindow } from 'happy-dom'
import { start } from '../../lib/client/start.js'

/** A page: its document and window, htmx-like event firing, and a query shortcut. */
export interface Page {
  document: Document
  window: Window & typeof globalThis
  /** fires an event the way htmx does: bubbling, cancelable, with a detail */
  fire: (el: EventTarget, name: string, detail?: unknown) => CustomEvent
  /** the first element matching `sel` (the test fails if there is none) */
  $: (sel: string) => Element
}

/**
 * A happy-dom page with `html` in its body, closed at teardown; with `live: true`, the client is
 * started on it as the bundle does on a real page.
 */
export function page (t: Test, html = '', opts: { live?: boolean } = {}): Page {
  const happy = new HappyWindow({ url: 'http://localhost/' })
  t.teardown(() => happy.happyDOM.close())
  const window = happy as unknown as Window & typeof globalThis
  const document = window.document
  document.body.innerHTML = html
  if (opts.live === true) start(document, window)
  const fire = (el: EventTarget, name: string, detail: unknown = {}): CustomEvent => {
    const evt = new window.CustomEvent(name, { bubbles: true, cancelable: true, detail })
    el.dispatchEvent(evt)
    return evt
  }
  const $ = (sel: string): Element => {
    const el = document.querySelector(sel)
    if (el === null) throw new Error(`no element matches ${sel}`)
    return el
  }
  return { document, window, fire, $ }
}
