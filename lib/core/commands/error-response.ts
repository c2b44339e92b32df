/** @module core/commands/error-response — the coded, never-swapped error response of the plugin's routes. */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { LC_BAD_ARGUMENTS, LC_BODY_TOO_LARGE, LC_UNSUPPORTED_MEDIA_TYPE, LC_URL_TOO_LONG } from '../../errors.js'
import { EVENT, HEADER } from '../../protocol.js'
import { asciiJson } from '../header-values.js'
import { debugDetail } from './debug.js'

/** The text a client sees for each status; never an exception message or a stack trace. */
const PUBLIC_MESSAGES: Record<number, string> = {
  400: 'The request could not be understood. Please reload the page.',
  401: 'Please sign in to do this.',
  409: 'This is still busy with your previous action. Please try again.',
  404: 'This action does not exist.',
  403: 'This action is not allowed.',
  405: 'This action must be sent with POST.',
  410: 'This page has expired and will reload.',
  413: 'The request is too large.',
  414: 'The request is too large.',
  415: 'The request has the wrong format.',
  500: 'Something went wrong on our side. Please try again.',
  503: 'This is unavailable for a moment. Please try again.'
}

/**
 * The generic, client-safe message for an HTTP status.
 *
 * @param status - the HTTP status code of the error response
 * @returns a short sentence with no server detail in it
 * @example
 * publicMessage(400) // 'The request could not be understood. Please reload the page.'
 */
export function publicMessage (status: number): string {
  return PUBLIC_MESSAGES[status] ?? (status >= 500 ? PUBLIC_MESSAGES[500] : PUBLIC_MESSAGES[400])
}

/** Longest text a schema failure's message may take, in characters (the messages come from the schema). */
const MAX_FIELDS_MESSAGE = 300

/**
 * The message of an argument schema failure, which the user can fix: the schema's own messages,
 * by field (positional arguments are named by position: `"0"` is "argument 1"), at most
 * MAX_FIELDS_MESSAGE characters. The messages are the schema's (Ajv's or the ones a zod/valibot
 * schema declares), never an exception's.
 *
 * @example
 * fieldsMessage({ 0: ['must be <= 99'], note: ['too long'] }) // 'Please check: argument 1 must be <= 99; note: too long.'
 */
export function fieldsMessage (fields: Record<string, readonly string[]>): string {
  const parts = Object.entries(fields).map(([name, messages]) => {
    const text = messages.join(', ')
    if (name === '') return text
    return /^\d+$/.test(name) ? `argument ${Number(name) + 1} ${text}` : `${name}: ${text}`
  })
  const text = `Please check: ${parts.join('; ')}.`
  return text.length <= MAX_FIELDS_MESSAGE ? text : `${text.slice(0, MAX_FIELDS_MESSAGE - 1)}…`
}

/**
 * Maps an error that Fastify or a Fastify plugin threw (by its `code`) onto the plugin's own
 * coded error. Features add entries for the plugins they use (@fastify/csrf-protection).
 *
 * @example
 * const codes: ErrorCodes = { FST_CSRF_INVALID_TOKEN: () => new LC_CSRF_TOKEN() }
 */
export type ErrorCodes = Record<string, (request: FastifyRequest) => FastifyError>

const FASTIFY_CODES: ErrorCodes = {
  FST_ERR_CTP_BODY_TOO_LARGE: (request) => new LC_BODY_TOO_LARGE(request.routeOptions.bodyLimit ?? 0),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: (request) => new LC_UNSUPPORTED_MEDIA_TYPE(String(request.headers['content-type'] ?? '')),
  FST_ERR_BAD_URL: () => new LC_BAD_ARGUMENTS('the URL is not valid percent-encoded UTF-8'),
  FST_ERR_MAX_PARAM_LENGTH: () => new LC_URL_TOO_LONG()
}

/**
 * The error response of every route of the plugin. Every error answers with a short generic
 * text for its status (never an exception message or a stack trace; an argument schema failure
 * with the schema's messages, see {@link fieldsMessage}), `HX-Reswap: none` (so
 * neither htmx 2 nor htmx 4, which swaps 4xx/5xx by default, swaps it into the page),
 * `Cache-Control: no-store` and `HX-Trigger: {"live:error": {status, code, message, fields?}}`
 * (ASCII: field names and messages that are not become `\u` escapes), which the page can show. A 410 also sends `HX-Refresh: true`. 5xx causes are logged with the
 * request id; 4xx reasons at `info`.
 *
 * @param codes - more mappings of foreign error codes (see {@link ErrorCodes})
 * @param development - the `development` option: a 5xx's `live:error` also carries `debug` (a
 *   `DebugDetail`: component, command, template line, causes) for the client helper's
 *   error overlay. Default false; never on in production.
 * @example
 * app.setErrorHandler(errorResponder({}))
 */
export function errorResponder (codes: ErrorCodes, development = false) {
  return function errorResponse (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
    const map = FASTIFY_CODES[error.code] ?? codes[error.code]
    const mapped = map?.(request) ?? error
    const status = mapped.statusCode !== undefined && mapped.statusCode >= 400 && mapped.statusCode < 600 ? mapped.statusCode : 500
    const code = mapped.code?.startsWith('LC_') ? mapped.code : status >= 500 ? 'LC_INTERNAL' : 'LC_BAD_REQUEST'
    if (status >= 500) request.log.error({ err: error, code }, 'command request failed')
    else request.log.info({ code, reason: mapped.message }, 'command request refused')
    const fields = (mapped as { fields?: Record<string, readonly string[]> }).fields
    // a schema failure says what to fix; every other error only its status's generic text
    const message = status === 400 && fields !== undefined && Object.keys(fields).length > 0 ? fieldsMessage(fields) : publicMessage(status)
    reply.code(status)
      .header(HEADER.reswap, 'none')
      .header(HEADER.trigger, asciiJson({
        [EVENT.error]: {
          status,
          code,
          message,
          ...(fields === undefined ? {} : { fields }),
          // development only: what failed, for the client helper's overlay (never in production)
          ...(development && status >= 500 ? { debug: debugDetail(error, request) } : {})
        }
      }))
      .header('Cache-Control', 'no-store')
      .type('text/plain; charset=utf-8')
    if (status === 410) reply.header(HEADER.refresh, 'true')
    reply.send(message)
  }
}
