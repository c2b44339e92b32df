/** @module test/signer — state tokens: signing, key rotation, tampering, expiry, size limits. */
import t from 'tap'
import { Keyring } from '../lib/core/signing/keyring.js'
import { StateSigner } from '../lib/core/signing/signer.js'

const A = 'a'.repeat(32)
const B = 'b'.repeat(32)
const claims = { name: 'counter', id: 'c1', parent: null, keyed: true, rid: 'r1', version: 0, state: { count: 3 } }

function signer (secrets: string[], extra: Partial<ConstructorParameters<typeof StateSigner>[0]> = {}) {
  const warnings: unknown[] = []
  const s = new StateSigner({ ring: new Keyring(secrets), maxAge: 60, warnBytes: 64 * 1024, maxBytes: 512 * 1024, warn: (m: string, d: unknown) => warnings.push([m, d]), ...extra })
  return Object.assign(s, { warnings })
}

t.test('a signed token verifies and carries name, id, parent and state', async (t) => {
  const s = signer([A])
  const v = s.verify(s.sign(claims))
  t.same(v, { ...claims, issuedAt: v.issuedAt })
})

t.test('key rotation: the first secret signs, every secret verifies', async (t) => {
  const old = signer([B])
  const rotated = signer([A, B])
  const fresh = rotated.sign(claims)
  t.equal(rotated.verify(old.sign(claims)).id, 'c1', 'token signed with the old key still verifies')
  t.equal(signer([A]).verify(fresh).id, 'c1', 'new tokens are signed with the first secret')
  t.throws(() => old.verify(fresh), { code: 'LC_BAD_TOKEN' }, 'a verifier without the new secret refuses')
  t.throws(() => signer([A]).verify(old.sign(claims)), { code: 'LC_BAD_TOKEN' }, 'a retired secret no longer verifies')
})

t.test('any one flipped character is refused', async (t) => {
  const s = signer([A])
  const token = s.sign(claims)
  let refused = 0
  for (let i = 0; i < token.length; i++) {
    const ch = token[i] === 'A' ? 'B' : 'A'
    const bad = token.slice(0, i) + ch + token.slice(i + 1)
    try { s.verify(bad) } catch (err) { if ((err as { code: string }).code === 'LC_BAD_TOKEN') refused++ }
  }
  t.equal(refused, token.length)
})

t.test('malformed tokens are LC_BAD_TOKEN with status 400', async (t) => {
  const s = signer([A])
  const good = s.sign(claims)
  for (const bad of [undefined, 42, '', 'v1', 'v1..', 'v2.' + good.slice(3), good + '.x', good.replace(/\.[^.]+$/, '.short'), 'x'.repeat(800_000)]) {
    t.throws(() => s.verify(bad), { code: 'LC_BAD_TOKEN', statusCode: 400 }, String(bad).slice(0, 20))
  }
})

t.test('a correctly signed payload of the wrong shape is refused', async (t) => {
  const s = signer([A])
  const { createHmac } = await import('node:crypto')
  for (const payload of ['not json', '{"n":1,"i":"x","p":null,"t":1}', '{"n":"a","i":"x","p":5,"t":1}']) {
    const p = Buffer.from(payload).toString('base64url')
    const mac = createHmac('sha256', A).update('v1').update('.').update(p).digest('base64url')
    t.throws(() => s.verify(`v1.${p}.${mac}`), { code: 'LC_BAD_TOKEN' }, payload)
  }
})

t.test('expiry: older than maxAge is LC_EXPIRED_TOKEN with status 410', async (t) => {
  let now = 1_000_000
  const s = signer([A], { maxAge: 60, now: () => now })
  const token = s.sign(claims)
  now += 60
  t.equal(s.verify(token).id, 'c1', 'exactly maxAge old is still valid')
  now += 1
  t.throws(() => s.verify(token), { code: 'LC_EXPIRED_TOKEN', statusCode: 410 })
})

