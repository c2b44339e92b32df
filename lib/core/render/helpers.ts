/** @module core/render/helpers — the template helpers of a render: `component()`, `cmd()` and `cmd_for()` from the core, the rest from features. */
import { LC_BAD_CMD_HELPER, LC_DUPLICATE_ID, LC_INVALID_ID, LC_TEMPLATE_UNKNOWN_COMPONENT } from '../../errors.js'
import { PATH } from '../../protocol.js'
import type { HelperScope, PlacedChild } from '../hooks.js'
import { childMarker, componentCall, isKeywords, type CaptureState } from './capture.js'
import { commandOf, type Host } from '../host.js'
import type { Registration } from '../registry.js'
import { cmdForMark } from './cmd-for.js'
import { commandAttributes, isValidId, swapStyles } from './markup.js'
import type { Frame, Pass } from './types.js'

/**
 * Options of the `component()` template helper's third argument.
 *
 * @example
 * {{ component('cart-counter', {}, { id: 'cart-counter' }) }}
 */
export interface ComponentOptions {
  /** A stable id; makes the component addressable by ComponentDirty(id). */
  id?: string
  /** features' options (`lazy`), handed to their `componentCall` hooks */
  [option: string]: unknown
}

/**
 * A child's render, run after its parent's template.
 *
 * @example
 * pending.push(() => pass.renderInstance(reg, id, parentId, props, { keyed: false }))
 */
export type Pending = () => Promise<string>

/**
 * The helpers of one template render. A helper that throws records its error in `thrown`, since
 * template engines may wrap or replace it; the render then surfaces the original.
 *
 * @example
 * const helpers = templateHelpers(pass, frame, pending, thrown)
 */
export function templateHelpers (pass: Pass, frame: Frame | null, pending: Pending[], thrown: { error?: unknown }): Record<string, unknown> {
  const { renderer } = pass.host
  const guard = <A extends unknown[]>(fn: (...args: A) => unknown) => (...args: A): unknown => {
    try {
      return fn(...args)
    } catch (err) {
      thrown.error = err
      throw err
    }
  }
  const state: CaptureState = { capture: null }
  const out: Record<string, unknown> = {
    component: guard((name: string, ...rest: unknown[]) => placeholder(pass, frame, pending, state, name, rest)),
    cmd: guard((name: string, ...args: unknown[]) => renderer.safe(cmd(pass, frame, pending, name, args))),
    cmd_for: guard((id: string, name: string, ...args: unknown[]) => renderer.safe(cmdForMark(pass, id, name, args)))
  }
  const helpers = featureHelpers(pass.host)
  if (helpers.length === 0) return out
  const scope = new Scope(pass, frame, pending, state)
  for (const [name, fn] of helpers) {
    out[name] = guard((...args: unknown[]) => {
      const html = fn(scope, ...args)
      return typeof html === 'string' ? renderer.safe(html) : html
    })
  }
  return out
}

type FeatureHelper = (scope: HelperScope, ...args: any[]) => unknown

/** The features' helpers of a host, listed once. */
const listed = new WeakMap<Host, Array<[string, FeatureHelper]>>()

function featureHelpers (host: Host): Array<[string, FeatureHelper]> {
  let list = listed.get(host)
  if (list === undefined) {
    list = host.features.flatMap((f) => Object.entries(f.helpers ?? {}))
    listed.set(host, list)
  }
  return list
}

/** The {@link HelperScope} of one template render. */
class Scope implements HelperScope {
  constructor (readonly pass: Pass, readonly frame: Frame | null, private readonly pending: Pending[], private readonly state: CaptureState) {}

  get capturing (): boolean {
    return this.state.capture !== null
  }

  commandAttributes (url: string, opts: { sync?: string, disable?: boolean } = {}): string {
    if (this.frame === null) throw new LC_BAD_CMD_HELPER(url, 'call it inside a component template')
    const major = this.pass.host.htmxMajor
    return commandAttributes({ url, id: this.frame.id, htmxMajor: major, swap: swapStyles(major, this.frame.reg.morph).main, ...opts })
  }

  place (child: PlacedChild, opts: { mountOnly?: boolean } = {}): string {
    const { pass, frame } = this
    if (frame === null) throw new LC_BAD_CMD_HELPER(child.name, 'call it inside a component template')
    const reg = pass.host.registry.get(child.name)
    if (!reg) throw new LC_TEMPLATE_UNKNOWN_COMPONENT(child.name)
    if (!pass.claimId(child.id)) throw new LC_DUPLICATE_ID(child.id)
    const lineage = [...frame.lineage, child.id]
    const index = this.pending.push(() => pass.renderInstance(reg, child.id, stateParent(frame), child.props, { keyed: true, lineage, input: child.input, mountOnly: opts.mountOnly })) - 1
    return `<!--lc:${pass.nonce}:${index}-->`
  }
}

/**
 * The parent an instance placed in `frame`'s template is signed with: the nearest ancestor with
 * state. A StatelessLiveComponent has no token, so it cannot be re-rendered, found or walked
 * through; its stateful parent, which renders it, stands for it (ParentDirty re-renders that one).
 */
function stateParent (frame: Frame | null): string | null {
  if (frame === null) return null
  return frame.reg.stateless ? frame.parentId : frame.id
}

