/**
 * @module bench/micro — `npm run bench:micro [-- --base <commit>]`: the plugin's CPU per command in one process (app.inject: no sockets, no load generator), both state modes, 1 and 16 KB. With `--base`, the same measured on another commit, rounds interleaved (A B A B…, each round a fresh process), and the ratio per round: how the change table of BENCHMARKS.md is measured.
 */
import Fastify from 'fastify'
import { execFileSync } from 'node:child_process'
import { existsSync, copyFileSync, symlinkSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const { values: args } = parseArgs({ options: { child: { type: 'boolean' }, state: { type: 'string' }, bytes: { type: 'string' }, base: { type: 'string' }, rounds: { type: 'string' } } })
const TOKEN_RE = /name="__lc_state" value="([^"]+)"/
const PER_ROUND = Number(process.env.BENCH_MICRO_N ?? 3000)

if (args.child === true) {
  // one round in this process: the plugin of this checkout (dist/, through the package's own name)
  const { default: components } = await import('fastify-livecomponents')
  const { Board, Cell, Hub, Ticker } = await import('./components.js')
  const stateBytes = Number(args.bytes)
  const app = Fastify({ logger: false })
  await app.register(components, { components: [Board, Hub, Cell, Ticker], templates: [fileURLToPath(new URL('./templates/', import.meta.url))], secrets: ['bench-secret-0123456789-abcdefghijklmnopq'], ...(args.state === 'server' ? { state: 'server' } : {}) } as any)
  app.get('/page', async (_req, reply) => await reply.page('page.njk', { stateBytes }))
  await app.ready()
  let token = TOKEN_RE.exec((await app.inject('/page')).body)![1]
  const run = async (count: number): Promise<void> => {
    for (let i = 0; i < count; i++) {
      const res = await app.inject({ method: 'POST', url: '/components/board/cmd/inc/3', payload: `__lc_id=board&__lc_state=${token}`, headers: { 'content-type': 'application/x-www-form-urlencoded', 'hx-request': 'true' } })
      if (res.statusCode !== 200) throw new Error(`${res.statusCode} ${res.body}`)
      token = TOKEN_RE.exec(res.body)![1]
    }
  }
  await run(1500) // warm-up
  ;(globalThis as { gc?: () => void }).gc?.()
  const before = process.cpuUsage()
  await run(PER_ROUND)
  const used = process.cpuUsage(before)
  process.stdout.write(`${(used.user + used.system) / PER_ROUND}\n`)
  process.exit(0)
}

const { median } = await import('./harness.js')
const here = fileURLToPath(new URL('..', import.meta.url))
const build = (root: string): void => {
  execFileSync(process.execPath, [`${root}/node_modules/typescript/bin/tsc`, '-p', `${root}/tsconfig.build.json`], { stdio: 'inherit', cwd: root })
  execFileSync(process.execPath, [`${root}/scripts/build-client.mjs`], { stdio: 'inherit', cwd: root })
}
const roots: Array<{ name: string, root: string }> = [{ name: 'this checkout', root: here }]
if (args.base !== undefined) {
  const base = `/tmp/lc-bench-base-${args.base}`
  if (!existsSync(base)) {
    execFileSync('git', ['worktree', 'add', '--detach', base, args.base], { cwd: here, stdio: 'inherit' })
    symlinkSync(`${here}/node_modules`, `${base}/node_modules`)
  }
  copyFileSync(fileURLToPath(import.meta.url), `${base}/bench/micro.ts`)
  roots.push({ name: args.base, root: base })
}
for (const r of roots) build(r.root)
const rounds = Number(args.rounds ?? 5)
const one = (root: string, state: string, bytes: number): number => Number(execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', `${root}/bench/micro.ts`, '--child', '--state', state, '--bytes', String(bytes)], { cwd: root, encoding: 'utf8' }).trim())
const r1 = (x: number): number => Math.round(x * 10) / 10
const r2 = (x: number): number => Math.round(x * 100) / 100
for (const bytes of [1024, 16384]) {
  for (const state of ['client', 'server']) {
    const runs = roots.map(() => [] as number[])
    for (let i = 0; i < rounds; i++) roots.forEach((r, j) => runs[j].push(one(r.root, state, bytes)))
    const cells = roots.map((r, j) => `${r.name}: ${r1(median(runs[j]))} µs (${r1(Math.min(...runs[j]))}–${r1(Math.max(...runs[j]))})`)
    let line = `${state} mode, ${bytes / 1024} KB, CPU per command — ${cells.join('; ')}`
    if (roots.length === 2) {
      const ratios = runs[0].map((x, i) => runs[1][i] / x)
      line += `; ${roots[1].name} / this, per round: median ${r2(median(ratios))} (${r2(Math.min(...ratios))}–${r2(Math.max(...ratios))})`
    }
    process.stdout.write(line + '\n')
  }
}
