/** @module bench/scenarios — the four scenarios of the issue: round trip, dirty fan-out, state size, push fan-out (the refresh flood is in bench/flood). */
import { execFileSync, spawn } from 'node:child_process'
import { cpus } from 'node:os'
import { createServer } from 'node:net'
import { load, median, medianRun, percentile, spawnScript, startServer, type Flow, type Run, type Server } from './harness.js'

/**
 * How long and how often: seconds per load run, rounds, connections, push client counts and rounds.
 *
 * @example
 * const plan: Plan = { seconds: 6, rounds: 3, connections: 16, pushClients: [1000, 10000], pushRounds: 7, redisNotifies: 300, floodCommands: 200 }
 */
export interface Plan {
  seconds: number
  rounds: number
  connections: number
  pushClients: number[]
  pushRounds: number
  redisNotifies: number
  /** sequential commands the refresh-flood scenario times per round, unloaded and again loaded */
  floodCommands: number
}

const unescape = (s: string): string => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')
const TOKEN_RE = /name="__lc_state" value="([^"]+)" data-lc-for="([^"]+)"/g

/**
 * Fetch `count` pages of a server (each a new user with its own components).
 *
 * @example
 * const [html] = await pages(server, 'stateBytes=1024', 1)
 */
export async function pages (server: Server, query: string, count: number): Promise<string[]> {
  return await Promise.all(Array.from({ length: count }, async () => await (await fetch(`${server.url}/page?${query}`)).text()))
}

/**
 * The plugin's flow: each connection posts its component's latest state tokens, as htmx does.
 *
 * @example
 * const flow = pluginFlow(html, 'board', '/components/board/cmd/inc/3')
 */
export function pluginFlow (html: string[], self: string, path: string): Flow {
  const tokensOf = (text: string, into = new Map<string, string>()): Map<string, string> => {
    for (const m of text.matchAll(TOKEN_RE)) into.set(unescape(m[2]), m[1])
    return into
  }
  const body = (tokens: Map<string, string>): string => new URLSearchParams([['__lc_id', self], ...[...tokens.values()].map((t): [string, string] => ['__lc_state', t])]).toString()
  return {
    path,
    headers: { 'hx-request': 'true' },
    initial: (i) => body(tokensOf(html[i % html.length])),
    next: (response, previous) => body(tokensOf(response, new Map(new URLSearchParams(previous).getAll('__lc_state').map((t) => [JSON.parse(Buffer.from(t.split('.')[1], 'base64url').toString()).i, t]))))
  }
}

/** The baselines' flow: the state (and its MAC) round-trips in hidden fields. */
function baselineFlow (html: string, path: string): Flow {
  const body = (text: string): string => {
    const state = unescape(/name="state" value="([^"]*)"/.exec(text)![1])
    const mac = /name="mac" value="([^"]*)"/.exec(text)?.[1]
    return new URLSearchParams(mac === undefined ? { state } : { state, mac }).toString()
  }
  return { path, headers: { 'hx-request': 'true' }, initial: () => body(html), next: (response) => body(response) }
}

/** The round trip's variants: the plugin in both state modes, and the two hand-written baselines. */
export type Variant = 'plugin' | 'server' | 'json' | 'hmac'

/**
 * A ratio over the rounds of one run: its median and its min–max spread.
 *
 * @example
 * { median: 0.84, min: 0.79, max: 0.9 }
 */
export interface Spread { median: number, min: number, max: number }

/**
 * Scenario 1 (and 3 with `stateBytes`): the plugin with client-held state (`plugin`) and with
 * server-held state (`server`) against baselines (a) unsigned JSON and (b) HMAC-signed JSON, all
 * four up at once and loaded interleaved A B C D A B C D…; medians per variant and the rounds
 * themselves, so that ratios can be taken round by round. With `pin`, every server runs on core
 * 1 and this process (the load generator) on core 0.
 *
 * @example
 * const { runs, rounds } = await roundTrip(plan, 16384)
 */
