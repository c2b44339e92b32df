/** @module commands/routes — the command routes, their 405s and their error responses. */
import formbody from '@fastify/formbody'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Core } from '../../core.js'
import { LC_BAD_ARGUMENTS, LC_BODY_TOO_LARGE, LC_CSRF_TOKEN, LC_METHOD_NOT_ALLOWED, LC_UNSUPPORTED_MEDIA_TYPE, LC_URL_TOO_LONG, publicMessage } from '../../errors.js'
import { crossSiteGuard } from '../security/origin.js'
import { strictFormParser } from './body.js'
import { executeCommand } from './execute.js'

/**
 * Options of {@link commandRoutes}.
 *
 * @example
 * await app.register(commandRoutes, { prefix: '/components', core, bodyLimit: 1048576, origins: [] })
 */
export interface CommandRoutesOptions {
  core: Core
  /** Largest request body, in bytes. */
  bodyLimit: number
  /** the `origins` option, or null when the `csrf` option turned cross-site checks off */
  origins: string[] | null
}

/**
 * The paths of a command, below the prefix: without and with positional arguments.
 *
 * @example
 * for (const url of COMMAND_PATHS) app.post(url, handler)
 */
export const COMMAND_PATHS = ['/:name/cmd/:command', '/:name/cmd/:command/*']

/**
 * Registers the command routes in an encapsulated context (register it with the prefix).
 * Before the body is read, cross-site requests get 403 LC_CROSS_SITE (see `crossSiteGuard`),
 * and, when the app registered @fastify/csrf-protection, its `csrfProtection` hook checks the
 * token (403 LC_CSRF_TOKEN). Only `application/x-www-form-urlencoded` bodies are parsed
 * (@fastify/formbody with {@link strictFormParser}: malformed encoding is a 400); any other type
 * is a 415 before the handler. GET, PUT, PATCH and DELETE
 * answer 405 with `Allow: POST`.
 *
 * Every error answers with a short generic text, `HX-Reswap: none` (so neither htmx 2 nor
 * htmx 4, which swaps 4xx/5xx by default, swaps it into the page) and `HX-Trigger:
 * {"live:error": {status, code, message}}`, which the page can show. A 410 also sends
 * `HX-Refresh: true`. 5xx causes are logged with the request id; clients never see them.
 *
 * @example
 * await app.register(commandRoutes, { prefix: '/components', core, bodyLimit: 1048576, origins: [] })
 */
export async function commandRoutes (app: FastifyInstance, opts: CommandRoutesOptions): Promise<void> {
  const { core, bodyLimit } = opts
  app.removeAllContentTypeParsers()
  await app.register(formbody, { bodyLimit, parser: strictFormParser })

  app.setErrorHandler(errorResponse)
  const onRequest = []
  if (opts.origins !== null) onRequest.push(crossSiteGuard(opts.origins))
  if (core.csrfToken) onRequest.push((app as unknown as { csrfProtection: (...a: any[]) => void }).csrfProtection)
  for (const url of COMMAND_PATHS) {
    app.post(url, { bodyLimit, onRequest }, (request, reply) => executeCommand(core, request, reply))
    app.route({
      method: ['GET', 'PUT', 'PATCH', 'DELETE'],
      url,
      handler: async (_request, reply) => {
        reply.header('Allow', 'POST')
        throw new LC_METHOD_NOT_ALLOWED()
      }
    })
  }
}

const FASTIFY_CODES: Record<string, (request: FastifyRequest) => FastifyError> = {
  FST_ERR_CTP_BODY_TOO_LARGE: (request) => new LC_BODY_TOO_LARGE(request.routeOptions.bodyLimit ?? 0),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: (request) => new LC_UNSUPPORTED_MEDIA_TYPE(String(request.headers['content-type'] ?? '')),
  FST_ERR_BAD_URL: () => new LC_BAD_ARGUMENTS('the URL is not valid percent-encoded UTF-8'),
  FST_ERR_MAX_PARAM_LENGTH: () => new LC_URL_TOO_LONG(),
  FST_CSRF_INVALID_TOKEN: () => new LC_CSRF_TOKEN(),
  FST_CSRF_MISSING_SECRET: () => new LC_CSRF_TOKEN()
}

/**
 * The error response of every command route; see {@link commandRoutes}.
 *
 * @example
 * app.setErrorHandler(errorResponse)
 */
export function errorResponse (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const mapped = FASTIFY_CODES[error.code]?.(request) ?? error
  const status = mapped.statusCode !== undefined && mapped.statusCode >= 400 && mapped.statusCode < 600 ? mapped.statusCode : 500
  const code = mapped.code?.startsWith('LC_') ? mapped.code : status >= 500 ? 'LC_INTERNAL' : 'LC_BAD_REQUEST'
  if (status >= 500) request.log.error({ err: error, code }, 'command request failed')
  else request.log.info({ code, reason: mapped.message }, 'command request refused')
  const message = publicMessage(status)
  const fields = (mapped as { fields?: unknown }).fields
  reply.code(status)
    .header('HX-Reswap', 'none')
    .header('HX-Trigger', JSON.stringify({ 'live:error': fields === undefined ? { status, code, message } : { status, code, message, fields } }))
    .header('Cache-Control', 'no-store')
    .type('text/plain; charset=utf-8')
  if (status === 410) reply.header('HX-Refresh', 'true')
  reply.send(message)
}

/**
 * For Fastify's `frameworkErrors` server option. Fastify's router refuses a URL with bad
 * percent-encoding (FST_ERR_BAD_URL) before any route or plugin hook runs, with a JSON 400
 * that htmx 4 would swap into the page. Passing this handler gives those requests the same
 * coded, never-swapped response as every other command error (400 LC_BAD_ARGUMENTS);
 * other framework errors get the same treatment with their own status.
 *
 * @example
 * import Fastify from 'fastify'
 * import { frameworkErrors } from 'fastify-livecomponents'
 * const app = Fastify({ frameworkErrors })
 */
export function frameworkErrors (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  errorResponse(error, request, reply)
}
