/** @module errors — every coded error the plugin throws, built with @fastify/error. */
import { createError } from '@fastify/error'

/*
 * Each constant is a constructor made by `@fastify/error`: `new LC_BAD_TOKEN()` has
 * `.code === 'LC_BAD_TOKEN'` and `.statusCode === 400`. The README's error table lists the same
 * rows with how to fix each one. Messages here go to the server log only; clients get a
 * generic text for the status (core/commands/error-response).
 */

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
 * Dehydrated state is larger than `stateMaxBytes`: 413 when a command's request made it so (the
 * request's input grew the state; nothing is saved and the page keeps its state), 500 (thrown)
 * during a page render.
 *
 * @example
 * app.addHook('onError', async (req, reply, err) => { if (err.code === 'LC_STATE_TOO_LARGE') metrics.count('LC_STATE_TOO_LARGE') })
 */
export const LC_STATE_TOO_LARGE = createError('LC_STATE_TOO_LARGE', 'Component "%s" state is %d bytes (limit %d). Keep ids in state, not whole records', 500)
/**
 * Dehydrated state is nested more than MAX_STATE_DEPTH (64) levels deep: 413 when a command's
 * request made it so, 500 (thrown) during a page render. A state token whose state is nested
 * deeper is refused as LC_BAD_TOKEN (400).
 *
 * @example
 * app.addHook('onError', async (req, reply, err) => { if (err.code === 'LC_STATE_TOO_DEEP') metrics.count('LC_STATE_TOO_DEEP') })
 */
export const LC_STATE_TOO_DEEP = createError('LC_STATE_TOO_DEEP', 'Component "%s" state is nested more than %d levels deep', 500)
/**
 * A template or a lifecycle hook failed while rendering (500).
 *
 * @example
 * app.addHook('onError', async (req, reply, err) => { if (err.code === 'LC_RENDER_FAILED') metrics.count('LC_RENDER_FAILED') })
 */
export const LC_RENDER_FAILED = createError('LC_RENDER_FAILED', 'Rendering component "%s" failed', 500)
/**
 * A template referenced a component name that is not registered (thrown during render).
 *
 * @example
 * app.addHook('onError', async (req, reply, err) => { if (err.code === 'LC_TEMPLATE_UNKNOWN_COMPONENT') metrics.count('LC_TEMPLATE_UNKNOWN_COMPONENT') })
 */
export const LC_TEMPLATE_UNKNOWN_COMPONENT = createError('LC_TEMPLATE_UNKNOWN_COMPONENT', 'Template asked for unknown component "%s"', 500)
/**
 * An id given in a template is not a valid component id (thrown during render).
 *
 * @example
 * app.addHook('onError', async (req, reply, err) => { if (err.code === 'LC_INVALID_ID') metrics.count('LC_INVALID_ID') })
 */
export const LC_INVALID_ID = createError('LC_INVALID_ID', 'Invalid component id "%s": use letters, digits, "_", "-", ":" and "." (max 128), starting with a letter', 500)
/**
 * Two components on one page were given the same id (thrown during render).
 *
 * @example
 * app.addHook('onError', async (req, reply, err) => { if (err.code === 'LC_DUPLICATE_ID') metrics.count('LC_DUPLICATE_ID') })
 */
export const LC_DUPLICATE_ID = createError('LC_DUPLICATE_ID', 'Two components on one page have the id "%s"; give each a unique id', 500)
/**
 * `cmd()` was called outside a component template, or named a command the component lacks (thrown during render).
 *
 * @example
 * app.addHook('onError', async (req, reply, err) => { if (err.code === 'LC_BAD_CMD_HELPER') metrics.count('LC_BAD_CMD_HELPER') })
 */
export const LC_BAD_CMD_HELPER = createError('LC_BAD_CMD_HELPER', 'cmd("%s"): %s', 500)

/**
 * Two different classes were registered under one component name (thrown at register).
 *
 * @example
 * app.addHook('onError', async (req, reply, err) => { if (err.code === 'LC_DUPLICATE_COMPONENT') metrics.count('LC_DUPLICATE_COMPONENT') })
 */
export const LC_DUPLICATE_COMPONENT = createError('LC_DUPLICATE_COMPONENT', 'Component name "%s" is already taken by class %s', 500)
/**
 * A registered class is not a valid LiveComponent (thrown at register).
 *
 * @example
 * app.addHook('onError', async (req, reply, err) => { if (err.code === 'LC_INVALID_COMPONENT') metrics.count('LC_INVALID_COMPONENT') })
 */
