/** @module core/render/partials — the plugin's own nunjucks partials (`templates/livecomponents/*.njk`), which users may override. */
import nunjucks, { type Environment } from 'nunjucks'
import { LC_RENDER_FAILED } from '../../errors.js'

/**
 * The partials the plugin renders, by name. A file of the same path in one of the user's
 * `templates` folders replaces the plugin's (the user's folders are searched first).
 *
 * @example
 * // views/livecomponents/denied.njk overrides what a refused component shows
 * partials.render(PARTIAL.denied, { status: 401, id: 'admin' })
 */
export const PARTIAL = {
  /** `live_scripts()`: the head elements and script tags; variables `head` (trusted HTML: keep it), `scripts` (URLs) */
  scripts: 'livecomponents/scripts.njk',
  /** `live_connect()`: the WebSocket connection element; variable `attrs` (its attributes, trusted) */
  connect: 'livecomponents/connect.njk',
  /** `live_errors()`: the region where error messages appear; variable `attrs` */
  errors: 'livecomponents/errors.njk',
  /** the body of a component refused to the viewer, without `deniedTemplate`; variables `status`, `id` */
  denied: 'livecomponents/denied.njk',
  /** a lazy component's placeholder, without `static placeholder`; variables `id`, `name`, `props` */
  lazy: 'livecomponents/lazy.njk',
  /** `field_error(name)`: a field's error element; variables `id`, `attrs`, `errors` (messages) */
  fieldError: 'livecomponents/field-error.njk',
  /** development only: the page sent when `reply.page` fails; variables `page` (the template), `detail` (a DebugDetail) */
  devError: 'livecomponents/dev-error.njk'
} as const

/**
 * Renders the plugin's partials synchronously (template helpers are synchronous), with a
 * nunjucks Environment whose loader searches the user's template folders first and the plugin's
 * `templates/` last. Autoescaping is on: every variable but `attrs` is escaped. The output is
 * trimmed, so a trailing newline in an overriding file does not reach the page.
 *
 * @example
 * const partials = new Partials(renderer.env)
 * partials.render(PARTIAL.fieldError, { attrs, errors: ['is required'] })
 */
export class Partials {
  constructor (private readonly env: Environment) {}

  /**
   * @throws LC_RENDER_FAILED (500) naming the partial, with the engine's error as `cause`
   */
  render (name: string, context: Record<string, unknown>): string {
    try {
      return this.env.render(name, context).trim()
    } catch (err) {
      throw Object.assign(new LC_RENDER_FAILED(name), { cause: err })
    }
  }

  /** Mark plugin-made attributes as trusted for the partial. */
  safe (html: string): unknown {
    return new nunjucks.runtime.SafeString(html)
  }
}