export async function roundTrip (plan: Plan, stateBytes = 1024, pin = false): Promise<{ runs: Record<Variant, Run>, rounds: Record<Variant, Run[]>, codecMicros: number, serverCodecMicros: number }> {
  const cpu = pin ? 1 : undefined
  if (pin) execFileSync('taskset', ['-a', '-pc', '0', String(process.pid)], { stdio: 'ignore' })
  const servers: Record<Variant, Server> = {
    plugin: await startServer('plugin', [], cpu),
    server: await startServer('plugin', ['--state', 'server'], cpu),
    json: await startServer('json', [], cpu),
    hmac: await startServer('hmac', [], cpu)
  }
  try {
    const q = `stateBytes=${stateBytes}`
    const flows: Record<Variant, Flow> = {
      plugin: pluginFlow(await pages(servers.plugin, q, plan.connections), 'board', '/components/board/cmd/inc/3'),
      server: pluginFlow(await pages(servers.server, q, plan.connections), 'board', '/components/board/cmd/inc/3'),
      json: baselineFlow((await pages(servers.json, q, 1))[0], '/plain/inc/3'),
      hmac: baselineFlow((await pages(servers.hmac, q, 1))[0], '/plain/inc/3')
    }
    const names = Object.keys(flows) as Variant[]
    const rounds: Record<Variant, Run[]> = { plugin: [], server: [], json: [], hmac: [] }
    for (const name of names) await load(servers[name].url, flows[name], { connections: plan.connections, seconds: 1 }) // warm-up
    for (let r = 0; r < plan.rounds; r++) {
      for (const name of names) rounds[name].push(await load(servers[name].url, flows[name], { connections: plan.connections, seconds: plan.seconds }))
    }
    const codec = await (await fetch(`${servers.plugin.url}/__bench/codec?bytes=${stateBytes}`)).json() as { microsPerRequest: number }
    const serverCodec = await (await fetch(`${servers.plugin.url}/__bench/codec?bytes=${stateBytes}&state=server`)).json() as { microsPerRequest: number }
    const runs = Object.fromEntries(names.map((n) => [n, medianRun(rounds[n])])) as Record<Variant, Run>
    return { runs, rounds, codecMicros: codec.microsPerRequest, serverCodecMicros: serverCodec.microsPerRequest }
  } finally {
    await Promise.all(Object.values(servers).map(async (s) => await s.stop()))
    if (pin) execFileSync('taskset', ['-a', '-pc', `0-${cpus().length - 1}`, String(process.pid)], { stdio: 'ignore' })
  }
}

/**
 * Round by round, `value(a) / value(b)` (or its inverse for costs, so that above 1 is always
 * better for `a`): the median and the spread.
 *
 * @example
 * spread(rounds.server, rounds.json, (r) => r.cpuMicrosPerRequest, true) // baseline CPU / plugin CPU
 */
export function spread (a: Run[], b: Run[], value: (r: Run) => number, cost: boolean): Spread {
  const ratios = a.map((r, i) => cost ? value(b[i]) / value(r) : value(r) / value(b[i]))
  return { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) }
}

/**
 * Scenario 2: one command marks N keyed siblings dirty; one connection, so latency is service time.
 *
 * @example
 * const rows = await fanOut(plan, [1, 10, 100])
 */
export async function fanOut (plan: Plan, sizes: number[]): Promise<Array<{ cells: number } & Run>> {
  const server = await startServer('plugin')
  try {
    const flows = new Map<number, Flow>()
    for (const n of sizes) flows.set(n, pluginFlow(await pages(server, `cells=${n}`, 1), 'hub', '/components/hub/cmd/touch'))
    const runs = new Map<number, Run[]>(sizes.map((n) => [n, []]))
    for (const n of sizes) await load(server.url, flows.get(n)!, { connections: 1, seconds: 1 })
    for (let r = 0; r < plan.rounds; r++) {
      for (const n of sizes) runs.get(n)!.push(await load(server.url, flows.get(n)!, { connections: 1, seconds: plan.seconds }))
    }
    return sizes.map((n) => ({ cells: n, ...medianRun(runs.get(n)!) }))
  } finally {
    await server.stop()
  }
}

/** Arm the client process for a round, trigger it, and wait (at most 30 s) for the last arrival. */
async function pushRound (c: Awaited<ReturnType<typeof spawnScript>>, label: string, trigger: () => Promise<number>): Promise<{ ms: number, bytes: number }> {
  const nextLine = async (): Promise<string> => {
    let timer: NodeJS.Timeout | undefined
    const line = await Promise.race([
      c.lines.next().then((r) => String(r.value)),
      new Promise<string>((resolve) => { timer = setTimeout(() => resolve('TIMEOUT'), 30_000) })
    ])
    clearTimeout(timer)
    return line
  }
  c.proc.stdin!.write(`expect ${label}\n`)
  const armed = await nextLine()
  if (armed !== `ARMED ${label}`) throw new Error(`push round ${label}: expected ARMED, got ${armed}`)
  const t0 = await trigger()
  const done = await nextLine()
  const [word, got, last, size] = done.split(' ')
  if (word !== 'DONE' || got !== label) throw new Error(`push round ${label}: not every client got the message within 30 s (${done})`)
  return { ms: Number(last) - t0, bytes: Number(size) }
}

