// @module scripts/test — `npm test`: type-check lib, test and example-app, lint, build, run tap, and end
// with one `N passed, N failed` line (CI reads that line, not tap's summary). Exit code: tap's,
// or 1 when a step before the tests fails. `--unit` type-checks and runs the HTTP/WS and client
// tests only (test/*.test.ts, test/client/), `--browser` the Chromium suites only (test/browser/);
// both without the coverage gate, which needs the whole suite (also test/integration/: packing,
// memory, the README's TypeScript blocks).
import { spawn, spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { Parser } from 'tap-parser'

const SUITES = { '--unit': ['test/*.test.ts', 'test/client/*.test.ts'], '--browser': ['test/browser/*.test.ts'] }
const suite = process.argv.slice(2).find((a) => a in SUITES)
const rest = process.argv.slice(2).filter((a) => !(a in SUITES))

/** Runs one step before the tests; on failure prints why and the one closing line, and exits 1. */
function step (what, cmd, args) {
  const res = spawnSync(cmd, args, { stdio: 'inherit' })
  if (res.status === 0) return
  console.log(`${what} failed; no tests were run`)
  console.log('0 passed, 1 failed')
  process.exit(1)
}

step('type-check (tsc --noEmit)', 'npx', ['tsc', '--noEmit', '-p', '.'])
// tap applies .taprc's plugin list only once it is built into node_modules (`tap build`); right
// after `npm ci` tap has its default set, whose TypeScript and mock loaders would run on top of
// tsx in every test process (slower, and another transform of lib/ for coverage to merge)
const builtPlugins = readFileSync('node_modules/@tapjs/test/test-built/src/index.ts', 'utf8')
if (builtPlugins.includes('@tapjs/typescript') || builtPlugins.includes('@tapjs/mock')) step('tap build (the plugins .taprc lists)', 'npx', ['tap', 'build'])
// the unit run is the quick loop: type-check, the client bundle the plugin serves, and the
// HTTP/WS/client tests (lint and the full build are in `npm test`)
if (suite === '--unit') step('the client build (scripts/build-client.mjs)', 'node', ['scripts/build-client.mjs'])
else {
  step('lint (eslint, neostandard)', 'npx', ['eslint', '.'])
  // dist/ as it is packed (tsc for lib/, esbuild for the client): the browser tests load the client
  // from it, and test/integration/pack.test.ts installs it
  step('the build (npm run build)', 'npm', ['run', 'build'])
}

let passed = 0
let failed = 0
let skipped = 0
// Count leaf assertions. A subtest's own summary point is skipped, unless it failed while
// nothing inside it did (a file that crashed, timed out or ran no test).
function attach (parser) {
  let lastChild = null
  let failedBefore = 0
  parser.on('child', (child) => {
    lastChild = child
    failedBefore = failed
    attach(child)
  })
  parser.on('assert', (res) => {
    if (lastChild && lastChild.name === res.name) {
      lastChild = null
      if (!res.ok && !res.todo && failed === failedBefore) failed++
      return
    }
    if (res.skip || res.todo) skipped++
    else if (res.ok) passed++
    else failed++
  })
}
const parser = new Parser()
attach(parser)

const command = suite === undefined ? ['c8', 'tap', '--reporter=tap', ...rest] : ['tap', '--reporter=tap', ...SUITES[suite], ...rest]
// the quick loop fuzzes with 500 runs per property instead of 2,500 (test/fuzz.test.ts)
const env = suite === '--unit' ? { ...process.env, LC_FUZZ_RUNS: '500' } : process.env
const tap = spawn('npx', command, { stdio: ['inherit', 'pipe', 'inherit'], env })
tap.stdout.on('data', (chunk) => {
  process.stdout.write(chunk)
  parser.write(chunk)
})
tap.on('close', (code) => {
  parser.end()
  if (code !== 0 && failed === 0) console.log(`tap exited with ${code} although no assertion failed (coverage below the thresholds in .c8rc.json, or a file crashed)`)
  console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`)
  process.exit(code ?? 1)
})
