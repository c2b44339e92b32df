/** @module features/events/feature — server events between components: `ctx.emit`/`emitUp`/`emitSelf`/`emitTo` in a command, `@command({ listen })` listeners run in the same request, their re-renders in the same response. */
import type { FastifyRequest } from 'fastify'
import type { ArgSchema } from '../../core/commands/schema.js'
import { validated } from '../../core/commands/schema.js'
import { findCommand, specOf } from '../../core/command.js'
import type { CallContext } from '../../core/component.js'
import type { Feature, OtherRun, RunningCall } from '../../core/hooks.js'
import { hooksOf, type Host } from '../../core/host.js'
import type { Registration } from '../../core/registry.js'
import { LC_BAD_EVENT, LC_COMMAND_FAILED, LC_EVENT_LOOP, LC_INVALID_COMPONENT } from '../../errors.js'
import { ATTR } from '../../protocol.js'

declare module '../../core/component.js' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- merging with CommandSpec needs its type parameters
  interface CommandSpec<P extends ArgSchema | undefined = undefined, N extends ArgSchema | undefined = undefined> {
    /**
     * Server events this command also runs on (a listener, as Symfony UX's `#[LiveListener]` and
     * Livewire's `#[On]`): when a command of the same request emits one of them to this
     * instance, it runs with the event's payload as `ctx.args` (validated by `named` when
     * given), after the component's permissions and this command's. Default: none.
     */
    listen?: string | readonly string[]
  }
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- merging with CallContext needs its type parameters
  interface CallContext<S, A = Record<string, string | string[]>> {
    /**
     * Emit a server event to every component on the page that listens to `name` (all of them
     * are sent with every command: their roots carry `data-lc-listens`), this one included.
     * Listeners run after this command, in the same request; what they re-render joins this
     * response as out-of-band swaps. Nobody listening is fine. Source: Symfony UX's `emit`.
     */
    emit: (name: string, payload?: Record<string, unknown>) => void
    /** Emit to this component's ancestors only (Symfony UX's `emitUp`). */
    emitUp: (name: string, payload?: Record<string, unknown>) => void
    /** Emit to this component only (Symfony UX's `emitSelf`). */
    emitSelf: (name: string, payload?: Record<string, unknown>) => void
    /** Emit to the component with this id, when the request carries it (Livewire's `dispatch()->to()`). */
    emitTo: (id: string, name: string, payload?: Record<string, unknown>) => void
  }
}

/** Most listener runs one request may cause (events that emit events): a loop is a 500, not a hang. */
export const MAX_DELIVERIES = 64

const EVENT_RE = /^[A-Za-z][A-Za-z0-9_:.-]{0,63}$/

/** An event waiting for delivery. */
interface Emitted { from: string, name: string, payload: Record<string, unknown>, to: 'all' | 'up' | 'self' | { id: string } }

/**
 * The events feature.
 * - Register time: `@command({ listen })` names are checked (letters, digits, `_ : . -`, at most
 *   64 characters; LC_INVALID_COMPONENT otherwise) and indexed by event.
 * - Roots of components with listeners carry `data-lc-listens`; every control sends their state,
 *   so `ctx.emit` reaches every listener on the page.
 * - After a command's handler: its events are delivered, in order, to the listeners of the
 *   instances the request carries; each listener runs after the component's and its own
 *   permissions (the `beforeCommand` hooks), with its payload validated by its `named` schema;
 *   events a listener emits are delivered after it, at most {@link MAX_DELIVERIES} runs
 *   (LC_EVENT_LOOP). A listener's results apply to its own instance (nothing returned: it is
 *   re-rendered), and join the response; one that throws is LC_COMMAND_FAILED.
 *
 * @example
 * const feature = eventsFeature(host)
 */
