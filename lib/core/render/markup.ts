/** @module core/render/markup — the HTML the core writes: component roots and command attributes. */
import cssesc from 'cssesc'
import { ATTR, FIELD } from '../../protocol.js'
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
 * What {@link rootElement} needs.
 *
 * @example
 * rootElement({ tag: 'li', name: 'row', id: 'row:1', token, keyed: true, oob: false, body })
 */
export interface RootParts {
  tag: string
  name: string
  id: string
  /** the signed state token; without one the root has no state field, so no command can be sent from it */
  token?: string
  /** an explicit id from the template: the state is sent with every command on the page */
  keyed?: boolean
  /** add `hx-swap-oob` (out-of-band swap in a command response or a push) */
  oob: boolean
  /** out of band among other elements (a command response): a `tr` root goes in an `<hx-partial>` instead */
  partial?: boolean
  /** the swap styles ({@link swapStyles}); default: plain (`outerHTML`, `true`, `innerHTML`) */
  swaps?: { main?: string, oob: string, frame: string }
  /** htmx 2 with morphing: `hx-ext="morph"` on the root, so its swaps find idiomorph */
  morphExt?: boolean
  /**
   * an intermediate frame of a streaming command: `hx-swap-oob="innerHTML"` and `data-lc-frame`,
   * so the root element (the target of the command in flight) stays in the page
   */
  frame?: boolean
  /** more attributes (from features), values escaped here */
  attrs?: ReadonlyArray<[string, string]>
  body: string
}

/**
 * The swap styles of a component's re-renders: morphing ones by default (htmx 4's core
 * `outerMorph`/`innerMorph`; on htmx 2, idiomorph's htmx extension, `morph`), which keep the
 * focused element, what was typed, the caret and scroll positions; the plain ones for a component
 * with `static morph = false`. A streamed frame morphs the whole root on htmx 2 (an out-of-band
 * `morph:innerHTML` would be read as a selector by htmx 2), which keeps the control that sent the
 * command in the page, so its final response still finds idiomorph's extension.
 *
 * @example
 * swapStyles(4, true) // { main: 'outerMorph', oob: 'outerMorph', frame: 'innerMorph' }
 */
export function swapStyles (htmxMajor: 2 | 4, morph: boolean): { main: string, oob: string, frame: string } {
  if (!morph) return { main: 'outerHTML', oob: 'true', frame: 'innerHTML' }
  return htmxMajor === 4
    ? { main: 'outerMorph', oob: 'outerMorph', frame: 'innerMorph' }
    : { main: 'morph:outerHTML', oob: 'morph', frame: 'morph' }
}

/**
 * The {@link RootParts} that say how a component's root is swapped: its out-of-band and frame
 * swap styles, and on htmx 2 with morphing `hx-ext="morph"`.
 *
 * @example
 * rootElement({ tag: 'div', name: 'row', id: 'r', oob: true, ...rootSwaps(2, true), body: '' })
 */
export function rootSwaps (htmxMajor: 2 | 4, morph: boolean): Pick<RootParts, 'swaps' | 'morphExt'> {
  return { swaps: swapStyles(htmxMajor, morph), morphExt: morph && htmxMajor === 2 }
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
  // a row out of band in a command response: a bare <tr> after other elements is dropped by the
  // HTML parser, so it travels in an <hx-partial> (htmx 2.0.11+ and 4), which targets it by id
  // with the main swap (a push carries one root, which parses alone)
  if (p.oob && p.partial === true && p.frame !== true && p.tag === 'tr') {
    const target = escapeHtml(idSelector(p.id))
    return `<hx-partial hx-target="${target}" hx-swap="${p.swaps?.main ?? 'outerHTML'}">${rootElement({ ...p, oob: false })}</hx-partial>`
  }
  let open = `<${p.tag} id="${id}" ${ATTR.component}="${p.name}"`
  if (p.frame === true) open += ` hx-swap-oob="${p.swaps?.frame ?? 'innerHTML'}" ${ATTR.frame}`
  else if (p.oob) open += ` hx-swap-oob="${p.swaps?.oob ?? 'true'}"`
  if (p.morphExt === true) open += ' hx-ext="morph"'
  if (p.attrs !== undefined) for (const [k, v] of p.attrs) open += ` ${k}="${escapeHtml(v)}"`
  const field = p.token === undefined
    ? ''
    : `<input type="hidden" name="${FIELD.state}" value="${p.token}" ${ATTR.stateFor}="${id}"${p.keyed === true ? ` ${ATTR.keyed}` : ''}>`
  if (p.tag !== 'tr' || field === '') return `${open}>${field}${p.body}</${p.tag}>`
  // an input directly in a row is moved out of the table by the parser: it goes into the first cell
  const cell = FIRST_CELL.exec(p.body)
  if (cell === null) throw new Error(`a component whose root is <tr> renders its cells itself: the template of "${p.name}" has no <td> or <th>`)
  const at = cell.index + cell[0].length
  return `${open}>${p.body.slice(0, at)}${field}${p.body.slice(at)}</${p.tag}>`
}

/** The first cell's opening tag in a row's body. */
const FIRST_CELL = /<t[dh](?:\s[^>]*)?>/i

/**
 * What {@link commandAttributes} needs.
 *
 * @example
 * commandAttributes({ url: '/components/row/cmd/add/2', id: 'row:1', htmxMajor: 2 })
 */
export interface CommandParts {
  url: string
  id: string
  htmxMajor: 2 | 4
  /** `hx-sync` strategy; default `this:drop` (live form fields: `this:replace`) */
  sync?: string
  /** disable the control while its request is in flight; default true (false for live form fields) */
  disable?: boolean
  /** the main swap style ({@link swapStyles}); default `outerHTML` */
  swap?: string
}

/**
 * The htmx attributes of one command control. htmx 4 does not inherit attributes, and htmx 2's
 * inheritance would reach the user's own `hx-*` elements in a component, so each control carries
 * its own: `hx-post`, `hx-target` (its component root), `hx-swap` (a morph by default, see
 * {@link swapStyles}), `hx-sync="this:drop"` (no second POST while one is outstanding), the
 * in-flight disable (`hx-disabled-elt="this"` on htmx 2, `hx-disable="this"` on htmx 4: the name
 * changed meaning), and `data-lc-cmd` (its component's id): the client helper adds the instance
 * id and the state fields the command needs (client/include), which an `hx-include` and
 * `hx-vals` on every control used to repeat.
 *
 * @example
 * commandAttributes({ url: '/components/counter/cmd/inc', id: 'c', htmxMajor: 4 })
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
 * const tail = commandTail({ id: 'row:1', htmxMajor: 4 })
 * `hx-post="/components/row/cmd/add/2" ${tail}`
 */
export function commandTail (p: Omit<CommandParts, 'url'>): string {
  const attrs: Array<[string, string]> = [
    ['hx-target', idSelector(p.id)],
    ['hx-swap', p.swap ?? 'outerHTML'],
    ['hx-sync', p.sync ?? 'this:drop'],
    [ATTR.cmd, p.id]
  ]
  if (p.disable !== false) attrs.push([p.htmxMajor === 2 ? 'hx-disabled-elt' : 'hx-disable', 'this'])
  return attrs.map(([k, v]) => `${k}="${escapeHtml(v)}"`).join(' ')
}
