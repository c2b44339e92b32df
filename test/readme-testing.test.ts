/** @module test/readme-testing — the README's "Testing your components" example, run as written. */
import { execFile } from 'node:child_process'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import t from 'tap'

const README = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8')

t.test('the README testing example passes as written', async (t) => {
  const block = /<!-- readme-test: testing -->\n```ts\n([\s\S]*?)```/.exec(README)
  t.ok(block, 'the README has the example')
  // where the README says it lives: test/ of this repository
  const file = fileURLToPath(new URL('./readme-example.generated.test.ts', import.meta.url))
  writeFileSync(file, block![1])
  t.teardown(() => rmSync(file, { force: true }))
  // this process's own node flags (tsx, source maps): under c8 the child's coverage of lib/ then
  // comes from the same transform as every other test's, so the two merge
  const { stdout } = await promisify(execFile)(process.execPath, [...process.execArgv, file], { env: { ...process.env, NODE_ENV: 'test', TAP: '1' } })
  t.match(stdout, /# \{ total: \d+, pass: \d+ \}|\nok 1 - the counter counts/, 'its test ran')
  t.notMatch(stdout, /not ok/, 'and passed')
})
