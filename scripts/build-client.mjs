// @module scripts/build-client — bundles the browser client (lib/client/index.ts, with the
// protocol constants it imports) into one minified IIFE, dist/assets/live.js, which the plugin
// serves as {prefix}/assets/live.js. Run by `npm run build`, `npm run build:client`, `npm start`
// and `npm test`; works from a fresh clone (esbuild creates dist/assets/).
import { statSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const entry = fileURLToPath(new URL('../lib/client/index.ts', import.meta.url))
const outfile = fileURLToPath(new URL('../dist/assets/live.js', import.meta.url))

try {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning'
  })
} catch (err) {
  // esbuild has printed its errors already
  console.error(`build-client: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`)
  process.exit(1)
}
console.log(`build-client: dist/assets/live.js, ${statSync(outfile).size} bytes`)
