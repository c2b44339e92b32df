/** @module core/render/instance — renders one component instance: lifecycle hooks, template, signed state, root element. */
import type { LiveComponent, MountContext } from '../component.js'
import type { RenderedInstance, RenderTarget } from '../hooks.js'
import { hooksOf, sealState } from '../host.js'
import { LC_RENDER_FAILED } from '../../errors.js'
import type { Registration } from '../registry.js'
import { rootElement, rootSwaps } from './markup.js'
import type { Frame, InstanceOptions, Pass } from './types.js'

const NO_DATA: Readonly<Record<string, unknown>> = Object.freeze({})

/**
 * Render one instance, from a known state or by mounting it with `props`:
 * features' `renderInstead` (a refusal) → `mount(props)` and features' `mounted`, or `hydrate(state)` → `beforeRender` →
 * features' `instanceData` → `context` → the template (children rendered after it) → `dehydrate` → signed token → features'
 * `rootAttributes` → the root element.
 *
 * @throws LC_RENDER_FAILED wrapping any error of a hook or template (the cause is kept)
 * @throws LC_DUPLICATE_ID when a template gives two components the same id
 * @throws LC_STATE_TOO_LARGE when the dehydrated state is over the limit
 * @example
 * const html = await renderInstance(pass, reg, 'cart', null, {}, { keyed: true })
 */
export async function renderInstance (pass: Pass, reg: Registration, id: string, parentId: string | null, props: unknown, opts: InstanceOptions): Promise<string> {
  const { host } = pass
  const hooks = hooksOf(host)
  // one object for every hook of this instance: its state is filled in once it is known
  const instance = Reflect.construct(reg.cls, []) as LiveComponent<any, any>
  const prior = pass.known.get(id)
  const lineage = opts.lineage ?? [...pass.lineageOf(parentId), id]
  const info: RenderTarget & { -readonly [K in keyof RenderedInstance]: RenderedInstance[K] } = { pass, reg, id, parentId, props, keyed: opts.keyed, known: prior !== undefined, lineage, oob: opts.oob === true, state: undefined, body: '', instance, input: opts.input, extra: prior?.extra }
  for (const f of hooks.renderInstead) {
    const pending = f.renderInstead!(info)
    const instead = pending === undefined ? undefined : await pending
    if (instead !== undefined) return instead
  }
  const rid = prior?.rid ?? pass.newRid()
  let version = prior?.version ?? 0
  let body: string
  let dehydrated: unknown
  let state: unknown
  let data: Record<string, unknown> | undefined
  try {
    const hookCtx: MountContext = { id, parentId, request: pass.request, app: host.app }
    if (prior === undefined || reg.stateless) {
      state = await instance.mount(props, hookCtx)
      // features adjust a freshly mounted state (URL-bound keys read from the page's URL)
      for (const f of hooks.mounted) state = await f.mounted!(info, state)
    } else {
      state = prior.dehydrated === true ? await instance.hydrate(prior.state) : prior.state
    }
    if (prior !== undefined && props !== undefined && opts.mountOnly !== true && !reg.stateless) {
      // a parent re-renders this instance: its props may update its state (reactive props)
      const updated = await instance.update(props, state, hookCtx)
      // a new version, so an older recorded state never replaces this one (concurrency)
      if (updated !== state) version++
      state = updated
    }
    // what features keep with the instance (its slot content), signed with its state
    for (const f of hooks.instanceData) {
      const kept = f.instanceData!(info)
      if (kept !== undefined) (data ??= {})[f.name] = kept
    }
    pass.known.set(id, { state, parentId, rid, version, name: reg.name, extra: data })
    await instance.beforeRender(state, hookCtx)
    const extra = await instance.context(state, hookCtx)
    const frame: Frame = { reg, id, parentId, lineage, childCount: 0, state, data: data ?? NO_DATA, known: prior !== undefined }
    body = await pass.renderTemplate(reg.cls.template, { ...extra, state, id }, frame)
    // a stateless instance keeps nothing: no state token, nothing to dehydrate
    if (!reg.stateless) dehydrated = instance.dehydrate(state)
  } catch (err) {
    if ((err as { code?: string }).code?.startsWith('LC_')) throw err
    throw Object.assign(new LC_RENDER_FAILED(reg.name), { cause: err })
  }
  const token = reg.stateless ? undefined : await sealState(host, reg, { name: reg.name, id, parent: parentId, keyed: opts.keyed, rid, version, state: dehydrated, binding: pass.binding(), extra: data })
  if (token !== undefined) pass.signed.set(id, token)
  let attrs: Array<[string, string]> | undefined
  info.state = state
  info.body = body
  for (const f of hooks.rootAttributes) {
    const more = f.rootAttributes!(info)
    if (more !== undefined) (attrs ??= []).push(...more)
  }
  try {
    return rootElement({ tag: reg.tag, name: reg.name, id, token, keyed: opts.keyed, oob: opts.oob === true, partial: opts.partial, frame: opts.frame, ...rootSwaps(host.htmxMajor, reg.morph), attrs, body })
  } catch (err) {
    throw Object.assign(new LC_RENDER_FAILED(reg.name), { cause: err }) // a <tr> root without a cell
  }
}
