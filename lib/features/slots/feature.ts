/** @module features/slots/feature — slots: markup that a page or a component passes into a component (`{% call component() %}`, `fill()`, `slot()`), kept in the component's signed token so that it survives the component's own re-renders. */
import { randomBytes } from 'node:crypto'
import type { Feature, HelperScope, PlacedChild } from '../../core/hooks.js'
import type { Registration } from '../../core/registry.js'
import { LC_BAD_SLOT_HELPER, LC_INVALID_COMPONENT, LC_UNKNOWN_SLOT } from '../../errors.js'

/** The slot that takes whatever the body of `{% call component(…) %}` has outside every `fill()`. */
export const DEFAULT_SLOT = 'default'

const NAME_RE = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/

/**
 * What a component keeps of its slots: each slot's parts (HTML strings, and indexes into `c`,
 * the components placed there), as the caller rendered them.
 */
interface SlotData {
  s: Record<string, Array<string | number>>
  c: PlacedChild[]
}

/** The declared slot names of a component: `static slots`, or only the default slot. */
function declared (reg: Registration): readonly string[] {
  return (reg.cls as { slots?: readonly string[] }).slots ?? [DEFAULT_SLOT]
}

function checkName (reg: Registration, name: unknown, helper: string): string {
  if (typeof name !== 'string' || !NAME_RE.test(name)) throw new LC_BAD_SLOT_HELPER(helper, `${JSON.stringify(name)} is not a slot name (a letter, then letters, digits, "_" or "-")`)
  const names = declared(reg)
  if (!names.includes(name)) throw new LC_UNKNOWN_SLOT(reg.name, name, names.join(', '))
  return name
}

/** Whether parts hold nothing to show: whitespace only, no component. */
function blank (parts: ReadonlyArray<string | number>): boolean {
  return parts.every((p) => typeof p === 'string' && p.trim() === '')
}

/**
 * The slots feature (seed names: `static slots`, filling a slot, rendering slots; Vue's and
 * Django Cotton's named slots in nunjucks' own `{% call %}`):
 * - a caller passes markup with `{% call component(name, props, opts) %}…{% endcall %}`; the
 *   pieces inside `{% call fill('header') %}…{% endcall %}` fill named slots, the rest the
 *   `default` slot. It is rendered in the caller's context, escaped as usual, once;
 * - the component writes `{{ slot('header') }}` (`{{ slot() }}`: the default slot) where it
 *   goes, and `{% if has_slot('footer') %}` to wrap an optional one;
 * - `static slots = ['header', 'body', 'footer']` declares the names (default: `['default']`);
 *   any other name is LC_UNKNOWN_SLOT at render;
 * - what the caller rendered is kept in the component's signed token (counted in
 *   `stateMaxBytes`), so the component re-renders alone (its command, a push, a stream frame)
 *   with the same slot content; components inside a slot are its children, re-rendered from the
 *   state they send (they are sent with every command, like components given an id).
 *
 * @example
 * const feature = slotsFeature()
 */
