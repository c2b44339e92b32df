/** @module testing/dom — the test kit's view of a page: component roots, their state tokens and swaps applied as htmx applies them. */
import { parse, type HTMLElement } from 'node-html-parser'
import { ATTR, ELEMENT_ID, FIELD, META, TOKEN_KIND } from '../protocol.js'

/**
 * The state a state token carries (tokens are signed, not encrypted); undefined when `token`
 * is not one.
 *
 * @example
 * stateOf(root.querySelector('input[name="__lc_state"]').value) // { count: 1 }
 */
export function stateOf (token: string | undefined): unknown {
  if (token === undefined) return undefined
  try {
    return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')).s
  } catch {
    return undefined
  }
}

/** The elements of a fragment that carry `hx-swap-oob` (or are `<hx-partial>`), by id. */
function oobOf (root: HTMLElement): Map<string, HTMLElement> {
  const out = new Map<string, HTMLElement>()
  for (const el of root.childNodes) {
    const e = el as HTMLElement
    if (e.nodeType !== 1) continue
    if (e.tagName === 'HX-PARTIAL') {
      for (const inner of e.childNodes) if ((inner as HTMLElement).nodeType === 1 && (inner as HTMLElement).id !== '') out.set((inner as HTMLElement).id, inner as HTMLElement)
    } else if (e.hasAttribute('hx-swap-oob') && e.id !== '') {
      out.set(e.id, e)
    }
  }
  return out
}

/**
 * A page as the browser holds it, reduced to what the plugin's protocol needs: component roots
 * (`data-lc`), their signed state (`__lc_state` inputs), subscription tokens, the page token and
 * the CSRF meta. Responses and pushes are applied as htmx applies them: the main swap replaces
 * the command's target, out-of-band elements replace (or, for frames, fill) the element with
 * their id.
 *
 * @example
 * const doc = new PageDom(html)
 * doc.root('cart')?.outerHTML
 */
export class PageDom {
  private doc: HTMLElement
  /** the states of the reference tokens on the page (`state: 'server'`), read by {@link settle} */
  private readonly held = new Map<string, unknown>()

  /**
   * @param open - reads the state a reference token stands for (server-held state); without it,
   *   such components have no state to show
   */
  constructor (html: string, private readonly open?: (token: string) => Promise<unknown>) {
    this.doc = parse(html, { comment: false })
  }

  /**
   * Reads the server-held state of every reference token on the page that was not read yet;
   * the kit calls it after every change to the page, so {@link state} stays synchronous.
   */
  async settle (): Promise<void> {
    if (this.open === undefined) return
    for (const el of this.doc.querySelectorAll(`input[name="${FIELD.state}"]`)) {
      const token = el.getAttribute('value') ?? ''
      if (!token.startsWith(`${TOKEN_KIND.ref}.`) || this.held.has(token)) continue
      this.held.set(token, await this.open(token).catch(() => undefined))
    }
  }

  /** The state of the instance `id` now: from its state token, or (server-held) from what {@link settle} read. */
  state (id: string): unknown {
    const token = this.token(id)
    return token !== undefined && this.held.has(token) ? this.held.get(token) : stateOf(token)
  }

  /** The page's HTML now. */
  get html (): string {
    return this.doc.toString()
  }

  /** The component root with this id, or null. */
  root (id: string): HTMLElement | null {
    return this.doc.querySelectorAll(`[${ATTR.component}]`).find((el) => el.id === id) ?? null
  }

  /** Every component root, in page order. */
  roots (): HTMLElement[] {
    return this.doc.querySelectorAll(`[${ATTR.component}]`)
  }

  /** The state token of the instance `id` (the `__lc_state` input made for it), or undefined. */
  token (id: string): string | undefined {
    return this.doc.querySelectorAll(`input[name="${FIELD.state}"]`).find((el) => el.getAttribute(ATTR.stateFor) === id)?.getAttribute('value')
  }

  /**
   * The state tokens a command on `id` sends, as the client helper adds them to its requests:
   * every keyed instance's, then those made for `id` and its ancestors.
   */
  tokensFor (id: string): string[] {
    const out: string[] = []
    const inputs = this.doc.querySelectorAll(`input[name="${FIELD.state}"]`)
    for (const el of inputs) if (el.hasAttribute(ATTR.keyed)) out.push(el.getAttribute('value') ?? '')
    const lineage = new Set<string>()
    for (let e: HTMLElement | null = this.root(id); e !== null; e = e.parentNode as HTMLElement | null) {
      if (e.getAttribute?.(ATTR.component) !== undefined && e.id !== '') lineage.add(e.id)
    }
    // the bound components in the top-level ancestor's subtree (model(): their input is sent too),
    // and every component that listens to server events (ctx.emit reaches them)
    const bound = new Set(this.topOf(id)?.querySelectorAll(`[${ATTR.bound}]`).map((r) => r.id))
    for (const r of this.doc.querySelectorAll(`[${ATTR.listens}]`)) bound.add(r.id)
    for (const el of inputs) {
      const forId = el.getAttribute(ATTR.stateFor) ?? ''
      if (!el.hasAttribute(ATTR.keyed) && (lineage.has(forId) || bound.has(forId))) out.push(el.getAttribute('value') ?? '')
    }
    return out
  }

