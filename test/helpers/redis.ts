/** @module test/helpers/redis — a real redis-server on a free loopback port, which a test can stop and start again. */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

interface Teardown { teardown: (fn: () => unknown) => void }

/** A running (or stopped) redis-server. */
export interface RedisServer {
  url: string
  port: number
  stop: () => Promise<void>
  start: () => Promise<void>
}

async function freePort (): Promise<number> {
  return await new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number }
      srv.close(() => resolve(port))
    })
  })
}

/**
 * Start `redis-server` (the Debian package, installed by .ci/run) on a free port, with no
 * persistence unless `persist`; stopped when the test ends. Throws when redis-server is not installed.
 */
export async function startRedis (t: Teardown, opts: { persist?: boolean } = {}): Promise<RedisServer> {
  const port = await freePort()
  let proc: ChildProcess | null = null
  // persist: an append-only file written on every write, so that what Redis held survives a kill, as in production
  const dir = opts.persist === true ? mkdtempSync(join(tmpdir(), 'lc-test-redis-')) : undefined
  if (dir !== undefined) t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const persistence = dir === undefined ? ['--appendonly', 'no'] : ['--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always']
  const start = async (): Promise<void> => {
    const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence], { stdio: ['ignore', 'pipe', 'pipe'] })
    proc = child
    await new Promise<void>((resolve, reject) => {
      let out = ''
      child.once('error', reject)
      child.once('exit', (code) => reject(new Error(`redis-server exited with ${String(code)}: ${out}`)))
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString()
        if (out.includes('Ready to accept connections')) resolve()
      })
    })
  }
  const stop = async (): Promise<void> => {
    const p = proc
    proc = null
    if (!p || p.exitCode !== null) return
    await new Promise((resolve) => { p.once('exit', resolve); p.kill('SIGKILL') })
  }
  await start()
  t.teardown(stop)
  return { url: `redis://127.0.0.1:${port}`, port, stop, start }
}
