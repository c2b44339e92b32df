/** @module features/assets/feature — the scripts as a feature: content-hashed, immutable routes and the `live_scripts()` and `live_errors()` helpers. */
import type { FastifyInstance } from 'fastify'
import type { Feature } from '../../core/hooks.js'
import { hooksOf, type Host } from '../../core/host.js'
import { PARTIAL } from '../../core/render/partials.js'
import { ATTR, ELEMENT_ID, PATH } from '../../protocol.js'
import type { Assets } from './assets.js'

/**
 * The assets feature: serves `GET {prefix}/assets/<name>.<hash>.js` for htmx, idiomorph's htmx
 * extension (htmx 2 only), its WebSocket extension (htmx-ext-ws on htmx 2, `hx-ws` on htmx 4)
 * and the plugin's client, each with
 * `Cache-Control: public, max-age=31536000, immutable` (the URL changes with the content), and
 * adds two template helpers:
 * - `live_scripts()`: the features' head elements (the CSRF `<meta>`) and the `<script>`
 *   tags (the `livecomponents/scripts.njk` partial);
 * - `live_errors()`: a region (`livecomponents/errors.njk`, `role="alert"`) where the client
 *   shows the message of every `live:error` (error responses, refused socket messages, network
 *   failures) as text.
 *
 * @example
 * const feature = assetsFeature(host, loadAssets())
 */
export function assetsFeature (host: Host, assets: Assets): Feature {
  const urls = assets.assets.map((a) => `${host.prefix}${PATH.assets}/${a.name}.${a.hash}.js`)
  return {
    name: 'assets',
    async setup (app: FastifyInstance) {
      for (const [i, a] of assets.assets.entries()) {
        app.get(urls[i], async (_req, reply) => await reply
          .type('text/javascript; charset=utf-8')
          .header('Cache-Control', 'public, max-age=31536000, immutable')
          .send(a.source))
      }
    },
    helpers: {
      live_scripts: (scope) => {
        const head = hooksOf(host).pageHead.map((f) => f.pageHead!(scope.pass) ?? '').join('')
        return host.partials.render(PARTIAL.scripts, { head: host.partials.safe(head), scripts: urls })
      },
      live_errors: () => host.partials.render(PARTIAL.errors, { attrs: host.partials.safe(`id="${ELEMENT_ID.errors}" ${ATTR.errors}`) })
    }
  }
}
