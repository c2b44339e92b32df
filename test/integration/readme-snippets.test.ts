/** @module test/integration/readme-snippets — every TypeScript block of the README type-checks as a module of a user's app (strict, its own imports), or is run by the test that names it. */
import t from 'tap'
import { execFile } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const README = readFileSync(`${ROOT}README.md`, 'utf8')
// inside the repository, so that the snippets resolve fastify-livecomponents (tsconfig paths) and
// the packages a user installs next to it (fastify, @sinclair/typebox, @fastify/session…)
const DIR = `${ROOT}test/.readme-snippets/`

t.test('every ```ts block of the README compiles with its own imports', async (t) => {
  const blocks = [...README.matchAll(/(<!-- [\w-]+: [^\n]*-->\n)?```ts\n([\s\S]*?)```/g)]
  t.ok(blocks.length >= 13, `${blocks.length} blocks`)
  // the minimal app's files are type-checked by test/integration/pack.test.ts (installed from the
  // tarball), the testing example run by test/readme-testing.test.ts
  const mine = blocks.filter(([, marker]) => marker === undefined || marker.startsWith('<!-- own-program: '))
  const elsewhere = blocks.filter(([, marker]) => marker !== undefined && !mine.some(([, m]) => m === marker))
  t.ok(elsewhere.every(([, marker]) => /^<!-- (packed-app|readme-test): /.test(marker!)), 'the others are each checked by the test their marker names')
  rmSync(DIR, { recursive: true, force: true })
  mkdirSync(DIR, { recursive: true })
  t.teardown(() => rmSync(DIR, { recursive: true, force: true }))
  // blocks that declare something global (`Register`) each get a program of their own
  const programs: Array<{ dir: string, blocks: Array<{ n: number, code: string }> }> = [{ dir: DIR, blocks: [] }]
  for (const [n, [, marker, code]] of mine.entries()) {
    if (marker === undefined) programs[0].blocks.push({ n: n + 1, code })
    else programs.push({ dir: `${DIR}own-${n + 1}/`, blocks: [{ n: n + 1, code }] })
  }
  t.ok(programs.length > 1, 'a block compiled in its own program')
  const tsc = fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url))
  for (const { dir, blocks } of programs) {
    mkdirSync(dir, { recursive: true })
    const files = blocks.map(({ n, code }) => {
      const file = `snippet-${String(n).padStart(2, '0')}.ts`
      writeFileSync(dir + file, code)
      return file
    })
    const base = dir === DIR ? '../../tsconfig.json' : '../../../tsconfig.json'
    const rootDir = dir === DIR ? '../..' : '../../..'
    writeFileSync(dir + 'tsconfig.json', JSON.stringify({ extends: base, compilerOptions: { noEmit: true, rootDir, noUnusedLocals: false, noImplicitOverride: true }, include: [], files }))
    const res = await promisify(execFile)(process.execPath, [tsc, '-p', dir], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 }).catch((err: { stdout?: string }) => err)
    const out = String(res.stdout ?? '')
    for (const [i, file] of files.entries()) {
      const errors = out.split('\n').filter((l) => l.includes(file))
      t.same(errors, [], `README block ${blocks[i].n} (${blocks[i].code.split('\n')[0].slice(0, 70)}…) compiles`)
    }
    t.equal(out.trim().split('\n').filter((l) => l !== '' && !/snippet-\d+\.ts/.test(l) && !l.startsWith(' ')).length, 0, `no other error: ${out.slice(0, 2000)}`)
  }
})
