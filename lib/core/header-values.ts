/** @module core/header-values — response header values made ASCII, as HTTP requires, on every path. */

/**
 * A URL as a header value: every character outside printable ASCII (and space) percent-encoded;
 * existing percent escapes are kept. The browser decodes it to the same text.
 *
 * @example
 * headerUrl('/café?q=a b') // '/caf%C3%A9?q=a%20b'
 */
export function headerUrl (url: string): string {
  return String(url).replace(/[^\x21-\x7e]/gu, (c) => {
    try {
      return encodeURIComponent(c)
    } catch {
      return '%EF%BF%BD' // a lone surrogate: U+FFFD
    }
  })
}

/**
 * JSON as a header value: every character outside printable ASCII as a `\u` escape of four hex
 * digits, which `JSON.parse` (and so htmx, for `HX-Trigger`) turns back into the same text.
 *
 * @example
 * asciiJson({ toast: 'Ça va' }) // '{"toast":"\\u00c7a va"}'
 */
export function asciiJson (value: unknown): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must be escaped
  return JSON.stringify(value).replace(/[\u0000-\u001f\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'))
}
