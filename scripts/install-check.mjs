// @module scripts/install-check — the package as a user installs it, from the npm registry and the
// packed tarball: `npm pack`, a new app with only the README's install command (plus tsx and
// typescript to run its TypeScript), the README's minimal app copied in, type-checked (strict,
// skipLibCheck false, noImplicitOverride), started, and clicked in Chromium on htmx 4, then again
// after `npm install htmx.org@2` (the README's htmx 2 set-up). Needs the npm registry; run by
// .ci/run before the tests. Prints one line per check; exits 1 on a failure.
import { execFileSync, spawn } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const ROOT = fileURLToPath(new URL('../', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'lc-install-'))
const app = join(dir, 'app')
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' })
let failed = 0
const check = (name, ok, detail = '') => { if (!ok) failed++; console.log(`${ok ? 'ok' : 'FAILED'} ${name}${detail === '' ? '' : `: ${detail}`}`) }

const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', dir], ROOT).replace(/^[^[]*/, ''))[0]
cpSync(join(ROOT, 'test/fixtures/packed-app'), app, { recursive: true })
writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'installed-app', private: true, type: 'module' }))
writeFileSync(join(app, 'server.ts'), "import { buildApp } from './app.js'\nconst app = await buildApp()\nconsole.log(await app.listen({ port: 0, host: '127.0.0.1' }))\n")
// the README's install command, with the tarball in place of the registry's fastify-livecomponents
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
const install = /```sh\n(npm install fastify fastify-livecomponents htmx\.org)\b/.exec(readme)
check('the README has the install command', install !== null)
run('npm', ['install', '--no-audit', '--no-fund', 'fastify', join(dir, packed.filename), 'htmx.org'], app)
run('npm', ['install', '--no-audit', '--no-fund', '--save-dev', 'tsx', 'typescript', '@types/node'], app)
const tsc = (() => { try { run(join(app, 'node_modules/.bin/tsc'), ['--noEmit', '-p', '.'], app); return '' } catch (err) { return String(err.stdout) } })()
check('type-checks with strict, skipLibCheck false, noImplicitOverride', tsc === '', tsc.slice(0, 1000))

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] })
for (const line of ['4', '2']) {
  if (line === '2') run('npm', ['install', '--no-audit', '--no-fund', 'htmx.org@2'], app)
  const server = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], { cwd: app, stdio: ['ignore', 'pipe', 'inherit'] })
  const url = await new Promise((resolve, reject) => {
    server.stdout.on('data', (d) => { const m = /http:\/\/\S+/.exec(String(d)); if (m !== null) resolve(m[0]) })
    server.once('exit', (code) => reject(new Error(`the app exited (${code})`)))
  })
  const page = await browser.newPage()
  const errors = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(url)
  const version = await page.evaluate(() => globalThis.htmx?.version ?? '')
  check(`htmx ${line}: the page loads the installed htmx`, version.startsWith(`${line}.`), version)
  await page.click('.inc')
  const shown = await page.waitForFunction(() => document.querySelector('.value')?.textContent === '6', null, { timeout: 30_000 }).then(() => true, () => false)
  check(`htmx ${line}: clicking + shows 6`, shown, await page.locator('.value').textContent() ?? '')
  check(`htmx ${line}: no page errors`, errors.length === 0, errors.join('; '))
  await page.close()
  server.kill()
}
await browser.close()
console.log(failed === 0 ? 'install check passed' : `install check: ${failed} failed`)
process.exit(failed === 0 ? 0 : 1)
