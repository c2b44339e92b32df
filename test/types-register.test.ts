/** @module test/types-register — an app that declares its user and a type provider in `Register` type-checks on its own: ctx.user, permissions, the user option and TypeBox 1.x arguments are typed, and each `@ts-expect-error` there must be an error. */
import t from 'tap'
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const ROOT = fileURLToPath(new URL('../', import.meta.url))

t.test('test/types/register compiles alone, with noImplicitOverride, and every expected error is there', async (t) => {
  const tsc = `${ROOT}node_modules/typescript/bin/tsc`
  const res = await promisify(execFile)(process.execPath, [tsc, '-p', 'test/types/register'], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 })
    .then(() => ({ stdout: '' }), (err: { stdout?: string }) => ({ stdout: String(err.stdout ?? 'tsc failed') }))
  // an unused @ts-expect-error (a type that stopped narrowing) is TS2578, so it fails here too
  t.equal(res.stdout.trim(), '', 'no error')
})
