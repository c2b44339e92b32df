/** @module features/security/feature — CSRF as a feature: cross-site checks before the body is read, and @fastify/csrf-protection's token in the page's head. */
import type { FastifyInstance, onRequestHookHandler } from 'fastify'
import type { Feature, PassView } from '../../core/hooks.js'
import { LC_CSRF_TOKEN } from '../../errors.js'
import { escapeHtml } from '../../core/render/renderer.js'
import { META } from '../../protocol.js'
import { crossSiteGuard, type OriginPolicy } from './origin.js'

/**
 * The CSRF feature (on by default; the `csrf` and `origins` options):
 * - every command request must carry `HX-Request: true`, a same-origin `Sec-Fetch-Site` when the
 *   browser sends one, and the page's own `Origin` (or a listed one): 403 LC_CROSS_SITE before
 *   the body is read (see `crossSiteReason`);
 * - when the app registered @fastify/csrf-protection, `live_scripts()` writes the page's token
 *   into `<meta name="lc-csrf-token">`, the client helper sends it as `x-csrf-token` on every
 *   request (as Rails and Laravel do), and its `csrfProtection` hook checks every command: 403
 *   LC_CSRF_TOKEN. Rendered components, pushed ones included, carry no token at all.
 *
 * @param policy - the `origins` and `hosts` options, or null when the `csrf` option turned the checks off
 * @example
 * const feature = csrfFeature(app, { origins: [], hosts: null })
 */
export function csrfFeature (app: FastifyInstance, policy: OriginPolicy | null): Feature {
  const enabled = app.hasDecorator('csrfProtection') && app.hasReplyDecorator('generateCsrf')
  const onRequest: onRequestHookHandler[] = []
  if (policy !== null) onRequest.push(crossSiteGuard(policy))
  if (enabled) onRequest.push((app as unknown as { csrfProtection: onRequestHookHandler }).csrfProtection)
  return {
    name: 'csrf',
    commandOnRequest: onRequest,
    errorCodes: {
      FST_CSRF_INVALID_TOKEN: () => new LC_CSRF_TOKEN(),
      FST_CSRF_MISSING_SECRET: () => new LC_CSRF_TOKEN()
    },
    pageHead (pass: PassView) {
      const generate = (pass.reply as { generateCsrf?: () => string } | undefined)?.generateCsrf
      if (!enabled || typeof generate !== 'function') return undefined
      return `<meta name="${META.csrf}" content="${escapeHtml(generate.call(pass.reply))}">`
    }
  }
}
