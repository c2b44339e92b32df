/**
 * @module bench/soak — `npm run soak [-- --seconds 60]`: load and soak in both state modes. 200 users (180 clicking their own board, 20 firing a 10-component out-of-band fan-out), 1,000 WebSocket subscribers of a topic notified 5 times a second, and one restart of the real redis-server in the middle. Reports errors by status, lost updates (each board's total must equal its start plus its successful clicks), heap after GC at the start and the end of the load, and p50/p99. Not a test.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { execFileSync } from 'node:child_process'
import { percentile, spawnScript, startServer } from './harness.js'

const { values: args } = parseArgs({ options: { seconds: { type: 'string', default: '60' }, users: { type: 'string', default: '200' }, subscribers: { type: 'string', default: '1000' } } })
const SECONDS = Number(args.seconds)
const USERS = Number(args.users)
const SUBSCRIBERS = Number(args.subscribers)
const TOKEN_RE = /name="__lc_state" value="([^"]+)" data-lc-for="([^"]+)"/g
const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url))

execFileSync(process.execPath, [here('../node_modules/typescript/bin/tsc'), '-p', here('../tsconfig.build.json')], { stdio: 'inherit' })
execFileSync(process.execPath, [here('../scripts/build-client.mjs')], { stdio: 'inherit' })

async function freePort (): Promise<number> {
  return await new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => { const { port } = s.address() as { port: number }; s.close(() => resolve(port)) })
  })
}

/** A redis-server with an append-only file, so that a restart keeps what it held (as a production Redis would). */
async function redisServer (): Promise<{ url: string, restart: () => Promise<number>, stop: () => Promise<void> }> {
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'lc-soak-redis-'))
  let proc: ChildProcess
  const start = async (): Promise<void> => {
    proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', ''], { stdio: ['ignore', 'pipe', 'inherit'] })
    await new Promise<void>((resolve, reject) => {
      let out = ''
      proc.once('exit', (code) => reject(new Error(`redis-server exited with ${String(code)}`)))
      proc.stdout!.on('data', (d: Buffer) => { out += d.toString(); if (out.includes('Ready to accept connections')) resolve() })
    })
  }
  const stop = async (): Promise<void> => { await new Promise((resolve) => { proc.once('exit', resolve); proc.kill('SIGTERM') }) }
  await start()
  return {
    url: `redis://127.0.0.1:${port}`,
    // a graceful restart (SIGTERM, then start again); resolves with the milliseconds Redis was away
    restart: async () => { const t0 = Date.now(); await stop(); await start(); return Date.now() - t0 },
    stop: async () => { await stop(); rmSync(dir, { recursive: true, force: true }) }
  }
}

interface User {
  kind: 'board' | 'fanout'
  /** successful commands in the measured load */
  ok: number
  /** the board's total on the page the user has now, and the clicks that succeeded since */
  base: number
  since: number
  statuses: Map<number, number>
  failures: number
  latencies: number[]
  lost: boolean
}

