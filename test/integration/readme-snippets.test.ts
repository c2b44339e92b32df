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
  const mine = blocks.filter(([, marker]) => marker === undefined)
  const elsewhere = blocks.filter(([, marker]) => marker !== undefined)
  t.ok(elsewhere.every(([, marker]) => /^<!-- (packed-app|readme-test): /.test(marker!)), 'the others are each checked by the test their marker names')
  rmSync(DIR, { recursive: true, force: true })
  mkdirSync(DIR, { recursive: true })
  t.teardown(() => rmSync(DIR, { recursive: true, force: true }))
  const files = mine.map(([, , code], i) => {
    const file = `snippet-${String(i + 1).padStart(2, '0')}.ts`
    writeFileSync(DIR + file, code)
    return file
  })
  writeFileSync(DIR + 'tsconfig.json', JSON.stringify({ extends: '../../tsconfig.json', compilerOptions: { noEmit: true, rootDir: '../..', noUnusedLocals: false }, include: [], files }))
  const tsc = fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url))
  const res = await promisify(execFile)(process.execPath, [tsc, '-p', DIR], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 }).catch((err: { stdout?: string }) => err)
  const out = String(res.stdout ?? '')
  for (const [i, file] of files.entries()) {
    const errors = out.split('\n').filter((l) => l.includes(file))
    t.same(errors, [], `README block ${i + 1} (${mine[i][2].split('\n')[0].slice(0, 70)}…) compiles`)
  }
  t.equal(out.trim().split('\n').filter((l) => l !== '' && !/snippet-\d+\.ts/.test(l) && !l.startsWith(' ')).length, 0, `no other error: ${out.slice(0, 2000)}`)
})
