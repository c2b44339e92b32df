/** @module bench/flood — scenario 5, the refresh flood: how much one socket asking for refresh renders without pause slows another client's commands. */
import { median, percentile, spawnScript, startServer } from './harness.js'
import { pages, pluginFlow, type Plan } from './scenarios.js'

/**
 * Subscribable instances on the attacker's page: every flood message names all of them with
 * `refresh: true` (128 fit in one message under the default 64 KB `push.maxMessageBytes`).
 *
 * @example
 * spawnScript('flood-client.ts', ['--instances', String(FLOOD_INSTANCES)])
 */
export const FLOOD_INSTANCES = 128

/**
 * The attacker's shapes: how many subscribe messages it keeps in flight, a new one sent as soon
 * as a `subscribed` reply comes back. With 1 the server is never sent the next message before it
 * answered the last; with 4 it always has the next ones queued.
 *
 * @example
 * for (const window of FLOOD_WINDOWS) attacker.proc.stdin!.write(`start ${window}\n`)
 */
export const FLOOD_WINDOWS = [1, 4]

/**
 * The measuring client's latency during one attacker shape, against its unloaded latency of the
 * same run, and what the attacker sent and got back (all rounds together).
 *
 * @example
 * const { window, ratio, renders, refreshes } = result.flooded[1]
 */
export interface FloodShape {
  /** subscribe messages in flight */
  window: number
  loadedMs: number
  loadedP99: number
  /** loaded median over unloaded median: the target (≤ 2) */
  ratio: number
  /** seconds the attacker flooded */
  floodSeconds: number
  /** subscribe messages the attacker sent */
  messages: number
  /** refresh renders those messages asked for (instances named with `refresh: true`) */
  refreshes: number
  /** refresh renders the attacker received */
  renders: number
  /** error frames the attacker received */
  errors: number
  bytesSent: number
  bytesReceived: number
  /** the server's CPU time over wall time while the client was timed (1 = one core busy) */
  serverCpu: number
}

/**
 * Scenario 5 result: the measuring client's median and p99 command latency with the attacker's
 * socket idle, and per attacker shape during the flood.
 *
 * @example
 * const { unloadedMs, flooded } = await refreshFlood(plan)
 */
export interface FloodResult { instances: number, commands: number, unloadedMs: number, unloadedP99: number, flooded: FloodShape[] }

const sleep = async (ms: number): Promise<void> => await new Promise((resolve) => setTimeout(resolve, ms))

async function serverCpu (url: string): Promise<number> {
  const s = await (await fetch(`${url}/__bench/stats`)).json() as { cpu: { user: number, system: number } }
  return (s.cpu.user + s.cpu.system) / 1000
}

/**
 * Scenario 5: a plugin server, an attacker process (bench/flood-client.ts) with one WebSocket
 * subscribed to {@link FLOOD_INSTANCES} tickers, and a client in this process timing sequential
 * board commands (`inc/3`, as in the round trip), `plan.floodCommands` per phase. Each round
 * times the client with the attacker's socket idle, then during a flood of each shape of
 * {@link FLOOD_WINDOWS}: subscribe messages asking for a refresh of every instance, without pause.
 * Medians over all rounds; ratios against the unloaded median of the same run.
 *
 * @example
 * const { flooded } = await refreshFlood(plan) // target: every ratio ≤ 2
 */
export async function refreshFlood (plan: Plan): Promise<FloodResult> {
  const server = await startServer('plugin')
  try {
    const attacker = await spawnScript('flood-client.ts', ['--url', server.url, '--instances', String(FLOOD_INSTANCES)])
    const [instances] = attacker.ready.split(' ').map(Number)
    const ask = async (line: string, answer: string): Promise<number[]> => {
      attacker.proc.stdin!.write(line + '\n')
      let timer: NodeJS.Timeout | undefined
      const got = await Promise.race([
        attacker.lines.next().then((r) => String(r.value)),
        new Promise<string>((resolve) => { timer = setTimeout(() => resolve('TIMEOUT'), 30_000) })
      ])
      clearTimeout(timer)
      const [word, ...numbers] = got.split(' ')
      if (word !== answer) throw new Error(`refresh flood: expected ${answer} after ${line}, got ${got}`)
      return numbers.map(Number)
    }

    const flow = pluginFlow(await pages(server, '', 1), 'board', '/components/board/cmd/inc/3')
    let body = flow.initial(0)
    const timeCommands = async (n: number): Promise<number[]> => {
      const ms: number[] = []
      for (let i = 0; i < n; i++) {
        const t0 = performance.now()
        const res = await fetch(server.url + flow.path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...flow.headers }, body })
        const text = await res.text()
        ms.push(performance.now() - t0)
        if (res.status !== 200) throw new Error(`refresh flood: a command answered ${res.status}`)
        body = flow.next(text, body)
      }
      return ms
    }

    await timeCommands(50) // warm-up
    const unloaded: number[] = []
    const shapes = FLOOD_WINDOWS.map((window) => ({ window, loaded: [] as number[], totals: [0, 0, 0, 0, 0, 0], floodMs: 0, cpuMs: 0, timedMs: 0 }))
    for (let r = 0; r < plan.rounds; r++) {
      unloaded.push(...await timeCommands(plan.floodCommands))
      for (const shape of shapes) {
        const started = performance.now()
        await ask(`start ${shape.window}`, 'STARTED')
        await sleep(250) // the flood is under way
        const cpu0 = await serverCpu(server.url)
        const t0 = performance.now()
        shape.loaded.push(...await timeCommands(plan.floodCommands))
        shape.timedMs += performance.now() - t0
        shape.cpuMs += await serverCpu(server.url) - cpu0
        const counts = await ask('stop', 'STOPPED')
        shape.floodMs += performance.now() - started
        counts.forEach((c, i) => { shape.totals[i] += c })
      }
    }
    attacker.proc.stdin!.write('quit\n')
    const unloadedMs = median(unloaded)
    return {
      instances,
      commands: unloaded.length,
      unloadedMs,
      unloadedP99: percentile(unloaded, 99),
      flooded: shapes.map(({ window, loaded, totals, floodMs, cpuMs, timedMs }) => {
        const [messages, refreshes, renders, errors, bytesSent, bytesReceived] = totals
        return { window, loadedMs: median(loaded), loadedP99: percentile(loaded, 99), ratio: median(loaded) / unloadedMs, floodSeconds: floodMs / 1000, messages, refreshes, renders, errors, bytesSent, bytesReceived, serverCpu: cpuMs / timedMs }
      })
    }
  } finally {
    await server.stop()
  }
}
