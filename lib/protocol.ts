/** @module protocol — the wire protocol between server and page: the one place that names form fields, attributes, headers, messages and close codes. */

/*
 * Everything the server writes into a page or a response, and everything the browser client
 * reads or sends back, is named here and nowhere else: the server's markup, the client bundle
 * (lib/client, which imports this module and is bundled with it), and the test helpers all
 * import these constants. This module imports nothing, so any file may import it.
 */

/**
 * Form fields the plugin owns in a command request body. Every field name starting with
 * `reserved` belongs to the plugin; a user field with that prefix is refused (400).
 *
 * @example
 * new URLSearchParams([[FIELD.id, 'cart'], [FIELD.state, token]])
 */
export const FIELD = {
  /** a signed state token; one per component instance sent with the command */
  state: '__lc_state',
  /** the id of the instance whose control sent the command */
  id: '__lc_id',
  /** prefix of the field holding a component's uploaded files, `__lc_file:<field>`: their reference tokens, space-separated */
  file: '__lc_file:',
  /** the lazy tokens of a lazy load, space-separated */
  lazy: '__lc_lazy',
  /** prefix of a bound input's field: `__lc_model:<instance id>#<state path>` (`model()`) */
  model: '__lc_model:',
  /** prefix reserved for the plugin's own fields */
  reserved: '__lc'
} as const

/**
 * Data attributes on the markup the plugin renders.
 *
 * @example
 * document.querySelectorAll(`[${ATTR.sub}]`) // every root with a subscription token
 */
export const ATTR = {
  /** on a component root: the registered component name */
  component: 'data-lc',
  /** on the hidden state field: the id of the instance whose state it holds */
  stateFor: 'data-lc-for',
  /** on the hidden state field: the instance has a template-given id and is sent with every command */
  keyed: 'data-lc-keyed',
  /** on a component root: its signed WebSocket subscription token */
  sub: 'data-lc-sub',
  /** on a pushed root: an intermediate frame of a streaming command */
  frame: 'data-lc-frame',
  /** on a pushed root: the MAC of the state token it was rendered from */
  base: 'data-lc-base',
  /** on a component root whose permissions refused the viewer: 401 or 403 */
  denied: 'data-lc-denied',
  /** on the connection element: the signed page token, sent in the socket's first message (WS.hello) and as the page header */
  page: 'data-lc-page',
  /**
   * on a command control (`cmd()`, `cmd_for()`, live fields, polls): the id of the component it
   * runs a command of; the client helper adds that component's instance id and the state fields
   * the command needs to the request (see client/include)
   */
  cmd: 'data-lc-cmd',
  /** on an input bound to a state path (`model()`): the path */
  model: 'data-lc-model',
  /** on a component root whose class declares `static writable` (bound input): its state is sent with its ancestors' commands */
  bound: 'data-lc-bound',
  /** on a component root whose class listens to server events: their names, space-separated; its state is sent with every command */
  listens: 'data-lc-listens',
  /** on a form input with live validation */
  liveField: 'data-lc-live-field',
  /** on a field's error element: the id of its input */
  errorFor: 'data-lc-error-for',
  /** on the error region of `live_errors()` */
  errors: 'data-lc-errors',
  /** on any element in a component: shown (or its `-class`/`-attr` applied) while a command of it is in flight; a value lists the commands */
  loading: 'data-lc-loading',
  /** on any element in a component: shown (or its `-class`/`-attr` applied) while a field of it holds unsent typing */
  unsent: 'data-lc-unsent',
  /** on any element: shown (or its `-class`/`-attr` applied) while the page's WebSocket or the network is down */
  offline: 'data-lc-offline',
  /** on a lazy component's placeholder root: when it loads, `visible` (scrolled into view) or `load` (right after the page) */
  lazy: 'data-lc-lazy',
  /** on a lazy component's placeholder root: the URL its load is posted to */
  lazyUrl: 'data-lc-lazy-url',
  /** on a lazy component's placeholder root: its signed lazy token */
  lazyToken: 'data-lc-lazy-token',
  /** on a polling element (`poll()`): its interval, in seconds */
  poll: 'data-lc-poll',
  /** on a polling element: poll only while it is in view */
  pollVisible: 'data-lc-poll-visible',
  /** on the root of a component that polls: a digest of what it rendered, sent with each poll (skip-if-unchanged) */
  tag: 'data-lc-tag',
  /** on the root of a component with URL-bound state: back and forward must render the page again */
  url: 'data-lc-url',
  /** on a stream's container (`stream()`): the stream's name */
  stream: 'data-lc-stream',
  /** on a stream's container: how many items the page keeps (the oldest, at the other end, go) */
  streamLimit: 'data-lc-stream-limit',
  /** on a file input (`upload()`): its signed upload ticket */
  upload: 'data-lc-upload',
  /** on a file input: the URL its files are posted to */
  uploadUrl: 'data-lc-upload-url',
  /** on an upload's progress element (`upload_progress()`): the id of its file input */
  uploadStatus: 'data-lc-upload-status-for',
  /** on the button that cancels an upload in flight */
  uploadCancel: 'data-lc-upload-cancel'
} as const

/**
 * Element ids the plugin gives its own elements.
 *
 * @example
 * document.getElementById(ELEMENT_ID.connection)
 */
