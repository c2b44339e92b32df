/** @module features/assets/assets — the scripts a page loads: htmx from node_modules, its WebSocket extension and the plugin's client, content-hashed. */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { LC_CLIENT_MISSING, LC_INVALID_OPTION } from '../../errors.js'

/**
 * Which htmx the pages load. Usually nothing to set: the plugin serves the `htmx.org` your app
 * installed (`npm install htmx.org@2` or `htmx.org@4`) and writes markup for its line.
 *
 * @example
 * const htmx: HtmxOption = { file: fileURLToPath(import.meta.resolve('htmx.org/dist/htmx.min.js')) }
 */
export interface HtmxOption {
  /**
   * The htmx line, 2 (2.0.11 or later: `<hx-partial>` and `HX-Reswap: none` out-of-band swaps) or 4.
   * Default: read from the file (its `version`). When given, it must match the file's version
   * (`LC_INVALID_OPTION` otherwise); it is required only for a build whose version cannot be read.
   */
  major?: 2 | 4
  /** Absolute path of an htmx build to serve. Default: `htmx.org/dist/htmx.min.js` as your app installed it. */
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
  /** htmx, idiomorph's htmx extension (htmx 2 only), the WebSocket extension of that line, the plugin's client */
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
 * The version an htmx build declares (`version:"2.0.11"` in htmx 2, `this.version="4.0.1"` in
 * htmx 4), or null when the file does not say.
 *
 * @example
 * htmxVersion('…version:"2.0.11"…') // [2, 0, 11]
 */
export function htmxVersion (source: string): [number, number, number] | null {
  const m = /\bversion\s*[:=]\s*["'](\d+)\.(\d+)\.(\d+)/.exec(source)
  return m === null ? null : [Number(m[1]), Number(m[2]), Number(m[3])]
}

/**
 * Reads htmx, its WebSocket extension and the client once, at register time. The htmx line is
 * the file's own version; a `major` that disagrees with it is refused, so the server never
 * writes markup for one line while the page loads the other.
 *
 * @throws LC_INVALID_OPTION when a file cannot be read, `major` is not 2 or 4, the file's version
 *   is not 2.0.11+ or 4, `major` disagrees with the file's version, or neither says the line
 * @throws LC_CLIENT_MISSING when the client bundle was never built (a repository checkout)
 * @example
 * loadAssets({ file: fileURLToPath(import.meta.resolve('htmx.org/dist/htmx.min.js')) })
 */
export function loadAssets (opt: HtmxOption = {}): Assets {
  const require = createRequire(import.meta.url)
  const file = opt.file ?? require.resolve('htmx.org/dist/htmx.min.js')
  if (opt.major !== undefined && opt.major !== 2 && opt.major !== 4) throw new LC_INVALID_OPTION('htmx.major', `must be 2 or 4, got ${String(opt.major)}`)
  const htmx = read('htmx.file', file)
  const version = htmxVersion(htmx)
  let major = opt.major
  if (version !== null) {
    const [maj, min, patch] = version
    const text = version.join('.')
    if (maj !== 2 && maj !== 4) throw new LC_INVALID_OPTION('htmx.file', `${file} is htmx ${text}; this plugin supports htmx 2.0.11+ and 4 (npm install htmx.org@4)`)
    if (maj === 2 && (min === 0 && patch < 11)) throw new LC_INVALID_OPTION('htmx.file', `${file} is htmx ${text}; htmx 2 must be 2.0.11 or later (npm install htmx.org@2)`)
    if (major !== undefined && major !== maj) throw new LC_INVALID_OPTION('htmx.major', `is ${major}, but ${file} is htmx ${text}: serve an htmx ${major} build, or drop htmx.major`)
    major = maj
  } else if (major === undefined) {
    throw new LC_INVALID_OPTION('htmx.major', `${file} does not say its htmx version: give the htmx line (2 or 4) together with htmx.file`)
  }
  const wsFile = opt.wsFile ?? require.resolve(major === 2 ? 'htmx-ext-ws/dist/ws.min.js' : 'htmx.org/dist/ext/hx-ws.min.js')
  let client: string
  try {
    client = readFileSync(CLIENT, 'utf8')
  } catch {
    throw new LC_CLIENT_MISSING(fileURLToPath(CLIENT))
  }
  // htmx 2 morphs through idiomorph, htmx's own morph library, as its htmx extension; htmx 4 morphs in core
  const morph = major === 2 ? [asset('morph', read('idiomorph', require.resolve('idiomorph/dist/idiomorph-ext.min.js')))] : []
  return { major, assets: [asset('htmx', htmx), ...morph, asset('ws', read('htmx.wsFile', wsFile)), asset('live', client)] }
}

function read (option: string, file: string): string {
  try {
    return readFileSync(file, 'utf8')
  } catch {
    throw new LC_INVALID_OPTION(option, `cannot read ${file}`)
  }
}
