/** @module features/security/origin — cross-site request checks for command routes and the WebSocket upgrade. */
import type { FastifyReply, FastifyRequest } from 'fastify'
import { LC_CROSS_SITE } from '../../errors.js'
import { HEADER } from '../../protocol.js'

/**
 * Whether `origin` (an `Origin` header value) is this request's own origin, or one of `allowed`.
 * Own origin means the Origin's host (with its port) equals the request's host: `request.host`,
 * which is the `Host` header, or `X-Forwarded-Host` when Fastify's `trustProxy` is set.
 * `Origin: null` (sandboxed frames, some redirects) is never same-origin.
 *
 * @param origin - the `Origin` header, e.g. `https://shop.example`
 * @param allowed - other accepted origins, e.g. `['https://admin.shop.example']`
 * @example
 * isAllowedOrigin(request, 'https://shop.example', []) // true when the page came from shop.example
 */
export function isAllowedOrigin (request: FastifyRequest, origin: string, allowed: readonly string[]): boolean {
  if (allowed.includes(origin)) return true
  try {
    // normalise the host with the Origin's scheme, so default ports compare equal
    const o = new URL(origin)
    return o.host !== '' && o.host === new URL(`${o.protocol}//${request.host}`).host
  } catch {
    return false
  }
}

/**
 * The reason a command request is cross-site, or null when it is not. A command must:
 * 1. carry `HX-Request: true` (htmx always sends it; a plain cross-site `<form>` cannot, and
 *    `fetch` from another site cannot without a CORS preflight this plugin never answers);
 * 2. if the browser sent `Sec-Fetch-Site`, have `same-origin` there, unless its Origin is listed;
 * 3. if it has an `Origin` header, have the page's own origin or a listed one.
 *
 * @example
 * crossSiteReason(request, []) // null for an htmx request from the app's own page
 */
export function crossSiteReason (request: FastifyRequest, allowed: readonly string[]): string | null {
  const h = request.headers
  if (h[HEADER.request.toLowerCase()] !== 'true') return `no ${HEADER.request} header`
  const origin = h.origin
  const site = h['sec-fetch-site']
  if (site !== undefined && site !== 'same-origin' && !(typeof origin === 'string' && allowed.includes(origin))) {
    return `Sec-Fetch-Site is ${String(site)}`
  }
  if (origin !== undefined && !isAllowedOrigin(request, origin, allowed)) return `Origin ${origin} is not this site`
  return null
}

/**
 * An `onRequest` hook that refuses cross-site command requests with 403 LC_CROSS_SITE before
 * the body is read. Source: the OWASP "verify origin with standard
 * headers" and "custom request header" defences.
 *
 * @param allowed - the `origins` option
 * @throws LC_CROSS_SITE (403)
 * @example
 * app.addHook('onRequest', crossSiteGuard(['https://admin.shop.example']))
 */
export function crossSiteGuard (allowed: readonly string[]) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const reason = crossSiteReason(request, allowed)
    if (reason !== null) throw new LC_CROSS_SITE(reason)
  }
}