export const LC_INVALID_COMPONENT = createError('LC_INVALID_COMPONENT', 'Invalid component %s: %s', 500)
/**
 * A plugin option is missing or has the wrong type or range (thrown at register).
 *
 * @example
 * app.addHook('onError', async (req, reply, err) => { if (err.code === 'LC_INVALID_OPTION') metrics.count('LC_INVALID_OPTION') })
 */
export const LC_INVALID_OPTION = createError('LC_INVALID_OPTION', 'Invalid option "%s": %s', 500)
/**
 * The plugin's browser client (`dist/assets/live.js`, built by `npm run build`) is missing:
 * a checkout of the repository that was never built (thrown at register).
 *
 * @example
 * app.addHook('onError', async (req, reply, err) => { if (err.code === 'LC_CLIENT_MISSING') metrics.count('LC_CLIENT_MISSING') })
 */
export const LC_CLIENT_MISSING = createError('LC_CLIENT_MISSING', 'The client bundle %s is missing: run npm run build:client', 500)

/**
 * A WebSocket subscription or page token is missing, tampered or malformed (400). Sent as an
 * error frame; the connection stays open. On the upgrade request itself: a 400 response.
 *
 * @example
 * socket.on('message', (m) => { if (JSON.parse(m).code === 'LC_BAD_SUBSCRIPTION') location.reload() })
 */
export const LC_BAD_SUBSCRIPTION = createError('LC_BAD_SUBSCRIPTION', 'Bad subscription: %s', 400)
/**
 * A WebSocket subscription or page token is older than `maxAge` (410). Sent as an error frame.
 *
 * @example
 * socket.on('message', (m) => { if (JSON.parse(m).code === 'LC_EXPIRED_SUBSCRIPTION') location.reload() })
 */
export const LC_EXPIRED_SUBSCRIPTION = createError('LC_EXPIRED_SUBSCRIPTION', 'Subscription expired %d seconds ago', 410)
/**
 * A WebSocket message from the browser is not JSON, has an unknown `type` or the wrong shape (400).
 * Sent as an error frame; the connection stays open.
 *
 * @example
 * ws.send(JSON.stringify({ type: 'subscribe', subs: [] })) // the only client messages: subscribe, unsubscribe
 */
export const LC_BAD_MESSAGE = createError('LC_BAD_MESSAGE', 'Bad WebSocket message: %s', 400)
/**
 * A WebSocket message from the browser is larger than `push.maxMessageBytes` (413). Sent as
 * an error frame; the connection stays open.
 *
 * @example
 * await app.register(components, { push: { maxMessageBytes: 262144 } })
 */
export const LC_MESSAGE_TOO_LARGE = createError('LC_MESSAGE_TOO_LARGE', 'WebSocket message is larger than %d bytes', 413)
/**
 * A WebSocket upgrade came from an Origin that is neither the page's own host nor listed in
 * the `origins` option (403). The upgrade is refused before any socket exists.
 *
 * @example
 * await app.register(components, { origins: ['https://shop.example'] })
 */
export const LC_FORBIDDEN_ORIGIN = createError('LC_FORBIDDEN_ORIGIN', 'WebSocket upgrade from origin "%s" refused', 403)
/**
 * `app.components.disconnect(id)` got an id that is not a string of 1-200 characters (500; the
 * promise rejects).
 *
 * @example
 * await app.components.disconnect(`user:${user.id}`)
 */
export const LC_BAD_SOCKET_ID = createError('LC_BAD_SOCKET_ID', 'Bad socket id from %s: socket ids are strings of 1-200 characters', 500)
/**
 * A topic is not a string of 1-200 characters: from a component's static `topics(state)`, or
 * given to `app.components.notify()` / `push()` (500).
 *
 * @example
 * static topics = (s: { productId: number }) => [`product:${s.productId}`]
 */
export const LC_BAD_TOPIC = createError('LC_BAD_TOPIC', 'Bad topic from %s: topics are strings of 1-200 characters', 500)

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
 * A template called `model(path)` outside a component, or with a path not in `static writable` (500, at render).
 *
 * @example
 * app.addHook('onError', async (req, reply, err) => { if (err.code === 'LC_BAD_MODEL_HELPER') metrics.count('LC_BAD_MODEL_HELPER') })
 */
export const LC_BAD_MODEL_HELPER = createError('LC_BAD_MODEL_HELPER', 'model("%s"): %s', 500)
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
