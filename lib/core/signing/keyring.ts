/** @module core/signing/keyring — HMAC-SHA256 over node:crypto: the first secret signs, every secret verifies. */
import { createHmac, timingSafeEqual } from 'node:crypto'

/**
 * The secrets of one plugin registration, used for every signed value it hands out (state
 * tokens, WebSocket subscriptions, page tokens). As in @fastify/cookie's signer, the first
 * secret signs and all of them verify, so secrets can be rotated; MACs are compared in
 * constant time. Each kind of token passes its own `purpose`, so a token of one kind never
 * verifies as another.
 *
 * @example
 * const ring = new Keyring([newSecret, oldSecret])
 * const mac = ring.sign('v1', payload)
 * ring.verify('v1', payload, mac) // true
 */
export class Keyring {
  private readonly keys: Buffer[]

  constructor (secrets: Array<string | Buffer>) {
    this.keys = secrets.map((s) => Buffer.isBuffer(s) ? s : Buffer.from(s, 'utf8'))
  }

  private mac (key: Buffer, purpose: string, payload: string | Buffer): Buffer {
    return createHmac('sha256', key).update(purpose).update('.').update(payload).digest()
  }

  /** The base64url MAC (43 characters) of `payload` (text, or raw bytes), with the first secret. */
  sign (purpose: string, payload: string | Buffer): string {
    return this.mac(this.keys[0], purpose, payload).toString('base64url')
  }

  /** Whether `mac` (base64url, canonical) is the MAC of `payload` (text, or raw bytes) under any of the secrets. */
  verify (purpose: string, payload: string | Buffer, mac: string): boolean {
    if (!/^[A-Za-z0-9_-]{43}$/.test(mac)) return false
    const given = Buffer.from(mac, 'base64url')
    // the last base64url character carries 2 unused bits: only the canonical spelling verifies
    return given.length === 32 && given.toString('base64url') === mac && this.keys.some((key) => timingSafeEqual(given, this.mac(key, purpose, payload)))
  }
}
