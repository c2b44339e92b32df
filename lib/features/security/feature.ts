/** @module features/security/feature — CSRF as a feature: cross-site checks before the body is read, and @fastify/csrf-protection's token on every command control. */
import type { FastifyInstance, FastifyReply, onRequestHookHandler } from 'fastify'
import type { Feature, PassView } from '../../core/hooks.js'
import { LC_CSRF_TOKEN } from '../../errors.js'
import { HEADER } from '../../protocol.js'
import { crossSiteGuard } from './origin.js'

/** Where a render pass keeps the CSRF token its command controls carry. */
const CSRF = Symbol('fastify-livecomponents.csrf')

/**
 * Stands for the CSRF token in renders shared by several sockets (pushes); each socket's own
 * token replaces it. Letters and digits only, so HTML escaping leaves it intact.
 */
const PLACEHOLDER = 'lcCsrfPlaceholder7f3a9c'

/**
 * What the push feature needs from CSRF protection, for renders without a request.
 *
 * @example
 * const html = csrf.forSocket(shared, socketToken)
 */
export interface CsrfForPush {
  /** @fastify/csrf-protection is registered */
  readonly enabled: boolean
  /** the token of an upgrade request's reply, for that socket's pushed renders; undefined when off */
  tokenOf: (reply: FastifyReply) => string | undefined
  /** the locals of a pass shared by several sockets: the placeholder token */
  sharedLocals: () => Map<symbol, unknown>
  /** a shared render with one socket's own token in place of the placeholder */
  forSocket: (html: string, token: string | undefined) => string
}

/**
 * The CSRF feature (on by default; the `csrf` and `origins` options):
 * - every command request must carry `HX-Request: true`, a same-origin `Sec-Fetch-Site` when the
 *   browser sends one, and the page's own `Origin` (or a listed one): 403 LC_CROSS_SITE before
 *   the body is read (see `crossSiteReason`);
 * - when the app registered @fastify/csrf-protection, every command control carries its token in
 *   `hx-headers` (htmx 4 does not inherit attributes, so each control has it), and its
 *   `csrfProtection` hook checks every command: 403 LC_CSRF_TOKEN.
 *
 * @param origins - the `origins` option, or null when the `csrf` option turned the checks off
 * @example
 * const { feature, push } = csrfFeature(app, [])
 */
export function csrfFeature (app: FastifyInstance, origins: string[] | null): { feature: Feature, push: CsrfForPush } {
  const enabled = app.hasDecorator('csrfProtection') && app.hasReplyDecorator('generateCsrf')
  const tokenOf = (reply: FastifyReply | undefined): string | undefined => {
    const generate = (reply as { generateCsrf?: () => string } | undefined)?.generateCsrf
    return enabled && typeof generate === 'function' ? generate.call(reply) : undefined
  }
  const onRequest: onRequestHookHandler[] = []
  if (origins !== null) onRequest.push(crossSiteGuard(origins))
  if (enabled) onRequest.push((app as unknown as { csrfProtection: onRequestHookHandler }).csrfProtection)
  const feature: Feature = {
    name: 'csrf',
    commandOnRequest: onRequest,
    errorCodes: {
      FST_CSRF_INVALID_TOKEN: () => new LC_CSRF_TOKEN(),
      FST_CSRF_MISSING_SECRET: () => new LC_CSRF_TOKEN()
    },
    commandAttributes (pass: PassView) {
      if (!enabled) return undefined
      let token = pass.locals.get(CSRF) as string | undefined
      if (token === undefined) {
        token = tokenOf(pass.reply)
        if (token === undefined) return undefined
        pass.locals.set(CSRF, token)
      }
      return [['hx-headers', JSON.stringify({ [HEADER.csrf]: token })]]
    }
  }
  return {
    feature,
    push: {
      enabled,
      tokenOf,
      sharedLocals: () => enabled ? new Map([[CSRF, PLACEHOLDER]]) : new Map(),
      forSocket: (html, token) => token === undefined ? html : html.replaceAll(PLACEHOLDER, token)
    }
  }
}
