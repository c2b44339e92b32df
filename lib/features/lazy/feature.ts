/** @module features/lazy/feature — lazy and deferred components: `component(name, props, { lazy })` renders a placeholder, and the page loads every due placeholder of a moment in one request. */
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Feature } from '../../core/hooks.js'
import { bindingOf, type Host } from '../../core/host.js'
import { rootElement, rootSwaps } from '../../core/render/markup.js'
import { PARTIAL } from '../../core/render/partials.js'
import { RenderPass } from '../../core/render/session.js'
import type { Keyring } from '../../core/signing/keyring.js'
import { TokenCodec } from '../../core/signing/token-codec.js'
import { LC_BAD_ARGUMENTS, LC_BAD_LAZY, LC_BAD_TOKEN, LC_EXPIRED_TOKEN, LC_INVALID_COMPONENT, LC_RENDER_FAILED, LC_SESSION_CHANGED } from '../../errors.js'
import { ATTR, FIELD, HEADER, PATH, TOKEN_KIND } from '../../protocol.js'

declare module '../../core/component.js' {
  interface ComponentStatics {
    /**
     * The template a lazy placement of this component shows until it loads (variables `id`,
     * `name`, `props`). Default: the `livecomponents/lazy.njk` partial ("Loading…").
     *
     * @example
     * static placeholder = 'chart-placeholder.njk'
     */
    placeholder?: string
  }
}

/** When a lazy placement loads: when scrolled into view, or right after the page loaded. */
export type LazyMode = 'visible' | 'load'

/** Most placeholders one load request may carry. */
export const MAX_LAZY_PER_REQUEST = 50

interface LazyClaims { name: string, id: string, parent: string | null, lineage: string[], keyed: boolean, props: unknown, binding?: string }

/** The `lazy` option of `component()` → its mode; undefined: not lazy. */
function modeOf (value: unknown, name: string): LazyMode | undefined {
  if (value === undefined || value === false) return undefined
  if (value === true || value === 'visible') return 'visible'
  if (value === 'load') return 'load'
  throw new LC_BAD_LAZY(name, `lazy must be true, "visible" or "load", got ${JSON.stringify(value)}`)
}

/**
 * The lazy feature (Livewire's `#[Lazy]` and `#[Defer]`, Symfony UX's `loading="lazy|defer"`):
 * - `component(name, props, { lazy: true })` (or `'visible'`) renders the component's
 *   `static placeholder` (or the `livecomponents/lazy.njk` partial) in its root, with a signed
 *   lazy token (name, id, parent, props, session); `{ lazy: 'load' }` loads right after the page;
 * - the client collects every placeholder that is due at one moment and posts their tokens in
 *   one request to `{prefix}/lazy` (not one request each: the waterfall of Livewire #764), which
 *   answers each component's root as an out-of-band swap (`HX-Reswap: none`). The usual checks
 *   apply (cross-site, CSRF, session binding, permissions at render); a failure is the usual
 *   never-swapped error response and the placeholders stay;
 * - an instance whose state the render already knows (a parent re-rendering it) renders at once;
 * - `inline` (the `lazy: 'inline'` plugin option, for tests) renders every lazy component at once.
 *
 * @param opts - `maxAge`: seconds a lazy token is valid (the plugin's `maxAge`); `inline`
 * @example
 * const feature = lazyFeature(host, ring, { maxAge: 86400, inline: false })
 */
