/** @module render/session — renders a page or a set of components, with nesting, ids and async hooks. */
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { LiveComponent } from '../component.js'
import type { Core } from '../core.js'
import { LC_BAD_CMD_HELPER, LC_BAD_TOPIC, LC_DUPLICATE_ID, LC_INVALID_ID, LC_RENDER_FAILED, LC_TEMPLATE_UNKNOWN_COMPONENT } from '../errors.js'
import type { Registration } from '../registry.js'
import { isTopic } from '../features/push/tokens.js'
import { refusal } from '../features/permissions/permissions.js'
import { fieldAttributes, fieldError, isFieldName } from '../features/forms/markup.js'
import { commandTail, deniedRoot, isValidId, liveConnect, liveScripts, rootElement } from './markup.js'
import { sessionNonce } from './nonce.js'

/**
 * Options of the `component()` template helper's third argument.
 *
 * @example
 * {{ component('cart-counter', {}, { id: 'cart-counter' }) }}
 */
export interface ComponentOptions {
  /** A stable id; makes the component addressable by ComponentDirty(id). */
  id?: string
}

/** One component being rendered. */
interface Frame {
  reg: Registration
  id: string
  parentId: string | null
  /** ids from the top-level ancestor down to this component */
  lineage: string[]
  childCount: number
  state: unknown
  /** the command attributes after `hx-post`, the same for every control of this instance; computed on first use */
  tail?: string
}

type Pending = () => Promise<string>

/** A child's placeholder in a rendered template; only those with this session's nonce are replaced. */
const MARKER = /<!--lc:([0-9a-f]{16}):(\d+)-->/g

/**
 * A component a session already knows the live state of (from a token or a command).
 *
 * @example
 * known.set('row:1', { state: claims.state, parentId: claims.parent, dehydrated: true })
 */
export interface KnownInstance {
  state: unknown
  parentId: string | null
  /** true while `state` is still the dehydrated form from a token; hydrated on first render */
  dehydrated?: boolean
  /** render id and version to sign with (see InMemoryStateStore); default: a new rid, version 0 */
  rid?: string
  version?: number
}

/**
 * What a {@link RenderSession} renders for.
 *
 * @example
 * new RenderSession(core, { request, reply, known })
 */
export interface SessionContext {
  /** the request that renders: passed to hooks, and checked against components' permissions */
  request?: FastifyRequest
  /** its reply: the CSRF token of @fastify/csrf-protection comes from `reply.generateCsrf()` */
  reply?: FastifyReply
  /** instances whose live state is known (from tokens or a command) */
  known?: Map<string, KnownInstance>
  /** the CSRF token for command elements; default: from `reply.generateCsrf()` when core.csrfToken is on */
  csrf?: string
}

/**
 * One render pass over a page or over the dirty components of a command response.
 *
 * Templates call `component(name, props, { id })`, which returns a placeholder at once; the
 * children are rendered afterwards, so `mount`, `beforeRender` and `context` may be async.
 * A child gets the id given in the template, or `<parent id>/<name>-<n>` (top level:
 * `<name>-<n>`), counted per parent, so ids are stable across re-renders.
 * A child whose live state the session knows (`known`) keeps it instead of mounting again.
 *
 * @example
 * const html = await new RenderSession(core, { request, reply }).renderPage('shop.njk', { title: 'Shop' })
 */
export class RenderSession {
  private readonly nonce = sessionNonce()
  private readonly topCounts = new Map<string, number>()
  /** Every id this session has rendered, to refuse duplicates. */
  private readonly rendered = new Set<string>()
  private readonly request?: FastifyRequest
  private readonly known: Map<string, KnownInstance>
  private csrfToken?: string | null
  private rids = 0
  /** The state token each instance was signed with in this session, by id. */
  readonly signed = new Map<string, string>()

  constructor (private readonly core: Core, private readonly ctx: SessionContext = {}) {
    this.request = ctx.request
    this.known = ctx.known ?? new Map()
  }

  /** Render a page template; `component()` and `live_scripts()` are available in it. */
  async renderPage (template: string, data: Record<string, unknown> = {}): Promise<string> {
    return await this.renderTemplate(template, data, null)
  }

  /**
   * Render a template with the helpers of `frame` (null: a page), then its child components.
   * When a helper threw, that error surfaces, since template engines may wrap or replace it.
   */
  private async renderTemplate (template: string, data: Record<string, unknown>, frame: Frame | null): Promise<string> {
    const pending: Pending[] = []
    const thrown: { error?: unknown } = {}
    let html: string
    try {
      html = await this.core.renderer.render(template, { ...data, ...this.helpers(frame, pending, thrown) })
    } catch (err) {
      throw thrown.error ?? err
    }
    return await this.resolve(html, pending)
  }

