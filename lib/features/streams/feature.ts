/** @module features/streams/feature — streams for large lists (Phoenix LiveView's `stream/4`): items rendered into the page but never kept in state; commands append, prepend, update, delete or reset them by key, each a small out-of-band fragment. */
import type { Feature } from '../../core/hooks.js'
import type { Host } from '../../core/host.js'
import { idSelector } from '../../core/render/markup.js'
import { escapeHtml } from '../../core/render/renderer.js'
import type { Registration } from '../../core/registry.js'
import { LC_BAD_STREAM, LC_INVALID_COMPONENT } from '../../errors.js'
import { ATTR } from '../../protocol.js'

/**
 * One stream of a component, in `static streams`: `key` names the item property that
 * identifies an item; `template` renders one item (variable `item`) inside an element `tag`
 * (default `div`) with the id `<component id>-<stream>-<key>`; the container is `container`
 * (default `div`); `limit` keeps at most that many items in the page (the client drops the
 * oldest from the other end after an append or prepend).
 *
 * @example
 * static streams = { events: { key: 'id', template: 'feed-item.njk', tag: 'li', container: 'ul', limit: 100 } }
 */
export interface StreamSpec { key: string, template: string, tag?: string, container?: string, limit?: number }

/**
 * What `ctx.stream(name)` gives a command: operations on the items in the page, sent as
 * out-of-band fragments with the response, in the order they were called.
 *
 * @example
 * ctx.stream('events').prepend(newest).delete(17)
 */
export interface StreamOps {
  /** Add items at the end (or replace those whose key is in the page already, where they are). */
  append: (...items: unknown[]) => StreamOps
  /** Add items at the start. */
  prepend: (...items: unknown[]) => StreamOps
  /** Re-render one item in place. */
  update: (item: unknown) => StreamOps
  /** Remove the item with this key. */
  delete: (key: string | number) => StreamOps
  /** Replace every item (none: empty the stream). */
  reset: (items?: unknown[]) => StreamOps
}

declare module '../../core/component.js' {
  interface ComponentStatics {
    /** The component's streams, by name: see {@link StreamSpec}. */
    streams?: Record<string, StreamSpec>
  }
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- merging with CallContext needs its type parameters
  interface CallContext<S, A = Record<string, string | string[]>> {
    /**
     * The stream `name` of this component (Phoenix LiveView's `stream_insert`/`stream_delete`).
     *
     * @throws LC_BAD_STREAM when the component has no such stream
     */
    stream: (name: string) => StreamOps
  }
}

type Op = { kind: 'append' | 'prepend' | 'update' | 'reset', items: unknown[] } | { kind: 'delete', key: string | number }

const NAME_RE = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/
const KEY_RE = /^[A-Za-z0-9_:.-]{1,128}$/
const TAG_RE = /^[a-z][a-z0-9]*$/

/**
 * The streams feature: `static streams` (see {@link StreamSpec}), the `stream(name, items)`
 * template helper, and `ctx.stream(name)` in commands (see {@link StreamOps}).
 * - `{{ stream('events', events) }}` writes the container (id `<component id>-events`,
 *   `hx-preserve`) with the items on the component's first render; when the component
 *   re-renders, the container is written empty and htmx keeps the one in the page, so items are
 *   never re-sent and never kept in state (a 10,000-item feed costs no state bytes);
 * - each operation is an `<hx-partial>` (htmx 2.0.11+ and 4): append `beforeend`, prepend
 *   `afterbegin` into the container, update `outerHTML` and delete `delete` on the item, reset
 *   `innerHTML` of the container.
 *
 * @example
 * const feature = streamsFeature(host)
 */
