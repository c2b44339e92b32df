/** @module features/model/feature — model binding as a feature: the `model()` helper, the `$refresh` command, and bound input checked against `static writable` and written into state before a command runs. */
import type { FastifyRequest } from 'fastify'
import type { ArgSchema } from '../../core/commands/schema.js'
import type { Feature, RunningCall } from '../../core/hooks.js'
import type { Host } from '../../core/host.js'
import type { Registration } from '../../core/registry.js'
import { escapeHtml } from '../../core/render/renderer.js'
import { ComponentDirty } from '../../core/results/results.js'
import { LC_BAD_MODEL, LC_BAD_MODEL_HELPER, LC_INVALID_COMPONENT, LC_NOT_WRITABLE } from '../../errors.js'
import { ATTR, FIELD, PATH } from '../../protocol.js'
import { parsePath, readPath, writePath } from './paths.js'
import { compileWritable, valueFor, writableFor, type WritablePath } from './writable.js'

declare module '../../core/component.js' {
  interface ComponentStatics {
    /**
     * The state paths bound input (`model(path)` in the template) may write. An array of paths
     * (the posted text is coerced to the type the path holds: number, boolean, list of strings,
     * string), or an object mapping each path to a schema the value must match (TypeBox, coerced
     * by Fastify's Ajv, or any Standard Schema). `*` stands for any key or array index
     * (`'items.*.done'`). A posted path that no entry admits is refused with 400
     * `LC_NOT_WRITABLE` and nothing runs. Default: none (nothing is writable).
     * Source: Livewire's `wire:model` and locked properties, Symfony UX's `writable: true`.
     *
     * @example
     * static writable = ['title', 'filters.status']
     * static writable = { qty: Type.Integer({ minimum: 1, maximum: 99 }), 'items.*.done': Type.Boolean() }
     */
    writable?: readonly string[] | Readonly<Record<string, ArgSchema>>
  }
}

/**
 * Options of the `model(path, opts)` template helper.
 *
 * @example
 * {{ model('notes', { live: true, debounce: 500 }) }}
 */
export interface ModelOptions {
  /** send the value on every change, after `debounce`; default false (sent with the component's next command) */
  live?: boolean
  /** pause after the last keystroke before a live update, in milliseconds; default 150; implies `live` */
  debounce?: number
  /** send the value when the input fires `change` or `blur` instead (a deferred input sends it with the next command) */
  on?: 'change' | 'blur'
  /** for a checkbox or radio button: the value it posts when checked; it is rendered checked when the state holds it (or, for a list, contains it) */
  value?: string | number | boolean
}

/** Most bound input fields one request may carry. */
export const MAX_BOUND = 1000

/** A bound input field of a request: the instance, the path and the posted text. */
interface Posted { id: string, path: string, segments: string[], value: string | string[] }

const ID_RE = /^[A-Za-z][A-Za-z0-9_:./-]{0,1023}$/

/**
 * The bound input fields of a request body, checked for form: `__lc_model:<id>#<path>` with a
 * path of identifiers and indexes, string values.
 *
 * @throws LC_BAD_MODEL (400) for anything else, or more than {@link MAX_BOUND} fields
 */
function postedFields (body: Record<string, unknown>): Posted[] {
  const out: Posted[] = []
  for (const key of Object.keys(body)) {
    if (!key.startsWith(FIELD.model)) continue
    if (out.length >= MAX_BOUND) throw new LC_BAD_MODEL(`more than ${MAX_BOUND} bound input fields`)
    const rest = key.slice(FIELD.model.length)
    const hash = rest.lastIndexOf('#')
    const id = rest.slice(0, hash)
    const path = rest.slice(hash + 1)
    const segments = parsePath(path)
    if (hash < 0 || !ID_RE.test(id) || segments === null) throw new LC_BAD_MODEL(`field "${key.slice(0, 300)}" is not ${FIELD.model}<id>#<state path>`)
    const value = body[key]
    if (!(typeof value === 'string' || (Array.isArray(value) && value.length <= MAX_BOUND && value.every((v) => typeof v === 'string')))) {
      throw new LC_BAD_MODEL(`field "${key}" is not text`)
    }
    out.push({ id, path, segments, value })
  }
  return out
}

/**
 * The model feature (Livewire's `wire:model`, Symfony UX's `data-model`):
 * - `model(path, opts)` in a component template writes an input's `name`, its current value
 *   (`value`, or `checked` for a checkbox/radio) and, when live, the attributes that post the
 *   built-in `$refresh` command on `input` after a pause (`change` or `blur` with `on`), with
 *   `hx-sync="this:replace"` and no in-flight disable, so typing goes on;
 * - every command control also sends the bound inputs in its top-level ancestor's subtree, with
 *   the state of each component there that declares `writable` (its root carries
 *   `data-lc-bound`), so a parent's re-render carries a child's pending input instead of dropping it;
 * - before a command runs, every bound value is checked against the instance's `static writable`
 *   (400 `LC_NOT_WRITABLE` otherwise), validated and coerced (400 `LC_BAD_MODEL` with per-path
 *   messages), and written into its state; all are checked before any is written. An instance
 *   whose state changed is re-rendered in the response, whatever the command returns, so its
 *   signed state carries the value.
 *
 * @example
 * const feature = modelFeature(host)
 */
