/** @module core/render/cmd-for — `cmd_for(id, command, …args)`: a control anywhere (a page, another component) that runs a command of the component with that id, once the render knows which component it is. */
import { LC_BAD_CMD_HELPER } from '../../errors.js'
import { PATH } from '../../protocol.js'
import { commandOf } from '../host.js'
import { commandTail, isValidId, swapStyles } from './markup.js'
import type { Pass } from './types.js'

/** One `cmd_for()` call waiting for its target's component name. */
interface Wanted { id: string, command: string, args: unknown[] }

const wanted = new WeakMap<Pass, Wanted[]>()
const MARK = /lc-cmd-for-([0-9a-f]{16})-(\d+)/g

/**
 * The placeholder `cmd_for(id, command, ...args)` writes where the control's attributes go; the
 * render replaces it ({@link resolveCmdFor}) once it knows the component with that id.
 *
 * @throws LC_BAD_CMD_HELPER for an id that is not one, or an argument that is not a string,
 *   number or boolean
 * @example
 * `<button ${cmdForMark(pass, 'cart', 'clear', [])}>Clear the cart</button>`
 */
export function cmdForMark (pass: Pass, id: unknown, command: unknown, args: unknown[]): string {
  // an explicit id (component(name, props, { id })): its state is sent with every command, so a
  // later re-render of this control in any command's response still finds it
  if (!isValidId(id)) throw new LC_BAD_CMD_HELPER(String(command), `cmd_for: "${String(id)}" is not an explicit component id (give the target one with component(name, props, { id }))`)
  for (const arg of args) {
    if (typeof arg !== 'string' && typeof arg !== 'number' && typeof arg !== 'boolean') throw new LC_BAD_CMD_HELPER(String(command), 'positional arguments must be strings, numbers or booleans')
  }
  let list = wanted.get(pass)
  if (list === undefined) wanted.set(pass, list = [])
  return `lc-cmd-for-${pass.nonce}-${list.push({ id, command: String(command), args }) - 1}`
}

/**
 * Replaces the `cmd_for()` placeholders of `html` whose target the pass knows (rendered in it, or
 * sent with the command) with the complete command attributes, aimed at the target: `hx-post`
 * to its command, `hx-target` its root, its state and bound input included, its swap style.
 *
 * @param final - the whole page is rendered: a target still unknown is not on the page
 * @throws LC_BAD_CMD_HELPER when a target is not on the page (final, or outside a page render),
 *   or has no such command
 * @example
 * html = resolveCmdFor(pass, html, true)
 */
export function resolveCmdFor (pass: Pass, html: string, final: boolean): string {
  const list = wanted.get(pass)
  if (list === undefined) return html
  const { host } = pass
  return html.replace(MARK, (whole: string, nonce: string, i: string) => {
    const w = list[Number(i)]
    if (nonce !== pass.nonce || w === undefined) return whole
    const name = pass.known.get(w.id)?.name
    if (name === undefined) {
      if (!final) return whole
      throw new LC_BAD_CMD_HELPER(w.command, `cmd_for: no component with the id "${w.id}" is on the page (give the target an explicit id with component(name, props, { id }))`)
    }
    const reg = host.registry.get(name)!
    if (!reg.commands.includes(w.command) && commandOf(host, reg, w.command) === undefined) throw new LC_BAD_CMD_HELPER(w.command, `cmd_for: "${reg.name}" (id "${w.id}") has no @command of that name`)
    const url = `${host.prefix}/${reg.name}/${PATH.command}/${w.command}${w.args.map((a) => '/' + encodeURIComponent(String(a))).join('')}`
    return `hx-post="${url}" ${commandTail({ id: w.id, htmxMajor: host.htmxMajor, swap: swapStyles(host.htmxMajor, reg.morph).main })}`
  })
}
