/** @module core/render/renderer — the Renderer interface and its nunjucks implementation. */
import nunjucks, { type Environment } from 'nunjucks'
import { fileURLToPath } from 'node:url'

/**
 * The plugin's own templates folder (`templates/` at the package root).
 *
 * @example
 * new nunjucks.FileSystemLoader([...userPaths, OWN_TEMPLATES])
 */
export const OWN_TEMPLATES = fileURLToPath(new URL('../../../templates/', import.meta.url))

/**
 * A template engine, seen by the plugin: `render(template, context)` returns HTML.
 * `safe(html)` marks plugin-made HTML (component markup, attributes from `cmd()`) so that the
 * engine's autoescaping leaves it alone. Everything else must be escaped by the engine.
 *
 * @example
 * const renderer: Renderer = { render: (t, ctx) => eta.render(t, ctx), safe: (html) => html }
 */
export interface Renderer {
  /** Render `template` with `context`; may return a promise. */
  render (template: string, context: Record<string, unknown>): string | Promise<string>
  /** Mark trusted HTML so the engine does not escape it. */
  safe (html: string): unknown
  /**
   * Whether `template` exists. Optional: when given, every component's `template` (and
   * `deniedTemplate`) is checked at register, so a missing file is `LC_INVALID_COMPONENT` at
   * start-up instead of a 500 at its first render.
   */
  has? (template: string): boolean
}

/**
 * Options of {@link NunjucksRenderer}.
 *
 * @example
 * new NunjucksRenderer({ paths: ['views'], development: true, configure: (env) => env.addFilter('money', (n) => `€${n}`) })
 */
export interface NunjucksRendererOptions {
  /** Folders searched for templates, first match wins; the plugin's `templates/` comes last. */
  paths: string[]
  /** Development mode: templates are read again on every render (no cache). Default false. */
  development?: boolean
  /** Called once with the Environment, to add filters or globals. */
  configure?: (env: Environment) => void
}

/**
 * Renders with a private `nunjucks.Environment` (never `nunjucks.configure`, so it does not
 * touch any other nunjucks user in the process), autoescaping on, caching on except in
 * development.
 *
 * @example
 * const r = new NunjucksRenderer({ paths: ['views'] })
 * r.render('page.njk', { title: '<b>' }) // the title comes out escaped
 */
export class NunjucksRenderer implements Renderer {
  /** The Environment, for filters and globals. */
  readonly env: Environment

  constructor (opts: NunjucksRendererOptions) {
    const loader = new nunjucks.FileSystemLoader([...opts.paths, OWN_TEMPLATES], { noCache: opts.development === true })
    this.env = new nunjucks.Environment(loader, { autoescape: true, throwOnUndefined: false })
    opts.configure?.(this.env)
  }

  render (template: string, context: Record<string, unknown>): string {
    return this.env.render(template, context)
  }

  safe (html: string): unknown {
    return new nunjucks.runtime.SafeString(html)
  }

  /** Whether a templates folder (or the plugin's own) has `template`. */
  has (template: string): boolean {
    const loaders = (this.env as unknown as { loaders: Array<{ getSource: (name: string) => unknown }> }).loaders
    return loaders.some((l) => l.getSource(template) !== null)
  }
}

/**
 * HTML-escapes a string for text or a double-quoted attribute, with nunjucks' own escaper.
 *
 * @example
 * escapeHtml('"a" & <b>') // '&quot;a&quot; &amp; &lt;b&gt;'
 */
export function escapeHtml (value: string): string {
  return (nunjucks.lib as unknown as { escape: (s: string) => string }).escape(value)
}