  /**
   * Render one component instance, from a known state or by mounting it with `props`.
   *
   * @throws LC_RENDER_FAILED wrapping any error of a hook or template (the cause is kept)
   * @throws LC_DUPLICATE_ID when a template gives two components the same id
   * @throws LC_STATE_TOO_LARGE when the dehydrated state is over the limit
   */
  async renderInstance (reg: Registration, id: string, parentId: string | null, props: unknown, opts: { keyed: boolean, oob?: boolean, frame?: boolean, lineage?: string[] }): Promise<string> {
    if (this.request !== undefined && reg.permissions.length > 0) {
      const status = await refusal(this.request, reg.permissions, { component: reg.name }, this.core.user)
      if (status !== 0) return await this.renderDenied(reg, id, status, opts.oob === true)
    }
    const instance = Reflect.construct(reg.cls, []) as LiveComponent<any, any>
    const lineage = opts.lineage ?? [...this.lineageOf(parentId), id]
    const prior = this.known.get(id)
    const rid = prior?.rid ?? `${this.nonce}.${++this.rids}`
    const version = prior?.version ?? 0
    let body: string
    let dehydrated: unknown
    let topics: string[] | undefined
    try {
      const known = this.known.get(id)
      const hookCtx = { id, parentId, request: this.request }
      const state = known === undefined
        ? await instance.mount(props, hookCtx)
        : known.dehydrated === true ? await instance.hydrate(known.state) : known.state
      this.known.set(id, { state, parentId, rid, version })
      await instance.beforeRender(state, hookCtx)
      const extra = await instance.context(state, hookCtx)
      const frame: Frame = { reg, id, parentId, lineage, childCount: 0, state }
      body = await this.renderTemplate(reg.cls.template, { ...extra, state, id }, frame)
      dehydrated = instance.dehydrate(state)
      if (reg.cls.topics) topics = reg.cls.topics(state)
    } catch (err) {
      if ((err as { code?: string }).code?.startsWith('LC_')) throw err
      throw Object.assign(new LC_RENDER_FAILED(reg.name), { cause: err })
    }
    const token = this.core.signer.sign({ name: reg.name, id, parent: parentId, keyed: opts.keyed, rid, version, state: dehydrated })
    this.signed.set(id, token)
    let sub: string | undefined
    if (topics !== undefined) {
      if (!Array.isArray(topics) || !topics.every(isTopic)) throw new LC_BAD_TOPIC(`${reg.name}.topics()`)
      if (topics.length > 0) sub = this.core.tokens.subscription({ name: reg.name, id, parent: parentId, topics })
    }
    return rootElement({ tag: reg.tag, name: reg.name, id, token, keyed: opts.keyed, oob: opts.oob === true, frame: opts.frame, sub, body })
  }

  /**
   * What a component whose permissions refuse the request renders: its root with
   * `data-lc-denied` (401 or 403), no state and no commands, holding `deniedTemplate` if any.
   */
  private async renderDenied (reg: Registration, id: string, status: 401 | 403, oob: boolean): Promise<string> {
    let body = ''
    if (reg.cls.deniedTemplate !== undefined) {
      try {
        body = await this.core.renderer.render(reg.cls.deniedTemplate, { status, id })
      } catch (err) {
        throw Object.assign(new LC_RENDER_FAILED(reg.name), { cause: err })
      }
    }
    return deniedRoot({ tag: reg.tag, name: reg.name, id, status, oob, body })
  }

  /** The CSRF token of this session's request, computed once; undefined without @fastify/csrf-protection. */
  private csrf (): string | undefined {
    if (this.ctx.csrf !== undefined) return this.ctx.csrf
    if (this.csrfToken === undefined) {
      const generate = (this.ctx.reply as { generateCsrf?: () => string } | undefined)?.generateCsrf
      this.csrfToken = this.core.csrfToken && typeof generate === 'function' ? generate.call(this.ctx.reply) : null
    }
    return this.csrfToken ?? undefined
  }

  /** The ids from the top-level ancestor of `id` down to `id`, from the known instances. */
  lineageOf (id: string | null): string[] {
    const chain: string[] = []
    for (let cur = id; cur !== null && chain.length < 64; cur = this.known.get(cur)?.parentId ?? null) chain.unshift(cur)
    return chain
  }

  private helpers (frame: Frame | null, pending: Pending[], thrown: { error?: unknown }): Record<string, unknown> {
    const core = this.core
    const guard = <A extends unknown[]>(fn: (...args: A) => unknown) => (...args: A) => {
      try {
        return fn(...args)
      } catch (err) {
        thrown.error = err
        throw err
      }
    }
    return {
      component: guard((name: string, props: unknown = {}, opts: ComponentOptions = {}) => this.placeholder(frame, pending, name, props, opts)),
      cmd: guard((name: string, ...args: unknown[]) => core.renderer.safe(this.cmd(frame, name, args))),
      field: guard((name: string, opts: { live?: boolean, delay?: number } = {}) => core.renderer.safe(this.field(frame, name, opts))),
      field_error: guard((name: string) => core.renderer.safe(fieldError(this.formFrame(frame, name).id, name, this.errorsOf(frame!, name), false))),
      live_scripts: () => core.renderer.safe(liveScripts(core)),
      live_connect: () => core.renderer.safe(liveConnect({ prefix: core.prefix, htmxMajor: core.htmxMajor, page: core.tokens.newPage() }))
    }
  }

