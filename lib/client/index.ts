/** @module client/index — the entry of the browser helper served as {prefix}/assets/live.js (htmx 2.0.11+ and htmx 4): starts the client on `document`. */
/*
 * - While a command is in flight, its component root carries aria-busy="true".
 *   The control itself is disabled by htmx (hx-disabled-elt on 2, hx-disable on 4).
 * - A network failure fires the same live error event (EVENT.error) that error responses fire
 *   through HX-Trigger, so a page has one place to show errors. When the page has an error
 *   region (ATTR.errors), every live error event that reaches document shows its message there.
 * - Push (when the page has `live_connect()`): every command carries the page id as the
 *   page header (HEADER.page) (streamed frames come back over this page's WebSocket); the page
 *   subscribes each component root that has a subscription token (ATTR.sub), sending its current state tokens, and
 *   re-sends whenever they change (after a command, a push, a reconnect); error frames become
 *   live error events; a streamed frame that arrives after its command finished is dropped, and so is
 *   a pushed render of a component whose command is in flight (the page then asks for a fresh
 *   render with `refresh: true` once the command is done, so nothing is lost).
 * - htmx 2's ws extension does not reconnect after CLOSE.GOING_AWAY (server restart); this helper does.
 * - Forms: an invalid submit answers 422 with the form re-rendered; htmx 4 swaps it, and this
 *   helper tells htmx 2 to (responseHandling). Live validation swaps a field's error element
 *   only; this helper keeps the input's aria-invalid in step with it, and does not mark the
 *   form busy while the user types.
 * Event names differ between the lines (htmx:beforeRequest vs htmx:before:request); both are
 * listened to, and only one of each pair ever fires.
 * Bundled by scripts/build-client.mjs into dist/assets/live.js.
 */
import { start } from './start.js'

start(document, window)
