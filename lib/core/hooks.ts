/** @module core/hooks — the hook interface every feature plugs into: register, command, render and template-helper hooks. */
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify'
import type { ErrorCodes } from './commands/error-response.js'
import type { CallContext, CommandHandler, LiveComponent } from './component.js'
import type { RegisterHook, Registration } from './registry.js'
import type { TokenClaims } from './signing/signer.js'
import type { HelperScope, PassView, RenderedInstance, RenderTarget, ComponentCall } from './render-hooks.js'

export type { ComponentCall, HelperScope, KnownInstance, PassView, PlacedChild, RenderedInstance, RenderFrame, RenderTarget } from './render-hooks.js'

/**
 * One command request after its component and command were found and its tokens verified.
 *
 * @example
 * async aroundCommand (call, next) { const html = await next(); log(call.outcome); return html }
 */
export interface CommandCall {
  readonly request: FastifyRequest
  readonly reply: FastifyReply
  readonly reg: Registration
  readonly command: string
  /** the id of the instance whose control sent the command */
  readonly selfId: string
  /** every instance the request sent, verified, by id; an `aroundCommand` hook may replace claims with newer ones */
  readonly claims: Map<string, TokenClaims>
  /** the token each instance was posted with, by id */
  readonly tokens: Map<string, string>
  /** set when the invoking instance was re-rendered: its new version and signed token */
  outcome?: { version: number, token: string }
}

/**
 * A command call whose instance is hydrated and about to run.
 *
 * @example
 * beforeRun (call) { if (call.instance instanceof MyBase) call.instance.prepare() }
 */
export interface RunningCall extends CommandCall {
  readonly instance: LiveComponent<any, any>
  readonly ctx: CallContext<unknown, any>
  /** Render the invoking instance from `ctx.state` as it is now, as an intermediate frame. */
  renderFrame: () => Promise<string>
  /**
   * Re-render the instance `id` (sent with the request) in this response, whatever the command
   * returns, unless a result navigates away: a feature changed its state before the command ran
   * (bound input), and its new signed state must reach the page.
   */
  readonly markDirty: (id: string) => void
  /**
   * Another instance the request carries, hydrated once and shared by every feature (a server
   * event's listener, `ctx.find`): its `ctx` is this call's with its own `state`, `name`, `id`
   * and `parentId`. After the handlers ran, its state is signed again with a newer version.
   * Undefined when the request did not carry `id` (or its component is gone); the invoking
   * instance itself for `selfId`.
   */
  readonly other: (id: string) => Promise<{ instance: LiveComponent<any, any>, ctx: CallContext<unknown, any> } | undefined>
}

/**
 * What running a handler's return value produced.
 *
 * @example
 * { returned: new ComponentDirty(), aborted: false }
 */
export interface RunOutcome {
  /** the execution results */
  returned: unknown
  /** the client went away: answer nothing */
  aborted: boolean
}

/**
 * The return value of a handler a feature ran on another instance of the request (a server
 * event's listener): its execution results apply relative to `id`.
 *
 * @example
 * { id: 'stats', returned: new ComponentDirty() }
 */
export interface OtherRun {
  /** the instance the handler ran on */
  id: string
  /** what it returned */
  returned: unknown
}

/**
 * A feature: one capability (forms, permissions, push…) plugged into the core through hooks, in
 * the spirit of Livewire's `ComponentHook`. Every hook is optional. The core calls the hooks of
 * all features in the order the plugin lists them and never imports a feature.
 *
 * @example
 * const audit: Feature = {
 *   name: 'audit',
 *   aroundCommand: async (call, next) => { const html = await next(); call.request.log.info({ command: call.command }, 'ran'); return html }
 * }
 */