  private placeholder (parent: Frame | null, pending: Pending[], name: string, props: unknown, opts: ComponentOptions): unknown {
    const reg = this.core.registry.get(name)
    if (!reg) throw new LC_TEMPLATE_UNKNOWN_COMPONENT(String(name))
    let id: string
    if (opts?.id !== undefined) {
      if (!isValidId(opts.id)) throw new LC_INVALID_ID(String(opts.id))
      id = opts.id
    } else if (parent) {
      id = `${parent.id}/${reg.name}-${++parent.childCount}`
    } else {
      const n = (this.topCounts.get(reg.name) ?? 0) + 1
      this.topCounts.set(reg.name, n)
      id = `${reg.name}-${n}`
    }
    if (this.rendered.has(id)) throw new LC_DUPLICATE_ID(id)
    this.rendered.add(id)
    const parentId = parent?.id ?? null
    const lineage = [...(parent?.lineage ?? []), id]
    const index = pending.push(() => this.renderInstance(reg, id, parentId, props, { keyed: opts?.id !== undefined, lineage })) - 1
    return this.core.renderer.safe(`<!--lc:${this.nonce}:${index}-->`)
  }

  private cmd (frame: Frame | null, name: string, args: unknown[]): string {
    if (!frame) throw new LC_BAD_CMD_HELPER(String(name), 'call it inside a component template')
    if (!frame.reg.commands.includes(name)) throw new LC_BAD_CMD_HELPER(String(name), `"${frame.reg.name}" has no @command of that name`)
    let url = `${this.core.prefix}/${frame.reg.name}/cmd/${name}`
    for (const arg of args) {
      if (typeof arg !== 'string' && typeof arg !== 'number' && typeof arg !== 'boolean') {
        throw new LC_BAD_CMD_HELPER(name, 'positional arguments must be strings, numbers or booleans')
      }
      url += '/' + encodeURIComponent(String(arg))
    }
    frame.tail ??= this.tailOf(frame)
    // the URL needs no escaping: the prefix and names are plain, the arguments percent-encoded
    return `hx-post="${url}" ${frame.tail}`
  }

  private formFrame (frame: Frame | null, name: unknown): Frame {
    if (!frame) throw new LC_BAD_CMD_HELPER('field', 'call it inside a component template')
    if (!isFieldName(name)) throw new LC_BAD_CMD_HELPER('field', `"${String(name)}" is not a valid field name`)
    return frame
  }

  private errorsOf (frame: Frame, name: string): string[] {
    const errors = (frame.state as { fieldErrors?: Record<string, unknown> } | null)?.fieldErrors?.[name]
    return Array.isArray(errors) ? errors.map(String) : []
  }

  /** `field(name, { live, delay })`: a form input's attributes; see forms/markup. */
  private field (frame: Frame | null, name: string, opts: { live?: boolean, delay?: number }): string {
    const f = this.formFrame(frame, name)
    const live = opts.live !== false && f.reg.commands.includes('fieldChange')
      ? { url: `${this.core.prefix}/${f.reg.name}/cmd/fieldChange/${encodeURIComponent(name)}`, id: f.id, lineage: f.lineage, htmxMajor: this.core.htmxMajor, csrf: this.csrf() }
      : undefined
    return fieldAttributes({ componentId: f.id, field: name, errors: this.errorsOf(f, name), live, delayMs: opts.delay })
  }

  /** The command attributes after `hx-post` of an instance; cached across renders when there is no CSRF token. */
  private tailOf (frame: Frame): string {
    const csrf = this.csrf()
    if (csrf !== undefined) return commandTail({ id: frame.id, lineage: frame.lineage, htmxMajor: this.core.htmxMajor, csrf })
    const key = frame.lineage.join('\n')
    let tail = this.core.tails.get(key)
    if (tail === undefined) {
      if (this.core.tails.size >= 10000) this.core.tails.clear()
      tail = commandTail({ id: frame.id, lineage: frame.lineage, htmxMajor: this.core.htmxMajor })
      this.core.tails.set(key, tail)
    }
    return tail
  }

  private async resolve (html: string, pending: Pending[]): Promise<string> {
    if (pending.length === 0) return html
    const parts = await Promise.all(pending.map((render) => render()))
    return html.replace(MARKER, (whole: string, n: string, i: string) => n === this.nonce ? parts[Number(i)] ?? '' : whole)
  }
}
