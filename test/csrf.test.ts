/** @module test/csrf — cross-site command requests get 403 before the body is read; @fastify/csrf-protection tokens on every command element. */
import t from 'tap'
import { parse } from './helpers/dom.js'
import { META } from '../lib/protocol.js'
import Fastify from 'fastify'
import cookie from '@fastify/cookie'
import csrf from '@fastify/csrf-protection'
import components, { frameworkErrors } from 'fastify-livecomponents'
import { ALL, Counter } from './fixtures/components.js'
import { PUSH } from './fixtures/push-components.js'
import { build, loadPage, post, SECRET, TEMPLATES, tokensOf } from './helpers/build.js'
import { connectPage, isType, parsePage, pushApp, subscribeMsg } from './helpers/push.js'

const trigger = (res: { headers: Record<string, unknown> }) => JSON.parse(String(res.headers['hx-trigger']))['live:error']

t.test('cross-site requests: 403 LC_CROSS_SITE, never swapped, nothing ran', async (t) => {
  const app = await build(t)
  const { tokens } = await loadPage(app)
  const cases: Array<[string, Record<string, string>]> = [
    ['no HX-Request header (a plain cross-site form)', { 'hx-request': '' }],
    ['HX-Request with another value', { 'hx-request': 'false' }],
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site: same-site (a sibling subdomain)', { 'sec-fetch-site': 'same-site' }],
    ['a foreign Origin', { origin: 'https://evil.example' }],
    ['Origin: null (sandboxed frame)', { origin: 'null' }],
    ['same host, other port', { origin: 'http://localhost:81', host: 'localhost:80' }],
    ['an Origin with a user part (no browser sends one)', { origin: 'http://user@localhost', host: 'localhost:80' }],
    ['an Origin with a path', { origin: 'http://localhost/x', host: 'localhost:80' }],
    ['an Origin with a trailing slash', { origin: 'http://localhost/', host: 'localhost:80' }],
    ['an Origin in capitals', { origin: 'http://LOCALHOST', host: 'localhost:80' }],
    ['a hex IPv4 Origin (browsers send dotted decimal)', { origin: 'http://0x7f.0.0.1', host: '127.0.0.1:80' }],
    ['a javascript: Origin', { origin: 'javascript://localhost', host: 'localhost:80' }]
  ]
  for (const [why, headers] of cases) {
    const res = await post(app, { component: 'counter', command: 'inc', path: ['1'], id: 'top', tokens: tokens.values(), headers })
    t.equal(res.statusCode, 403, why)
    t.equal(res.headers['hx-reswap'], 'none')
    t.equal(trigger(res).code, 'LC_CROSS_SITE')
  }
  t.same(Counter.calls, [], 'no handler ran')
})

t.test('same-origin requests pass: own Origin, Sec-Fetch-Site same-origin, default ports, or no browser headers', async (t) => {
  const app = await build(t)
  const { tokens } = await loadPage(app)
  const variants: Array<Record<string, string>> = [
    { origin: 'http://localhost', host: 'localhost:80', 'sec-fetch-site': 'same-origin' },
    { origin: 'http://shop.example', host: 'shop.example:80' },
    { origin: 'https://shop.example', host: 'shop.example:443' },
    {}
  ]
  for (const headers of variants) {
    const res = await post(app, { component: 'counter', command: 'inc', path: ['1'], id: 'top', tokens: tokens.values(), headers })
    t.equal(res.statusCode, 200, JSON.stringify(headers))
  }
})

t.test('the hosts option: requests addressed to another host (DNS rebinding) are refused, commands and upgrades alike', async (t) => {
  const app = await pushApp(t, { hosts: ['shop.example', 'localhost:3000'] })
  const page = parsePage((await app.inject({ url: '/push', headers: { host: 'shop.example' } })).body)
  const call = { component: 'stock', command: 'click', id: 'stock:1', tokens: [...page.tokens.values()] }
  t.equal((await post(app, { ...call, headers: { host: 'shop.example', origin: 'http://shop.example' } })).statusCode, 200, 'a listed host')
  t.equal((await post(app, { ...call, headers: { host: 'localhost:3000', origin: 'http://localhost:3000' } })).statusCode, 200, 'a listed host with its port')
  const rebound = await post(app, { ...call, headers: { host: 'evil.example', origin: 'http://evil.example' } })
  t.equal(rebound.statusCode, 403, 'a page on another name that resolves here: its own origin, but not one of hosts')
  t.equal(trigger(rebound).code, 'LC_CROSS_SITE')
  t.equal((await post(app, { ...call, headers: { host: 'evil.example' } })).statusCode, 403, 'also without an Origin')
  const upgrade = { connection: 'upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' }
  const ws = await app.inject({ url: '/components/ws', headers: { ...upgrade, host: 'evil.example', origin: 'http://evil.example' } })
  t.equal(ws.statusCode, 403, 'the WebSocket upgrade too')
  t.equal(trigger(ws).code, 'LC_FORBIDDEN_ORIGIN')
  for (const hosts of [[], ['https://shop.example'], ['Shop.example'], ['shop.example/'], 'shop.example']) {
    await t.rejects(build(t, { hosts: hosts as never }), { code: 'LC_INVALID_OPTION', message: /"hosts"/ }, JSON.stringify(hosts))
  }
})

