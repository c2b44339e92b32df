/** @module core/render-hooks — the render side of the feature hooks: what a render pass, a template frame, a helper and a rendered instance look like to a feature. */
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { LiveComponent } from './component.js'
import type { Registration } from './registry.js'

/**
 * A component instance whose live state a render pass knows (from a token or a command), so
 * it is rendered from that state instead of being mounted again.
 *
 * @example
 * known.set('row:1', { state: claims.state, parentId: claims.parent, dehydrated: true })
 */
export interface KnownInstance {
  state: unknown
  parentId: string | null
  /** true while `state` is still the dehydrated form from a token; hydrated on first render */
  dehydrated?: boolean
  /** render id and version to sign with; default: a new rid, version 0 */
  rid?: string
  version?: number
  /** its registered component name, when known (what `cmd_for()` aims at) */
  name?: string
  /** what features kept with it in its token (`Feature.instanceData`), by feature name */
  extra?: Record<string, unknown>
}

/**
 * One render pass as hooks see it: a page render, a command's dirty components, or a push.
 *
 * @example
 * if (pass.viewer !== undefined) pass.markViewerDependent()
 */
export interface PassView {
  /** the request that renders; undefined for a pushed render */
  readonly request?: FastifyRequest
  /** its reply; undefined for a pushed render */
  readonly reply?: FastifyReply
  /**
   * whose identity permissions check: the rendering request, or for a pushed render the
   * socket's upgrade request (components never see it: their `ctx.request` stays undefined)
   */
  readonly viewer?: FastifyRequest
  /** Say that what this pass renders depends on who views it, so it must not be shared between viewers. */
  markViewerDependent: () => void
  /** What the tokens this pass issues are bound to (its viewer's session), if anything. */
  binding: () => string | undefined
}

/**
 * The component instance a template is being rendered for.
 *
 * @example
 * frame.reg.commands.includes('fieldChange')
 */
export interface RenderFrame {
  readonly reg: Registration
  readonly id: string
  readonly parentId: string | null
  /** ids from the top-level ancestor down to this instance */
  readonly lineage: readonly string[]
  /** the live state being rendered */
  readonly state: unknown
  /** what features keep with the instance (`Feature.instanceData`), by feature name */
  readonly data: Readonly<Record<string, unknown>>
  /** rendered from a known state (a re-render), not freshly mounted */
  readonly known: boolean
}

/**
 * A component recorded by {@link ComponentCall.capture} instead of rendered: a feature places it
 * later with {@link HelperScope.place}. JSON-serialisable, so it can be kept in a signed token.
 *
 * @example
 * { name: 'orders-today', id: 'card/slot-orders-today-1', props: {} }
 */
export interface PlacedChild {
  /** its registered component name */
  name: string
  /** its instance id (given in the template, or made from the capturing instance's id) */
  id: string
  props: unknown
  /** what the features' `componentCall` hooks handed to its render, when it had keyword arguments */
  input?: Record<string, unknown>
}

/**
 * A `component()` call with keyword arguments (nunjucks' `{% call %}` passes its body as
 * `caller`), for a feature's `componentCall` hook.
 *
 * @example
 * componentCall (c) { if (typeof c.keywords.caller === 'function') c.input.mine = c.capture(() => c.keywords.caller(), 'slot-') }
 */
export interface ComponentCall {
  readonly pass: PassView
  /** the component being placed */
  readonly reg: Registration
  /** its instance id */
  readonly id: string
  /** the keyword arguments, without nunjucks' `__keywords` mark (none: empty) */
  readonly keywords: Readonly<Record<string, unknown>>
  /** the options of the third argument besides `id` (`{ lazy: true }`) */
  readonly options: Readonly<Record<string, unknown>>
  /** the props it is placed with */
  readonly props: unknown
  /**
   * Run `render` (a template callback such as `caller`) in the caller's context; the
   * `component()` calls in it are recorded, not rendered (automatic ids: `<id>/<idPrefix><name>-<n>`),
   * and the HTML comes back as parts: strings, and numbers that index `children`.
   */
  capture: (render: () => unknown, idPrefix: string) => { parts: Array<string | number>, children: PlacedChild[] }
  /** What this call hands to the instance's render, by feature name: `RenderTarget.input`. */
  readonly input: Record<string, unknown>
}

/**
 * What a feature's template helpers get as their first argument.
 *
 * @example
 * helpers: { live_thing: (scope) => `<p id="${scope.frame?.id}-thing"></p>` }
 */
export interface HelperScope {
  readonly pass: PassView
  /** the instance whose template calls the helper; null in a page template */
  readonly frame: RenderFrame | null
  /**
   * The complete htmx attributes of a control of this frame's instance that posts to `url`
   * (`hx-post`, target, swap, include, vals, sync and in-flight disable).
   */
  commandAttributes: (url: string, opts?: { sync?: string, disable?: boolean }) => string
  /** a `component()` call's body is being captured (see {@link ComponentCall.capture}) */
  readonly capturing: boolean
  /**
   * Render `child` as a child of this frame's instance, here: returns its placeholder. Its state
   * is sent with every command (like a component given an id). `mountOnly`: the props only
   * mount it; a child whose state the render knows keeps it without `update(props)`.
   *
   * @throws LC_BAD_CMD_HELPER outside a component template; LC_TEMPLATE_UNKNOWN_COMPONENT, LC_DUPLICATE_ID
   */
  place: (child: PlacedChild, opts?: { mountOnly?: boolean }) => string
}

/**
 * An instance about to be rendered, for `renderInstead`.
 *
 * @example
 * renderInstead: async (t) => t.pass.request === undefined ? undefined : denied(t)
 */
export interface RenderTarget {
  readonly pass: PassView
  readonly reg: Registration
  readonly id: string
  /** it is rendered as an out-of-band swap */
  readonly oob: boolean
  readonly parentId: string | null
  /** the props it is rendered with (undefined: a re-render from its known state alone) */
  readonly props?: unknown
  /** its id was given in the template */
  readonly keyed: boolean
  /** the render knows its live state (a token, or a command): it is re-rendered, not mounted */
  readonly known: boolean
  /** ids from the top-level ancestor down to it */
  readonly lineage: readonly string[]
  /** what features' `componentCall` hooks handed to this render, by feature name (placed by its caller) */
  readonly input?: Readonly<Record<string, unknown>>
  /** what features kept with it in its token, by feature name (rendered from a known state) */
  readonly extra?: Readonly<Record<string, unknown>>
}

/**
 * An instance that was just rendered, for `rootAttributes`.
 *
 * @example
 * rootAttributes: (r) => [['data-x', String(r.state)]]
 */
export interface RenderedInstance {
  readonly pass: PassView
  readonly reg: Registration
  readonly id: string
  readonly parentId: string | null
  /** the live state it was rendered from */
  readonly state: unknown
  /** the component instance that rendered it (a fresh one per render) */
  readonly instance: LiveComponent<any, any>
  /** the HTML its template rendered (children included), without its root element */
  readonly body: string
}
