/** @module test/architecture — lib/'s module graph obeys .dependency-cruiser.cjs (run through dependency-cruiser's API), each rule can fail, and no module is too long. */
import t from 'tap'
import { readdirSync, readFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { cruise, type ICruiseOptions, type ICruiseResult, type IViolation } from 'dependency-cruiser'
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options'
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const CONFIG = join(ROOT, '.dependency-cruiser.cjs')
const RULES = ['no-circular', 'core-imports-no-feature', 'features-not-to-root', 'client-only-protocol', 'protocol-imports-nothing']
const MAX_LINES = 320

/** Cruise `lib` below `baseDir` with the repository's rule set (and `extra` options on top). */
async function cruiseLib (baseDir: string, extra: ICruiseOptions = {}): Promise<ICruiseResult> {
  const options = await extractDepcruiseOptions(CONFIG)
  const tsConfigFile = join(baseDir, 'tsconfig.json')
  const { output } = await cruise(
    ['lib'],
    { ...options, baseDir, tsConfig: { fileName: tsConfigFile }, ...extra },
    {},
    { tsConfig: extractTSConfig(tsConfigFile) }
  )
  if (typeof output === 'string') throw new Error('dependency-cruiser returned a report string, not a cruise result')
  return output
}

const show = (v: IViolation): string => `${v.rule.name}: ${v.from} -> ${v.to}${v.cycle ? ` (cycle ${v.cycle.map((c) => c.name).join(' -> ')})` : ''}`

t.test('.dependency-cruiser.cjs declares every rule as an error, with the options the graph needs', async (t) => {
  const options = await extractDepcruiseOptions(CONFIG)
  const forbidden = options.ruleSet?.forbidden ?? []
  t.same(forbidden.map((r) => r.name).sort(), [...RULES].sort(), 'exactly the five rules')
  t.same([...new Set(forbidden.map((r) => r.severity))], ['error'], 'all errors')
  t.equal(options.tsPreCompilationDeps, true, 'type-only imports count')
  t.same(options.tsConfig, { fileName: 'tsconfig.json' })
  t.ok(existsSync(join(ROOT, 'tsconfig.json')), 'the tsconfig it names exists at the root')
  t.same(options.doNotFollow, { path: 'node_modules' })
  t.same(options.exclude, { path: 'node_modules' })
})

t.test('lib/ has no architecture violation', async (t) => {
  const result = await cruiseLib(ROOT)
  const violations = result.summary.violations
  t.same(violations.map(show), [], violations.length === 0 ? 'no violations' : `violations:\n${violations.map(show).join('\n')}`)
  t.equal(result.summary.error, 0, 'no error-level findings')

  // the rules only mean something if the graph is real: every import resolved, type-only ones included
  const modules = new Map(result.modules.map((m) => [m.source, m]))
  const unresolved = result.modules.flatMap((m) => m.dependencies.filter((d) => d.couldNotResolve).map((d) => `${m.source} -> ${d.module}`))
  t.same(unresolved, [], 'every import of lib/ resolves')
  const libFiles = readdirSync(join(ROOT, 'lib'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'))
  t.ok(libFiles.every((f) => modules.has(`lib/${f.split('\\').join('/')}`)), 'every .ts file of lib/ was cruised')
  const plugin = modules.get('lib/plugin.ts')
  t.ok(plugin?.dependencies.some((d) => d.resolved === 'lib/features/push/feature.ts'), 'the composition root imports the features (.js specifiers resolve to .ts)')
  const host = modules.get('lib/core/host.ts')
  t.ok(host?.dependencies.some((d) => d.resolved === 'lib/core/hooks.ts' && d.dependencyTypes.includes('type-only')), 'type-only imports are in the graph')
})

/** A small lib/ with one breach of each rule, next to allowed imports of the same kinds. */
const FIXTURE = {
  'tsconfig.json': JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true }, include: ['lib'] }),
  'package.json': JSON.stringify({ type: 'module' }),
  lib: {
    'protocol.ts': "import { X } from './errors.js'\nexport const P = X\n",
    'errors.ts': 'export const X = 1\n',
    // the composition root may import features
    'plugin.ts': "import { b } from './features/x/b.js'\nexport const plugin = b\n",
    'index.ts': "export { plugin } from './plugin.js'\n",
    'options.ts': "import type { B } from './features/x/b.js'\nexport type Options = { b?: B }\n",
    core: {
      'a.ts': "import { b } from '../features/x/b.js'\nexport const a = b\n",
      'cycle-a.ts': "import type { B } from './cycle-b.js'\nexport interface A { b?: B }\n",
      'cycle-b.ts': "import type { A } from './cycle-a.js'\nexport interface B { a?: A }\n",
      'z.ts': "import { X } from '../errors.js'\nexport const z = X\n"
    },
    features: {
      x: { 'b.ts': "import { z } from '../../core/z.js'\nexport const b = z\n" },
      y: { 'c.ts': "import { plugin } from '../../index.js'\nexport const c = plugin\n" }
    },
    client: {
      // the protocol and other client modules are allowed; the core is not
      'c.ts': "import { z } from '../core/z.js'\nimport { P } from '../protocol.js'\nexport const c = z + P\n",
      'd.ts': "import { c } from './c.js'\nexport const d = c\n"
    }
  }
}