t.test('the origins option lets listed origins in; behind a proxy, trustProxy makes X-Forwarded-Host the own host', async (t) => {
  const listed = await build(t, { origins: ['https://admin.shop.example'] })
  const page = await loadPage(listed)
  const ok = await post(listed, { component: 'counter', command: 'inc', path: ['1'], id: 'top', tokens: page.tokens.values(), headers: { origin: 'https://admin.shop.example', 'sec-fetch-site': 'same-site' } })
  t.equal(ok.statusCode, 200, 'a listed origin may be same-site')

  const direct = await build(t)
  const d = await loadPage(direct)
  const proxied = { origin: 'https://shop.example', host: '10.0.0.5:3000', 'x-forwarded-host': 'shop.example', 'x-forwarded-proto': 'https' }
  t.equal((await post(direct, { component: 'counter', command: 'inc', path: ['1'], id: 'top', tokens: d.tokens.values(), headers: proxied })).statusCode, 403,
    'without trustProxy the proxy-rewritten Host does not match')
  const app = Fastify({ trustProxy: true, frameworkErrors })
  await app.register(components, { components: ALL, templates: [TEMPLATES], secrets: [SECRET] })
  app.get('/', (_req, reply) => reply.page('page.njk', { title: 't' }))
  t.teardown(() => app.close())
  const p = await loadPage(app)
  t.equal((await post(app, { component: 'counter', command: 'inc', path: ['1'], id: 'top', tokens: p.tokens.values(), headers: proxied })).statusCode, 200,
    'with trustProxy, X-Forwarded-Host is the own host')
})

t.test('csrf: false turns the cross-site checks off', async (t) => {
  const app = await build(t, { csrf: false })
  const { tokens } = await loadPage(app)
  const res = await post(app, { component: 'counter', command: 'inc', path: ['1'], id: 'top', tokens: tokens.values(), headers: { 'hx-request': '', origin: 'https://evil.example' } })
  t.equal(res.statusCode, 200)
})

t.test('bad options: origins and csrf are validated at register', async (t) => {
  await t.rejects(build(t, { origins: ['https://shop.example/'] }), { code: 'LC_INVALID_OPTION' })
  await t.rejects(build(t, { csrf: 'yes' as never }), { code: 'LC_INVALID_OPTION' })
  await t.rejects(build(t, { user: 'request.user' as never }), { code: 'LC_INVALID_OPTION' })
})

async function csrfApp (t: Parameters<typeof build>[0]) {
  const app = Fastify({ frameworkErrors })
  await app.register(cookie)
  await app.register(csrf)
  await app.register(components, { components: [...ALL, ...PUSH], templates: [TEMPLATES], secrets: [SECRET] })
  app.get('/', (_req, reply) => reply.page('page.njk', { title: 't' }))
  app.get('/push', (_req, reply) => reply.page('push-page.njk'))
  t.teardown(() => app.close())
  Counter.calls = []
  return app
}

/** The CSRF token of a page's `<meta>` (written by `live_scripts()`), or null. */
function metaToken (html: string): string | null {
  return parse(html).querySelector(`meta[name="${META.csrf}"]`)?.getAttribute('content') ?? null
}

t.test('@fastify/csrf-protection: the page carries its token in a meta, and commands check it', async (t) => {
  const app = await csrfApp(t)
  const page = await app.inject('/')
  const cookieHeader = String(page.headers['set-cookie']).split(';')[0]
  const token = metaToken(page.body)
  t.ok(token, 'live_scripts() wrote the token into <meta name="lc-csrf-token">')
  t.notMatch(page.body, 'hx-headers', 'no command element carries a token (the client sends the meta\'s)')
  const state = tokensOf(page.body)
  const call = { component: 'counter', command: 'inc', path: ['1'], id: 'top', tokens: [...state.values()] }
  const missing = await post(app, { ...call, headers: { cookie: cookieHeader } })
  t.equal(missing.statusCode, 403)
  t.equal(trigger(missing).code, 'LC_CSRF_TOKEN')
  t.equal((await post(app, { ...call, headers: { cookie: cookieHeader, 'x-csrf-token': 'forged' } })).statusCode, 403)
  t.equal((await post(app, { ...call, headers: { 'x-csrf-token': token! } })).statusCode, 403, 'no secret cookie: 403')
  const ok = await post(app, { ...call, headers: { cookie: cookieHeader, 'x-csrf-token': token! } })
  t.equal(ok.statusCode, 200)
  t.same(Counter.calls, ['inc'], 'only the request with the token ran')
  t.equal(metaToken((await app.inject('/')).body) === null, false, 'every page has one')
})

t.test('@fastify/csrf-protection: pushed renders carry no token, so user content can never receive one', async (t) => {
  const app = await csrfApp(t)
  const res = await app.inject('/push')
  const cookieHeader = String(res.headers['set-cookie']).split(';')[0]
  const token = metaToken(res.body)
  const page = parsePage(res.body)
  const c = await connectPage(app, page.pageToken, { cookie: cookieHeader })
  await c.ask(subscribeMsg(page, ['stock:1']), isType('subscribed'))
  await app.components.notify('stock:1')
  const pushed = await c.next((m) => m.startsWith('<'))
  t.notMatch(pushed, 'csrf', 'no token and no placeholder in the pushed HTML')
  t.notMatch(pushed, token!, 'not the page\'s token either')
  const fresh = tokensOf(pushed)
  const ok = await post(app, { component: 'stock', command: 'click', id: 'stock:1', tokens: fresh.values(), headers: { cookie: cookieHeader, 'x-csrf-token': token! } })
  t.equal(ok.statusCode, 200, 'a command from the pushed render, with the page\'s token, is accepted')
})
