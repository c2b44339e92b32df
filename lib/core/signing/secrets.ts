/** @module core/signing/secrets — the `secrets` option: defaults, length and guessability checks. */
import { randomBytes } from 'node:crypto'

/** Secrets that were published (an earlier version of the example app signed with this one). */
const PUBLISHED = new Set(['example-app-development-secret-do-not-use-in-production'])

/**
 * Why a secret is obviously guessable, or null: a published one, one made of a short unit
 * repeated (`aaaa…`, `abcabc…`, up to 8 bytes), or one with fewer than 8 distinct bytes.
 *
 * @example
 * weakness(Buffer.from('a'.repeat(40))) // 'it repeats a unit of 1 byte'
 */
export function weakness (secret: Buffer): string | null {
  if (PUBLISHED.has(secret.toString('utf8'))) return 'it was published'
  for (let unit = 1; unit <= 8; unit++) {
    let periodic = true
    for (let i = unit; i < secret.length && periodic; i++) periodic = secret[i] === secret[i - unit]
    if (periodic) return `it repeats a unit of ${unit} byte${unit === 1 ? '' : 's'}`
  }
  if (new Set(secret).size < 8) return 'it has fewer than 8 distinct bytes'
  return null
}

/**
 * The secrets to sign with: the option's, each at least 32 bytes and not guessable; without the
 * option a random one for this process (`generated`), refused when `NODE_ENV=production`.
 *
 * @param fail - reports a bad option (throws LC_INVALID_OPTION naming it)
 * @example
 * const { secrets, generated } = resolveSecrets(opts.secrets, fail)
 */
export function resolveSecrets (value: unknown, fail: (name: string, why: string) => never): { secrets: Array<string | Buffer>, generated: boolean } {
  if (value === undefined) {
    if (process.env.NODE_ENV === 'production') fail('secrets', 'is required when NODE_ENV=production: a random secret per process breaks every page on restart and across instances')
    return { secrets: [randomBytes(32)], generated: true }
  }
  if (!Array.isArray(value) || value.length === 0) fail('secrets', 'must be a non-empty list')
  value.forEach((s: unknown, i) => {
    const bytes = typeof s === 'string' ? Buffer.byteLength(s) : Buffer.isBuffer(s) ? s.length : -1
    if (bytes < 32) fail(`secrets[${i}]`, 'must be a string or Buffer of at least 32 bytes')
    const weak = weakness(Buffer.isBuffer(s) ? s : Buffer.from(s as string))
    if (weak !== null) fail(`secrets[${i}]`, `is too easy to guess (${weak}); use 32 random bytes, e.g. openssl rand -base64 32`)
  })
  return { secrets: value as Array<string | Buffer>, generated: false }
}
