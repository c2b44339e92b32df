/** @module core/render/nonce — the random nonce that marks one render session's child placeholders. */
import { randomBytes } from 'node:crypto'

/** Random bytes for session nonces, drawn 8 at a time from a pool refilled every 512 sessions. */
let pool = Buffer.alloc(0)
let poolAt = 0

/**
 * A fresh 16-hex-character nonce (8 random bytes from node:crypto). A render session puts it in
 * its child placeholders (`<!--lc:<nonce>:<n>-->`) and replaces only those, so a placeholder
 * that a user's data happens to contain is never replaced. Drawn from a pooled buffer: one
 * `randomBytes` call per 512 sessions instead of one per session.
 *
 * @example
 * const n = sessionNonce() // '9f3c0a7be1d24f60'
 */
export function sessionNonce (): string {
  if (poolAt + 8 > pool.length) {
    pool = randomBytes(4096)
    poolAt = 0
  }
  poolAt += 8
  return pool.toString('hex', poolAt - 8, poolAt)
}