export function streamsFeature (host: Host): Feature {
  const specs = new WeakMap<Registration, Record<string, Required<Omit<StreamSpec, 'limit'>> & { limit?: number }>>()
  const queues = new WeakMap<object, Array<{ name: string, op: Op }>>()

  const specOf = (reg: Registration, name: unknown): Required<Omit<StreamSpec, 'limit'>> & { limit?: number } => {
    const spec = typeof name === 'string' ? specs.get(reg)?.[name] : undefined
    if (spec === undefined) throw new LC_BAD_STREAM(`"${reg.name}" has no stream ${JSON.stringify(name)} (static streams)`)
    return spec
  }
  const keyOf = (spec: StreamSpec, item: unknown): string => {
    const key = (item as Record<string, unknown> | null)?.[spec.key]
    if ((typeof key !== 'string' && typeof key !== 'number') || !KEY_RE.test(String(key))) throw new LC_BAD_STREAM(`an item's "${spec.key}" must be a string or number of letters, digits and "_ : . -", got ${JSON.stringify(key)}`)
    return String(key)
  }
  const renderItem = async (spec: Required<Omit<StreamSpec, 'limit'>>, container: string, item: unknown): Promise<string> => {
    return wrapItem(spec, container, item, await host.renderer.render(spec.template, { item }))
  }
  const wrapItem = (spec: Required<Omit<StreamSpec, 'limit'>>, container: string, item: unknown, body: string): string => {
    return `<${spec.tag} id="${escapeHtml(`${container}-${keyOf(spec, item)}`)}">${body}</${spec.tag}>`
  }
  const partial = (target: string, swap: string, html: string): string =>
    `<hx-partial hx-target="${escapeHtml(idSelector(target))}" hx-swap="${swap}">${html}</hx-partial>`

  return {
    name: 'streams',
    register (reg) {
      const declared = reg.cls.streams
      if (declared === undefined) return
      if (reg.stateless) throw new LC_INVALID_COMPONENT(reg.cls.name, 'a StatelessLiveComponent has no commands to drive a stream')
      if (typeof declared !== 'object' || declared === null) throw new LC_INVALID_COMPONENT(reg.cls.name, 'static streams must map stream names to { key, template, tag, container, limit }')
      const out: Record<string, Required<Omit<StreamSpec, 'limit'>> & { limit?: number }> = {}
      for (const [name, s] of Object.entries(declared)) {
        const ok = NAME_RE.test(name) && typeof s?.key === 'string' && typeof s.template === 'string' && s.template !== '' &&
          (s.tag === undefined || TAG_RE.test(s.tag)) && (s.container === undefined || TAG_RE.test(s.container)) &&
          (s.limit === undefined || (Number.isInteger(s.limit) && s.limit > 0))
        if (!ok) throw new LC_INVALID_COMPONENT(reg.cls.name, `static streams: "${name}" must be { key, template, tag?, container?, limit? } (a positive integer limit, lowercase tag names)`)
        out[name] = { key: s.key, template: s.template, tag: s.tag ?? 'div', container: s.container ?? 'div', limit: s.limit }
      }
      specs.set(reg, out)
    },
    helpers: {
      stream (scope, name: unknown, items: unknown = []) {
        if (scope.frame === null) throw new LC_BAD_STREAM('stream() belongs in a component template')
        const spec = specOf(scope.frame.reg, name)
        const id = `${scope.frame.id}-${String(name)}`
        const limit = spec.limit === undefined ? '' : ` ${ATTR.streamLimit}="${spec.limit}"`
        // the items go out with the component's first render only (a re-render keeps the page's)
        const first = !scope.frame.known
        if (first && !Array.isArray(items)) throw new LC_BAD_STREAM(`stream("${String(name)}", items): items must be a list`)
        // template helpers are synchronous: the renderer must render the item template at once (nunjucks does)
        const body = first
          ? (items as unknown[]).map((item) => {
              const html = host.renderer.render(spec.template, { item })
              if (typeof html !== 'string') throw new LC_BAD_STREAM(`stream("${String(name)}"): the renderer rendered the item template asynchronously; render the first items in the template instead`)
              return wrapItem(spec, id, item, html)
            }).join('')
          : ''
        return `<${spec.container} id="${escapeHtml(id)}" ${ATTR.stream}="${String(name)}"${limit} hx-preserve>${body}</${spec.container}>`
      }
    },
    beforeRun (call) {
      const queue: Array<{ name: string, op: Op }> = []
      queues.set(call.request, queue)
      call.ctx.stream = (name: string): StreamOps => {
        specOf(call.reg, name)
        const ops: StreamOps = {
          append: (...items) => { queue.push({ name, op: { kind: 'append', items } }); return ops },
          prepend: (...items) => { queue.push({ name, op: { kind: 'prepend', items } }); return ops },
          update: (item) => { queue.push({ name, op: { kind: 'update', items: [item] } }); return ops },
          delete: (key) => { queue.push({ name, op: { kind: 'delete', key } }); return ops },
          reset: (items = []) => { queue.push({ name, op: { kind: 'reset', items } }); return ops }
        }
        return ops
      }
    },
    afterRun (call) {
      const queue = queues.get(call.request)
      if (queue === undefined || queue.length === 0) return undefined
      return (async () => {
        for (const { name, op } of queue) {
          const spec = specOf(call.reg, name)
          const container = `${call.selfId}-${name}`
          if (op.kind === 'delete') {
            if (!KEY_RE.test(String(op.key))) throw new LC_BAD_STREAM(`delete(${JSON.stringify(op.key)}): not a key`)
            call.ctx.effects.fragments.push(partial(`${container}-${String(op.key)}`, 'delete', ''))
            continue
          }
          const html = (await Promise.all(op.items.map(async (item) => await renderItem(spec, container, item))))
          if (op.kind === 'update') call.ctx.effects.fragments.push(partial(`${container}-${keyOf(spec, op.items[0])}`, 'outerHTML', html.join('')))
          else if (op.kind === 'reset') call.ctx.effects.fragments.push(partial(container, 'innerHTML', html.join('')))
          else call.ctx.effects.fragments.push(partial(container, op.kind === 'append' ? 'beforeend' : 'afterbegin', html.join('')))
        }
        return []
      })()
    }
  }
}
