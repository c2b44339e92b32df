/** @module bench/server — one benchmark server process: the plugin, or a hand-written baseline (`--variant plugin|json|hmac`). */
import Fastify from 'fastify'
import formbody from '@fastify/formbody'
import nunjucks from 'nunjucks'
import { createHmac, timingSafeEqual } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import components from 'fastify-livecomponents'
import { Board, bump, Cell, Hub, initialBoard, Ticker, totals, type BoardState } from './components.js'

const { values: args } = parseArgs({ options: { variant: { type: 'string', default: 'plugin' }, redis: { type: 'string' }, state: { type: 'string', default: 'client' } } })
const TEMPLATES = fileURLToPath(new URL('./templates/', import.meta.url))
const SECRET = 'bench-secret-0123456789-abcdefghijklmnopq'
const app = Fastify({ logger: false, bodyLimit: 4 * 1024 * 1024 })
const num = (v: unknown, d: number): number => Number.isFinite(Number(v)) && v !== undefined ? Number(v) : d

// service time of every command, in microseconds (autocannon's latencies are whole milliseconds):
// from the request's arrival to the end of its response, measured the same way for every variant
const latencies: number[] = []
const started = new WeakMap<object, bigint>()
app.addHook('onRequest', async (req) => { started.set(req, process.hrtime.bigint()) })
app.addHook('onResponse', async (req) => {
  if (req.method === 'POST') latencies.push(Number(process.hrtime.bigint() - started.get(req)!) / 1000)
})
app.get('/__bench/latency', async () => {
  const xs = latencies.splice(0).sort((a, b) => a - b)
  const at = (p: number): number => xs.length === 0 ? 0 : xs[Math.min(xs.length - 1, Math.ceil(p / 100 * xs.length) - 1)]
  return { p50: at(50), p99: at(99), n: xs.length }
})

app.get('/__bench/stats', async (req) => {
  if ((req.query as Record<string, string>).gc === '1') (globalThis as { gc?: () => void }).gc?.()
  return { cpu: process.cpuUsage(), mem: process.memoryUsage() }
})