export interface Feature {
  readonly name: string
  /** Register time: check or compile a component class's declarations (throw LC_INVALID_COMPONENT). */
  register?: RegisterHook
  /**
   * Commands every component has besides its own `@command` methods (Livewire's `$refresh`), by
   * name; a component's own command of the same name wins. Names start with `$`.
   */
  commands?: Readonly<Record<string, CommandHandler>>
  /**
   * The prefix (starting with `__lc`) of the request body fields this feature reads itself: they
   * are not named arguments of the command.
   */
  fieldPrefix?: string
  /** Plugin register time: routes, decorators, lifecycle hooks. */
  setup?: (app: FastifyInstance) => Promise<void>
  /**
   * More POST routes next to the command routes (below the prefix): they get the same
   * `commandOnRequest` checks (cross-site, CSRF), body parser, body limit and never-swapped error
   * responses.
   */
  routes?: (app: FastifyInstance, opts: { onRequest: onRequestHookHandler[], bodyLimit: number }) => void
  /** `onRequest` hooks of the command routes: they run before the body is read. */
  commandOnRequest?: onRequestHookHandler[]
  /** Foreign error codes (of a plugin the feature uses) mapped onto the plugin's coded errors. */
  errorCodes?: ErrorCodes
  /** Before arguments are parsed and tokens verified; throw a coded error to refuse the command. */
  beforeCommand?: (request: FastifyRequest, reg: Registration, command: string) => Promise<void>
  /** Wraps hydrate, run, render and respond; must call `next()` once and return its body. */
  aroundCommand?: (call: CommandCall, next: () => Promise<string>) => Promise<string>
  /** After hydration, before the handler runs. */
  beforeRun?: (call: RunningCall) => void | Promise<void>
  /**
   * After the handler ran (and its stream, if any, finished), before its results are planned:
   * run handlers on other instances of the request (a server event's listeners), whose results
   * join the same response. A feature that changes another instance's state replaces its entry
   * in `call.claims` (with a newer version).
   */
  afterRun?: (call: RunningCall) => Promise<readonly OtherRun[]> | undefined
  /** Consume a handler's return value that is not plain execution results (a stream); undefined: not mine. */
  runOutput?: (out: unknown, call: RunningCall) => Promise<RunOutcome> | undefined
  /** Whether the request may see the component (render, subscribe): 0, or the refusal status. */
  authorize?: (request: FastifyRequest, reg: Registration) => Promise<0 | 401 | 403>
  /** HTML to render instead of the instance (e.g. a refusal); undefined renders it as usual. */
  renderInstead?: (target: RenderTarget) => Promise<string | undefined> | undefined
  /**
   * After `mount()` (a first render, not a re-render from known state): return the state to
   * render with (the same object changed, or a new one).
   */
  mounted?: (target: RenderTarget, state: unknown) => unknown | Promise<unknown>
  /**
   * A template's `component()` call had keyword arguments (nunjucks' `{% call %}` body): capture
   * it and hand what the render needs to `call.input[feature name]`.
   */
  componentCall?: (call: ComponentCall) => void
  /**
   * What this feature keeps with an instance across renders: signed in its token (counted in
   * `stateMaxBytes`) and given to its helpers as `scope.frame.data[feature name]`; undefined: nothing.
   */
  instanceData?: (target: RenderTarget) => unknown
  /**
   * Keep an instance's state somewhere other than the page: store it and return the token the
   * page holds instead (a signed reference), or undefined to sign the state into the page as
   * usual. The first feature that answers decides.
   */
  sealState?: (claims: Omit<TokenClaims, 'issuedAt'>, reg: Registration) => Promise<string> | undefined
  /** Open a token this feature issued in `sealState` (verify it, load the state); undefined: not one of its tokens. */
  openState?: (token: string) => Promise<TokenClaims> | undefined
  /** Extra attributes on an instance's root element. */
  rootAttributes?: (r: RenderedInstance) => Array<[string, string]> | undefined
  /** HTML for the page's head, written by `live_scripts()` before the scripts (a `<meta>`). */
  pageHead?: (pass: PassView) => string | undefined
  /**
   * What the tokens issued for `request` are bound to (its session), or undefined for none: a
   * token is accepted only from a request with the same binding. The first feature that answers
   * decides. `create` false: only look (a binding not yet made stays unmade).
   */
  binding?: (request: FastifyRequest, create?: boolean) => string | undefined
  /**
   * Reload what the request's identity comes from (its session, from the session store), before
   * a long-lived connection opened by that request acts for it again (a WebSocket's subscribe,
   * refresh or delivery): a logout or login made since is then seen by `binding` and by the
   * permissions' user lookup. Returns undefined when there is nothing to reload.
   */
  reloadViewer?: (request: FastifyRequest) => Promise<void> | undefined
  /**
   * Template helpers, by name: each gets the {@link HelperScope} of the render, then the
   * template's arguments, and returns trusted HTML, which the core marks safe for the engine
   * (any other value, such as a boolean for an `{% if %}`, is returned as it is).
   */
  helpers?: Record<string, (scope: HelperScope, ...args: any[]) => unknown>
}
