/** @module features/security/origin — cross-site request checks for command routes and the WebSocket upgrade. */
import type { FastifyReply, FastifyRequest } from 'fastify'
import { LC_CROSS_SITE } from '../../errors.js'
import { HEADER } from '../../protocol.js'

/**
 * Which origins and hosts a request may come from: the `origins` and `hosts` options.
 *
 * @example
 * const policy: OriginPolicy = { origins: ['https://admin.shop.example'], hosts: ['shop.example'] }
 */
export interface OriginPolicy {
  /** origins besides the page's own, e.g. `https://admin.shop.example` */
  origins: readonly string[]
  /** the hosts (with a port when not the scheme's default) the app is served under, lowercase; null: any */
  hosts: readonly string[] | null
}

/**
 * Whether `origin` is an origin as browsers send it: exactly its own serialisation
 * (`scheme://host[:port]`, http or https, lowercase, no user, path or trailing slash, IPv4 in
 * dotted decimal). Anything else (`https://user@shop.example`, `https://shop.example/`,
 * `http://0x7f.1`, `javascript://x`) comes from no browser and is refused.
 *
 * @example
 * isBrowserOrigin('https://shop.example') // true
 * isBrowserOrigin('https://SHOP.example') // false
 */
export function isBrowserOrigin (origin: string): boolean {
  try {
    const u = new URL(origin)
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.origin === origin
  } catch {
    return false
  }
}

/**
 * The request's host as `host[:port]`, lowercase, without the scheme's default port; null when
 * it does not parse.
 */
function hostOf (request: FastifyRequest, protocol = 'http:'): string | null {
  try {
    return new URL(`${protocol}//${request.host}`).host
  } catch {
    return null
  }
}

/**
 * Why the request's own host is not acceptable, or null: with the `hosts` option, the `Host`
 * (or `X-Forwarded-Host` under `trustProxy`) must be one of them. This refuses DNS rebinding:
 * a page on another name that resolves to the app carries that other name as its host.
 *
 * @example
 * hostReason(request, { origins: [], hosts: ['shop.example'] }) // 'Host evil.example is not one of hosts'
 */
export function hostReason (request: FastifyRequest, policy: OriginPolicy): string | null {
  if (policy.hosts === null) return null
  const host = hostOf(request)
  return host !== null && policy.hosts.includes(host) ? null : `Host ${String(request.host)} is not one of hosts`
}

/**
 * Whether `origin` (an `Origin` header value) is this request's own origin, or one of
 * `policy.origins`. It must be a browser's serialisation ({@link isBrowserOrigin}). Own origin
 * means the Origin's host (with its port) equals the request's host: `request.host`, which is
 * the `Host` header, or `X-Forwarded-Host` when Fastify's `trustProxy` is set; with `hosts`, it
 * must also be one of them. `Origin: null` (sandboxed frames, some redirects) is never
 * same-origin.
 *
 * @param origin - the `Origin` header, e.g. `https://shop.example`
 * @example
 * isAllowedOrigin(request, 'https://shop.example', { origins: [], hosts: null }) // true when the page came from shop.example
 */
export function isAllowedOrigin (request: FastifyRequest, origin: string, policy: OriginPolicy): boolean {
  if (!isBrowserOrigin(origin)) return false
  if (policy.origins.includes(origin)) return true
  const o = new URL(origin)
  // normalise the request's host with the Origin's scheme, so default ports compare equal
  return o.host === hostOf(request, o.protocol) && (policy.hosts === null || policy.hosts.includes(o.host))
}

/**
 * The reason a command request is cross-site, or null when it is not. A command must:
 * 1. carry `HX-Request: true` (htmx always sends it; a plain cross-site `<form>` cannot, and
 *    `fetch` from another site cannot without a CORS preflight this plugin never answers);
 * 2. with the `hosts` option, be addressed to one of them (see {@link hostReason});
 * 3. if the browser sent `Sec-Fetch-Site`, have `same-origin` there, unless its Origin is listed;
 * 4. if it has an `Origin` header, have the page's own origin or a listed one.
 *
 * @example
 * crossSiteReason(request, { origins: [], hosts: null }) // null for an htmx request from the app's own page
 */
export function crossSiteReason (request: FastifyRequest, policy: OriginPolicy): string | null {
  const h = request.headers
  if (h[HEADER.request.toLowerCase()] !== 'true') return `no ${HEADER.request} header`
  const host = hostReason(request, policy)
  if (host !== null) return host
  const origin = h.origin
  const site = h['sec-fetch-site']
  if (site !== undefined && site !== 'same-origin' && !(typeof origin === 'string' && policy.origins.includes(origin))) {
    return `Sec-Fetch-Site is ${String(site)}`
  }
  if (origin !== undefined && !isAllowedOrigin(request, origin, policy)) return `Origin ${origin} is not this site`
  return null
}

/**
 * An `onRequest` hook that refuses cross-site command requests with 403 LC_CROSS_SITE before
 * the body is read. Source: the OWASP "verify origin with standard headers" and "custom request
 * header" defences.
 *
 * @param policy - the `origins` and `hosts` options
 * @throws LC_CROSS_SITE (403)
 * @example
 * app.addHook('onRequest', crossSiteGuard({ origins: ['https://admin.shop.example'], hosts: null }))
 */
export function crossSiteGuard (policy: OriginPolicy) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const reason = crossSiteReason(request, policy)
    if (reason !== null) throw new LC_CROSS_SITE(reason)
  }
}
