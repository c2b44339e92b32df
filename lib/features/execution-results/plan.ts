/** @module execution-results/plan — turns what a command returned into headers and a dirty set. */
import { LC_BAD_RESULT } from '../../errors.js'
import { ComponentClean, ComponentDirty, isExecutionResult, ParentDirty, PushUrl, RedirectPage, RefreshPage, ReplaceUrl, TriggerEvent, type ExecutionResult } from './results.js'

/**
 * What the response must do, before any rendering.
 *
 * @example
 * const { headers, dirty } = planResults(returned, input)
 */
export interface ResultPlan {
  /** htmx response headers: HX-Redirect, HX-Refresh, HX-Replace-Url, HX-Push-Url, HX-Trigger */
  headers: Record<string, string>
  /** RedirectPage or RefreshPage: the body is empty and nothing is rendered */
  navigates: boolean
  /** ids to render, without the ones a dirty ancestor re-renders, in first-mention order */
  dirty: string[]
  /** ids that were marked dirty but were not sent with the request (not on the page) */
  missing: string[]
}

/**
 * Where the invoking instance sits, and the parents of every instance the request sent.
 *
 * @example
 * planResults(undefined, { command: 'add', selfId: 'row:1', parentOf: (id) => parents.get(id), warn: log.warn })
 */
export interface PlanInput {
  command: string
  selfId: string
  /** parent id of an instance sent with the request; undefined when it was not sent */
  parentOf: (id: string) => string | null | undefined
  /** a warning for the log (ParentDirty on a top-level component) */
  warn: (msg: string) => void
}

/**
 * Maps a command's return value onto htmx headers and the set of components to re-render.
 *
 * - nothing returned → ComponentDirty(); a list combines its results;
 * - the invoking component is dirty when the list has no ComponentClean, ComponentDirty or
 *   ParentDirty, so `return new ReplaceUrl(u)` still re-renders it;
 * - RedirectPage → `HX-Redirect`, RefreshPage → `HX-Refresh: true`, both with an empty body;
 *   ReplaceUrl → `HX-Replace-Url`; PushUrl → `HX-Push-Url`; TriggerEvents merge into one
 *   `HX-Trigger` JSON object;
 * - header values are made ASCII, as HTTP requires: URLs get their non-ASCII, space and control
 *   characters percent-encoded (existing percent escapes are kept), JSON gets `\u` escapes;
 *   both decode to the same text in the browser;
 * - a dirty component whose ancestor is dirty too is dropped, by walking the real parent
 *   chain (never by id prefix, so `row:1` does not swallow `row:10`).
 *
 * @throws LC_BAD_RESULT (500) when anything else was returned
 * @example
 * planResults([new ComponentDirty(), new ComponentDirty('cart-counter')], input).dirty // ['row:7', 'cart-counter']
 */
export function planResults (returned: unknown, input: PlanInput): ResultPlan {
  const list: unknown[] = returned === undefined ? [new ComponentDirty()] : Array.isArray(returned) ? returned : [returned]
  const results: ExecutionResult[] = []
  for (const r of list) {
    if (!isExecutionResult(r)) throw new LC_BAD_RESULT(input.command, describe(r))
    results.push(r)
  }
  const headers: Record<string, string> = {}
  const triggers: Record<string, unknown> = {}
  const marked: string[] = []
  let rendering = false
  for (const r of results) {
    if (r instanceof RedirectPage) headers['HX-Redirect'] = headerUrl(r.url)
    else if (r instanceof RefreshPage) headers['HX-Refresh'] = 'true'
    else if (r instanceof ReplaceUrl) headers['HX-Replace-Url'] = headerUrl(r.url)
    else if (r instanceof PushUrl) headers['HX-Push-Url'] = headerUrl(r.url)
    else if (r instanceof TriggerEvent) triggers[r.name] = r.detail
    else {
      rendering = true
      if (r instanceof ComponentDirty) marked.push(r.id ?? input.selfId)
      else if (r instanceof ParentDirty) {
        const parent = input.parentOf(input.selfId)
        if (parent) marked.push(parent)
        else input.warn(`ParentDirty from "${input.command}" on a top-level component; nothing to re-render`)
      } else if (!(r instanceof ComponentClean)) throw new LC_BAD_RESULT(input.command, describe(r))
    }
  }
  if (!rendering) marked.push(input.selfId)
  if (Object.keys(triggers).length > 0) headers['HX-Trigger'] = asciiJson(triggers)
  const navigates = 'HX-Redirect' in headers || 'HX-Refresh' in headers
  if (navigates) return { headers, navigates, dirty: [], missing: [] }

  const unique = [...new Set(marked)]
  const missing = unique.filter((id) => input.parentOf(id) === undefined)
  const present = new Set(unique.filter((id) => input.parentOf(id) !== undefined))
  const dirty = [...present].filter((id) => !hasDirtyAncestor(id, present, input.parentOf))
  return { headers, navigates, dirty, missing }
}

function hasDirtyAncestor (id: string, dirty: Set<string>, parentOf: (id: string) => string | null | undefined): boolean {
  const seen = new Set<string>([id])
  for (let p = parentOf(id); p != null && !seen.has(p); p = parentOf(p)) {
    if (dirty.has(p)) return true
    seen.add(p)
  }
  return false
}

/** A URL as a header value: every character outside printable ASCII (and space) percent-encoded. */
function headerUrl (url: string): string {
  return String(url).replace(/[^\x21-\x7e]/gu, (c) => {
    try {
      return encodeURIComponent(c)
    } catch {
      return '%EF%BF%BD' // a lone surrogate: U+FFFD
    }
  })
}

/** JSON as a header value: every character outside ASCII as a `\u` escape of four hex digits. */
function asciiJson (value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'))
}

function describe (value: unknown): string {
  if (value === null) return 'null'
  if (typeof value === 'object') return `an object of class ${value.constructor?.name ?? 'Object'}`
  return `a ${typeof value}`
}