/**
 * Scenario 4 result for one client count: median ms until the last client has the message, bytes per idle client.
 *
 * @example
 * const { ratio } = await pushFanOut(plan, 10000)
 */
export interface PushResult { clients: number, notifyMs: number, rawMs: number, ratio: number, bytes: number, rssPerClient: number, heapPerClient: number }

async function stats (url: string): Promise<{ rss: number, heapUsed: number }> {
  return ((await (await fetch(`${url}/__bench/stats?gc=1`)).json()) as { mem: { rss: number, heapUsed: number } }).mem
}

/**
 * Scenario 4: notify one topic to N subscribed clients of another process, against a raw `ws` loop.
 *
 * @example
 * const r = await pushFanOut(plan, 1000)
 */
export async function pushFanOut (plan: Plan, clients: number): Promise<PushResult> {
  const server = await startServer('plugin')
  try {
    const before = await stats(server.url)
    const c = await spawnScript('push-clients.ts', ['--url', server.url, '--clients', String(clients)])
    await new Promise((resolve) => setTimeout(resolve, 500))
    const after = await stats(server.url)
    const round = async (kind: 'notify' | 'raw', label: string, bytes: number): Promise<{ ms: number, bytes: number }> =>
      await pushRound(c, label, async () => ((await (await fetch(`${server.url}/__bench/${kind}?bytes=${bytes}`, { method: 'POST' })).json()) as { t0: number }).t0)
    const first = await round('notify', 'warm', 0)
    const notify: number[] = []
    const raw: number[] = []
    for (let r = 0; r < plan.pushRounds; r++) {
      notify.push((await round('notify', `n${r}`, 0)).ms)
      raw.push((await round('raw', `r${r}`, first.bytes)).ms)
    }
    c.proc.stdin!.write('quit\n')
    return {
      clients,
      notifyMs: median(notify),
      rawMs: median(raw),
      ratio: median(notify) / median(raw),
      bytes: first.bytes,
      rssPerClient: (after.rss - before.rss) / clients,
      heapPerClient: (after.heapUsed - before.heapUsed) / clients
    }
  } finally {
    await server.stop()
  }
}

async function freePort (): Promise<number> {
  return await new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => { const { port } = s.address() as { port: number }; s.close(() => resolve(port)) })
  })
}

/**
 * Scenario 4, across instances: notify on A, 100 clients on B, through a real redis-server; p50/p99 of notify→last delivery.
 *
 * @example
 * const { p99 } = await pushAcrossRedis(plan) as { p99: number }
 */
export async function pushAcrossRedis (plan: Plan): Promise<{ p50: number, p99: number, notifies: number } | { skipped: string }> {
  const port = await freePort()
  const redis = spawn('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no'], { stdio: 'ignore' })
  const gone = new Promise((resolve) => redis.once('error', resolve))
  const ok = await Promise.race([gone.then(() => false), new Promise((resolve) => setTimeout(() => resolve(true), 300))])
  if (ok !== true) return { skipped: 'redis-server is not installed' }
  const url = `redis://127.0.0.1:${port}`
  const a = await startServer('plugin', ['--redis', url])
  const b = await startServer('plugin', ['--redis', url])
  try {
    const c = await spawnScript('push-clients.ts', ['--url', b.url, '--clients', '100'])
    const times: number[] = []
    for (let i = 0; i < plan.redisNotifies; i++) {
      const { ms } = await pushRound(c, `x${i}`, async () => ((await (await fetch(`${a.url}/__bench/notify`, { method: 'POST' })).json()) as { t0: number }).t0)
      times.push(ms)
    }
    c.proc.stdin!.write('quit\n')
    return { p50: percentile(times, 50), p99: percentile(times, 99), notifies: times.length }
  } finally {
    await Promise.all([a.stop(), b.stop()])
    redis.kill('SIGKILL')
  }
}
