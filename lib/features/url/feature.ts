/** @module features/url/feature — URL-bound state: state keys that mirror query parameters, read on first render and written back by commands with HX-Replace-Url or HX-Push-Url. */
import type { FastifyRequest } from 'fastify'
import type { ArgSchema } from '../../core/commands/schema.js'
import type { Feature } from '../../core/hooks.js'
import type { Registration } from '../../core/registry.js'
import { LC_INVALID_COMPONENT } from '../../errors.js'
import { ATTR, HEADER } from '../../protocol.js'
import { readPath, writePath } from '../model/paths.js'
import { compileWritable, valueFor, type WritablePath } from '../model/writable.js'

/**
 * One state key mirrored in the page's URL: `'q'`, or `{ key, as, history, schema }`.
 * - `key`: a state path (`'page'`, `'filters.status'`);
 * - `as`: the query parameter (default: the key);
 * - `history`: `'replace'` (default, `HX-Replace-Url`) or `'push'` (`HX-Push-Url`: back and
 *   forward step through the values);
 * - `schema`: what a URL value must match (TypeBox/JSON Schema or any Standard Schema); without
 *   one, the text is coerced to the type the mounted state holds there;
 * - `except`: a value written as no parameter at all (Livewire's `except`), such as page `1`.
 *
 * @example
 * static url = ['q', { key: 'page', as: 'p', history: 'push', schema: Type.Integer({ minimum: 1 }) }]
 */
export type UrlBinding = string | { key: string, as?: string, history?: 'replace' | 'push', schema?: ArgSchema, except?: unknown }

declare module '../../core/component.js' {
  interface ComponentStatics {
    /**
     * State keys that mirror query parameters of the page's URL (Livewire's `#[Url]`, Symfony UX's
     * `LiveProp(url: true)`): read from the URL when the component mounts, and written back to it
     * when a command changes them. See {@link UrlBinding}.
     *
     * @example
     * static url = ['q', { key: 'page', as: 'p', history: 'push' }]
     */
    url?: UrlBinding[]
  }
}

interface Bound { key: string, as: string, push: boolean, segments: string[], writable: WritablePath, except?: string }

const PARAM_RE = /^[A-Za-z0-9_.-]{1,64}$/

/** The query of the page a request renders for: its own URL, or for htmx requests (commands, lazy loads) the page's (`HX-Current-URL`). */
function pageQuery (request: FastifyRequest | undefined): URLSearchParams | undefined {
  if (request === undefined) return undefined
  const current = request.headers['hx-current-url']
  const url = request.method !== 'GET' && typeof current === 'string' ? current : request.url
  try {
    return new URL(url, 'http://localhost').searchParams
  } catch {
    return undefined
  }
}

/** A state value as query parameter values; undefined: not representable (objects). */
function paramValues (value: unknown): string[] | undefined {
  if (value === null || value === undefined || value === '') return []
  if (Array.isArray(value)) return value.every((v) => ['string', 'number', 'boolean'].includes(typeof v)) ? value.map(String) : undefined
  return ['string', 'number', 'boolean'].includes(typeof value) ? [String(value)] : undefined
}

/**
 * The URL feature: `static url` on a component (see {@link UrlBinding}).
 * - First render: each bound key is read from the page's query (a value that fails its schema,
 *   or cannot be coerced, is ignored: the mounted value stays);
 * - a command that changes a bound key answers `HX-Push-Url` (any changed key with
 *   `history: 'push'`) or `HX-Replace-Url`, with the page's URL (`HX-Current-URL`) whose
 *   parameters now hold the bound keys (an empty value, or the `except` value, removes its parameter); a result's own
 *   `ReplaceUrl`/`PushUrl` wins;
 * - back and forward: the page is rendered again from the restored URL (htmx 4 always fetches
 *   it; on htmx 2 the client helper turns off htmx's history cache on pages with URL-bound
 *   components, so the restored page is not a stale snapshot).
 *
 * @example
 * const feature = urlFeature()
 */
