/** @module bench/run — `npm run bench [-- --quick]`: every scenario, a table on stdout, results/latest.json, BENCHMARKS.md figures and a chart. */
import { execFileSync } from 'node:child_process'
import { cpus, totalmem } from 'node:os'
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { fanOut, pushAcrossRedis, pushFanOut, roundTrip, spread, type Plan, type Spread, type Variant } from './scenarios.js'
import { fanOutChart } from './chart.js'
import { refreshFlood, type FloodResult } from './flood.js'

const quick = process.argv.includes('--quick')
/** `--only=roundtrip` (or `--only=flood`) runs scenario 1 (or 5) alone, for measuring one change; the report is printed, not saved. */
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7)
const plan: Plan = quick
  ? { seconds: 2, rounds: 1, connections: 8, pushClients: [1000], pushRounds: 3, redisNotifies: 50, floodCommands: 100 }
  : { seconds: 5, rounds: 5, connections: 16, pushClients: [1000, 10000], pushRounds: 7, redisNotifies: 300, floodCommands: 200 }
const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url))
const r2 = (x: number): number => Math.round(x * 100) / 100
const started = Date.now()
const log = (msg: string): void => { process.stdout.write(`[${((Date.now() - started) / 1000).toFixed(0)} s] ${msg}\n`) }

// the servers load the compiled plugin, as an application would
execFileSync(process.execPath, [fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url)), '-p', fileURLToPath(new URL('../tsconfig.build.json', import.meta.url))], { stdio: 'inherit' })
execFileSync(process.execPath, [here('../scripts/build-client.mjs')], { stdio: 'inherit' })
log(`${quick ? 'quick' : 'full'} run: ${plan.rounds} round(s) of ${plan.seconds} s per variant, ${plan.connections} connections`)
const table = (rows: Array<Record<string, unknown>>): string => {
  const cols = Object.keys(rows[0])
  return [`| ${cols.join(' | ')} |`, `| ${cols.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${cols.map((c) => String(typeof r[c] === 'number' ? r2(r[c] as number) : r[c])).join(' | ')} |`)].join('\n')
}
/** Scenario 5's table: the measuring client unloaded and per attacker shape, and what each flood asked for and got. */
const floodTable = (f: FloodResult): string => table([
  { 'attacker socket': 'idle', 'median ms': f.unloadedMs, 'p99 ms': f.unloadedP99, ratio: 1, 'messages sent': 0, 'refreshes asked': 0, 'renders received': 0, 'server CPU (cores)': '—' },
  ...f.flooded.map((s) => ({ 'attacker socket': `${s.window} in flight`, 'median ms': s.loadedMs, 'p99 ms': s.loadedP99, ratio: s.ratio, 'messages sent': s.messages, 'refreshes asked': s.refreshes, 'renders received': s.renders, 'server CPU (cores)': s.serverCpu }))
])
if (only === 'flood') {
  process.stdout.write(floodTable(await refreshFlood(plan)) + '\n')
  process.exit(0)
}
const rt = await roundTrip(plan, 1024, process.argv.includes('--pin'))
log('round trip done')
/** The comparisons of the round trip, each a ratio per round (above 1: the first is better). */
const compare = (r: typeof rt): Array<{ pair: string, cpu: Spread, rps: Spread, p99: Spread }> => ([['plugin', 'json'], ['plugin', 'hmac'], ['server', 'json'], ['server', 'hmac'], ['server', 'plugin']] as Array<[Variant, Variant]>).map(([a, b]) => ({
  pair: `${a === 'plugin' ? 'client mode' : a === 'server' ? 'server mode' : a} vs ${b === 'json' ? '(a)' : b === 'hmac' ? '(b)' : 'client mode'}`,
  cpu: spread(r.rounds[a], r.rounds[b], (x) => x.cpuMicrosPerRequest, true),
  rps: spread(r.rounds[a], r.rounds[b], (x) => x.rps, false),
  p99: spread(r.rounds[a], r.rounds[b], (x) => x.p99us, false)
}))
const fmt = (s: Spread): string => `${r2(s.median)} (${r2(s.min)}–${r2(s.max)})`
const ratios = compare(rt)
const ratioTable = (rows: typeof ratios): string => table(rows.map((c) => ({ comparison: c.pair, 'CPU/request ratio, median (min–max)': fmt(c.cpu), 'req/s ratio': fmt(c.rps), 'p99 ratio (µs; below 1 is better)': fmt(c.p99) })))
if (only === 'roundtrip') {
  for (const [name, r] of Object.entries(rt.runs)) {
    process.stdout.write(`${name.padEnd(7)} ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50us.toFixed(0)} µs  p99 ${r.p99us.toFixed(0)} µs  ${r.cpuMicrosPerRequest.toFixed(0)} µs CPU/request  ${r.bytes} bytes\n`)
  }
  process.stdout.write(ratioTable(ratios) + '\n')
  process.exit(0)
}
// the same scenario with the servers on one core and the load generator on the other
const pinned = quick ? undefined : await roundTrip(plan, 1024, true)
if (pinned !== undefined) log('round trip, pinned, done')
const fan = await fanOut(plan, [1, 10, 100])
log('dirty fan-out done')
const sizes = []
for (const kb of quick ? [16] : [1, 16, 64]) {
  const r = kb === 1 ? rt : await roundTrip({ ...plan, rounds: quick ? 1 : 3 }, kb * 1024)
  sizes.push({
    kb,
    pluginRps: r.runs.plugin.rps,
    serverRps: r.runs.server.rps,
    jsonRps: r.runs.json.rps,
    hmacRps: r.runs.hmac.rps,
    codecMicros: r.codecMicros,
    cpuMicrosPerRequest: r.runs.plugin.cpuMicrosPerRequest,
    codecShare: r.codecMicros / r.runs.plugin.cpuMicrosPerRequest,
    serverCodecMicros: r.serverCodecMicros,
    serverCpuMicrosPerRequest: r.runs.server.cpuMicrosPerRequest,
    serverCodecShare: r.serverCodecMicros / r.runs.server.cpuMicrosPerRequest
  })
}
log('state sizes done')
const push = []
for (const n of plan.pushClients) push.push(await pushFanOut(plan, n))
log('push fan-out done')
const redis = await pushAcrossRedis(plan)
log('push across Redis done')
const flood = await refreshFlood(plan)
log('refresh flood done')

