/** @module features/polling/feature — polling: `poll(seconds, command)` runs a command (or a plain re-render) every N seconds while the page is visible, and an unchanged render answers nothing. */
import { createHash } from 'node:crypto'
import type { Feature, PassView } from '../../core/hooks.js'
import { commandOf, type Host } from '../../core/host.js'
import { escapeHtml } from '../../core/render/renderer.js'
import { LC_BAD_POLL } from '../../errors.js'
import { ATTR, EVENT, HEADER, PATH } from '../../protocol.js'

/** Shortest and longest poll interval, in seconds. */
export const POLL_SECONDS = { min: 0.5, max: 86400 } as const

/** Signed tokens change on every render (issue time, version): they are left out of the digest. */
const TOKENS = /="(?:v1|s1|z1|p1)\.[^"]*"/g

/**
 * The digest of a rendered component body, without its signed tokens: equal digests mean the
 * page would show the same thing.
 *
 * @example
 * renderDigest('<p>3</p>') // 'pmWkWSBCL51Bfkhn79xPuK'
 */
export function renderDigest (body: string): string {
  return createHash('sha256').update(body.replace(TOKENS, '=""')).digest('base64url').slice(0, 22)
}

/**
 * The polling feature (Livewire's `wire:poll`, Symfony UX's `data-poll`):
 * - `{{ poll(5) }}` on an element of a component's template re-renders the component every 5
 *   seconds (the built-in `$refresh`); `{{ poll(10, 'tick') }}` runs its command `tick`;
 *   `{ visible: true }` polls only while the element is in view. The client helper skips a due
 *   poll while the tab is hidden or the component is busy, and stops when the element leaves
 *   the page;
 * - skip-if-unchanged (as htmx 4's `hx-ptag`): the root of a component that polls carries a
 *   digest of what it rendered (`data-lc-tag`); a poll sends it (`LC-Poll-Tag`) and, when the
 *   new render has the same digest and nothing else (no out-of-band swap, no navigation), the
 *   response is empty with `HX-Reswap: none`.
 *
 * @example
 * const feature = pollingFeature(host)
 */
export function pollingFeature (host: Host): Feature {
  // the instances of a render pass whose template called poll(): their roots get a digest
  const polled = new WeakMap<PassView, Set<string>>()
  return {
    name: 'polling',
    helpers: {
      poll (scope, seconds: unknown, command: unknown = '$refresh', opts: { visible?: unknown } = {}) {
        if (scope.frame === null) throw new LC_BAD_POLL('call it in a component template, not in a page')
        if (typeof seconds !== 'number' || !(seconds >= POLL_SECONDS.min && seconds <= POLL_SECONDS.max)) {
          throw new LC_BAD_POLL(`the interval must be a number of seconds from ${POLL_SECONDS.min} to ${POLL_SECONDS.max}, got ${JSON.stringify(seconds)}`)
        }
        const { reg, id } = scope.frame
        if (typeof command !== 'string' || commandOf(host, reg, command) === undefined) throw new LC_BAD_POLL(`"${reg.name}" has no command ${JSON.stringify(command)}`)
        let ids = polled.get(scope.pass)
        if (ids === undefined) polled.set(scope.pass, ids = new Set())
        ids.add(id)
        const url = `${host.prefix}/${reg.name}/${PATH.command}/${command}`
        const visible = opts?.visible === true ? ` ${ATTR.pollVisible}` : ''
        // a poll never disables its element and drops a tick while one is in flight
        return `${ATTR.poll}="${seconds}"${visible} hx-trigger="${EVENT.poll}" ${scope.commandAttributes(url, { disable: false })}`
      }
    },
    rootAttributes (r) {
      if (polled.get(r.pass)?.has(r.id) !== true) return undefined
      return [[ATTR.tag, renderDigest(r.body)]]
    },
    async aroundCommand (call, next) {
      const sent = call.request.headers[HEADER.pollTag.toLowerCase()]
      const body = await next()
      if (typeof sent !== 'string' || sent === '' || call.reply.statusCode !== 200) return body
      const headers = call.reply.getHeaders()
      if (headers['hx-redirect'] !== undefined || headers['hx-refresh'] !== undefined || headers['hx-trigger'] !== undefined) return body
      // only the polling component itself, re-rendered the same: nothing to swap
      const open = body.slice(0, body.indexOf('>') + 1)
      const tag = new RegExp(` ${ATTR.tag}="([^"]+)"`).exec(open)?.[1]
      if (!open.includes(` id="${escapeHtml(call.selfId)}"`) || tag !== sent || body.includes('hx-swap-oob') || body.includes('<hx-partial')) return body
      call.reply.header(HEADER.reswap, 'none')
      return ''
    }
  }
}
