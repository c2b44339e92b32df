/** @module core/render/types — what the parts of a render pass share: the frame of an instance and the pass they call back. */
import type { Host } from '../host.js'
import type { KnownInstance, PassView, RenderFrame } from '../hooks.js'
import type { Registration } from '../registry.js'

/**
 * The instance a template is being rendered for, with the counters the render needs.
 *
 * @example
 * const frame: Frame = { reg, id, parentId, lineage: [id], state, childCount: 0, data: {}, known: false }
 */
export interface Frame extends RenderFrame {
  /** children given an automatic id so far */
  childCount: number
  /** the command attributes after `hx-post`, the same for every control of this instance; computed on first use */
  tail?: string
}

/**
 * How an instance is rendered.
 *
 * @example
 * { keyed: true, oob: true }
 */
export interface InstanceOptions {
  /** the id was given in the template: the instance is sent with every command on the page */
  keyed: boolean
  /** render as an out-of-band swap */
  oob?: boolean
  /** out of band among other elements (a command response): a table row goes in an `<hx-partial>` */
  partial?: boolean
  /** render as an intermediate frame of a streaming command */
  frame?: boolean
  /** ids from the top-level ancestor down to this instance; default: from the known parents */
  lineage?: string[]
  /** what features' `componentCall` hooks handed to this render, by feature name */
  input?: Record<string, unknown>
  /** the props only mount it: an instance whose state is known keeps it without `update(props)` */
  mountOnly?: boolean
}

/**
 * The render pass, as its parts (instance rendering, template helpers) use it.
 *
 * @example
 * await pass.renderTemplate(reg.cls.template, { state, id }, frame)
 */
export interface Pass extends PassView {
  readonly host: Host
  /** instances whose live state is known, by id; rendering records each state here */
  readonly known: Map<string, KnownInstance>
  /** the state token each instance was signed with in this pass, by id */
  readonly signed: Map<string, string>
  /** the nonce of this pass's child placeholders */
  readonly nonce: string
  /** a new render id for an instance first rendered in this pass */
  newRid: () => string
  /** the ids from the top-level ancestor of `id` down to `id` */
  lineageOf: (id: string | null) => string[]
  /** render a template with the helpers of `frame` (null: a page), then its child components */
  renderTemplate: (template: string, data: Record<string, unknown>, frame: Frame | null) => Promise<string>
  /** render one instance (a child placeholder's job) */
  renderInstance: (reg: Registration, id: string, parentId: string | null, props: unknown, opts: InstanceOptions) => Promise<string>
  /** claim an id for this pass; false when it is taken */
  claimId: (id: string) => boolean
  /** the next automatic id of a top-level instance of `name` */
  nextTopId: (name: string) => string
}
