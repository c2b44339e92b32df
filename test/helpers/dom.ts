/** @module test/helpers/dom — reads rendered HTML with an HTML parser (node-html-parser, the one the test kit uses), by the protocol's names: no regex over HTML. */
import { parse as parseHtml, type HTMLElement } from 'node-html-parser'
import { ATTR, ELEMENT_ID, FIELD } from '../../lib/protocol.js'

/** The parsed tree of `html` (a page or a fragment); nothing in it runs. */
export function parse (html: string): HTMLElement {
  return parseHtml(html)
}

/** The signed state tokens of a rendered page or fragment, by instance id. */
export function tokensOf (html: string): Map<string, string> {
  const out = new Map<string, string>()
  for (const input of Array.from(parse(html).querySelectorAll(`input[name="${FIELD.state}"]`))) {
    out.set(input.getAttribute(ATTR.stateFor)!, input.getAttribute('value')!)
  }
  return out
}

/** The subscription token of every component root that has one, by instance id. */
export function subsOf (html: string): Map<string, string> {
  const out = new Map<string, string>()
  for (const el of Array.from(parse(html).querySelectorAll(`[${ATTR.sub}]`))) out.set(el.id, el.getAttribute(ATTR.sub)!)
  return out
}

/** The page token of the connection element, or an empty string. */
export function connectionOf (html: string): { pageToken: string } {
  return { pageToken: parse(html).getElementById(ELEMENT_ID.connection)?.getAttribute(ATTR.page) ?? '' }
}

/** The `src` of every script tag, in order. */
export function scriptsOf (html: string): string[] {
  return Array.from(parse(html).querySelectorAll('script[src]')).map((s) => s.getAttribute('src')!)
}