  /** The outermost component root around `id` (itself when top-level). */
  private topOf (id: string): HTMLElement | null {
    let top = this.root(id)
    for (let e = top?.parentNode as HTMLElement | null; e !== null && e !== undefined; e = e.parentNode as HTMLElement | null) {
      if (e.getAttribute?.(ATTR.component) !== undefined) top = e
    }
    return top
  }

  /**
   * The bound inputs (`model()`) a command on `id` sends, as `[name, value]` pairs: those in its
   * top-level ancestor's subtree, as the browser posts them (a checked checkbox or radio its
   * value, an unchecked checkbox `""` as the client helper sends it, a textarea its text, a
   * select its selected options).
   */
  boundFor (id: string): Array<[string, string]> {
    const out: Array<[string, string]> = []
    for (const el of this.topOf(id)?.querySelectorAll(`[${ATTR.model}]`) ?? []) {
      const name = el.getAttribute('name') ?? ''
      const type = el.getAttribute('type')
      if (el.tagName === 'TEXTAREA') out.push([name, el.textContent])
      else if (el.tagName === 'SELECT') for (const o of el.querySelectorAll('option[selected]')) out.push([name, o.getAttribute('value') ?? o.textContent])
      else if (type === 'checkbox' || type === 'radio') {
        if (el.hasAttribute('checked')) out.push([name, el.getAttribute('value') ?? 'on'])
        else if (type === 'checkbox' && !out.some(([n]) => n === name)) out.push([name, ''])
      } else out.push([name, el.getAttribute('value') ?? ''])
    }
    // a checkbox group with one box checked posts its value, not the "" of the unchecked ones
    return out.filter(([n, v]) => v !== '' || !out.some(([m, w]) => m === n && w !== ''))
  }

  /**
   * Types `value` into the bound input of `id` for `path`, as a user would: a text field or
   * textarea gets the text, a checkbox is checked when `value` is true (or, in a group, equals its
   * value), a radio button or select option is chosen by value.
   *
   * @throws Error when the component has no input bound to `path`
   */
  typeInto (id: string, name: string, path: string, value: string | number | boolean | string[]): void {
    const els = this.root(id)?.querySelectorAll(`[${ATTR.model}]`).filter((e) => e.getAttribute('name') === name) ?? []
    if (els.length === 0) throw new Error(`fastify-livecomponents/testing: component "${id}" has no input bound to "${path}" (model('${path}'))`)
    for (const el of els) {
      const type = el.getAttribute('type')
      if (el.tagName === 'TEXTAREA') el.set_content(String(value))
      else if (el.tagName === 'SELECT') {
        for (const o of el.querySelectorAll('option')) {
          const chosen = ([] as unknown[]).concat(value).map(String).includes(o.getAttribute('value') ?? o.textContent)
          if (chosen) o.setAttribute('selected', '')
          else o.removeAttribute('selected')
        }
      } else if (type === 'checkbox' || type === 'radio') {
        const own = el.getAttribute('value') ?? 'on'
        const on = typeof value === 'boolean' ? value : ([] as unknown[]).concat(value).map(String).includes(own)
        if (on) el.setAttribute('checked', '')
        else el.removeAttribute('checked')
      } else el.setAttribute('value', String(value))
    }
  }

  /** The signed page token of the connection element (`live_connect()`), or undefined. */
  pageToken (): string | undefined {
    return this.doc.getElementById(ELEMENT_ID.connection)?.getAttribute(ATTR.page)
  }

  /** The CSRF token of the page's meta (`live_scripts()` with @fastify/csrf-protection), or undefined. */
  csrf (): string | undefined {
    return this.doc.querySelector(`meta[name="${META.csrf}"]`)?.getAttribute('content')
  }

  /**
   * Applies a command response: `body` replaces the element `target` (the main swap, unless
   * `HX-Reswap: none`), and its out-of-band elements replace the elements with their ids.
   * Returns the ids swapped, main first.
   */
  applyResponse (body: string, target: string | null): string[] {
    const fragment = parse(body, { comment: false })
    const oob = oobOf(fragment)
    for (const el of oob.values()) el.remove()
    const swapped: string[] = []
    if (target !== null) {
      const main = fragment.childNodes.find((n) => (n as HTMLElement).nodeType === 1) as HTMLElement | undefined
      const old = this.doc.querySelectorAll('[id]').find((el) => el.id === target)
      if (main !== undefined && old !== undefined) {
        old.replaceWith(main)
        swapped.push(main.id)
      }
    }
    for (const [id, el] of oob) if (this.swapOob(id, el)) swapped.push(id)
    return swapped
  }

  /** Applies a pushed WebSocket message (out-of-band elements only); returns the ids swapped. */
  applyPush (html: string): string[] {
    const swapped: string[] = []
    for (const [id, el] of oobOf(parse(html, { comment: false }))) if (this.swapOob(id, el)) swapped.push(id)
    return swapped
  }

  private swapOob (id: string, el: HTMLElement): boolean {
    const old = this.doc.querySelectorAll('[id]').find((e) => e.id === id)
    if (old === undefined) return false
    const how = el.getAttribute('hx-swap-oob') ?? 'true'
    el.removeAttribute('hx-swap-oob')
    // htmx's inner swaps (plain or morph) keep the root; every other style replaces it (a morph ends with the same markup)
    if (how === 'innerHTML' || how === 'innerMorph') old.set_content(el.innerHTML)
    else old.replaceWith(el)
    return true
  }
}
