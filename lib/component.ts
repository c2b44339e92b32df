/** @module component — the LiveComponent base class, the `@command` decorator and CallContext. */
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify'
import type { ArgSchema, Infer } from './features/commands/schema.js'
import type { CommandReturn } from './features/execution-results/results.js'
import type { Permission } from './features/permissions/permissions.js'

/**
 * What a command handler gets as its first argument. Source: seed 000's `CallContext[State]`.
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
  /** The Fastify reply, for extra headers or cookies. */
  reply: FastifyReply
  /** The request's logger, bound to its request id. */
  log: FastifyBaseLogger
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
  /** The request that renders the page or runs the command; undefined outside a request. */
  request?: FastifyRequest
}

/**
 * Base class of every component. Subclass it with a typed state, give it a nunjucks template
 * and decorate the methods the browser may call with `@command`.
 *
 * Lifecycle (seed 001): `mount(props)` on first render or `hydrate(state)` when the state comes
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
  /** Template path, resolved against the `templates` option. Required. */
  static template: string
  /** Registered name; default: the class name in kebab-case. */
  static componentName?: string
  /**
   * Root element that wraps the template, carrying the id and the signed state field.
   * One of div, section, article, aside, li, span, td, th, header, footer, main, nav, dd, form.
   * Default `div`.
   */
  static tag?: string
  /**
   * The topics this component listens to, computed from its state at every render (seed 001's
   * WebSocket manager, `subscribe`). A rendered instance with topics gets a signed, expiring
   * subscription token (`data-lc-sub`), and the page's WebSocket (`live_connect()`) subscribes
   * with it. `app.components.notify(topic)` then re-renders the instance from its current
   * state and pushes it. Each topic: a string of 1-200 characters. Default: none.
   *
   * @example
   * static topics = (s: { productId: number }) => [`product:${s.productId}`]
   */
  static topics?: (state: any) => string[]
  /**
   * Permissions every command of this component needs, and that rendering it and subscribing to
   * it need (seed 001's `permission_classes`). All must allow. Checked before any state is
   * hydrated: a refused command gets 401 (anonymous) or 403 and runs nothing; a refused render
   * shows `deniedTemplate` (or nothing) with no state; a refused subscription gets an error frame.
   * Default `[]` (allow any).
   *
   * @example
   * static permissions = [isStaff]
   */
  static permissions?: Permission[]
  /**
   * Template rendered instead of `template` when `permissions` refuse the request that renders
   * the page, with `status` (401 or 403) and `id` as variables. Default: an empty root element.
   *
   * @example
   * static deniedTemplate = 'admin-denied.njk'
   */
  static deniedTemplate?: string

  /** First render: props → initial state. May be async. */
  abstract mount (props: P, ctx: MountContext): S | Promise<S>

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
 * The constructor type of a component class.
 *
 * @example
 * const list: ComponentClass[] = [ProductRow, CartCounter]
 */
export type ComponentClass = (abstract new () => LiveComponent<any, any>) & {
  template: string
  componentName?: string
  tag?: string
  topics?: (state: any) => string[]
  permissions?: Permission[]
  deniedTemplate?: string
}

/**
 * A command handler as stored on the prototype.
 *
 * @example
 * const handler: CommandHandler | undefined = findCommand(ProductRow, 'add')
 */
export type CommandHandler = (this: LiveComponent<any, any>, ctx: CallContext<any>, ...args: any[]) => CommandOutput

/**
 * What a command method may return: an execution result (or a list, or nothing), a promise of
 * one, or, for a streaming command (`async *name()`), an async generator whose every `yield`
 * sends an intermediate render and whose return value is the execution result.
 *
 * @example
 * const out: CommandOutput = Promise.resolve(new ComponentDirty())
 */
export type CommandOutput = CommandReturn | Promise<CommandReturn> | AsyncGenerator<unknown, CommandReturn, undefined>

/**
 * What `@command(spec)` may declare. Source: seed 001's typed handlers and permission classes;
 * the schemas close the seed's untyped kwargs.
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
  /** Permissions this command needs besides the component's own. Default `[]`. */
  permissions?: Permission[]
}

/**
 * The handler signature a {@link CommandSpec} allows: `ctx.args` typed by `named`, the rest
 * parameters typed by `positional`.
 *
 * @example
 * type H = Handler<typeof spec> // (ctx: CallContext<any, { note: string }>, qty: number) => CommandOutput
 */
export type SpecHandler<P, N> = (
  ctx: CallContext<any, N extends ArgSchema ? Infer<N> : Record<string, string | string[]>>,
  ...args: P extends ArgSchema ? (Infer<P> extends readonly unknown[] ? Infer<P> : never) : any[]
) => CommandOutput

