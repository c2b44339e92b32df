/** @module core/render/capture — `component()` calls with keyword arguments (nunjucks' `{% call %}`): the features' `componentCall` hooks, and capturing a body whose components are recorded, not rendered. */
import type { ComponentCall, PlacedChild } from '../hooks.js'
import { hooksOf } from '../host.js'
import type { Registration } from '../registry.js'
import type { Pass } from './types.js'

/**
 * The body being captured by {@link ComponentCall.capture}: the `component()` calls in it are
 * recorded as `children`, each replaced by a child marker.
 *
 * @example
 * const cap: Capture = { owner: 'card', prefix: 'slot-', children: [], count: 0 }
 */
export interface Capture {
  /** the instance whose body it is: automatic ids are `<owner>/<prefix><name>-<n>` */
  owner: string
  prefix: string
  children: PlacedChild[]
  count: number
}

/**
 * What the helpers of one template render share: the capture in progress, if any.
 *
 * @example
 * const state: CaptureState = { capture: null }
 */
export interface CaptureState {
  capture: Capture | null
}

/**
 * Whether a helper argument is nunjucks' keyword arguments (what `{% call %}` and `name=value`
 * arguments pass, last, marked `__keywords`).
 *
 * @example
 * isKeywords({ caller, __keywords: true }) // true
 */
export function isKeywords (arg: unknown): arg is Record<string, unknown> {
  return typeof arg === 'object' && arg !== null && (arg as { __keywords?: unknown }).__keywords === true
}

/**
 * The marker of a recorded child in captured HTML.
 *
 * @example
 * childMarker(pass, 0) // '<!--lc-child:0123456789abcdef:0-->'
 */
export function childMarker (pass: Pass, index: number): string {
  return `<!--lc-child:${pass.nonce}:${index}-->`
}

/**
 * Run the features' `componentCall` hooks for a `component(name, …)` call with keyword
 * arguments or options besides `id`; returns what they hand to the instance's render (undefined: nothing).
 *
 * @example
 * const input = componentCall(pass, state, reg, 'card', {}, { caller }, {})
 */
export function componentCall (pass: Pass, state: CaptureState, reg: Registration, id: string, props: unknown, keywords: Record<string, unknown>, options: Record<string, unknown>): Record<string, unknown> | undefined {
  const hooks = hooksOf(pass.host).componentCall
  if (hooks.length === 0) return undefined
  const { __keywords: _, ...kw } = keywords
  const input: Record<string, unknown> = {}
  const call: ComponentCall = {
    pass,
    reg,
    id,
    keywords: kw,
    options,
    props,
    input,
    capture: (render, prefix) => {
      const saved = state.capture
      const capture: Capture = { owner: id, prefix, children: [], count: 0 }
      state.capture = capture
      let html: string
      try {
        html = String(render() ?? '')
      } finally {
        state.capture = saved
      }
      return { parts: splitMarkers(pass, html, capture.children.length), children: capture.children }
    }
  }
  for (const f of hooks) f.componentCall!(call)
  return Object.keys(input).length > 0 ? input : undefined
}

/** Captured HTML → strings and child indexes (only this pass's markers, of recorded children). */
function splitMarkers (pass: Pass, html: string, count: number): Array<string | number> {
  const parts: Array<string | number> = []
  const marker = new RegExp(`<!--lc-child:${pass.nonce}:(\\d+)-->`, 'g')
  let at = 0
  for (const m of html.matchAll(marker)) {
    const index = Number(m[1])
    if (index >= count) continue
    if (m.index > at) parts.push(html.slice(at, m.index))
    parts.push(index)
    at = m.index + m[0].length
  }
  if (at < html.length) parts.push(html.slice(at))
  return parts
}