/**
 * `component(name, props, { id })`: a placeholder now, the child's HTML once the parent's
 * template is done. Keyword arguments (nunjucks' `{% call %}` body) go to the features'
 * `componentCall` hooks; inside a captured body the call is recorded instead (a child marker).
 */
function placeholder (pass: Pass, parent: Frame | null, pending: Pending[], state: CaptureState, name: string, rest: unknown[]): unknown {
  const keywords = isKeywords(rest[rest.length - 1]) ? rest.pop() as Record<string, unknown> : undefined
  const props = rest[0] === undefined ? {} : rest[0]
  const opts = (rest[1] ?? {}) as ComponentOptions
  const reg = pass.host.registry.get(name)
  if (!reg) throw new LC_TEMPLATE_UNKNOWN_COMPONENT(String(name))
  const capture = state.capture
  let id: string
  if (opts?.id !== undefined) {
    if (!isValidId(opts.id)) throw new LC_INVALID_ID(String(opts.id))
    id = opts.id
  } else if (capture !== null) {
    id = `${capture.owner}/${capture.prefix}${reg.name}-${++capture.count}`
  } else if (parent) {
    id = `${parent.id}/${reg.name}-${++parent.childCount}`
  } else {
    id = pass.nextTopId(reg.name)
  }
  const { id: _given, ...options } = opts ?? {}
  const input = keywords === undefined && Object.keys(options).length === 0 ? undefined : componentCall(pass, state, reg, id, props, keywords ?? {}, options)
  if (capture !== null) {
    const index = capture.children.push(input === undefined ? { name: reg.name, id, props } : { name: reg.name, id, props, input }) - 1
    return pass.host.renderer.safe(childMarker(pass, index))
  }
  if (!pass.claimId(id)) throw new LC_DUPLICATE_ID(id)
  const parentId = stateParent(parent)
  const lineage = [...(parent?.lineage ?? []), id]
  const index = pending.push(() => pass.renderInstance(reg, id, parentId, props, { keyed: opts?.id !== undefined, lineage, input })) - 1
  return pass.host.renderer.safe(`<!--lc:${pass.nonce}:${index}-->`)
}

/**
 * The number of positional arguments a handler declares after `ctx`, read from its source, or
 * undefined when that cannot be told (defaults, rest or destructured parameters).
 */
function declaredArity (handler: Function): number | undefined {
  const params = /^[^(]*\(([^)]*)\)/.exec(Function.prototype.toString.call(handler))?.[1]
  if (params === undefined || /[=.{[]/.test(params)) return undefined
  const names = params.split(',').map((p) => p.trim()).filter((p) => p !== '')
  return Math.max(0, names.length - 1)
}

/**
 * Development only: arguments a command URL can only fail with are a render error here, not a
 * 400 at the click. With a positional schema, the arguments (as the path segments the server
 * will receive) are validated against it before the render completes (validators may be async:
 * the check joins the render's pending work); without one, more arguments than the handler
 * declares are refused.
 */
function checkArguments (host: Host, reg: Registration, name: string, args: unknown[], pending: Pending[]): void {
  const validator = reg.specs.get(name)?.positional
  if (validator === undefined) {
    const arity = declaredArity(commandOf(host, reg, name)!)
    if (arity !== undefined && args.length > arity) throw new LC_BAD_CMD_HELPER(name, `${args.length} positional argument(s) given, but the command takes ${arity}`)
    return
  }
  pending.push(async () => {
    const result = await validator(args.map(String))
    if (result.ok) return ''
    const detail = Object.entries(result.errors).map(([field, messages]) => `${field === '' ? 'the arguments' : `argument ${Number(field) + 1}`} ${messages.join(', ')}`).join('; ')
    throw new LC_BAD_CMD_HELPER(name, `arguments ${JSON.stringify(args)} do not match its positional schema: ${detail}`)
  })
}

/** `cmd(name, ...args)`: the htmx attributes of a control that runs the command `name` of this instance. */
function cmd (pass: Pass, frame: Frame | null, pending: Pending[], name: string, args: unknown[]): string {
  if (!frame) throw new LC_BAD_CMD_HELPER(String(name), 'call it inside a component template')
  if (!frame.reg.commands.includes(name) && commandOf(pass.host, frame.reg, name) === undefined) throw new LC_BAD_CMD_HELPER(String(name), `"${frame.reg.name}" has no @command of that name`)
  let url = `${pass.host.prefix}/${frame.reg.name}/${PATH.command}/${name}`
  for (const arg of args) {
    if (typeof arg !== 'string' && typeof arg !== 'number' && typeof arg !== 'boolean') {
      throw new LC_BAD_CMD_HELPER(name, 'positional arguments must be strings, numbers or booleans')
    }
    url += '/' + encodeURIComponent(String(arg))
  }
  if (pass.host.development) checkArguments(pass.host, frame.reg, name, args, pending)
  frame.tail ??= pass.host.tails.get(frame.id, pass.host.htmxMajor, swapStyles(pass.host.htmxMajor, frame.reg.morph).main)
  // the URL needs no escaping: the prefix and names are plain, the arguments percent-encoded
  return `hx-post="${url}" ${frame.tail}`
}