export function modelFeature (host: Host): Feature {
  const writable = new WeakMap<Registration, WritablePath[]>()
  const posted = new WeakMap<FastifyRequest, Posted[]>()

  const apply = async (call: RunningCall, fields: Posted[]): Promise<void> => {
    const byId = new Map<string, Posted[]>()
    for (const f of fields) {
      const list = byId.get(f.id)
      if (list === undefined) byId.set(f.id, [f])
      else list.push(f)
    }
    const writes: Array<() => void> = []
    const errors: Record<string, string[]> = Object.create(null)
    for (const [id, list] of byId) {
      const claim = call.claims.get(id)
      if (claim === undefined) throw new LC_BAD_MODEL(`instance "${id}" was not sent with the request`)
      const reg = host.registry.get(claim.name)
      const target = await call.other(id)
      if (reg === undefined || target === undefined) throw new LC_BAD_MODEL(`component "${claim.name}" is no longer registered`)
      const state: unknown = target.ctx.state
      let changed = false
      for (const f of list) {
        const w = writableFor(writable.get(reg) ?? [], f.segments)
        if (w === undefined) throw new LC_NOT_WRITABLE(reg.name, f.path)
        const current = readPath(state, f.segments)
        const result = await valueFor(w, f.value, current)
        if (!result.ok) {
          errors[f.path] = result.messages
          continue
        }
        if (JSON.stringify(result.value) === JSON.stringify(current)) continue
        changed = true
        writes.push(() => {
          if (!writePath(state, f.segments, result.value)) throw new LC_BAD_MODEL(`the state of "${id}" has no "${f.path}"`)
        })
      }
      // written into the instance's state, which the command signs again (call.other)
      if (changed) writes.push(() => { call.markDirty(id) })
    }
    if (Object.keys(errors).length > 0) throw Object.assign(new LC_BAD_MODEL('a value does not match its path'), { fields: errors })
    for (const write of writes) write()
  }

  return {
    name: 'model',
    fieldPrefix: FIELD.model,
    commands: {
      /** Re-render the component (Livewire's `$refresh`); bound input sent with it is written first. */
      $refresh: () => new ComponentDirty()
    },
    register (reg, schemas) {
      const declared = (reg.cls as { writable?: unknown }).writable
      if (declared === undefined) return
      if (reg.stateless) throw new LC_INVALID_COMPONENT(reg.cls.name, 'a StatelessLiveComponent has no state to bind input to: bind it on its stateful parent')
      const list = compileWritable(declared, schemas, reg.cls.name)
      if (list.length === 0) return
      writable.set(reg, list)
    },
    async beforeCommand (request) {
      // once per request: server event listeners run the beforeCommand hooks again on it
      if (!posted.has(request)) posted.set(request, postedFields((request.body ?? {}) as Record<string, unknown>))
    },
    async beforeRun (call) {
      const fields = posted.get(call.request)
      if (fields !== undefined && fields.length > 0) await apply(call, fields)
    },
    rootAttributes (r) {
      return writable.has(r.reg) ? [[ATTR.bound, '']] : undefined
    },
    helpers: {
      model: (scope, path: string, opts: ModelOptions = {}) => {
        const frame = scope.frame
        if (frame === null) throw new LC_BAD_MODEL_HELPER(String(path), 'call it inside a component template')
        const segments = parsePath(path)
        if (segments === null) throw new LC_BAD_MODEL_HELPER(String(path), 'not a state path (identifiers and array indexes joined by dots)')
        if (writableFor(writable.get(frame.reg) ?? [], segments) === undefined) {
          throw new LC_BAD_MODEL_HELPER(path, `"${frame.reg.name}" does not list it in static writable`)
        }
        if (opts.debounce !== undefined && !(Number.isInteger(opts.debounce) && opts.debounce >= 0 && opts.debounce <= 60000)) {
          throw new LC_BAD_MODEL_HELPER(path, 'debounce must be a whole number of milliseconds from 0 to 60000')
        }
        if (opts.on !== undefined && opts.on !== 'change' && opts.on !== 'blur') throw new LC_BAD_MODEL_HELPER(path, 'on must be "change" or "blur"')
        const current = readPath(frame.state, segments)
        let out = `name="${escapeHtml(FIELD.model + frame.id + '#' + path)}" ${ATTR.model}="${escapeHtml(path)}"`
        if (opts.value !== undefined) {
          const v = String(opts.value)
          const on = Array.isArray(current) ? current.map(String).includes(v) : String(current) === v
          out += ` value="${escapeHtml(v)}"${on ? ' checked' : ''}`
        } else if (typeof current === 'boolean') {
          out += ` value="true"${current ? ' checked' : ''}`
        } else if (!Array.isArray(current)) {
          out += ` value="${escapeHtml(current === undefined || current === null ? '' : String(current))}"`
        }
        const live = opts.live === true || opts.debounce !== undefined
        if (live || opts.on !== undefined) {
          const url = `${host.prefix}/${frame.reg.name}/${PATH.command}/$refresh`
          const trigger = live ? `input changed delay:${opts.debounce ?? 150}ms` : opts.on === 'blur' ? 'blur' : 'change'
          out += ` ${scope.commandAttributes(url, { sync: 'this:replace', disable: false })} hx-trigger="${trigger}"`
        }
        return out
      }
    }
  }
}
