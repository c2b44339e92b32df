/** @module features/assets/assets — the scripts a page loads: htmx from node_modules, its WebSocket extension and the plugin's client, content-hashed. */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { LC_CLIENT_MISSING, LC_INVALID_OPTION } from '../../errors.js'

/**
 * Which htmx the pages load.
 *
 * @example
 * const htmx: HtmxOption = { major: 2, file: require.resolve('htmx.org/dist/htmx.min.js') }
 */
export interface HtmxOption {
  /** The htmx line, 2 (2.0.11 or later) or 4. Required with `file`; otherwise read from the package. */
  major?: 2 | 4
  /** Absolute path of an htmx build to serve. Default: `htmx.org/dist/htmx.min.js` (htmx 4, a dependency of this plugin). */
  file?: string
  /**
   * Absolute path of the htmx WebSocket extension for that line. Default: `htmx-ext-ws/dist/ws.min.js`
   * for htmx 2, `htmx.org/dist/ext/hx-ws.min.js` for htmx 4 (both dependencies of this plugin).
   */
  wsFile?: string
}

/**
 * One script the plugin serves.
 *
 * @example
 * { name: 'live', source: '…', hash: '3f9a0c…' }
 */
export interface Asset {
  /** `htmx`, `ws` or `live` */
  name: string
  source: string
  /** the first 16 hex digits of the source's SHA-256: its URL changes whenever it does */
  hash: string
}

/**
 * The scripts of one plugin registration, in the order a page loads them.
 *
 * @example
 * const { major, assets } = loadAssets()
 */
export interface Assets {
  major: 2 | 4
  /** htmx, the WebSocket extension of that line, the plugin's client */
  assets: Asset[]
}

/**
 * The plugin's browser client, built from lib/client by `npm run build:client`, relative to the
 * package root (this file is `lib/features/assets/` in the sources and `dist/features/assets/`
 * when built; both are three levels down).
 */
const CLIENT = new URL('../../../dist/assets/live.js', import.meta.url)

function asset (name: string, source: string): Asset {
  return { name, source, hash: createHash('sha256').update(source).digest('hex').slice(0, 16) }
}

/**
 * Reads htmx, its WebSocket extension and the client once, at register time.
 *
 * @throws LC_INVALID_OPTION when `file` is given without `major`, a file cannot be read, or the
 *   major is not 2 or 4
 * @throws LC_CLIENT_MISSING when the client bundle was never built (a repository checkout)
 * @example
 * loadAssets({ major: 2, file: require.resolve('htmx.org/dist/htmx.min.js') })
 */
export function loadAssets (opt: HtmxOption = {}): Assets {
  let file = opt.file
  let major = opt.major
  const require = createRequire(import.meta.url)
  if (file === undefined) {
    file = require.resolve('htmx.org/dist/htmx.min.js')
    const pkg = JSON.parse(readFileSync(require.resolve('htmx.org/package.json'), 'utf8')) as { version: string }
    major ??= Number(pkg.version.split('.')[0]) as 2 | 4
  } else if (major === undefined) {
    throw new LC_INVALID_OPTION('htmx.major', 'give the htmx line (2 or 4) together with htmx.file')
  }
  if (major !== 2 && major !== 4) throw new LC_INVALID_OPTION('htmx.major', `must be 2 or 4, got ${String(major)}`)
  const wsFile = opt.wsFile ?? require.resolve(major === 2 ? 'htmx-ext-ws/dist/ws.min.js' : 'htmx.org/dist/ext/hx-ws.min.js')
  let client: string
  try {
    client = readFileSync(CLIENT, 'utf8')
  } catch {
    throw new LC_CLIENT_MISSING(fileURLToPath(CLIENT))
  }
  return { major, assets: [asset('htmx', read('htmx.file', file)), asset('ws', read('htmx.wsFile', wsFile)), asset('live', client)] }
}

function read (option: string, file: string): string {
  try {
    return readFileSync(file, 'utf8')
  } catch {
    throw new LC_INVALID_OPTION(option, `cannot read ${file}`)
  }
}
