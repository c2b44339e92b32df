/** @module core/command — the `@command` decorator, and finding a class's commands and their specs. */
import type { ArgSchema, Infer } from './commands/schema.js'
import { LiveComponent, type CallContext, type CommandHandler, type CommandReturn, type CommandSpec, type ComponentClass, type StateOf } from './component.js'

/**
 * The handler signature a {@link CommandSpec} allows: `ctx.args` typed by `named`, the rest
 * parameters typed by `positional`.
 *
 * @example
 * type H = SpecHandler<undefined, typeof Named> // (ctx: CallContext<any, { note: string }>, ...args: any[]) => CommandReturn
 */
export type SpecHandler<P, N, S = any> = (
  ctx: CallContext<S, N extends ArgSchema ? Infer<N> : Record<string, string | string[]>>,
  ...args: P extends ArgSchema ? (Infer<P> extends readonly unknown[] ? Infer<P> : never) : any[]
) => CommandReturn

/**
 * What a bare `@command` turns a method into: the method itself, or, when it cannot be a command,
 * a message type that TypeScript prints in its error (TS1270), instead of a mismatch with the
 * `@command(spec)` overload.
 *
 * @example
 * // @command bad (ctx: CallContext<S>) { return 'x' }
 * // error TS1270: Decorator function return type '"@command: a command returns execution results …"' is not assignable…
 */
export type CheckedCommand<This, F> = F extends (this: any, ctx: infer C, ...args: any[]) => infer R
  ? [R] extends [CommandReturn]
      ? [CallContext<StateOf<This>, any>] extends [C]
          ? F
          : { '@command error': 'ctx must be a CallContext of the component\'s own state type (LiveComponent<S> → CallContext<S>)' }
      : { '@command error': 'a command returns execution results (ComponentDirty…), a list of them, nothing, or a promise or async generator of them' }
  : F

const COMMANDS = new WeakMap<Function, CommandSpec<any, any>>()

/**
 * Marks a method as a command the browser may call through
 * `POST {prefix}/:name/cmd/:method/*`. Only decorated methods are callable; everything else
 * (constructor, getters, inherited Object methods, plain methods) answers 404 LC_UNKNOWN_COMMAND.
 * A standard (TC39, TypeScript 5) method decorator; no `experimentalDecorators` flag.
 * Source: django-livecomponents' `@command`. An `async *` method is a streaming command (a streaming
 * component): each `yield` pushes the component as it is then to the page over its
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
export function command<This extends LiveComponent<any, any>, F extends (this: This, ctx: CallContext<any, any>, ...args: any[]) => unknown> (
  method: F, context: ClassMethodDecoratorContext<This, F>
): CheckedCommand<This, F>
export function command<P extends ArgSchema | undefined = undefined, N extends ArgSchema | undefined = undefined> (
  spec: CommandSpec<P, N>
): <This extends LiveComponent<any, any>, F extends SpecHandler<P, N, StateOf<This>>>(method: F, context: ClassMethodDecoratorContext<This, F>) => F
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
