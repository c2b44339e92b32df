/** @module features/calls/feature — calls between components: from a command, read and change another instance of the page (`ctx.find`, `ctx.findParent`, `ctx.findAncestor`) and re-render it in the same response, as django-livecomponents' call context does. */
import type { CallContext } from '../../core/component.js'
import type { Feature, RunningCall } from '../../core/hooks.js'
import { authorize, type Host } from '../../core/host.js'
import { LC_FORBIDDEN, LC_UNAUTHENTICATED } from '../../errors.js'

/**
 * Another component instance, as a command sees it through `ctx.find()`: its state (change it in
 * place or assign a new one) and a way to re-render it in this response.
 *
 * @typeParam S - its state
 * @example
 * const cart = await ctx.find<{ lines: number[] }>('cart')
 * if (cart) { cart.state.lines = []; cart.markDirty() }
 */
export interface ComponentRef<S = any> {
  readonly id: string
  /** its registered component name */
  readonly name: string
  readonly parentId: string | null
  /** its live state: changes are signed again after the command */
  state: S
  /** Re-render it in this response (an out-of-band swap), as `ComponentDirty(id)` does. */
  markDirty: () => void
}

declare module '../../core/component.js' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- merging with CallContext needs its type parameters
  interface CallContext<S, A = Record<string, string | string[]>> {
    /**
     * The instance with this id, when the request carries it (its ancestors, components with an
     * explicit id, and those that bind input or listen to events are always sent), else
     * undefined. Its component's permissions apply to the viewer (401/403 otherwise). Source:
     * django-livecomponents' call context (`find_one`).
     */
    find: <T = any>(id: string) => Promise<ComponentRef<T> | undefined>
    /** This instance's parent, or undefined at top level (django-livecomponents' `parent`). */
    findParent: <T = any>() => Promise<ComponentRef<T> | undefined>
    /** The nearest ancestor registered as `name` (django-livecomponents' `find_ancestor`). */
    findAncestor: <T = any>(name: string) => Promise<ComponentRef<T> | undefined>
  }
}

/**
 * The calls feature: `ctx.find(id)`, `ctx.findParent()` and `ctx.findAncestor(name)` in commands
 * (and in listeners, where they look from the listener's own instance). A found instance is
 * hydrated once per request (shared with every other feature), its permissions are checked
 * (`authorize`: 401 anonymous, 403 otherwise), its state changes are signed again after the
 * command, and `markDirty()` re-renders it in the same response.
 *
 * @example
 * const feature = callsFeature(host)
 */
export function callsFeature (host: Host): Feature {
  const finders = (call: RunningCall): Pick<CallContext<unknown>, 'find' | 'findParent' | 'findAncestor'> => {
    const ref = async (id: string | null | undefined): Promise<ComponentRef | undefined> => {
      if (typeof id !== 'string') return undefined
      const target = await call.other(id)
      if (target === undefined) return undefined
      const reg = host.registry.get(target.ctx.name)!
      const refused = await authorize(host, call.request, reg)
      if (refused === 401) throw new LC_UNAUTHENTICATED(reg.name)
      if (refused === 403) throw new LC_FORBIDDEN(reg.name)
      return {
        id,
        name: reg.name,
        parentId: target.ctx.parentId,
        get state () { return target.ctx.state },
        set state (value) { target.ctx.state = value },
        markDirty: () => { call.markDirty(id) }
      }
    }
    /** the instance a ctx belongs to: `this` when called as `ctx.findParent()`, else the command's */
    const from = (self: unknown): string => typeof (self as CallContext<unknown> | undefined)?.id === 'string' ? (self as CallContext<unknown>).id : call.selfId
    return {
      find: async (id) => await ref(id),
      async findParent () {
        return await ref(call.claims.get(from(this))?.parent)
      },
      async findAncestor (name) {
        const seen = new Set<string>()
        for (let id = call.claims.get(from(this))?.parent ?? null; id !== null && !seen.has(id); id = call.claims.get(id)?.parent ?? null) {
          seen.add(id)
          if (call.claims.get(id)?.name === name) return await ref(id)
        }
        return undefined
      }
    }
  }
  return {
    name: 'calls',
    beforeRun (call) {
      Object.assign(call.ctx, finders(call))
    }
  }
}