/**
 * Where a command leaves extra out-of-band fragments for its response (used by FormComponent's
 * live field validation). Internal: not exported from the package.
 *
 * @example
 * (ctx as any)[EXTRA_HTML] = ['<span id="f-email-error" hx-swap-oob="true"></span>']
 */
export const EXTRA_HTML = Symbol('fastify-livecomponents.extraHtml')

const COMMANDS = new WeakMap<Function, CommandSpec<any, any>>()

/**
 * Marks a method as a command the browser may call through
 * `POST {prefix}/:name/cmd/:method/*`. Only decorated methods are callable; everything else
 * (constructor, getters, inherited Object methods, plain methods) answers 404 LC_UNKNOWN_COMMAND.
 * A standard (TC39, TypeScript 5) method decorator; no `experimentalDecorators` flag.
 * Source: seed 000's `@command`. An `async *` method is a streaming command (seed 001's
 * StreamingComponent): each `yield` pushes the component as it is then to the page over its
 * WebSocket, and the generator's return value is the execution result.
 *
 * Called with a {@link CommandSpec}, it declares argument schemas and permissions, and
 * TypeScript checks the method's parameters against the schemas. A request whose arguments do
 * not match gets 400 LC_BAD_ARGUMENTS with per-field messages and runs nothing.
 *
 * @example
 * @command
 * add (ctx: CallContext<RowState>, amount: number) {
 *   ctx.state.qty += amount
 *   return [new ComponentDirty(), new ComponentDirty('cart-counter')]
 * }
 *
 * @command({ positional: Type.Tuple([Type.Integer({ minimum: 1, maximum: 99 })]), named: Type.Object({ note: Type.String({ maxLength: 200 }) }) })
 * addWithNote (ctx: CallContext<RowState, { note: string }>, qty: number) { ctx.state.note = ctx.args.note }
 */
export function command<This extends LiveComponent<any, any>, F extends (this: This, ctx: CallContext<any, any>, ...args: any[]) => CommandOutput> (
  method: F, context: ClassMethodDecoratorContext<This, F>
): F
export function command<P extends ArgSchema | undefined = undefined, N extends ArgSchema | undefined = undefined> (
  spec: CommandSpec<P, N>
): <This extends LiveComponent<any, any>, F extends SpecHandler<P, N>>(method: F, context: ClassMethodDecoratorContext<This, F>) => F
export function command (methodOrSpec: Function | CommandSpec<any, any>, context?: ClassMethodDecoratorContext): unknown {
  const mark = (method: Function, ctx: ClassMethodDecoratorContext, spec: CommandSpec<any, any>): Function => {
    if (ctx.kind !== 'method' || ctx.static || ctx.private || typeof ctx.name !== 'string') {
      throw new TypeError('@command decorates public instance methods only')
    }
    COMMANDS.set(method, spec)
    return method
  }
  if (typeof methodOrSpec === 'function') return mark(methodOrSpec, context!, {})
  if (typeof methodOrSpec !== 'object' || methodOrSpec === null) throw new TypeError('@command(spec): spec must be an object')
  return (method: Function, ctx: ClassMethodDecoratorContext) => mark(method, ctx, methodOrSpec)
}

/**
 * The {@link CommandSpec} a command was declared with (`{}` for a bare `@command`).
 *
 * @example
 * specOf(findCommand(ProductRow, 'add')!) // { positional: …, permissions: [] }
 */
export function specOf (handler: Function): CommandSpec<any, any> {
  return COMMANDS.get(handler) ?? {}
}

/**
 * Finds the `@command` method `name` on a component class, walking its own prototype chain up
 * to LiveComponent. Returns undefined for anything that is not a decorated method.
 *
 * @example
 * findCommand(ProductRow, 'add') // the handler
 * findCommand(ProductRow, 'constructor') // undefined
 */
export function findCommand (cls: ComponentClass, name: string): CommandHandler | undefined {
  for (let proto = cls.prototype; proto && proto !== LiveComponent.prototype && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    const desc = Object.getOwnPropertyDescriptor(proto, name)
    if (desc) return typeof desc.value === 'function' && COMMANDS.has(desc.value) ? desc.value : undefined
  }
  return undefined
}

/**
 * Every `@command` name of a class, in declaration order, subclasses first.
 *
 * @example
 * listCommands(ProductRow) // ['add']
 */
export function listCommands (cls: ComponentClass): string[] {
  const names: string[] = []
  for (let proto = cls.prototype; proto && proto !== LiveComponent.prototype && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const key of Object.getOwnPropertyNames(proto)) {
      if (!names.includes(key) && findCommand(cls, key)) names.push(key)
    }
  }
  return names
}