export const ELEMENT_ID = {
  /** the WebSocket connection element of `live_connect()` */
  connection: 'lc-live',
  /** the error region of `live_errors()` */
  errors: 'lc-errors'
} as const

/**
 * `<meta>` names the plugin writes into a page's head (`live_scripts()`).
 *
 * @example
 * document.querySelector(`meta[name="${META.csrf}"]`)?.getAttribute('content')
 */
export const META = {
  /** the @fastify/csrf-protection token of the page; the client sends it as HEADER.csrf on every request */
  csrf: 'lc-csrf-token'
} as const

/**
 * HTTP headers: htmx's own request and response headers (htmx docs, "Request Headers" and
 * "Response Headers"), and the plugin's page header.
 *
 * @example
 * reply.header(HEADER.reswap, 'none')
 */
export const HEADER = {
  /** request: htmx sends `true` on every request it makes */
  request: 'HX-Request',
  /** request (the plugin's): the page token, so streamed frames reach the page that sent the command (checked against the session) */
  page: 'LC-Page',
  /** request: the @fastify/csrf-protection token (its default header) */
  csrf: 'x-csrf-token',
  redirect: 'HX-Redirect',
  refresh: 'HX-Refresh',
  replaceUrl: 'HX-Replace-Url',
  pushUrl: 'HX-Push-Url',
  trigger: 'HX-Trigger',
  reswap: 'HX-Reswap',
  /** request (the plugin's): the signed upload ticket of a file upload */
  uploadTicket: 'LC-Upload-Ticket',
  /** request (the plugin's): a poll, with the digest (ATTR.tag) of what the page shows; an unchanged render answers nothing */
  pollTag: 'LC-Poll-Tag',
  retarget: 'HX-Retarget'
} as const

/**
 * DOM events the plugin fires in the page.
 *
 * @example
 * document.body.addEventListener(EVENT.error, (e) => show(e.detail.message))
 */
export const EVENT = {
  /** an error response, a refused WebSocket message or a network failure: `{ status, code, message, fields? }` */
  error: 'live:error',
  /** fired by the client helper on a polling element when its interval is due (its `hx-trigger`) */
  poll: 'live:poll'
} as const

/**
 * WebSocket message types. The browser sends `hello` (first, with its page token: never in the
 * URL, where request logs would record it), `subscribe` and `unsubscribe`; the server answers
 * `subscribed`, `unsubscribed` and `error`. Any other text from the server is HTML for htmx's
 * ws extension to swap out of band.
 *
 * @example
 * ws.send(JSON.stringify({ type: WS.subscribe, subs }))
 */
export const WS = {
  hello: 'hello',
  subscribe: 'subscribe',
  subscribed: 'subscribed',
  unsubscribe: 'unsubscribe',
  unsubscribed: 'unsubscribed',
  error: 'error'
} as const

/**
 * WebSocket close codes the server uses (RFC 6455 section 7.4.1 and the IANA registry).
 *
 * @example
 * ws.on('close', (code) => { if (code === CLOSE.SLOW_CONSUMER) console.log('too slow') })
 */
export const CLOSE = {
  /** the server is shutting down (`app.close()`); the page reconnects */
  GOING_AWAY: 1001,
  /** the send buffer passed `push.sendBufferBytes`; the page reconnects later */
  SLOW_CONSUMER: 1013,
  /** `app.components.disconnect(socketId)`: who is signed in changed (a logout); the page reloads */
  DISCONNECTED: 4001,
  /** the socket's session or user is no longer the one it was opened for (a logout or login elsewhere); the page reloads */
  SESSION_CHANGED: 4002
} as const

/**
 * The kind prefix of each signed token (`<kind>.<payload>.<mac>`); a token of one kind never
 * verifies as another.
 *
 * @example
 * token.startsWith(TOKEN_KIND.state + '.')
 */
export const TOKEN_KIND = {
  /** a component's state */
  state: 'v1',
  /** a reference to a component's state held on the server (`state: 'server'`) */
  ref: 'r1',
  /** a WebSocket subscription of one instance */
  subscription: 's1',
  /** a page's WebSocket connection */
  page: 'p1',
  /** a lazy component's placeholder: what to mount when it loads */
  lazy: 'z1',
  /** a file input's upload ticket: which instance and field may receive files */
  uploadTicket: 'f1',
  /** an uploaded file waiting for its command */
  uploadRef: 'u1'
} as const

/**
 * Paths below the route prefix.
 *
 * @example
 * `${prefix}${PATH.ws}`
 */
export const PATH = {
  /** the segment between component name and command: `{prefix}/:name/cmd/:command/*` */
  command: 'cmd',
  /** the WebSocket endpoint */
  ws: '/ws',
  /** the folder of the served scripts */
  assets: '/assets',
  /** lazy and deferred components load here, several in one request */
  lazy: '/lazy',
  /** files are uploaded here, before the command that uses them */
  upload: '/upload'
} as const

/**
 * The test kit's way to read server-held state (`state: 'server'`): `app.components[OPEN_STATE](token)`
 * opens a reference token (or a state token) and resolves to the dehydrated state. Not part of
 * the public API; `fastify-livecomponents/testing` uses it for `handle.state`.
 *
 * @example
 * const state = await (app.components as any)[OPEN_STATE](token)
 */
export const OPEN_STATE = Symbol.for('fastify-livecomponents.openState')