export function slotsFeature (): Feature {
  // marks the pieces fill() writes into the captured body; random, so content cannot forge one
  const nonce = randomBytes(8).toString('hex')
  const FILL = new RegExp(`<!--lc-fill:${nonce}:([A-Za-z][A-Za-z0-9_-]*)-->|<!--/lc-fill:${nonce}-->`, 'g')
  // slot data a caller just rendered: its components take the caller's props again (reactive props)
  const fresh = new WeakSet<object>()

  /** Captured parts → slots by name, checked against the component's declared names. */
  const split = (reg: Registration, parts: ReadonlyArray<string | number>): SlotData['s'] => {
    const slots: Record<string, Array<string | number>> = Object.create(null)
    let current = DEFAULT_SLOT
    const add = (p: string | number): void => { (slots[current] ??= []).push(p) }
    for (const part of parts) {
      if (typeof part === 'number') { add(part); continue }
      let at = 0
      for (const m of part.matchAll(FILL)) {
        if (m.index > at) add(part.slice(at, m.index))
        at = m.index + m[0].length
        if (m[1] === undefined) { current = DEFAULT_SLOT; continue }
        if (current !== DEFAULT_SLOT) throw new LC_BAD_SLOT_HELPER(`fill("${m[1]}")`, `it stands inside fill("${current}"): fill() does not nest`)
        current = checkName(reg, m[1], 'fill()')
        if (slots[current] !== undefined) throw new LC_BAD_SLOT_HELPER(`fill("${current}")`, 'the slot is filled twice')
        slots[current] = []
      }
      if (at < part.length) add(part.slice(at))
    }
    const out: SlotData['s'] = {}
    for (const [name, p] of Object.entries(slots)) {
      if (blank(p)) continue
      if (name === DEFAULT_SLOT && !declared(reg).includes(DEFAULT_SLOT)) throw new LC_UNKNOWN_SLOT(reg.name, DEFAULT_SLOT, `${declared(reg).join(', ')}; wrap the content in {% call fill(name) %}`)
      out[name] = p
    }
    return out
  }

  const dataOf = (scope: HelperScope, helper: string): { reg: Registration, data: SlotData | undefined } => {
    if (scope.frame === null) throw new LC_BAD_SLOT_HELPER(helper, 'call it in a component template, not in a page')
    return { reg: scope.frame.reg, data: scope.frame.data.slots as SlotData | undefined }
  }

  return {
    name: 'slots',
    register (reg) {
      const slots = (reg.cls as { slots?: unknown }).slots
      if (slots === undefined) return
      if (!Array.isArray(slots) || slots.length === 0 || !slots.every((n) => typeof n === 'string' && NAME_RE.test(n)) || new Set(slots).size !== slots.length) {
        throw new LC_INVALID_COMPONENT(reg.cls.name, 'static slots must be a non-empty list of distinct slot names (a letter, then letters, digits, "_" or "-")')
      }
    },
    componentCall (call) {
      const caller = call.keywords.caller
      if (typeof caller !== 'function') return
      const { parts, children } = call.capture(() => caller(), 'slot-')
      const slots = split(call.reg, parts)
      // keep only the components that a kept slot places
      const used = new Set(Object.values(slots).flat().filter((p): p is number => typeof p === 'number'))
      const index = new Map<number, number>()
      const c: PlacedChild[] = []
      for (const i of [...used].sort((a, b) => a - b)) index.set(i, c.push(children[i]) - 1)
      for (const name of Object.keys(slots)) slots[name] = slots[name].map((p) => typeof p === 'number' ? index.get(p)! : p)
      call.input.slots = { s: slots, c } satisfies SlotData
    },
    instanceData (target) {
      const given = target.input?.slots as SlotData | undefined
      if (given !== undefined) {
        fresh.add(given)
        return Object.keys(given.s).length === 0 ? undefined : given
      }
      return target.extra?.slots
    },
    helpers: {
      fill (scope, name: unknown, keywords: unknown) {
        if (!scope.capturing) throw new LC_BAD_SLOT_HELPER(`fill(${JSON.stringify(name)})`, 'it belongs in the body of {% call component(…) %}')
        const caller = (keywords as { caller?: unknown } | undefined)?.caller
        if (typeof caller !== 'function') throw new LC_BAD_SLOT_HELPER(`fill(${JSON.stringify(name)})`, 'write it as {% call fill(name) %}…{% endcall %}')
        if (typeof name !== 'string' || !NAME_RE.test(name)) throw new LC_BAD_SLOT_HELPER('fill()', `${JSON.stringify(name)} is not a slot name`)
        return `<!--lc-fill:${nonce}:${name}-->${String(caller())}<!--/lc-fill:${nonce}-->`
      },
      slot (scope, name: unknown = DEFAULT_SLOT) {
        const { reg, data } = dataOf(scope, 'slot()')
        const parts = data?.s[checkName(reg, name, 'slot()')]
        if (parts === undefined || data === undefined) return ''
        const mountOnly = !fresh.has(data)
        return parts.map((p) => typeof p === 'string' ? p : scope.place(data.c[p], { mountOnly })).join('')
      },
      has_slot (scope, name: unknown = DEFAULT_SLOT) {
        const { reg, data } = dataOf(scope, 'has_slot()')
        return data?.s[checkName(reg, name, 'has_slot()')] !== undefined
      }
    }
  }
}