const perCell = (a: number, b: number): number => (fan[b].mean - fan[a].mean) / (fan[b].cells - fan[a].cells)
const ratio = (pair: string): (typeof ratios)[number] => ratios.find((c) => c.pair === pair)!
const targets = [
  { target: 'server mode: CPU/request ≥ 1.0 × baseline (a) JSON (median over rounds)', value: ratio('server mode vs (a)').cpu.median, limit: 1, higher: true },
  { target: 'client mode: CPU/request ≥ 0.85 × baseline (b) HMAC (median over rounds)', value: ratio('client mode vs (b)').cpu.median, limit: 0.85, higher: true },
  { target: 'server mode: p99 service time ≤ 1.25 × baseline (a) JSON (µs, median over rounds)', value: ratio('server mode vs (a)').p99.median, limit: 1.25, higher: false },
  { target: 'earlier target: client mode req/s ≥ 0.85 × baseline (a) JSON', value: ratio('client mode vs (a)').rps.median, limit: 0.85, higher: true },
  { target: 'earlier target: client mode req/s ≥ 0.95 × baseline (b) HMAC', value: ratio('client mode vs (b)').rps.median, limit: 0.95, higher: true },
  { target: 'fan-out linear: ms per extra component 10→100 ≤ 1.5 × 1→10', value: perCell(1, 2) / Math.max(perCell(0, 1), 1e-6), limit: 1.5, higher: false },
  { target: 'client mode: verify + parse + sign ≤ 20 % of a 16 KB request', value: sizes.find((s) => s.kb === 16)!.codecShare, limit: 0.2, higher: false },
  { target: 'server mode: open + load + store + seal ≈ 0 (≤ 5 %) of a 16 KB request', value: sizes.find((s) => s.kb === 16)!.serverCodecShare, limit: 0.05, higher: false },
  ...push.map((p) => ({ target: `push to ${p.clients} clients ≤ 1.25 × raw ws loop`, value: p.ratio, limit: 1.25, higher: false })),
  ...flood.flooded.map((f) => ({ target: `refresh flood (${f.window} in flight): another client's median command latency ≤ 2 × unloaded`, value: f.ratio, limit: 2, higher: false }))
].map((t) => ({ ...t, value: r2(t.value), met: t.higher ? t.value >= t.limit : t.value <= t.limit }))

const results = {
  date: new Date().toISOString(),
  mode: quick ? 'quick' : 'full',
  machine: { cpus: cpus().length, model: cpus()[0]?.model, memoryGB: Math.round(totalmem() / 2 ** 30), node: process.version, platform: process.platform },
  plan,
  roundTrip: { ...rt.runs, rounds: rt.rounds, ratios, pinned: pinned === undefined ? undefined : { ...pinned.runs, rounds: pinned.rounds, ratios: compare(pinned) } },
  fanOut: fan.map((f) => ({ ...f, ratioToOne: f.mean / fan[0].mean })),
  fanOutMsPerComponent: { from1to10: perCell(0, 1), from10to100: perCell(1, 2) },
  stateSize: sizes,
  push,
  pushAcrossRedis: redis,
  refreshFlood: flood,
  targets
}
writeFileSync(here(`results/${quick ? 'quick' : 'latest'}.json`), JSON.stringify(results, null, 2) + '\n')

