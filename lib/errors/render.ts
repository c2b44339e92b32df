/** @module errors/render — errors of a render: state limits, template helpers, ids (500, shown in development). */
import { createError } from '@fastify/error'

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
 * A template called `model(path)` outside a component, or with a path not in `static writable` (500, at render).
 *
 * @example
 * app.addHook('onError', async (req, reply, err) => { if (err.code === 'LC_BAD_MODEL_HELPER') metrics.count('LC_BAD_MODEL_HELPER') })
 */
export const LC_BAD_MODEL_HELPER = createError('LC_BAD_MODEL_HELPER', 'model("%s"): %s', 500)
/**
 * A slot name that the component does not declare in `static slots` (500, at render): filled by
 * `{% call fill(name) %}` in the caller, read by `slot(name)` in its template, or content outside
 * every `fill()` for a component without a `default` slot.
 *
 * @example
 * app.addHook('onError', async (req, reply, err) => { if (err.code === 'LC_UNKNOWN_SLOT') metrics.count('LC_UNKNOWN_SLOT') })
 */
export const LC_UNKNOWN_SLOT = createError('LC_UNKNOWN_SLOT', 'Component "%s" has no slot "%s" (its slots: %s)', 500)
/**
 * `fill()`, `slot()` or `has_slot()` used where it cannot work (500, at render): `fill()` outside
 * the body of `{% call component(…) %}` or not written as `{% call fill(name) %}`, `slot()` in a
 * page, a bad slot name, `static slots` that is not a list of names.
 *
 * @example
 * app.addHook('onError', async (req, reply, err) => { if (err.code === 'LC_BAD_SLOT_HELPER') metrics.count('LC_BAD_SLOT_HELPER') })
 */
export const LC_BAD_SLOT_HELPER = createError('LC_BAD_SLOT_HELPER', '%s: %s', 500)
/**
 * `component(name, props, { lazy })` got a `lazy` that is not `true`, `"visible"` or `"load"` (500, at render).
 *
 * @example
 * app.addHook('onError', async (req, reply, err) => { if (err.code === 'LC_BAD_LAZY') metrics.count('LC_BAD_LAZY') })
 */
export const LC_BAD_LAZY = createError('LC_BAD_LAZY', 'component("%s"): %s', 500)
/**
 * `poll(seconds, command)` misused (500, at render): in a page, an interval outside 0.5-86400 seconds, or a command the component does not have.
 *
 * @example
 * app.addHook('onError', async (req, reply, err) => { if (err.code === 'LC_BAD_POLL') metrics.count('LC_BAD_POLL') })
 */
export const LC_BAD_POLL = createError('LC_BAD_POLL', 'poll(): %s', 500)
/**
 * A stream used wrongly (500): `stream(name)` or `ctx.stream(name)` for a stream the component does not declare in `static streams`, an item without a usable key, or `stream()` outside a component template.
 *
 * @example
 * app.addHook('onError', async (req, reply, err) => { if (err.code === 'LC_BAD_STREAM') metrics.count('LC_BAD_STREAM') })
 */
export const LC_BAD_STREAM = createError('LC_BAD_STREAM', 'Stream: %s', 500)
