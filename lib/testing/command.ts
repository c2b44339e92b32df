/** @module testing/command — a command request as htmx sends it, and its response as the page sees it, with the execution results it expressed. */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { ComponentDirty, PushUrl, RedirectPage, RefreshPage, ReplaceUrl, TriggerEvent, type ExecutionResult } from '../core/results/results.js'
import { EVENT, FIELD, HEADER, PATH } from '../protocol.js'

/**
 * What one command call sends besides the component's own tokens.
 *
 * @example
 * await cart.call('add', { args: [7, 2], fields: { note: 'gift' } })
 */
export interface CallOptions {
  /** positional arguments: each becomes one path segment (`String(arg)`, URL-encoded) */
  args?: unknown[]
  /** named arguments and form fields (urlencoded body); an array repeats the field */
  fields?: Record<string, string | number | boolean | Array<string | number | boolean>>
  /** extra request headers (a cookie, a user header your app reads) */
  headers?: Record<string, string>
}

/**
 * A refused command's error, as the page's `live:error` event gets it (`HX-Trigger`).
 *
 * @example
 * res.error // { status: 403, code: 'LC_FORBIDDEN', message: 'Forbidden' }
 */
export interface LiveError {
  status: number
  code: string
  message: string
  /** per-field messages, when the refusal has them (a schema failure of the arguments) */
  fields?: Record<string, string[]>
}

/**
 * A command's response, as the page sees it.
 *
 * @example
 * const res = await counter.call('inc', { args: [2] })
 * res.status // 200
 * res.dirty // ['counter']
 */
export interface CommandResult {
  status: number
  headers: Record<string, string | string[] | undefined>
  /** the raw body */
  body: string
  /**
   * Ids of the elements the response swapped into the page, the main swap first: component
   * roots and out-of-band fragments (a form field's error element, a toast). A 2xx response is
   * swapped, and so is a 422 (an invalid form re-rendered, which htmx 4 swaps and the client
   * helper makes htmx 2 swap); other 4xx/5xx never are.
   */
  dirty: string[]
  /**
   * The execution results the response expresses, as objects: RedirectPage, RefreshPage,
   * ReplaceUrl, PushUrl, TriggerEvent (one per event of `HX-Trigger`) and ComponentDirty(id)
   * for each component root it swapped. A ComponentClean response expresses none.
   */
  results: ExecutionResult[]
  /** `HX-Redirect`, when the command redirects the page */
  redirect?: string
  /** the refusal, for a 4xx/5xx (never swapped into the page) */
  error?: LiveError
}

/** Encodes one positional argument as a path segment. */
function segment (arg: unknown): string {
  return encodeURIComponent(String(arg))
}

/**
 * Sends one command as htmx does: `POST {prefix}/{name}/cmd/{command}/{args…}`, urlencoded
 * body with the instance id, the state tokens and the fields, `HX-Request: true`, and the page's
 * page and CSRF headers when it has them.
 *
 * @example
 * await sendCommand(app, { prefix: '/components', name: 'counter', command: 'inc', id: 'c', tokens, page: { csrf, pageToken } }, { args: [1] })
 */
export async function sendCommand (
  app: FastifyInstance,
  target: { prefix: string, name: string, command: string, id: string, tokens: string[], page: { csrf?: string, pageToken?: string } },
  opts: CallOptions = {}
): Promise<LightMyRequestResponse> {
  const body = new URLSearchParams([[FIELD.id, target.id], ...target.tokens.map((t): [string, string] => [FIELD.state, t])])
  for (const [k, v] of Object.entries(opts.fields ?? {})) for (const one of Array.isArray(v) ? v : [v]) body.append(k, String(one))
  const url = `${target.prefix}/${target.name}/${PATH.command}/${target.command}${(opts.args ?? []).map((a) => '/' + segment(a)).join('')}`
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', [HEADER.request]: 'true' }
  if (target.page.csrf !== undefined) headers[HEADER.csrf] = target.page.csrf
  if (target.page.pageToken !== undefined) headers[HEADER.page] = target.page.pageToken
  return await app.inject({ method: 'POST', url, payload: body.toString(), headers: { ...headers, ...opts.headers } })
}

/**
 * Reads a command response: its error (from `HX-Trigger`'s `live:error`), and the execution
 * results its headers express. `swapped` are the ids the page swapped, `isComponent` says which
 * of them are component roots.
 *
 * @example
 * const result = readResponse(res, ['counter'], () => true)
 */
export function readResponse (res: LightMyRequestResponse, swapped: string[], isComponent: (id: string) => boolean): CommandResult {
  const h = res.headers
  const one = (name: string): string | undefined => {
    const v = h[name.toLowerCase()]
    return Array.isArray(v) ? v[0] : v === undefined ? undefined : String(v)
  }
  const results: ExecutionResult[] = []
  const out: CommandResult = { status: res.statusCode, headers: h as CommandResult['headers'], body: res.body, dirty: swapped, results }
  const redirect = one(HEADER.redirect)
  if (redirect !== undefined) { out.redirect = redirect; results.push(new RedirectPage(redirect)) }
  if (one(HEADER.refresh) === 'true') results.push(new RefreshPage())
  const replace = one(HEADER.replaceUrl)
  if (replace !== undefined) results.push(new ReplaceUrl(replace))
  const push = one(HEADER.pushUrl)
  if (push !== undefined) results.push(new PushUrl(push))
  const trigger = one(HEADER.trigger)
  if (trigger !== undefined) {
    let events: Record<string, unknown>
    try {
      events = trigger.trim().startsWith('{') ? JSON.parse(trigger) : Object.fromEntries(trigger.split(',').map((n) => [n.trim(), null]))
    } catch {
      events = {}
    }
    for (const [name, detail] of Object.entries(events)) {
      if (name === EVENT.error) out.error = detail as LiveError
      else results.push(new TriggerEvent(name, detail))
    }
  }
  for (const id of swapped) if (isComponent(id)) results.push(new ComponentDirty(id))
  return out
}
