/** @module core/component — the LiveComponent base class, CallContext, MountContext and the types a command is declared with. */
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ArgSchema } from './commands/schema.js'
import type { ExecutionResults } from './results/results.js'

/**
 * What a command adds to its response besides the rendered components, through
 * `ctx.effects`. Applied after the command ran and its components were rendered.
 *
 * @example
 * ctx.effects.fragments.push('<p id="notice" hx-swap-oob="true">Saved</p>')
 * ctx.effects.status = 422
 */
export interface Effects {
  /** response headers to set (e.g. `Cache-Control`); htmx headers are better set through execution results */
  headers: Record<string, string>
  /** extra out-of-band fragments appended to the response: each top-level element needs an id and `hx-swap-oob` */
  fragments: string[]
  /** the response status; default 200. A 4xx or 5xx here is still swapped (the client helper tells htmx 2 to for 422) */
  status?: number
}

/** Type-only key of {@link LiveComponent}'s state brand (no runtime value). */
declare const STATE_TYPE: unique symbol

/**
 * What a command handler gets as its first argument. Source: django-livecomponents' `CallContext[State]`.
 *
 * @typeParam S - the component's state type
 * @typeParam A - the named arguments: form strings by default, or what the command's `named`
 *   schema validates to
 * @example
 * @command add (ctx: CallContext<RowState>, amount: number) { ctx.state.qty += amount }
 */
export interface CallContext<S, A = Record<string, string | string[]>> {
  /** The hydrated state; mutate it, and the plugin dehydrates and signs it again. */
  state: S
  /** The component name, e.g. `product-row`. */
  name: string
  /** This instance's id on the page. */
  id: string
  /** The parent instance's id, or null for a top-level component. */
  parentId: string | null
  /**
   * Named arguments: the form fields of the request other than the plugin's own
   * (`__lc_*`). Without a `named` schema: strings, and arrays for repeated keys, in a
   * null-prototype object. With one: the validated, coerced value.
   */
  args: A
  /** The Fastify request (user, session, cookies…). */
  request: FastifyRequest
  /** The Fastify reply, for cookies. */
  reply: FastifyReply
  /** The request's logger, bound to its request id. */
  log: FastifyBaseLogger
  /** The Fastify instance the plugin is registered on: reach app services (`ctx.app.db`) without module globals. */
  app: FastifyInstance
  /** Extra headers, out-of-band fragments and the status of this command's response. */
  effects: Effects
}

/**
 * What `mount`, `beforeRender` and `context` get besides the props or state.
 *
 * @example
 * async mount (props: { productId: number }, ctx: MountContext) {
 *   return { productId: props.productId, owner: ctx.request?.user?.id }
 * }
 */
export interface MountContext {
  /** The id this instance will have on the page. */
  id: string
  /** The parent's id, or null at top level. */
  parentId: string | null
  /** The request that renders the page or runs the command; undefined outside a request (a pushed render). */
  request?: FastifyRequest
  /** The Fastify instance the plugin is registered on, in every render (pushed renders too). */
  app: FastifyInstance
}

/**
 * Base class of every component. Subclass it with a typed state, give it a nunjucks template
 * and decorate the methods the browser may call with `@command`.
 *
 * Lifecycle (as in django-livecomponents and Phoenix LiveView): `mount(props)` on first render or `hydrate(state)` when the state comes
 * back signed from the browser; then the command; then `beforeRender(state)`, the template
 * render with `context(state)` merged in, and `dehydrate(state)`, whose result is signed.
 *
 * Static fields: `template` (required, a template path), `componentName` (default: the class
 * name in kebab-case, `ProductRow` → `product-row`), and `tag` (the root element, default `div`).
 *
 * @typeParam S - the state: JSON-serialisable data that round-trips through the page
 * @typeParam P - the props `mount` receives from `component(name, props)`
 * @example
 * class Counter extends LiveComponent<{ count: number }> {
 *   static template = 'counter.njk'
 *   mount () { return { count: 0 } }
 *   @command inc (ctx: CallContext<{ count: number }>) { ctx.state.count++ }
 * }
 */
