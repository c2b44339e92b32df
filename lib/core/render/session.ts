/** @module core/render/session — one render pass over a page or over the dirty components of a command or a push. */
import type { FastifyReply, FastifyRequest } from 'fastify'
import { bindingOf, type Host } from '../host.js'
import type { KnownInstance } from '../hooks.js'
import type { TokenClaims } from '../signing/signer.js'
import type { Registration } from '../registry.js'
import { resolveCmdFor } from './cmd-for.js'
import { templateHelpers, type Pending } from './helpers.js'
import { renderInstance } from './instance.js'
import { sessionNonce } from './nonce.js'
import type { Frame, InstanceOptions, Pass } from './types.js'

/**
 * What a {@link RenderPass} renders for.
 *
 * @example
 * new RenderPass(host, { request, reply, known })
 */
export interface PassOptions {
  /** the request that renders: passed to hooks and to features (permissions, CSRF) */
  request?: FastifyRequest
  /** its reply */
  reply?: FastifyReply
  /** instances whose live state is known (from tokens or a command) */
  known?: Map<string, KnownInstance>
  /** whose identity permissions check; default: `request` (a pushed render: the socket's upgrade request) */
  viewer?: FastifyRequest
}

/**
 * The {@link KnownInstance} of a verified token: rendered from its (still dehydrated) state.
 *
 * @example
 * for (const [id, c] of claims) known.set(id, knownOf(c))
 */
export function knownOf (c: TokenClaims): KnownInstance {
  return { state: c.state, parentId: c.parent, dehydrated: true, rid: c.rid, version: c.version, name: c.name, extra: c.extra }
}

/** A child's placeholder in a rendered template; only those with this pass's nonce are replaced. */
const MARKER = /<!--lc:([0-9a-f]{16}):(\d+)-->/g

/**
 * One render pass over a page, the dirty components of a command response, or a push.
 *
 * Templates call `component(name, props, { id })`, which returns a placeholder at once; the
 * children are rendered afterwards, so `mount`, `beforeRender` and `context` may be async.
 * A child gets the id given in the template, or `<parent id>/<name>-<n>` (top level:
 * `<name>-<n>`), counted per parent, so ids are stable across re-renders.
 * A child whose live state the pass knows (`known`) keeps it instead of mounting again.
 *
 * @example
 * const html = await new RenderPass(host, { request, reply }).renderPage('shop.njk', { title: 'Shop' })
 */
export class RenderPass implements Pass {
  readonly nonce = sessionNonce()
  readonly request?: FastifyRequest
  readonly reply?: FastifyReply
  readonly known: Map<string, KnownInstance>
  readonly viewer?: FastifyRequest
  /** A feature rendered something that depends on the viewer (see PassView.markViewerDependent). */
  viewerDependent = false
  /** The state token each instance was signed with in this pass, by id. */
  readonly signed = new Map<string, string>()
  private readonly topCounts = new Map<string, number>()
  /** Every id this pass has rendered, to refuse duplicates. */
  private readonly rendered = new Set<string>()
  private rids = 0
  /** rendering a whole page (renderPage), whose components may come after a `cmd_for()` aimed at them */
  private paging = false
  private bound?: { value: string | undefined }

  constructor (readonly host: Host, opts: PassOptions = {}) {
    this.request = opts.request
    this.reply = opts.reply
    this.known = opts.known ?? new Map()
    this.viewer = opts.viewer ?? opts.request
  }

  markViewerDependent (): void {
    this.viewerDependent = true
  }

  /** Render a page template; the template helpers are available in it. */
  async renderPage (template: string, data: Record<string, unknown> = {}): Promise<string> {
    this.paging = true
    return await this.renderTemplate(template, data, null)
  }

  /**
   * Render one instance, from a known state or by mounting it with `props`; see render/instance.
   *
   * @throws LC_RENDER_FAILED, LC_DUPLICATE_ID, LC_STATE_TOO_LARGE
   */
  async renderInstance (reg: Registration, id: string, parentId: string | null, props: unknown, opts: InstanceOptions): Promise<string> {
    return await renderInstance(this, reg, id, parentId, props, opts)
  }

  async renderTemplate (template: string, data: Record<string, unknown>, frame: Frame | null): Promise<string> {
    const pending: Pending[] = []
    const thrown: { error?: unknown } = {}
    let html: string
    try {
      html = await this.host.renderer.render(template, { ...data, ...templateHelpers(this, frame, pending, thrown) })
    } catch (err) {
      throw thrown.error ?? err
    }
    if (pending.length > 0) {
      const parts = await Promise.all(pending.map((render) => render()))
      html = html.replace(MARKER, (whole: string, n: string, i: string) => n === this.nonce ? parts[Number(i)] ?? '' : whole)
    }
    // cmd_for() targets: in a page, any component of it (known once the page template is done)
    return resolveCmdFor(this, html, frame === null || !this.paging)
  }

  newRid (): string {
    return `${this.nonce}.${++this.rids}`
  }

  lineageOf (id: string | null): string[] {
    const chain: string[] = []
    for (let cur = id; cur !== null && chain.length < 64; cur = this.known.get(cur)?.parentId ?? null) chain.unshift(cur)
    return chain
  }

  binding (): string | undefined {
    this.bound ??= { value: bindingOf(this.host, this.viewer) }
    return this.bound.value
  }

  claimId (id: string): boolean {
    if (this.rendered.has(id)) return false
    this.rendered.add(id)
    return true
  }

  nextTopId (name: string): string {
    const n = (this.topCounts.get(name) ?? 0) + 1
    this.topCounts.set(name, n)
    return `${name}-${n}`
  }
}