const report = [
  `Measured ${results.date.slice(0, 10)} (${results.mode} run) on ${results.machine.cpus} × ${results.machine.model}, ${results.machine.memoryGB} GB, Node ${results.machine.node}.`,
  '',
  `**Round trip** (1 KB state, 30-line template, ${plan.connections} connections, ${plan.rounds} interleaved rounds of ${plan.seconds} s; medians; p50/p99 are the server's service time in µs)`,
  '',
  table((['plugin', 'server', 'json', 'hmac'] as Variant[]).map((v) => ({
    variant: { plugin: 'plugin, client mode', server: 'plugin, server mode', json: '(a) JSON baseline', hmac: '(b) HMAC baseline' }[v],
    'CPU µs/request': rt.runs[v].cpuMicrosPerRequest,
    'req/s': rt.runs[v].rps,
    'p50 µs': rt.runs[v].p50us,
    'p99 µs': rt.runs[v].p99us,
    'bytes/response': rt.runs[v].bytes
  }))),
  '',
  'Ratios, round by round (CPU: baseline CPU / variant CPU; req/s: variant / baseline; both above 1 favour the variant):',
  '',
  ratioTable(ratios),
  '',
  ...(pinned === undefined
    ? []
    : [
        'The same, pinned with `taskset` (servers on core 1, load generator on core 0):',
        '',
        ratioTable(compare(pinned)),
        ''
      ]),
  '**Dirty fan-out** (one connection; latency is service time)',
  '',
  table(fan.map((f) => ({ 'dirty siblings': f.cells, 'req/s': f.rps, 'mean ms': f.mean, 'p99 ms': f.p99, 'bytes/response': f.bytes, 'vs 1': f.mean / fan[0].mean }))),
  '',
  `Cost per extra component: ${r2(perCell(0, 1) * 1000)} µs (1→10), ${r2(perCell(1, 2) * 1000)} µs (10→100).`,
  '',
  '**State size**',
  '',
  table(sizes.map((s) => ({ 'state KB': s.kb, 'client mode req/s': s.pluginRps, 'server mode req/s': s.serverRps, '(a) req/s': s.jsonRps, '(b) req/s': s.hmacRps, 'client: verify+parse+sign µs': s.codecMicros, 'client: CPU µs/request': s.cpuMicrosPerRequest, 'client: share': s.codecShare, 'server: open+load+store+seal µs': s.serverCodecMicros, 'server: CPU µs/request': s.serverCpuMicrosPerRequest, 'server: share': s.serverCodecShare }))),
  '',
  '**Push fan-out** (one topic, clients in another process, median time until the last client has the message)',
  '',
  table(push.map((p) => ({ clients: p.clients, 'notify ms': p.notifyMs, 'raw ws loop ms': p.rawMs, ratio: p.ratio, 'bytes/message': p.bytes, 'RSS bytes/idle client': p.rssPerClient, 'heap bytes/idle client': p.heapPerClient }))),
  '',
  'skipped' in redis ? `Across two instances through Redis: skipped (${redis.skipped}).` : `Across two instances through Redis (notify on A, 100 clients on B, ${redis.notifies} notifies): p50 ${r2(redis.p50)} ms, p99 ${r2(redis.p99)} ms.`,
  '',
  `**Refresh flood** (one client's sequential commands, ${flood.commands} per row; one socket of another process asks for refreshes of its ${flood.instances} instances without pause)`,
  '',
  floodTable(flood),
  '',
  '**Targets**',
  '',
  table(targets.map((t) => ({ target: t.target, measured: t.value, met: t.met ? 'yes' : '**no**' })))
].join('\n')
process.stdout.write('\n' + report + '\n')

if (!quick) {
  writeFileSync(here('results/fan-out.svg'), fanOutChart(fan))
  const md = here('../BENCHMARKS.md')
  const text = readFileSync(md, 'utf8')
  const start = text.indexOf('<!-- figures:start -->')
  const end = text.indexOf('<!-- figures:end -->')
  if (start !== -1 && end > start) writeFileSync(md, text.slice(0, start + 22) + '\n' + report + '\n' + text.slice(end))
}
log('done')