export function lazyFeature (host: Host, ring: Keyring, opts: { maxAge: number, inline: boolean }): Feature {
  const codec = new TokenCodec(ring, {
    kind: TOKEN_KIND.lazy,
    maxAge: opts.maxAge,
    maxChars: 65536,
    errors: { bad: (why) => new LC_BAD_TOKEN(why), expired: (s) => new LC_EXPIRED_TOKEN(s) },
    now: () => host.now() / 1000
  })
  const url = `${host.prefix}${PATH.lazy}`

  const verify = (token: string): LazyClaims => {
    const raw = codec.open(token, (b) => {
      if (typeof b.n !== 'string' || typeof b.i !== 'string' || !Array.isArray(b.l) || (b.p !== null && typeof b.p !== 'string')) throw new LC_BAD_TOKEN('lazy token payload has the wrong shape')
    })
    return { name: raw.n as string, id: raw.i as string, parent: raw.p as string | null, lineage: (raw.l as unknown[]).map(String), keyed: raw.k === 1, props: raw.pr, binding: typeof raw.b === 'string' ? raw.b : undefined }
  }

  const load = async (request: FastifyRequest, reply: FastifyReply): Promise<string> => {
    const field = (request.body as Record<string, unknown> | undefined)?.[FIELD.lazy]
    if (typeof field !== 'string' || field.trim() === '') throw new LC_BAD_ARGUMENTS(`${FIELD.lazy} must hold the lazy tokens, space-separated`)
    const tokens = [...new Set(field.trim().split(/\s+/))]
    if (tokens.length > MAX_LAZY_PER_REQUEST) throw new LC_BAD_ARGUMENTS(`at most ${MAX_LAZY_PER_REQUEST} lazy components per request, got ${tokens.length}`)
    const claims = tokens.map(verify)
    const binding = bindingOf(host, request)
    if (claims.some((c) => c.binding !== binding)) throw new LC_SESSION_CHANGED()
    const pass = new RenderPass(host, { request, reply })
    // every check before any mount runs
    const regs = claims.map((c) => {
      const reg = host.registry.get(c.name)
      if (!reg) throw new LC_BAD_TOKEN(`component "${c.name}" is no longer registered`)
      if (!pass.claimId(c.id)) throw new LC_BAD_ARGUMENTS(`two lazy tokens for "${c.id}"`)
      return reg
    })
    const parts = await Promise.all(claims.map(async (c, i) => {
      const reg = regs[i]
      return await pass.renderInstance(reg, c.id, c.parent, c.props, { keyed: c.keyed, oob: true, partial: true, lineage: c.lineage })
    }))
    reply.header(HEADER.reswap, 'none').type('text/html; charset=utf-8')
    return parts.join('\n')
  }

  return {
    name: 'lazy',
    register (reg) {
      const placeholder = reg.cls.placeholder
      if (placeholder !== undefined && (typeof placeholder !== 'string' || placeholder === '')) throw new LC_INVALID_COMPONENT(reg.cls.name, 'static placeholder must be a template path')
    },
    componentCall (call) {
      const mode = modeOf(call.options.lazy, call.reg.name)
      if (mode !== undefined) call.input.lazy = mode
    },
    renderInstead (t) {
      const mode = t.input?.lazy as LazyMode | undefined
      // a parent re-rendering a loaded instance renders it; tests may render everything at once
      if (mode === undefined || opts.inline || t.known) return undefined
      return placeholder(t.reg, t.id, t.parentId, t.lineage, t.keyed, t.props, mode, t.pass.binding())
    },
    routes (app, { onRequest, bodyLimit }) {
      app.post(PATH.lazy, { onRequest, bodyLimit }, load)
    }
  }

  async function placeholder (reg: Parameters<NonNullable<Feature['register']>>[0], id: string, parent: string | null, lineage: readonly string[], keyed: boolean, props: unknown, mode: LazyMode, binding: string | undefined): Promise<string> {
    let body: string
    try {
      body = reg.cls.placeholder !== undefined
        ? await host.renderer.render(reg.cls.placeholder, { id, name: reg.name, props })
        : host.partials.render(PARTIAL.lazy, { id, name: reg.name, props })
    } catch (err) {
      throw Object.assign(new LC_RENDER_FAILED(reg.name), { cause: err })
    }
    const token = codec.seal(JSON.stringify({ n: reg.name, i: id, p: parent, l: lineage, k: keyed ? 1 : 0, pr: props ?? null, b: binding }).slice(1, -1))
    return rootElement({ tag: reg.tag, name: reg.name, id, oob: false, ...rootSwaps(host.htmxMajor, reg.morph), attrs: [[ATTR.lazy, mode], [ATTR.lazyUrl, url], [ATTR.lazyToken, token]], body })
  }
}