export function eventsFeature (host: Host): Feature {
  /** per registration: event name → the commands listening to it */
  const listeners = new WeakMap<Registration, Map<string, string[]>>()
  const queues = new WeakMap<FastifyRequest, Emitted[]>()

  const emitters = (queue: Emitted[], from: string): Pick<CallContext<unknown>, 'emit' | 'emitUp' | 'emitSelf' | 'emitTo'> => {
    const push = (name: string, payload: Record<string, unknown> | undefined, to: Emitted['to']): void => {
      if (!EVENT_RE.test(String(name))) throw new LC_BAD_EVENT(String(name).slice(0, 100))
      queue.push({ from, name, payload: payload ?? {}, to })
    }
    return {
      emit: (name, payload) => { push(name, payload, 'all') },
      emitUp: (name, payload) => { push(name, payload, 'up') },
      emitSelf: (name, payload) => { push(name, payload, 'self') },
      emitTo: (id, name, payload) => { push(name, payload, { id: String(id) }) }
    }
  }

  /** The ids an event reaches, among the instances the request carries. */
  const targets = (call: RunningCall, e: Emitted): string[] => {
    if (e.to === 'self') return [e.from]
    if (e.to === 'up') {
      const up: string[] = []
      for (let p = call.claims.get(e.from)?.parent ?? null; p !== null && !up.includes(p); p = call.claims.get(p)?.parent ?? null) {
        if (call.claims.has(p)) up.push(p)
      }
      return up
    }
    if (e.to === 'all') return [...call.claims.keys()]
    if (!call.claims.has(e.to.id)) call.request.log.warn({ id: e.to.id, event: e.name }, 'a server event was emitted to a component the request did not carry; skipped')
    return call.claims.has(e.to.id) ? [e.to.id] : []
  }

  const deliver = async (call: RunningCall, queue: Emitted[]): Promise<OtherRun[]> => {
    const out: OtherRun[] = []
    /** the instances whose ctx emits from them (the invoking one's was set in beforeRun) */
    const emitting = new Set<string>([call.selfId])
    const hooks = hooksOf(host)
    let runs = 0
    while (queue.length > 0) {
      const e = queue.shift()!
      for (const id of targets(call, e)) {
        const reg = host.registry.get(call.claims.get(id)!.name)
        for (const command of (reg === undefined ? undefined : listeners.get(reg)?.get(e.name)) ?? []) {
          if (++runs > MAX_DELIVERIES) throw new LC_EVENT_LOOP(MAX_DELIVERIES, e.name)
          for (const f of hooks.beforeCommand) await f.beforeCommand!(call.request, reg!, command)
          const handler = findCommand(reg!.cls, command)!
          const named = reg!.specs.get(command)?.named
          const args = named === undefined ? e.payload : await validated(named, e.payload, `the payload of event "${e.name}" for ${reg!.name}.${command}`)
          const target = (await call.other(id))!
          if (!emitting.has(id)) {
            Object.assign(target.ctx, emitters(queue, id))
            emitting.add(id)
          }
          target.ctx.args = args
          try {
            out.push({ id, returned: await handler.call(target.instance, target.ctx) })
          } catch (err) {
            if ((err as { code?: string }).code?.startsWith('LC_')) throw err
            call.request.log.error({ err, component: reg!.name, command, event: e.name }, 'listener failed')
            throw Object.assign(new LC_COMMAND_FAILED(command, reg!.name), { cause: err })
          }
        }
      }
    }
    // (a listener's instance gets its new state signed by the core: call.other)
    return out
  }

  return {
    name: 'events',
    register (reg) {
      const byEvent = new Map<string, string[]>()
      for (const command of reg.commands) {
        const listen = specOf(findCommand(reg.cls, command)!).listen
        if (listen === undefined) continue
        const names = typeof listen === 'string' ? [listen] : listen
        if (!Array.isArray(names) || names.length === 0 || !names.every((n) => typeof n === 'string' && EVENT_RE.test(n))) {
          throw new LC_INVALID_COMPONENT(reg.cls.name, `@command listen of ${command} must name events: letters, digits, _ : . - (at most 64), starting with a letter`)
        }
        for (const n of names) byEvent.set(n, [...byEvent.get(n) ?? [], command])
      }
      if (byEvent.size === 0) return
      listeners.set(reg, byEvent)
    },
    rootAttributes (r) {
      const byEvent = listeners.get(r.reg)
      return byEvent === undefined ? undefined : [[ATTR.listens, [...byEvent.keys()].join(' ')]]
    },
    beforeRun (call) {
      const queue: Emitted[] = []
      queues.set(call.request, queue)
      Object.assign(call.ctx, emitters(queue, call.selfId))
    },
    afterRun (call) {
      const queue = queues.get(call.request)
      return queue === undefined || queue.length === 0 ? undefined : deliver(call, queue)
    }
  }
}
