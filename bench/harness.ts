/** @module bench/harness — server processes, load runs with autocannon, and the statistics the report uses. */
import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'

// the servers run the compiled plugin (dist/, what users run), not the TypeScript sources
// BENCH_CPU_PROF=<dir>: every server writes a V8 CPU profile there when it stops (`node --cpu-prof`)
const PROFILE = process.env.BENCH_CPU_PROF === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
const NODE_ARGS = ['--expose-gc', ...PROFILE, '--import', 'tsx']

/**
 * A child process that printed `READY <port>`.
 *
 * @example
 * const { url, stop } = await startServer('json')
 */
export interface Server { url: string, proc: ChildProcess, stop: () => Promise<void> }

/**
 * Start a bench script (`server.ts` or `push-clients.ts`) in its own Node process; resolves once
 * it prints `READY …`. Every process is killed when the harness exits.
 *
 * @example
 * const s = await spawnScript('server.ts', ['--variant', 'json'])
 */
export async function spawnScript (script: string, args: string[], cpu?: number): Promise<{ proc: ChildProcess, ready: string, lines: AsyncIterableIterator<string> }> {
  const argv = [...NODE_ARGS, fileURLToPath(new URL(script, import.meta.url)), ...args]
  // pinned: the process runs on that core only (taskset), away from the load generator's
  const proc = cpu === undefined ? spawn(process.execPath, argv, { stdio: ['pipe', 'pipe', 'inherit'] }) : spawn('taskset', ['-c', String(cpu), process.execPath, ...argv], { stdio: ['pipe', 'pipe', 'inherit'] })
  children.add(proc)
  proc.on('exit', () => children.delete(proc))
  const lines = createInterface({ input: proc.stdout! })[Symbol.asyncIterator]()
  for (;;) {
    const { value, done } = await lines.next()
    if (done === true) throw new Error(`${script} ${args.join(' ')} exited before it was ready`)
    if (value.startsWith('READY ')) return { proc, ready: value.slice(6), lines }
  }
}
const children = new Set<ChildProcess>()
process.on('exit', () => { for (const c of children) c.kill('SIGKILL') })

/**
 * Start `server.ts` with a variant (plugin, json, hmac) and extra arguments.
 *
 * @example
 * const plugin = await startServer('plugin')
 */
export async function startServer (variant: string, extra: string[] = [], cpu?: number): Promise<Server> {
  const { proc, ready } = await spawnScript('server.ts', ['--variant', variant, ...extra], cpu)
  return {
    url: `http://127.0.0.1:${ready}`,
    proc,
    stop: async () => await new Promise<void>((resolve) => { proc.once('exit', () => resolve()); proc.kill('SIGTERM') })
  }
}

/**
 * One load run's figures: req/s, latency in ms, bytes per response, server CPU per request in µs.
 *
 * @example
 * const { rps, p99 } = await load(url, flow, { connections: 16, seconds: 6 })
 */
export interface Run {
  rps: number
  /** autocannon's latencies, whole milliseconds */
  p50: number
  p99: number
  mean: number
  bytes: number
  requests: number
  cpuMicrosPerRequest: number
  /** the server's own service time per command (arrival to end of response), microseconds */
  p50us: number
  p99us: number
}

/**
 * How a connection makes its next request from the previous response, as a browser would.
 *
 * @example
 * const flow: Flow = { path: '/plain/inc/3', headers: {}, initial: () => body, next: (res) => bodyFrom(res) }
 */
export interface Flow {
  /** the first body of a connection (each connection is one user with its own component) */
  initial: (connection: number) => string
  path: string
  headers: Record<string, string>
  /** the next body, from the previous response's body */
  next: (response: string, previous: string) => string
}

async function cpu (url: string): Promise<number> {
  const s = await (await fetch(`${url}/__bench/stats`)).json() as { cpu: { user: number, system: number } }
  return s.cpu.user + s.cpu.system
}

/**
 * Load a server with autocannon for `seconds`, every connection carrying its own state forward.
 * Any non-2xx answer fails the run: a benchmark of errors is worthless.
 *
 * @example
 * const run = await load(server.url, flow, { connections: 16, seconds: 5 })
 */
export async function load (url: string, flow: Flow, opts: { connections: number, seconds: number }): Promise<Run> {
  let made = 0
  await fetch(`${url}/__bench/latency`) // forget the requests before this run
  const cpuBefore = await cpu(url)
  const result = await autocannon({
    url,
    connections: opts.connections,
    duration: opts.seconds,
    requests: [{
      method: 'POST',
      path: flow.path,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...flow.headers },
      setupRequest: (req: any, context: any) => {
        context.body ??= flow.initial(made++)
        return { ...req, body: context.body }
      },
      onResponse: (status: number, body: string, context: any) => {
        if (status === 200) context.body = flow.next(body, context.body)
      }
    }]
  } as any)
  const cpuAfter = await cpu(url)
  const service = await (await fetch(`${url}/__bench/latency`)).json() as { p50: number, p99: number }
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`load run on ${url}${flow.path}: ${result.non2xx} non-2xx, ${result.errors} errors`)
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    // autocannon's latencies are whole milliseconds; with one connection, 1000 / req/s is the finer service time
    mean: opts.connections === 1 ? 1000 / result.requests.average : result.latency.mean,
    bytes: Math.round(result.throughput.total / Math.max(1, result.requests.total)),
    requests: result.requests.total,
    cpuMicrosPerRequest: (cpuAfter - cpuBefore) / Math.max(1, result.requests.total),
    p50us: service.p50,
    p99us: service.p99
  }
}

/**
 * The median of numbers.
 *
 * @example
 * median([3, 1, 2]) // 2
 */
export function median (xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2
}

/**
 * A percentile (0-100) of numbers, nearest rank.
 *
 * @example
 * percentile([1, 2, 3, 4], 99) // 4
 */
export function percentile (xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p / 100 * s.length) - 1))]
}

/**
 * Per-field medians of several runs.
 *
 * @example
 * const m = medianRun([run1, run2, run3])
 */
export function medianRun (runs: Run[]): Run {
  const keys = Object.keys(runs[0]) as Array<keyof Run>
  return Object.fromEntries(keys.map((k) => [k, median(runs.map((r) => r[k]))])) as unknown as Run
}

/**
 * The `subscribe` message of one ticker page (`/page?ticker=1`) of a bench server: what every
 * push client sends to listen to the `ticker` topic.
 *
 * @example
 * ws.send(await tickerSubscription('http://127.0.0.1:3000'))
 */
export async function tickerSubscription (base: string): Promise<string> {
  const page = await (await fetch(`${base}/page?ticker=1`)).text()
  const sub = /data-lc-sub="([^"]+)"/.exec(page)![1]
  const state = /name="__lc_state" value="([^"]+)"/.exec(page)![1]
  return JSON.stringify({ type: 'subscribe', subs: [{ sub, state: [state] }] })
}
