/** @module core/host — what one plugin registration owns and hands to its features: services, not feature state. */
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify'
import { findCommand } from './command.js'
import type { CommandHandler } from './component.js'
import type { Feature } from './hooks.js'
import type { ComponentRegistry, Registration } from './registry.js'
import type { TailCache } from './render/tail-cache.js'
import type { Partials } from './render/partials.js'
import type { Renderer } from './render/renderer.js'
import type { StateSigner, TokenClaims } from './signing/signer.js'

/**
 * The services of one plugin registration. Features get it at construction; the core passes it
 * to render passes and the command pipeline. It holds no feature's state: each feature keeps its
 * own (on its own object, per registration).
 *
 * @example
 * const pass = new RenderPass(host, { request })
 */
export interface Host {
  /** the Fastify instance the plugin is registered on (`ctx.app` in components) */
  readonly app: FastifyInstance
  readonly log: FastifyBaseLogger
  /** the `now` option: the clock, in milliseconds since the epoch */
  readonly now: () => number
  /** route prefix, e.g. `/components`, never with a trailing slash */
  readonly prefix: string
  /** the `development` option: extra render-time checks (command arguments), template reloads */
  readonly development: boolean
  /** which htmx line the pages load: decides `hx-disabled-elt` (2) vs `hx-disable` (4) */
  readonly htmxMajor: 2 | 4
  readonly registry: ComponentRegistry
  readonly signer: StateSigner
  /** the user's template engine */
  readonly renderer: Renderer
  /** the plugin's own partials in `templates/livecomponents/`, overridable by the user */
  readonly partials: Partials
  /** the features, in hook order */
  readonly features: readonly Feature[]
  /** command attributes cached per instance lineage */
  readonly tails: TailCache
}

/** The hooks the core calls on hot paths, each listed as the features that have it. */
type HookName = 'beforeCommand' | 'aroundCommand' | 'beforeRun' | 'afterRun' | 'runOutput' | 'authorize' | 'renderInstead' | 'mounted' | 'componentCall' | 'instanceData' | 'rootAttributes' | 'sealState' | 'openState' | 'pageHead' | 'binding' | 'reloadViewer'

/**
 * The features of a host that implement each hook, in hook order; listed once per host (the
 * feature list does not change after the plugin registered), so hot paths skip the others.
 *
 * @example
 * for (const f of hooksOf(host).renderInstead) await f.renderInstead!(target)
 */
export type HookLists = Record<HookName, readonly Feature[]>

const HOOKS: HookName[] = ['beforeCommand', 'aroundCommand', 'beforeRun', 'afterRun', 'runOutput', 'authorize', 'renderInstead', 'mounted', 'componentCall', 'instanceData', 'rootAttributes', 'sealState', 'openState', 'pageHead', 'binding', 'reloadViewer']
const lists = new WeakMap<Host, HookLists>()

/**
 * The {@link HookLists} of a host.
 *
 * @example
 * const { aroundCommand } = hooksOf(host)
 */
export function hooksOf (host: Host): HookLists {
  let found = lists.get(host)
  if (found === undefined) {
    found = Object.fromEntries(HOOKS.map((h) => [h, host.features.filter((f) => f[h] !== undefined)])) as unknown as HookLists
    lists.set(host, found)
  }
  return found
}

/**
 * The handler of `command` on `reg`: its own `@command`, else a command every component has
 * from a feature (`$refresh`), else undefined.
 *
 * @example
 * const handler = commandOf(host, reg, '$refresh')
 */
export function commandOf (host: Host, reg: Registration, command: string): CommandHandler | undefined {
  const own = findCommand(reg.cls, command)
  if (own !== undefined || !command.startsWith('$')) return own
  for (const f of host.features) {
    if (f.commands !== undefined && Object.hasOwn(f.commands, command)) return f.commands[command]
  }
  return undefined
}

/**
 * What the tokens issued for `request` are bound to: the first feature's `binding` answer, or
 * undefined (no request, or no feature binds). `create` false: a binding the session does not
 * hold yet is not made (undefined).
 *
 * @example
 * if (claims.binding !== bindingOf(host, request)) throw new LC_SESSION_CHANGED()
 */
export function bindingOf (host: Host, request: FastifyRequest | undefined, create = true): string | undefined {
  if (request === undefined) return undefined
  for (const f of hooksOf(host).binding) {
    const b = f.binding!(request, create)
    if (b !== undefined) return b
  }
  return undefined
}

/**
 * Runs every feature's `reloadViewer` hook on `request` (the upgrade request of a WebSocket), so
 * that what identifies its viewer is current again. Undefined when no hook had anything to
 * reload (the caller can then go on without waiting).
 *
 * @throws whatever a hook throws (a session store that fails): the caller treats the viewer as changed
 * @example
 * await reloadViewer(host, live.request)
 */
export function reloadViewer (host: Host, request: FastifyRequest): Promise<void> | undefined {
  const pending: Array<Promise<void>> = []
  for (const f of hooksOf(host).reloadViewer) {
    const p = f.reloadViewer!(request)
    if (p !== undefined) pending.push(p)
  }
  return pending.length === 0 ? undefined : Promise.all(pending).then(() => {})
}

/**
 * Whether `request` may see the component: every feature's `authorize` hook must allow it.
 *
 * @returns 0 when allowed, else the first refusal's status (401 anonymous, 403 otherwise)
 * @example
 * if (await authorize(host, request, reg) !== 0) throw new LC_FORBIDDEN(reg.name)
 */
export async function authorize (host: Host, request: FastifyRequest, reg: Registration): Promise<0 | 401 | 403> {
  for (const f of hooksOf(host).authorize) {
    const status = await f.authorize!(request, reg)
    if (status !== 0) return status
  }
  return 0
}

/**
 * The token a page holds for an instance's state: the first feature's `sealState` answer (a
 * reference to state held on the server), else the state signed into the token itself.
 *
 * @throws LC_STATE_TOO_LARGE, LC_STATE_TOO_DEEP (state over the limits), and what a `sealState` hook throws (its store is down)
 * @example
 * const token = await sealState(host, reg, { name, id, parent, keyed, rid, version, state })
 */
export async function sealState (host: Host, reg: Registration, claims: Omit<TokenClaims, 'issuedAt'>): Promise<string> {
  for (const f of hooksOf(host).sealState) {
    const sealed = f.sealState!(claims, reg)
    if (sealed !== undefined) return await sealed
  }
  return host.signer.sign(claims)
}

/**
 * What a token a page sent says: opened by the feature that issued it (`openState`), else verified as a signed state token.
 *
 * @throws LC_BAD_TOKEN (400), LC_EXPIRED_TOKEN (410), and what an `openState` hook throws (its state expired: 410; its store is down: 503)
 * @example
 * const claims = await openState(host, token)
 */
export async function openState (host: Host, token: unknown): Promise<TokenClaims> {
  if (typeof token === 'string') {
    for (const f of hooksOf(host).openState) {
      const opened = f.openState!(token)
      if (opened !== undefined) return await opened
    }
  }
  return host.signer.verify(token)
}
