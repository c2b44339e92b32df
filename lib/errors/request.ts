/** @module errors/request — errors of a command request: routing, arguments, tokens, cross-site checks, permissions, bound input, server events (4xx, and 500 for a failing command). */
import { createError } from '@fastify/error'

/**
 * A command route names a component that is not registered (404).
 *
 * @example
 * app.addHook('onError', async (req, reply, err) => { if (err.code === 'LC_UNKNOWN_COMPONENT') metrics.count('LC_UNKNOWN_COMPONENT') })
 */
export const LC_UNKNOWN_COMPONENT = createError('LC_UNKNOWN_COMPONENT', 'Unknown component "%s"', 404)
/**
 * A command route names a method that is not an `@command` of the component (404).
 *
 * @example
 * app.addHook('onError', async (req, reply, err) => { if (err.code === 'LC_UNKNOWN_COMMAND') metrics.count('LC_UNKNOWN_COMMAND') })
 */
export const LC_UNKNOWN_COMMAND = createError('LC_UNKNOWN_COMMAND', 'Unknown command "%s" on component "%s"', 404)
/**
 * A command route was called with a method other than POST (405).
 *
 * @example
 * app.addHook('onError', async (req, reply, err) => { if (err.code === 'LC_METHOD_NOT_ALLOWED') metrics.count('LC_METHOD_NOT_ALLOWED') })
 */
export const LC_METHOD_NOT_ALLOWED = createError('LC_METHOD_NOT_ALLOWED', 'Command routes accept POST only', 405)
/**
 * Positional path segments or named form fields are malformed (400).
 *
 * @example
 * app.addHook('onError', async (req, reply, err) => { if (err.code === 'LC_BAD_ARGUMENTS') metrics.count('LC_BAD_ARGUMENTS') })
 */
export const LC_BAD_ARGUMENTS = createError('LC_BAD_ARGUMENTS', 'Bad command arguments: %s', 400)
/**
 * A component or command name in a command URL is longer than Fastify's `maxParamLength` (414).
 *
 * @example
 * app.addHook('onError', async (req, reply, err) => { if (err.code === 'LC_URL_TOO_LONG') metrics.count('LC_URL_TOO_LONG') })
 */
export const LC_URL_TOO_LONG = createError('LC_URL_TOO_LONG', 'A name in the command URL is too long', 414)
/**
 * A signed state token is missing, tampered, malformed, or belongs to another component or instance (400).
 *
 * @example
 * app.addHook('onError', async (req, reply, err) => { if (err.code === 'LC_BAD_TOKEN') metrics.count('LC_BAD_TOKEN') })
 */
export const LC_BAD_TOKEN = createError('LC_BAD_TOKEN', 'Bad state token: %s', 400)
/**
 * A state, subscription or page token was issued for another session (410): copied from another
 * browser, or from before a login changed the session. The response carries `HX-Refresh: true`,
 * so the page reloads with tokens of its current session.
 *
 * @example
 * app.addHook('onError', async (req, reply, err) => { if (err.code === 'LC_SESSION_CHANGED') metrics.count('LC_SESSION_CHANGED') })
 */
export const LC_SESSION_CHANGED = createError('LC_SESSION_CHANGED', 'A state, subscription or page token was issued for another session', 410)
/**
 * A signed state token is older than `maxAge` (410); the response also carries `HX-Refresh: true`.
 *
 * @example
 * app.addHook('onError', async (req, reply, err) => { if (err.code === 'LC_EXPIRED_TOKEN') metrics.count('LC_EXPIRED_TOKEN') })
 */
export const LC_EXPIRED_TOKEN = createError('LC_EXPIRED_TOKEN', 'State token expired %d seconds ago', 410)
/**
 * The request body exceeds `bodyLimit` (413).
 *
 * @example
 * app.addHook('onError', async (req, reply, err) => { if (err.code === 'LC_BODY_TOO_LARGE') metrics.count('LC_BODY_TOO_LARGE') })
 */
export const LC_BODY_TOO_LARGE = createError('LC_BODY_TOO_LARGE', 'Request body is larger than %d bytes', 413)
/**
 * The request body is not `application/x-www-form-urlencoded` (415).
 *
 * @example
 * app.addHook('onError', async (req, reply, err) => { if (err.code === 'LC_UNSUPPORTED_MEDIA_TYPE') metrics.count('LC_UNSUPPORTED_MEDIA_TYPE') })
 */
export const LC_UNSUPPORTED_MEDIA_TYPE = createError('LC_UNSUPPORTED_MEDIA_TYPE', 'Command bodies must be application/x-www-form-urlencoded, got "%s"', 415)
/**
 * A command handler threw or rejected (500). The cause is logged with the request id.
 *
 * @example
 * app.addHook('onError', async (req, reply, err) => { if (err.code === 'LC_COMMAND_FAILED') metrics.count('LC_COMMAND_FAILED') })
 */
export const LC_COMMAND_FAILED = createError('LC_COMMAND_FAILED', 'Command "%s" of "%s" failed', 500)
/**
 * A command returned something that is not an execution result (500).
 *
 * @example
 * app.addHook('onError', async (req, reply, err) => { if (err.code === 'LC_BAD_RESULT') metrics.count('LC_BAD_RESULT') })
 */
