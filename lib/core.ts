/** @module core — the state of one plugin registration, shared by its routes and helpers through closures. */
import type { FastifyBaseLogger } from 'fastify'
import type { StateStore } from './features/concurrency/state-store.js'
import type { UserLookup } from './features/permissions/permissions.js'
import type { PushMessage } from './features/push/broker.js'
import type { PushTokens } from './features/push/tokens.js'
import type { ComponentRegistry } from './registry.js'
import type { Renderer } from './render/renderer.js'
import type { StateSigner } from './signer.js'

/**
 * Everything one plugin registration owns.
 *
 * @example
 * const session = new RenderSession(core, { request })
 */
export interface Core {
  registry: ComponentRegistry
  signer: StateSigner
  renderer: Renderer
  /** Route prefix, e.g. `/components`, never with a trailing slash. */
  prefix: string
  /** How many `/`-separated pieces of a command path precede its positional arguments (prefix, name, `cmd`, command). */
  argsOffset: number
  /** Which htmx line the pages load: 2 or 4. Decides `hx-disabled-elt` vs `hx-disable`. */
  htmxMajor: 2 | 4
  log: FastifyBaseLogger
  /** Issues subscription and page tokens for rendered components and `live_connect()`. */
  tokens: PushTokens
  /** Sends a push message to every server instance (in memory, or through Redis). */
  publish: (msg: PushMessage) => Promise<boolean>
  /** Where permissions find the user (the `user` option, or `request.user`). */
  user: UserLookup
  /** @fastify/csrf-protection is registered: command elements carry its token and commands check it. */
  csrfToken: boolean
  /** Serialises commands per instance and remembers latest states. */
  states: StateStore
  /** Seconds a command waits for the instance before 409 LC_BUSY. */
  waitSeconds: number
  /**
   * Command attributes after `hx-post`, by instance id and lineage (they are the same on every
   * render of an instance without a CSRF token); bounded, emptied when full.
   */
  tails: Map<string, string>
}

/**
 * Form field that carries signed state tokens (one per component sent).
 *
 * @example
 * new URLSearchParams([[ID_FIELD, 'top'], [STATE_FIELD, token]])
 */
export const STATE_FIELD = '__lc_state'
/**
 * Form field that names the invoking instance.
 *
 * @example
 * body[ID_FIELD] // 'product:7'
 */
export const ID_FIELD = '__lc_id'
/**
 * Every form field name starting with this is reserved for the plugin.
 *
 * @example
 * key.startsWith(RESERVED_PREFIX) // true for '__lc_state'
 */
export const RESERVED_PREFIX = '__lc'