export abstract class LiveComponent<S = Record<string, unknown>, P = any> {
  /** The state type, for `@command`'s type checks only (no runtime value; see {@link StateOf}). */
  declare readonly [STATE_TYPE]?: S
  /** Template path, resolved against the `templates` option. Required. */
  static template: string
  /** Registered name; default: the class name in kebab-case. */
  static componentName?: string
  /**
   * Root element that wraps the template, carrying the id and the signed state field: any
   * element whose content the HTML parser keeps as written (`div`, `li`, `ul`, `p`, `button`…),
   * or `tr`, whose template renders its cells (the state field goes into the first). Default `div`.
   */
  static tag?: string
  /**
   * Whether this component's re-renders (a command's response, out-of-band swaps, pushes and
   * streamed frames) morph the page instead of replacing the root: htmx 4's core morph, or
   * idiomorph on htmx 2. Morphing keeps the focused element, its value, selection and caret,
   * what was typed into inputs since they were last sent, and scroll positions. Default true;
   * `false` swaps with `outerHTML` (for markup a third-party script owns). Source: htmx's morph
   * swaps (htmx 4 `outerMorph`, idiomorph), as Livewire and Symfony UX morph.
   */
  static morph?: boolean
  /**
   * State keys a parent's props keep up to date: when the parent re-renders this instance with
   * different props, these keys take the new values (see {@link LiveComponent.update}). Default:
   * none (children keep their state).
   *
   * @example
   * static reactive = ['filter']
   */
  static reactive?: readonly string[]
  /** First render: props → initial state. May be async. */
  abstract mount (props: P, ctx: MountContext): S | Promise<S>

  /**
   * A parent re-rendered this instance (it already had state) with `props`: the state to render
   * with. Default: the state, with each key listed in `static reactive` taken from `props` (when
   * `props` has it); everything else kept. Without `reactive`, children keep their state, as
   * before. Not called on the first render (that is `mount`), nor when the instance re-renders
   * itself (a command, a push). Source: Phoenix LiveView's `update/2`, Livewire's `#[Reactive]`,
   * Symfony UX's `updateFromParent`. May be async.
   *
   * @example
   * static reactive = ['filter']          // or, for more than copying:
   * update (props: { filter: string }, state: ListState) { return { ...state, filter: props.filter, page: 1 } }
   */
  update (props: P, state: S, _ctx: MountContext): S | Promise<S> {
    const keys = (this.constructor as { reactive?: readonly string[] }).reactive
    if (keys === undefined || props === null || typeof props !== 'object') return state
    let next = state
    for (const key of keys) {
      if (Object.hasOwn(props, key) && (next as Record<string, unknown>)[key] !== (props as Record<string, unknown>)[key]) {
        next = { ...next, [key]: (props as Record<string, unknown>)[key] }
      }
    }
    return next
  }

  /** State from a verified token → live state. Default: unchanged. Override to revive dates, etc. */
  hydrate (state: unknown): S | Promise<S> {
    return state as S
  }

  /** Live state → what is signed into the page. Default: unchanged. Must be JSON-serialisable. */
  dehydrate (state: S): unknown {
    return state
  }

  /** Called before every render; may mutate state for derived fields. May be async. */
  beforeRender (_state: S, _ctx: MountContext): void | Promise<void> {}

  /**
   * Extra template variables that are not part of the signed state, such as data loaded for
   * the current user through `ctx.request`. May be async.
   */
  context (_state: S, _ctx: MountContext): Record<string, unknown> | Promise<Record<string, unknown>> {
    return {}
  }
}