export const LC_BAD_RESULT = createError('LC_BAD_RESULT', 'Command "%s" returned %s, which is not an execution result', 500)
/**
 * A command's results fire two browser events of the same name (`TriggerEvent`) in one
 * response; `HX-Trigger` can carry each name once, so one would be lost (500).
 *
 * @example
 * app.addHook('onError', async (req, reply, err) => { if (err.code === 'LC_DUPLICATE_EVENT') metrics.count('LC_DUPLICATE_EVENT') })
 */
export const LC_DUPLICATE_EVENT = createError('LC_DUPLICATE_EVENT', 'Command "%s" fires the browser event "%s" twice in one response; merge the details into one TriggerEvent', 500)
/**
 * A command request is cross-site (403): no `HX-Request: true` header, a `Sec-Fetch-Site`
 * other than `same-origin`, or an `Origin` that is neither the page's own nor in `origins`.
 * Refused before the body is read.
 *
 * @example
 * await app.register(components, { origins: ['https://admin.shop.example'] })
 */
export const LC_CROSS_SITE = createError('LC_CROSS_SITE', 'Cross-site command request refused: %s', 403)
/**
 * @fastify/csrf-protection is registered and the command's CSRF token is missing or wrong (403).
 *
 * @example
 * await app.register(csrf) // before fastify-livecomponents; every command element then carries the token
 */
export const LC_CSRF_TOKEN = createError('LC_CSRF_TOKEN', 'CSRF token missing or invalid', 403)
/**
 * A permission of the component or command refused an anonymous request (401). Checked before
 * any state is hydrated or any handler runs; never a redirect.
 *
 * @example
 * document.addEventListener('live:error', (e) => { if (e.detail.status === 401) location.href = '/login' })
 */
export const LC_UNAUTHENTICATED = createError('LC_UNAUTHENTICATED', 'Component "%s" needs a signed-in user', 401)
/**
 * A permission of the component or command refused a signed-in user (403). Checked before any
 * state is hydrated or any handler runs.
 *
 * @example
 * static permissions = [isStaff]
 */
export const LC_FORBIDDEN = createError('LC_FORBIDDEN', 'Permission denied for "%s"', 403)
/**
 * Another command on the same component instance held it for longer than `concurrency.waitSeconds`
 * (409). Nothing ran; the page keeps the component as the earlier command leaves it.
 *
 * @example
 * await app.register(components, { concurrency: { waitSeconds: 30 } })
 */
export const LC_BUSY = createError('LC_BUSY', 'Component instance "%s" is busy with another command', 409)
/**
 * Bound input (`model()`) posted a path the component does not list in `static writable` (400); nothing runs.
 *
 * @example
 * app.addHook('onError', async (req, reply, err) => { if (err.code === 'LC_NOT_WRITABLE') metrics.count('LC_NOT_WRITABLE') })
 */
export const LC_NOT_WRITABLE = createError('LC_NOT_WRITABLE', 'Component "%s" does not declare "%s" writable', 400)
/**
 * Bound input is malformed, names an instance not sent or a path its state lacks, or a value does
 * not match its schema or type (per-path messages in `fields`) (400); nothing is written or run.
 *
 * @example
 * app.addHook('onError', async (req, reply, err) => { if (err.code === 'LC_BAD_MODEL') metrics.count('LC_BAD_MODEL') })
 */
export const LC_BAD_MODEL = createError('LC_BAD_MODEL', 'Bad bound input: %s', 400)
/**
 * Server events of one request ran more than 64 listeners (500): listeners that emit what reaches them again.
 *
 * @example
 * app.addHook('onError', async (req, reply, err) => { if (err.code === 'LC_EVENT_LOOP') metrics.count('LC_EVENT_LOOP') })
 */
export const LC_EVENT_LOOP = createError('LC_EVENT_LOOP', 'Server events ran more than %d listeners in one request (the last was "%s"): do listeners emit events that reach them again?', 500)
/**
 * `ctx.emit*()` was given a name that is not an event name: letters, digits, `_ : . -`, at most 64 (500).
 *
 * @example
 * app.addHook('onError', async (req, reply, err) => { if (err.code === 'LC_BAD_EVENT') metrics.count('LC_BAD_EVENT') })
 */
export const LC_BAD_EVENT = createError('LC_BAD_EVENT', 'Server event name "%s" is not letters, digits, _ : . - (at most 64), starting with a letter', 500)
/**
 * An upload was refused (400, with `fields`): a file larger than the field's `maxBytes`, more
 * files than `maxFiles`, content whose sniffed type the field does not accept, no file, or a
 * file reference that is bad, of another instance, or expired (its file is gone).
 *
 * @example
 * app.addHook('onError', async (req, reply, err) => { if (err.code === 'LC_BAD_UPLOAD') metrics.count('LC_BAD_UPLOAD') })
 */
export const LC_BAD_UPLOAD = createError('LC_BAD_UPLOAD', 'Upload refused: %s', 400)
