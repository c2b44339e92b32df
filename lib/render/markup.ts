/** @module render/markup — the HTML the plugin writes: component roots and command attributes. */
import cssesc from 'cssesc'
import { ID_FIELD, STATE_FIELD } from '../core.js'
import { escapeHtml } from './renderer.js'

const ID_RE = /^[A-Za-z][A-Za-z0-9_:.-]{0,127}$/

/**
 * Whether a template-given component id is acceptable: a letter, then letters, digits,
 * `_ - : .`, at most 128 characters. `/` is reserved for the ids of nested components.
 *
 * @example
 * isValidId('row:10') // true
 * isValidId('a b') // false
 */
export function isValidId (id: unknown): id is string {
  return typeof id === 'string' && ID_RE.test(id)
}

/**
 * A CSS `#id` selector with every special character escaped (by cssesc), so ids such as
 * `cart/line:1.5` select exactly one element.
 *
 * @example
 * idSelector('row:1') // '#row\\:1'
 */
export function idSelector (id: string): string {
  return '#' + cssesc(id, { isIdentifier: true })
}

/**
 * The selector of the hidden state fields a command sends: its own and its ancestors'
 * (`[data-lc-for="…"]`), plus every component given an explicit id (`[data-lc-keyed]`),
 * which ComponentDirty(id) may address.
 *
 * @example
 * includeSelector(['cart', 'cart/line-1']) // '[data-lc-keyed],[data-lc-for="cart"],[data-lc-for="cart/line-1"]'
 */
export function includeSelector (lineage: string[]): string {
  return ['[data-lc-keyed]', ...lineage.map((id) => `[data-lc-for=${cssesc(id, { quotes: 'double', wrap: true })}]`)].join(',')
}

/**
 * What {@link rootElement} needs.
 *
 * @example
 * rootElement({ tag: 'li', name: 'row', id: 'row:1', token, keyed: true, oob: false, body })
 */
export interface RootParts {
  tag: string
  name: string
  id: string
  token: string
  /** an explicit id from the template: the state is sent with every command on the page */
  keyed: boolean
  /** add `hx-swap-oob="true"` (out-of-band swap in a command response or a push) */
  oob: boolean
  /**
   * an intermediate frame of a streaming command: `hx-swap-oob="innerHTML"` and `data-lc-frame`,
   * so the root element (the target of the command in flight) stays in the page
   */
  frame?: boolean
  /** the signed subscription token of a component with topics, as `data-lc-sub` */
  sub?: string
  body: string
}

/**
 * The root element of a rendered component: its id, its name, and a hidden field with its
 * signed state, followed by the template's HTML.
 *
 * @example
 * rootElement({ tag: 'div', name: 'counter', id: 'c', token: 't', keyed: true, oob: false, body: '1' })
 * // '<div id="c" data-lc="counter"><input type="hidden" name="__lc_state" value="t" data-lc-for="c" data-lc-keyed>1</div>'
 */
export function rootElement (p: RootParts): string {
  const id = escapeHtml(p.id)
  const oob = p.frame === true ? ' hx-swap-oob="innerHTML" data-lc-frame' : p.oob ? ' hx-swap-oob="true"' : ''
  const sub = p.sub !== undefined ? ` data-lc-sub="${p.sub}"` : ''
  return `<${p.tag} id="${id}" data-lc="${p.name}"${oob}${sub}>` +
    `<input type="hidden" name="${STATE_FIELD}" value="${p.token}" data-lc-for="${id}"${p.keyed ? ' data-lc-keyed' : ''}>` +
    `${p.body}</${p.tag}>`
}

/**
 * The root of a component whose permissions refused the rendering request: no state field, so
 * no command can be sent from it, and `data-lc-denied` with the status (401 or 403); out of band
 * (`hx-swap-oob`) when it is re-rendered next to the component that ran a command.
 *
 * @example
 * deniedRoot({ tag: 'div', name: 'admin-panel', id: 'admin', status: 401, body: '<p>Sign in</p>' })
 */
export function deniedRoot (p: { tag: string, name: string, id: string, status: 401 | 403, oob?: boolean, body: string }): string {
  return `<${p.tag} id="${escapeHtml(p.id)}" data-lc="${p.name}"${p.oob === true ? ' hx-swap-oob="true"' : ''} data-lc-denied="${p.status}">${p.body}</${p.tag}>`
}