/**
 * A component with no state of its own (django-livecomponents' `StatelessLiveComponent`, for its
 * "stateful root, stateless children" pattern): rendered from its props every time its parent
 * renders it, with no state token in the page, so it costs no bytes on any command. Its state
 * in the template is its props (`mount` returns them; override it to derive more). It has no
 * commands, topics, listeners or bound input (put them on the stateful parent: register time
 * `LC_INVALID_COMPONENT` otherwise), and nothing re-renders it but its parent.
 *
 * @typeParam P - the props, which are also what its template sees as `state`
 * @example
 * class TaskItem extends StatelessLiveComponent<{ title: string, done: boolean }> {
 *   static template = 'task-item.njk'
 *   static tag = 'li'
 * }
 */
export abstract class StatelessLiveComponent<P = Record<string, unknown>> extends LiveComponent<P, P> {
  /** Its props, as they are. */
  mount (props: P): P {
    return props
  }
}

/**
 * The static fields a component class may declare. The core declares `template`,
 * `componentName` and `tag`; each feature adds its own to this interface (declaration merging:
 * `topics` from push, `permissions` and `deniedTemplate` from permissions), so a class passed to
 * the plugin is type-checked against all of them.
 *
 * @example
 * const statics: ComponentStatics = { template: 'row.njk', tag: 'li' }
 */
export interface ComponentStatics {
  /** template path, resolved against the `templates` option; required */
  template: string
  /** registered name; default: the class name in kebab-case */
  componentName?: string
  /** root element; default `div` */
  tag?: string
  /** whether re-renders morph; default true */
  morph?: boolean
  /** state keys a parent's props keep up to date; default none */
  reactive?: readonly string[]
}

/**
 * The constructor type of a component class.
 *
 * @example
 * const list: ComponentClass[] = [ProductRow, CartCounter]
 */
export type ComponentClass = (abstract new () => LiveComponent<any, any>) & ComponentStatics

/**
 * A command handler as stored on the prototype.
 *
 * @example
 * const handler: CommandHandler | undefined = findCommand(ProductRow, 'add')
 */
export type CommandHandler = (this: LiveComponent<any, any>, ctx: CallContext<any>, ...args: any[]) => CommandReturn

/**
 * What a command method may return: its {@link ExecutionResults} (one result, a list, or
 * nothing, which means ComponentDirty()), a promise of them, or, for a streaming command
 * (`async *name()`), an async generator whose every `yield` sends an intermediate render and
 * whose return value is the execution results.
 *
 * @example
 * const out: CommandReturn = Promise.resolve(new ComponentDirty())
 */
export type CommandReturn = ExecutionResults | Promise<ExecutionResults> | AsyncGenerator<unknown, ExecutionResults, undefined>

/**
 * What `@command(spec)` may declare: argument schemas here, and what features add by declaration
 * merging (`permissions` from the permissions feature).
 *
 * @typeParam P - schema of the positional arguments (path segments): a tuple schema
 * @typeParam N - schema of the named arguments (form fields)
 * @example
 * @command({ positional: Type.Tuple([Type.Integer({ minimum: 1 })]), permissions: [isAuthenticated] })
 */
export interface CommandSpec<P extends ArgSchema | undefined = undefined, N extends ArgSchema | undefined = undefined> {
  /**
   * Schema of the positional arguments, as an array of the raw path segments (strings, which
   * Ajv coerces: `Type.Tuple([Type.Integer()])` turns `"2"` into 2). Without it, a segment that
   * is a plain decimal number becomes a number and `true`/`false` booleans.
   */
  positional?: P
  /** Schema of the named arguments: an object of form strings (arrays for repeated keys). */
  named?: N
}

/**
 * The state type of a component class's instances (its `LiveComponent<S>`): a command's
 * `CallContext` must be of it, so a `ctx: CallContext<{ other: string }>` in a
 * `LiveComponent<{ n: number }>` does not compile.
 *
 * @example
 * type S = StateOf<Counter> // { count: number }
 */
export type StateOf<C> = C extends { readonly [STATE_TYPE]?: infer S } ? S : never