async function soak (mode: 'client' | 'server'): Promise<Record<string, unknown>> {
  const redis = await redisServer()
  const server = await startServer('plugin', ['--redis', redis.url, '--state', mode])
  const stats = async (): Promise<{ heapUsed: number }> => ((await (await fetch(`${server.url}/__bench/stats?gc=1`)).json()) as { mem: { heapUsed: number } }).mem
  const subs = await spawnScript('soak-subscribers.ts', ['--url', server.url, '--clients', String(SUBSCRIBERS)])
  const users: User[] = []
  let stopAt = 0
  let phase: 'warm' | 'load' = 'warm'
  const restartWindow = { from: 0, to: 0 }
  const one = async (u: User, query: string, path: string, self: string): Promise<void> => {
    const tokens = new Map<string, string>()
    const take = (html: string): void => { for (const m of html.matchAll(TOKEN_RE)) tokens.set(m[2], m[1]) }
    const fresh = async (): Promise<void> => {
      const html = await (await fetch(`${server.url}/page?${query}`)).text()
      tokens.clear()
      take(html)
      u.base = Number(/(\d+) in total/.exec(html)?.[1] ?? 0)
      u.since = 0
    }
    await fresh()
    while (Date.now() < stopAt) {
      const body = new URLSearchParams([['__lc_id', self], ...[...tokens.values()].map((t): [string, string] => ['__lc_state', t])]).toString()
      const t0 = process.hrtime.bigint()
      try {
        const res = await fetch(`${server.url}${path}`, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', 'hx-request': 'true' } })
        const html = await res.text()
        if (phase === 'load') {
          u.latencies.push(Number(process.hrtime.bigint() - t0) / 1e6)
          u.statuses.set(res.status, (u.statuses.get(res.status) ?? 0) + 1)
        }
        if (res.status === 200) {
          take(html)
          if (phase === 'load') u.ok++
          if (u.kind === 'board') {
            // each successful click adds exactly one: anything else is a lost (or doubled) update
            if (Number(/(\d+) in total/.exec(html)?.[1]) !== u.base + ++u.since) u.lost = true
          } else if ((html.match(/id="cell:/g) ?? []).length !== 10) u.lost = true
        } else if (res.status === 410) {
          // the page would reload: the user starts again on a fresh page (counted as an error above)
          await fresh()
        }
      } catch {
        if (phase === 'load') u.failures++
      }
    }
  }
  // the 200 users start on fresh pages; the board's own first page tells its start total
  for (let i = 0; i < USERS; i++) users.push({ kind: i % 10 === 0 ? 'fanout' : 'board', ok: 0, base: 0, since: 0, statuses: new Map(), failures: 0, latencies: [], lost: false })
  let notifies = 0
  let notifyErrors = 0
  const notifier = async () => {
    while (Date.now() < stopAt) {
      const r = await fetch(`${server.url}/__bench/notify`, { method: 'POST' }).catch(() => undefined)
      if (phase === 'load') { if (r?.ok === true) notifies++; else notifyErrors++ }
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  }
  // warm-up (JIT, caches), then the measured load with the restart in the middle
  stopAt = Date.now() + 5000
  await Promise.all([...users.map(async (u, i) => await one(u, u.kind === 'board' ? 'stateBytes=1024' : 'cells=10', u.kind === 'board' ? '/components/board/cmd/inc/3' : '/components/hub/cmd/touch', u.kind === 'board' ? 'board' : 'hub')), notifier()])
  for (const u of users) { u.ok = 0; u.lost = false; u.statuses.clear(); u.latencies = []; u.failures = 0 }
  const heapStart = (await stats()).heapUsed
  subs.proc.stdin!.write('report\n')
  const before = String((await subs.lines.next()).value).split(' ')
  phase = 'load'
  stopAt = Date.now() + SECONDS * 1000
  const restart = (async () => {
    await new Promise((resolve) => setTimeout(resolve, SECONDS * 500))
    restartWindow.from = Date.now()
    const away = await redis.restart()
    restartWindow.to = Date.now()
    return away
  })()
  await Promise.all([...users.map(async (u) => {
    await one(u, u.kind === 'board' ? 'stateBytes=1024' : 'cells=10', u.kind === 'board' ? '/components/board/cmd/inc/3' : '/components/hub/cmd/touch', u.kind === 'board' ? 'board' : 'hub')
  }), notifier(), restart])
  const away = await restart
  await new Promise((resolve) => setTimeout(resolve, 1000)) // let the last pushes arrive
  const heapEnd = (await stats()).heapUsed
  subs.proc.stdin!.write('report\n')
  const after = String((await subs.lines.next()).value).split(' ')
  subs.proc.stdin!.write('quit\n')
  await server.stop()
  await redis.stop()
  const statuses = new Map<number, number>()
  for (const u of users) for (const [s, n] of u.statuses) statuses.set(s, (statuses.get(s) ?? 0) + n)
  const latencies = users.flatMap((u) => u.latencies)
  const errors = [...statuses].filter(([s]) => s !== 200).reduce((n, [, c]) => n + c, 0) + users.reduce((n, u) => n + u.failures, 0)
  return {
    mode,
    seconds: SECONDS,
    users: USERS,
    requests: latencies.length,
    'req/s': Math.round(latencies.length / SECONDS),
    statuses: Object.fromEntries(statuses),
    'network failures': users.reduce((n, u) => n + u.failures, 0),
    errors,
    'lost updates (users whose total ever differed)': users.filter((u) => u.lost).length,
    'successful clicks': users.reduce((n, u) => n + u.ok, 0),
    'p50 ms': Math.round(percentile(latencies, 50) * 1000) / 1000,
    'p99 ms': Math.round(percentile(latencies, 99) * 1000) / 1000,
    'Redis away ms': away,
    'heap after GC, start MB': Math.round(heapStart / 2 ** 20 * 10) / 10,
    'heap after GC, end MB': Math.round(heapEnd / 2 ** 20 * 10) / 10,
    'heap end / start': Math.round(heapEnd / heapStart * 1000) / 1000,
    'notifies sent (ok / failed)': `${notifies} / ${notifyErrors}`,
    'push messages received by the subscribers': Number(after[1]) - Number(before[1]),
    'fewest any subscriber received': Number(after[2]) - Number(before[2]),
    'subscriber sockets closed': Number(after[4])
  }
}

const results: Array<Record<string, unknown>> = []
for (const mode of ['client', 'server'] as const) {
  process.stdout.write(`soak: ${mode} mode, ${SECONDS} s…\n`)
  const r = await soak(mode)
  results.push(r)
  process.stdout.write(JSON.stringify(r, null, 2) + '\n')
}
const keys = Object.keys(results[0]).filter((k) => k !== 'mode')
const report = [
  `Soak run ${new Date().toISOString().slice(0, 10)} (\`npm run soak\`, ${SECONDS} s per mode, Node ${process.version}):`,
  '',
  `| | ${results.map((r) => `${String(r.mode)} mode`).join(' | ')} |`,
  `| --- | ${results.map(() => '---').join(' | ')} |`,
  ...keys.map((k) => `| ${k} | ${results.map((r) => { const v = r[k]; return typeof v === 'object' ? JSON.stringify(v) : String(v) }).join(' | ')} |`)
].join('\n')
process.stdout.write('\n' + report + '\n')
if (SECONDS >= 60) {
  const md = here('../BENCHMARKS.md')
  const text = readFileSync(md, 'utf8')
  const start = text.indexOf('<!-- soak:start -->')
  const end = text.indexOf('<!-- soak:end -->')
  if (start !== -1 && end > start) writeFileSync(md, text.slice(0, start + 19) + '\n' + report + '\n' + text.slice(end))
}
process.exit(0)