/**
 * What {@link commandAttributes} needs.
 *
 * @example
 * commandAttributes({ url: '/components/row/cmd/add/2', id: 'row:1', lineage: ['row:1'], htmxMajor: 2 })
 */
export interface CommandParts {
  url: string
  id: string
  lineage: string[]
  htmxMajor: 2 | 4
  /** the @fastify/csrf-protection token, sent as the `x-csrf-token` header (`hx-headers`) */
  csrf?: string
  /** `hx-sync` strategy; default `this:drop` (live form fields: `this:replace`) */
  sync?: string
  /** disable the control while its request is in flight; default true (false for live form fields) */
  disable?: boolean
}

/**
 * The complete htmx attributes of one command control. htmx 4 does not inherit attributes,
 * so each control carries everything itself: `hx-post`, `hx-target` (its component root),
 * `hx-swap="outerHTML"`, `hx-include` (signed state fields), `hx-vals` (instance id),
 * `hx-sync="this:drop"` (no second POST while one is outstanding) and the in-flight disable:
 * `hx-disabled-elt="this"` on htmx 2, `hx-disable="this"` on htmx 4 (the name changed meaning),
 * and, when @fastify/csrf-protection is registered, `hx-headers` with its token.
 *
 * @example
 * commandAttributes({ url: '/components/counter/cmd/inc', id: 'c', lineage: ['c'], htmxMajor: 4 })
 */
export function commandAttributes (p: CommandParts): string {
  return `hx-post="${escapeHtml(p.url)}" ${commandTail(p)}`
}

/**
 * Everything of {@link commandAttributes} after `hx-post`: it depends on the component, not on
 * the command, so a render computes it once per component instance and reuses it for every
 * control in its template.
 *
 * @example
 * const tail = commandTail({ id: 'row:1', lineage: ['row:1'], htmxMajor: 4 })
 * `hx-post="/components/row/cmd/add/2" ${tail}`
 */
export function commandTail (p: Omit<CommandParts, 'url'>): string {
  const attrs: Array<[string, string]> = [
    ['hx-target', idSelector(p.id)],
    ['hx-swap', 'outerHTML'],
    ['hx-include', includeSelector(p.lineage)],
    ['hx-vals', JSON.stringify({ [ID_FIELD]: p.id })],
    ['hx-sync', p.sync ?? 'this:drop']
  ]
  if (p.disable !== false) attrs.push([p.htmxMajor === 2 ? 'hx-disabled-elt' : 'hx-disable', 'this'])
  if (p.csrf !== undefined) attrs.push(['hx-headers', JSON.stringify({ 'x-csrf-token': p.csrf })])
  return attrs.map(([k, v]) => `${k}="${escapeHtml(v)}"`).join(' ')
}

/**
 * The `<script>` tags of `live_scripts()`: htmx, the WebSocket extension of the htmx line in
 * use (htmx-ext-ws on 2, `hx-ws` from htmx.org on 4), and the plugin's client helper.
 *
 * @example
 * liveScripts({ prefix: '/components' })
 */
export function liveScripts (p: { prefix: string }): string {
  return ['htmx.js', 'ws.js', 'live.js'].map((f) => `<script src="${p.prefix}/assets/${f}"></script>`).join('\n')
}

/**
 * The connection element of `live_connect()`: a hidden element that opens the page's
 * WebSocket through the htmx ws extension (`hx-ext="ws" ws-connect` on htmx 2,
 * `hx-ws:connect` on htmx 4) with the signed page token in the URL, and carries the page id
 * (`data-lc-page`) that the client helper sends with every command as the `LC-Page` header.
 * `hx-swap="none"`: pushed messages are out-of-band swaps only and never replace it.
 *
 * @example
 * liveConnect({ prefix: '/components', htmxMajor: 4, page: tokens.newPage() })
 */
export function liveConnect (p: { prefix: string, htmxMajor: 2 | 4, page: { id: string, token: string } }): string {
  const url = escapeHtml(`${p.prefix}/ws?page=${p.page.token}`)
  const connect = p.htmxMajor === 2 ? `hx-ext="ws" ws-connect="${url}"` : `hx-ws:connect="${url}"`
  return `<div id="lc-live" hidden hx-swap="none" ${connect} data-lc-page="${p.page.id}"></div>`
}
