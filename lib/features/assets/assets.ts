/** @module assets — serves htmx from node_modules and the plugin's small client script. */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import type { FastifyInstance, FastifyReply } from 'fastify'
import { LC_INVALID_OPTION } from '../../errors.js'
import { OWN_TEMPLATES } from '../../render/renderer.js'

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
 * The resolved htmx build.
 *
 * @example
 * const { major, source } = loadHtmx()
 */
export interface HtmxAsset {
  major: 2 | 4
  source: string
  /** the WebSocket extension of that line */
  ws: string
}

/**
 * Reads the htmx build once, at register time.
 *
 * @throws LC_INVALID_OPTION when `file` is given without `major`, the file cannot be read,
 *   or the major is not 2 or 4
 * @example
 * loadHtmx({ major: 2, file: require.resolve('htmx.org/dist/htmx.min.js') })
 */
export function loadHtmx (opt: HtmxOption = {}): HtmxAsset {
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
  return { major, source: read('htmx.file', file), ws: read('htmx.wsFile', wsFile) }
}

function read (option: string, file: string): string {
  try {
    return readFileSync(file, 'utf8')
  } catch {
    throw new LC_INVALID_OPTION(option, `cannot read ${file}`)
  }
}

const CLIENT = readFileSync(join(OWN_TEMPLATES, 'live-client.js'), 'utf8')

/**
 * Registers `GET {prefix}/assets/htmx.js`, `GET {prefix}/assets/ws.js` (the htmx WebSocket
 * extension of that line) and `GET {prefix}/assets/live.js` (register it with the prefix). The
 * page loads all three through the `live_scripts()` template helper.
 *
 * @example
 * await app.register(assetRoutes, { prefix: '/components', htmx: loadHtmx() })
 */
export async function assetRoutes (app: FastifyInstance, opts: { htmx: HtmxAsset }): Promise<void> {
  const serve = (body: string) => async (_req: unknown, reply: FastifyReply) =>
    reply.type('text/javascript; charset=utf-8').header('Cache-Control', 'public, max-age=300').send(body)
  app.get('/assets/htmx.js', serve(opts.htmx.source))
  app.get('/assets/ws.js', serve(opts.htmx.ws))
  app.get('/assets/live.js', serve(CLIENT))
}