t.test('a token issued in the future: up to 60 s of clock skew is fine, more is LC_BAD_TOKEN (it would never expire)', async (t) => {
  let now = 1_000_000
  const s = signer([A], { maxAge: 60, now: () => now })
  const ahead = s.sign(claims)
  now -= 60
  t.equal(s.verify(ahead).id, 'c1', '60 s ahead (another instance\'s clock) verifies')
  now -= 1
  t.throws(() => s.verify(ahead), { code: 'LC_BAD_TOKEN', statusCode: 400 })
  now -= 86400 * 365
  t.throws(() => s.verify(ahead), { code: 'LC_BAD_TOKEN' }, 'a year ahead: refused, not valid for ever')
})

t.test('size limits: a warning past warnBytes, LC_STATE_TOO_LARGE past maxBytes', async (t) => {
  const s = signer([A], { warnBytes: 100, maxBytes: 1000 })
  s.sign({ ...claims, state: { x: 'y'.repeat(50) } })
  t.equal(s.warnings.length, 0, 'small state: no warning')
  s.sign({ ...claims, state: { x: 'y'.repeat(200) } })
  t.equal(s.warnings.length, 1, 'past warnBytes: one warning')
  t.match(s.warnings[0], [/large/, { bytes: 208, warnBytes: 100, component: 'counter' }])
  t.throws(() => s.sign({ ...claims, state: { x: 'y'.repeat(2000) } }), { code: 'LC_STATE_TOO_LARGE', statusCode: 500 })
  const unlimited = signer([A], { warnBytes: 0, maxBytes: 0 })
  unlimited.sign({ ...claims, state: { x: 'y'.repeat(2_000_000) } })
  t.equal(unlimited.warnings.length, 0, '0 disables both limits')
})

t.test('a token whose state is over maxBytes is refused before its MAC is computed', async (t) => {
  const big = signer([A], { maxBytes: 0 }).sign({ ...claims, state: 'z'.repeat(10_000) })
  t.throws(() => signer([A], { maxBytes: 1000 }).verify(big), { code: 'LC_BAD_TOKEN' })
})

t.test('the MAC covers the JSON\'s raw bytes; a token of 0.1.x (MAC over the base64 text) still verifies; a payload with a character outside base64url is malformed', async (t) => {
  const s = signer([A])
  const { createHmac } = await import('node:crypto')
  const token = s.sign(claims)
  const [kind, payload, mac] = token.split('.')
  const raw = Buffer.from(payload, 'base64url')
  t.equal(mac, createHmac('sha256', A).update('v1').update('.').update(raw).digest('base64url'), 'HMAC-SHA256 of "v1." and the raw JSON bytes')
  const legacy = createHmac('sha256', A).update('v1').update('.').update(payload).digest('base64url')
  t.equal(s.verify(`${kind}.${payload}.${legacy}`).id, 'c1', 'the MAC of the text, as 0.1.x signed')
  for (const odd of [`${payload.slice(0, 10)}=${payload.slice(10)}`, `${payload.slice(0, 10)}+${payload.slice(10)}`, `${payload} `]) {
    t.throws(() => s.verify(`${kind}.${odd}.${mac}`), { code: 'LC_BAD_TOKEN', message: /malformed/ }, JSON.stringify(odd.slice(8, 12)))
  }
})

t.test('a token this process issued verifies by equality: the same claims, a fresh state object each time, and the same age checks', async (t) => {
  let now = 1_000_000
  const s = signer([A], { maxAge: 60, now: () => now })
  const token = s.sign({ ...claims, extra: { slots: { x: '<b>1</b>' } } })
  const first = s.verify(token)
  const second = s.verify(token)
  t.same(first, { ...claims, extra: { slots: { x: '<b>1</b>' } }, issuedAt: 1_000_000 })
  t.not(first.state, second.state, 'a fresh object: a command changing it never changes the remembered one')
  ;(first.state as { n: number }).n = 99
  t.same(s.verify(token).state, claims.state)
  const other = signer([A], { maxAge: 60, now: () => now })
  t.same(other.verify(token), second, 'another process verifies it in full, to the same claims')
  const [kind, payload, mac] = token.split('.')
  t.throws(() => s.verify(`${kind}.${payload.slice(0, -2)}AA.${mac}`), { code: 'LC_BAD_TOKEN' }, 'a changed payload under a remembered MAC is verified in full, and refused')
  now += 61
  t.throws(() => s.verify(token), { code: 'LC_EXPIRED_TOKEN' })
})