if (args.variant === 'plugin') {
  await app.register(components, {
    components: [Board, Hub, Cell, Ticker],
    templates: [TEMPLATES],
    secrets: [SECRET],
    bodyLimit: 4 * 1024 * 1024,
    redis: args.redis,
    state: args.state === 'server' ? 'server' : 'client',
    push: { sendBufferBytes: 16 * 1024 * 1024 }
  })
  app.get('/page', (req, reply) => {
    const q = req.query as Record<string, string>
    return reply.page('page.njk', { cells: num(q.cells, 0), stateBytes: num(q.stateBytes, 1024), ticker: q.ticker === '1', tickers: num(q.tickers, 0) })
  })
  // what verifying, parsing and signing one state token of this size costs, in microseconds
  app.get('/__bench/codec', async (req) => {
    const q = req.query as Record<string, string>
    // the same build the server runs: dist/ after `npm run build`, or the sources under tsx
    const { StateSigner } = await import(process.env.LC_BENCH_SOURCE === '1' ? '../lib/core/signing/signer.js' : new URL('../dist/core/signing/signer.js', import.meta.url).href) as typeof import('../lib/core/signing/signer.js')
    const { Keyring } = await import(process.env.LC_BENCH_SOURCE === '1' ? '../lib/core/signing/keyring.js' : new URL('../dist/core/signing/keyring.js', import.meta.url).href) as typeof import('../lib/core/signing/keyring.js')
    const signer = new StateSigner({ ring: new Keyring([SECRET]), maxAge: 86400, warnBytes: 0, maxBytes: 0, warn: () => {} })
    const claims = { name: 'board', id: 'board', parent: null, keyed: true, rid: 'r.1', version: 1, state: initialBoard(num(q.bytes, 1024)) }
    const n = num(q.n, 2000)
    if (q.state === 'server') {
      // server-held state: open the reference, read the store and parse; encode, store and seal a new reference
      const { TokenCodec } = await import(process.env.LC_BENCH_SOURCE === '1' ? '../lib/core/signing/token-codec.js' : new URL('../dist/core/signing/token-codec.js', import.meta.url).href) as typeof import('../lib/core/signing/token-codec.js')
      const { MemoryHeldStore } = await import(process.env.LC_BENCH_SOURCE === '1' ? '../lib/features/server-state/store.js' : new URL('../dist/features/server-state/store.js', import.meta.url).href) as typeof import('../lib/features/server-state/store.js')
      const codec = new TokenCodec(new Keyring([SECRET]), { kind: 'r1', maxAge: 86400, errors: { bad: (w) => new Error(w), expired: () => new Error('expired') } })
      const store = new MemoryHeldStore({ maxBytes: 64 * 1024 * 1024, ttl: 86400, now: Date.now })
      const seal = async (version: number, state: unknown): Promise<string> => {
        const { stateJson } = signer.encode({ ...claims, version, state })
        await store.put(claims.rid, version, `{"n":"board","i":"board","p":null,"k":1,"s":${stateJson}}`)
        return codec.seal(`"r":"r.1","v":${version}`)
      }
      let ref = await seal(1, claims.state)
      const start = process.hrtime.bigint()
      for (let i = 0; i < n; i++) {
        const raw = codec.open(ref)
        const held = (await store.get(raw.r as string))!
        const state = (JSON.parse(held.json) as { s: unknown }).s
        ref = await seal(held.version + 1, state)
      }
      return { microsPerRequest: Number(process.hrtime.bigint() - start) / 1000 / n }
    }
    let token = signer.sign(claims)
    const start = process.hrtime.bigint()
    for (let i = 0; i < n; i++) {
      const c = signer.verify(token)
      token = signer.sign({ ...c, version: c.version + 1 })
    }
    return { microsPerRequest: Number(process.hrtime.bigint() - start) / 1000 / n }
  })
  // push: notify the ticker topic; the time it started, on the clock every local process shares
  app.post('/__bench/notify', async () => {
    Ticker.price++
    const t0 = performance.timeOrigin + performance.now()
    await app.components.notify('ticker')
    return { t0 }
  })
  // the baseline of push: the same number of bytes, written to the same sockets in a plain loop
  app.post('/__bench/raw', async (req) => {
    const bytes = num((req.query as Record<string, string>).bytes, 100)
    const head = `<span id="ticker" hx-swap-oob="true">${Ticker.price++}`
    const html = head + ' '.repeat(Math.max(0, bytes - head.length - 7)) + '</span>'
    const t0 = performance.timeOrigin + performance.now()
    for (const ws of app.websocketServer.clients) ws.send(html)
    return { t0 }
  })
} else {
  // the baselines, as a user would write them without the plugin: same form, same state, same template
  const hmac = args.variant === 'hmac'
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(TEMPLATES), { autoescape: true })
  const mac = (json: string): string => createHmac('sha256', SECRET).update(json).digest('base64url')
  const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
  const cmd = (name: string, arg: number) => new nunjucks.runtime.SafeString(
    `hx-post="/plain/${name}/${arg}" hx-target="#board" hx-swap="outerHTML" hx-include="#board-state" hx-disabled-elt="this"`)
  const render = (state: BoardState): string => {
    const json = JSON.stringify(state)
    const signature = hmac ? `<input type="hidden" name="mac" value="${mac(json)}">` : ''
    return `<div id="board"><input type="hidden" id="board-state" name="state" value="${esc(json)}">${signature}` +
      env.render('board.njk', { state, cmd, ...totals(state) }) + '</div>'
  }
  await app.register(formbody)
  app.get('/page', async (req, reply) => {
    const q = req.query as Record<string, string>
    return await reply.type('text/html; charset=utf-8').send(`<!doctype html><html><body>${render(initialBoard(num(q.stateBytes, 1024)))}</body></html>`)
  })
  app.post('/plain/inc/:id', async (req, reply) => {
    const body = req.body as { state?: string, mac?: string }
    if (typeof body.state !== 'string') return await reply.code(400).send('no state')
    if (hmac) {
      const expected = Buffer.from(mac(body.state))
      const given = Buffer.from(String(body.mac ?? ''))
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return await reply.code(400).send('bad mac')
    }
    const state = JSON.parse(body.state) as BoardState
    bump(state, Number((req.params as { id: string }).id))
    return await reply.type('text/html; charset=utf-8').send(render(state))
  })
}

const address = await app.listen({ port: 0, host: '127.0.0.1' })
process.stdout.write(`READY ${new URL(address).port}\n`)
process.on('SIGTERM', () => { void app.close().then(() => process.exit(0)) })
