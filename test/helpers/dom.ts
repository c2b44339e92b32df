/** @module test/helpers/dom — reads rendered HTML the way a browser does (happy-dom), by the protocol's names: no regex over HTML. */
import { Window } from 'happy-dom'
import { ATTR, ELEMENT_ID, FIELD } from '../../lib/protocol.js'

// one window for every parse; no script is fetched or run
const window = new Window({ settings: { disableJavaScriptEvaluation: true, disableJavaScriptFileLoading: true, disableCSSFileLoading: true } })

/** A parsed document of `html` (a page or a fragment), as DOMParser makes it: scripts inert. */
export function parse (html: string): Document {
  return new window.DOMParser().parseFromString(html, 'text/html') as unknown as Document
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
