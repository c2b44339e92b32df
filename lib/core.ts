/** @module core — the per-instance state of one plugin registration, kept on a symbol. */
import type { FastifyBaseLogger } from 'fastify'
import type { ComponentRegistry } from './registry.js'
import type { Renderer } from './render/renderer.js'
import type { StateSigner } from './signer.js'

/** Symbol under which each Fastify instance keeps its {@link Core}; no module singletons. */
export const kCore = Symbol('fastify-livecomponents.core')

/** Everything one plugin registration owns. */
export interface Core {
  registry: ComponentRegistry
  signer: StateSigner
  renderer: Renderer
  /** Route prefix, e.g. `/components`, never with a trailing slash. */
  prefix: string
  /** Which htmx line the pages load: 2 or 4. Decides `hx-disabled-elt` vs `hx-disable`. */
  htmxMajor: 2 | 4
  log: FastifyBaseLogger
}

/** Form field that carries signed state tokens (one per component sent). */
export const STATE_FIELD = '__lc_state'
/** Form field that names the invoking instance. */
export const ID_FIELD = '__lc_id'
/** Every form field name starting with this is reserved for the plugin. */
export const RESERVED_PREFIX = '__lc'