export function urlFeature (): Feature {
  const specs = new WeakMap<Registration, Bound[]>()
  const posted = new WeakMap<FastifyRequest, string[]>()
  return {
    name: 'url',
    register (reg, schemas) {
      const declared = reg.cls.url
      if (declared === undefined) return
      const where = reg.cls.name
      if (reg.stateless) throw new LC_INVALID_COMPONENT(where, 'a StatelessLiveComponent has no state to bind to the URL')
      if (!Array.isArray(declared) || declared.length === 0) throw new LC_INVALID_COMPONENT(where, 'static url must be a non-empty list of state keys or { key, as, history, schema }')
      const list = declared.map((entry): Bound => {
        const spec = typeof entry === 'string' ? { key: entry } : entry
        if (typeof spec !== 'object' || spec === null || typeof spec.key !== 'string') throw new LC_INVALID_COMPONENT(where, `static url: ${JSON.stringify(entry)} is not a state key or { key, as, history, schema }`)
        const as = spec.as ?? spec.key
        if (!PARAM_RE.test(as)) throw new LC_INVALID_COMPONENT(where, `static url: "${String(as)}" is not a query parameter name (letters, digits, "_ . -", at most 64)`)
        if (spec.history !== undefined && spec.history !== 'replace' && spec.history !== 'push') throw new LC_INVALID_COMPONENT(where, `static url: history of "${spec.key}" must be "replace" or "push"`)
        const [writable] = compileWritable(spec.schema === undefined ? [spec.key] : { [spec.key]: spec.schema }, schemas, `${where} (static url)`)
        if (writable.segments.includes('*')) throw new LC_INVALID_COMPONENT(where, `static url: "${spec.key}" must be one state path, without *`)
        return { key: spec.key, as, push: spec.history === 'push', segments: writable.segments, writable, except: spec.except === undefined ? undefined : JSON.stringify(spec.except) }
      })
      if (new Set(list.map((b) => b.as)).size !== list.length) throw new LC_INVALID_COMPONENT(where, 'static url: two keys use the same query parameter')
      specs.set(reg, list)
    },
    async mounted (target, state) {
      const list = specs.get(target.reg)
      const query = list === undefined ? undefined : pageQuery(target.pass.request)
      if (list === undefined || query === undefined) return state
      for (const b of list) {
        const raw = query.getAll(b.as)
        if (raw.length === 0) continue
        const v = await valueFor(b.writable, raw.length === 1 ? raw[0] : raw, readPath(state, b.segments))
        if (v.ok) writePath(state, b.segments, v.value)
        else target.pass.request?.log.debug({ component: target.reg.name, param: b.as, why: v.messages }, 'fastify-livecomponents: a URL value was ignored')
      }
      return state
    },
    async aroundCommand (call, next) {
      // the bound values as posted (handlers and bound input change the hydrated state in place)
      const list = specs.get(call.reg)
      if (list !== undefined) {
        const state = call.claims.get(call.selfId)?.state
        posted.set(call.request, list.map((b) => JSON.stringify(readPath(state, b.segments))))
      }
      return await next()
    },
    afterRun (call) {
      const list = specs.get(call.reg)
      const current = call.request.headers['hx-current-url']
      const before = posted.get(call.request)
      if (list === undefined || before === undefined || typeof current !== 'string') return undefined
      const changed = list.filter((b, i) => JSON.stringify(readPath(call.ctx.state, b.segments)) !== before[i])
      if (changed.length === 0) return undefined
      let url: URL
      try {
        url = new URL(current)
      } catch {
        return undefined
      }
      for (const b of list) {
        const value = readPath(call.ctx.state, b.segments)
        const values = b.except !== undefined && JSON.stringify(value) === b.except ? [] : paramValues(value)
        if (values === undefined) continue
        // one value keeps the parameter's place; none removes it; a list replaces it
        if (values.length === 1) url.searchParams.set(b.as, values[0])
        else url.searchParams.delete(b.as)
        if (values.length > 1) for (const v of values) url.searchParams.append(b.as, v)
      }
      call.reply.header(changed.some((b) => b.push) ? HEADER.pushUrl : HEADER.replaceUrl, url.pathname + url.search + url.hash)
      return undefined
    },
    rootAttributes (r) {
      return specs.has(r.reg) ? [[ATTR.url, '']] : undefined
    }
  }
}