t.test('each rule fails on a tree that breaks it, and only there', async (t) => {
  const dir = t.testdir(FIXTURE)
  const result = await cruiseLib(dir)
  const found = result.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`).sort()
  t.same(found, [
    'client-only-protocol: lib/client/c.ts -> lib/core/z.ts',
    'core-imports-no-feature: lib/core/a.ts -> lib/features/x/b.ts',
    'features-not-to-root: lib/features/y/c.ts -> lib/index.ts',
    'no-circular: lib/core/cycle-a.ts -> lib/core/cycle-b.ts',
    'protocol-imports-nothing: lib/protocol.ts -> lib/errors.ts'
  ], 'one violation per breach, none for the allowed imports')
  t.same([...new Set(result.summary.violations.map((v) => v.rule.name))].sort(), [...RULES].sort(), 'every rule fired')
  const cycle = result.summary.violations.find((v) => v.rule.name === 'no-circular')
  t.same(cycle?.cycle?.map((c) => c.name), ['lib/core/cycle-b.ts', 'lib/core/cycle-a.ts'], 'the cycle is reported with its path')
})

t.test('the type-only cycle is found only because tsPreCompilationDeps is on', async (t) => {
  const dir = t.testdir(FIXTURE)
  const without = await cruiseLib(dir, { tsPreCompilationDeps: false })
  const names = without.summary.violations.map((v) => v.rule.name)
  t.notOk(names.includes('no-circular'), 'erased type imports make no cycle')
  t.ok(names.includes('core-imports-no-feature'), 'the other rules still fire')
})

t.test(`no .ts file in lib/ has more than ${MAX_LINES} lines`, async (t) => {
  const files = readdirSync(join(ROOT, 'lib'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'))
  t.ok(files.length > 20, `found ${files.length} files`)
  const lines = (f: string): number => readFileSync(join(ROOT, 'lib', f), 'utf8').replace(/\n$/, '').split('\n').length
  const offenders = files.map((f) => ({ file: `lib/${f}`, lines: lines(f) })).filter((x) => x.lines > MAX_LINES)
  t.same(offenders, [], offenders.map((o) => `${o.file}: ${o.lines} lines`).join(', ') || 'none')
})

t.test('the modules .c8rc.json leaves out of coverage have no runtime code (except the two-line browser entry)', async (t) => {
  const ts = (await import('typescript')).default
  const { exclude } = JSON.parse(readFileSync(join(ROOT, '.c8rc.json'), 'utf8')) as { exclude: string[] }
  t.ok(exclude.length > 0)
  for (const file of exclude) {
    const source = readFileSync(join(ROOT, file), 'utf8')
    const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, removeComments: true } }).outputText
    const code = js.replace(/\s+/g, ' ').trim()
    if (file === 'lib/client/index.ts') t.equal(code, "import { start } from './start.js'; start(document, window);", `${file}: the browser entry only starts the client`)
    else t.equal(code, 'export {};', `${file} compiles to nothing`)
  }
})
