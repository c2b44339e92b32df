/** @module core/commands/routes — the command routes, their 405s and their error responses; `frameworkErrors` for the router's own refusals. */
import formbody from '@fastify/formbody'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { LC_METHOD_NOT_ALLOWED } from '../../errors.js'
import { PATH } from '../../protocol.js'
import type { Host } from '../host.js'
import { strictFormParser } from './body.js'
import { errorResponder, type ErrorCodes } from './error-response.js'
import { executeCommand } from './execute.js'

/**
 * Options of {@link commandRoutes}.
 *
 * @example
 * await app.register(commandRoutes, { prefix: '/components', host, bodyLimit: 1048576, errorCodes: {} })
 */
export interface CommandRoutesOptions {
  host: Host
  /** Largest request body, in bytes. */
  bodyLimit: number
  /** the features' mappings of foreign error codes */
  errorCodes: ErrorCodes
}

/**
 * The paths of a command, below the prefix: without and with positional arguments.
 *
 * @example
 * for (const url of COMMAND_PATHS) app.post(url, handler)
 */
export const COMMAND_PATHS = [`/:name/${PATH.command}/:command`, `/:name/${PATH.command}/:command/*`]

/**
 * Registers the command routes in an encapsulated context (register it with the prefix).
 * Before the body is read, the features' `commandOnRequest` hooks run (cross-site checks:
 * 403 LC_CROSS_SITE; @fastify/csrf-protection's token: 403 LC_CSRF_TOKEN). Only
 * `application/x-www-form-urlencoded` bodies are parsed (@fastify/formbody with
 * {@link strictFormParser}: malformed encoding is a 400); any other type is a 415 before the
 * handler. GET, PUT, PATCH and DELETE answer 405 with `Allow: POST`. Every error gets the
 * coded, never-swapped response of {@link errorResponder}.
 *
 * @example
 * await app.register(commandRoutes, { prefix: '/components', host, bodyLimit: 1048576, errorCodes: {} })
 */
export async function commandRoutes (app: FastifyInstance, opts: CommandRoutesOptions): Promise<void> {
  const { host, bodyLimit } = opts
  app.removeAllContentTypeParsers()
  await app.register(formbody, { bodyLimit, parser: strictFormParser })
  app.setErrorHandler(errorResponder(opts.errorCodes, host.development))
  const onRequest = host.features.flatMap((f) => f.commandOnRequest ?? [])
  const argsOffset = host.prefix.split('/').length + 3
  for (const f of host.features) f.routes?.(app, { onRequest, bodyLimit })
  for (const url of COMMAND_PATHS) {
    app.post(url, { bodyLimit, onRequest }, (request, reply) => executeCommand(host, argsOffset, request, reply))
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

/**
 * Where the plugin records its route prefixes on the Fastify instance it is registered on, so
 * that {@link frameworkErrors} knows which URLs are its own.
 *
 * @example
 * app.decorate(PREFIXES, [])
 */
export const PREFIXES = Symbol.for('fastify-livecomponents.prefixes')

const plain = errorResponder({})

/**
 * For Fastify's `frameworkErrors` server option. Fastify's router refuses a URL with bad
 * percent-encoding (FST_ERR_BAD_URL) before any route or plugin hook runs, with a JSON 400
 * that htmx 4 would swap into the page. Passing this handler gives those requests, when their
 * path is below the prefix of a plugin registered on the root instance (directly or through
 * fastify-plugin), the same coded, never-swapped response as every other command error
 * (400 LC_BAD_ARGUMENTS). Every other URL gets Fastify's own response, unchanged.
 *
 * @example
 * import Fastify from 'fastify'
 * import { frameworkErrors } from 'fastify-livecomponents'
 * const app = Fastify({ frameworkErrors })
 */
export function frameworkErrors (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const prefixes = (request.server as unknown as Record<symbol, string[] | undefined>)[PREFIXES] ?? []
  const path = request.url.split('?')[0]
  if (prefixes.some((p) => path.startsWith(p + '/'))) plain(error, request, reply)
  else reply.send(error)
}
