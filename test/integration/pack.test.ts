/** @module test/integration/pack — the package as users get it: `npm pack` (which builds), the tarball unpacked as an installed dependency, a minimal app type-checked and run from it with its test kit. */
import { execFile } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import t from 'tap'

const run = promisify(execFile)
const ROOT = fileURLToPath(new URL('../../', import.meta.url))
// inside the repository, so the unpacked package finds its own dependencies in ../node_modules
// as an installed one finds them in the app's (the tests run offline: nothing is fetched)
const DIR = fileURLToPath(new URL('../../.pack-test/', import.meta.url))

t.test('the README\'s minimal app is the one this test installs and runs', async (t) => {
  const readme = readFileSync(`${ROOT}README.md`, 'utf8')
  const blocks = [...readme.matchAll(/<!-- packed-app: (\S+) -->\n```\w+\n([\s\S]*?)\n```/g)]
  t.same(blocks.map((b) => b[1]), ['app.ts', 'components/counter.ts', 'templates/page.njk', 'templates/counter.njk'])
  for (const [, file, text] of blocks) t.equal(text, readFileSync(fileURLToPath(new URL(`../fixtures/packed-app/${file}`, import.meta.url)), 'utf8').trimEnd(), file)
})

t.test('npm pack ships dist, types, the client, LICENSE and CHANGELOG, and no test or example files', async (t) => {
  rmSync(DIR, { recursive: true, force: true })
  mkdirSync(DIR, { recursive: true })
  t.teardown(() => rmSync(DIR, { recursive: true, force: true }))
  // `npm pack` builds first (prepack); here the build is already done by `npm test` (scripts/test.mjs),
  // and building again while other test files read dist/ would race with them
  t.equal(JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')).scripts.prepack, 'npm run build', 'packing builds dist/ first')
  t.ok(existsSync(`${ROOT}dist/index.js`) && existsSync(`${ROOT}dist/assets/live.js`), 'dist/ is built (npm run build)')
  const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', DIR], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 })
  const [info] = JSON.parse(stdout.slice(stdout.indexOf('['))) as Array<{ filename: string, files: Array<{ path: string }> }>
  const files = info.files.map((f) => f.path)
  for (const f of ['LICENSE', 'CHANGELOG.md', 'README.md', 'package.json', 'dist/index.js', 'dist/index.d.ts', 'dist/index.d.ts.map', 'dist/testing/index.js', 'dist/testing/index.d.ts', 'dist/assets/live.js', 'lib/index.ts', 'templates/livecomponents/scripts.njk']) {
    t.ok(files.includes(f), `ships ${f}`)
  }
  t.notOk(files.some((f) => f.startsWith('test/') || f.startsWith('example-app/') || f.startsWith('bench/')), 'no tests, example or benchmarks')
  const exported = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')).exports as Record<string, Record<string, string>>
  t.same(Object.keys(exported).sort(), ['.', './testing'], 'exports: the plugin and its test kit')
  for (const [path, conditions] of Object.entries(exported)) t.same(Object.keys(conditions), ['types', 'default'], `${path}: types and default only, no repository-internal condition`)

  // a user's app: its own package.json, the tarball unpacked into its node_modules
  const app = `${DIR}app/`
  cpSync(fileURLToPath(new URL('../fixtures/packed-app/', import.meta.url)), app, { recursive: true })
  writeFileSync(`${app}package.json`, JSON.stringify({ name: 'packed-app', private: true, type: 'module' }))
  mkdirSync(`${app}node_modules/fastify-livecomponents`, { recursive: true })
  await run('tar', ['xzf', `${DIR}${info.filename}`, '-C', `${app}node_modules/fastify-livecomponents`, '--strip-components=1'])
  // the user's type-check against the shipped .d.ts: strict, noImplicitOverride, skipLibCheck false
  // (type packages resolve from this repository's node_modules here, so whether the package
  // declares them is checked in package.json, not by this step)
  const tsc = await run(process.execPath, [fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url)), '--noEmit', '-p', '.'], { cwd: app }).catch((err: { stdout?: string }) => err)
  t.equal(String(tsc.stdout ?? '').trim(), '', 'the app type-checks against the shipped .d.ts files')
  // older resolvers (moduleResolution "node"): the top-level types and typesVersions find both entries
  mkdirSync(`${app}node10`)
  writeFileSync(`${app}node10/tsconfig.json`, JSON.stringify({ compilerOptions: { module: 'ESNext', moduleResolution: 'node', esModuleInterop: true, target: 'ES2022', strict: true, skipLibCheck: false, noEmit: true, types: [] }, files: ['use.ts'] }))
  writeFileSync(`${app}node10/use.ts`, "import components, { LiveComponent } from 'fastify-livecomponents'\nimport { liveTest } from 'fastify-livecomponents/testing'\nexport const used: unknown[] = [components, LiveComponent, liveTest]\n")
  const node10 = await run(process.execPath, [fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url)), '-p', 'node10'], { cwd: app }).catch((err: { stdout?: string }) => err)
  t.equal(String(node10.stdout ?? '').trim(), '', 'moduleResolution "node" resolves the package and ./testing to their types')
  // the packages the public types reach: dependencies and required peers only (ioredis is an
  // optional peer, loaded only with the redis option, so no public .d.ts may import it)
  const pkg = `${app}node_modules/fastify-livecomponents/`
  const manifest = JSON.parse(readFileSync(`${pkg}package.json`, 'utf8')) as { dependencies: Record<string, string>, peerDependencies: Record<string, string>, peerDependenciesMeta?: Record<string, { optional?: boolean }> }
  const required = new Set([...Object.keys(manifest.dependencies), ...Object.keys(manifest.peerDependencies).filter((p) => manifest.peerDependenciesMeta?.[p]?.optional !== true)])
  const reached = new Set<string>()
  const seen = new Set<string>()
  const queue = [`${pkg}dist/index.d.ts`, `${pkg}dist/testing/index.d.ts`]
  while (queue.length > 0) {
    const file = queue.pop()!
    if (seen.has(file)) continue
    seen.add(file)
    const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '')
    for (const [, spec] of code.matchAll(/(?:from\s+|import\()\s*['"]([^'"]+)['"]/g)) {
      if (spec.startsWith('.')) queue.push(join(dirname(file), spec.replace(/\.js$/, '.d.ts')))
      else if (!spec.startsWith('node:')) reached.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0])
    }
  }
  t.ok(seen.size > 10, `${seen.size} declaration files reached from the two entries`)
  t.same([...reached].filter((p) => !required.has(p)), [], `the public types import only dependencies and required peers (${[...reached].sort().join(', ')})`)
  t.equal(manifest.peerDependenciesMeta?.ioredis?.optional, true, 'ioredis is an optional peer')
  const map = JSON.parse(readFileSync(`${app}node_modules/fastify-livecomponents/dist/index.d.ts.map`, 'utf8')) as { sources: string[] }
  t.ok(existsSync(`${app}node_modules/fastify-livecomponents/dist/${map.sources[0]}`), `the declaration map points at the shipped source (${map.sources[0]}): "go to definition" opens lib/index.ts`)
  const res = await run(process.execPath, ['--import', 'tsx', 'check.ts'], { cwd: app, env: { ...process.env, NODE_OPTIONS: '', NODE_ENV: 'test' } }).catch((err: { stdout?: string, stderr?: string }) => err)
  t.equal(String(res.stdout).trim(), 'ok page\nok scripts served\nok command', `the app runs from the installed package: ${String(res.stderr ?? '').slice(0, 500)}`)
})
