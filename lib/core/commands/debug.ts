/** @module core/commands/debug — what a failure was, for the `development` error overlay and page: never built in production. */
import type { FastifyRequest } from 'fastify'

/** Most causes listed, and most characters of each message. */
const MAX_CAUSES = 5
const MAX_MESSAGE = 500

/**
 * What went wrong, for a developer: shown by the client helper's overlay (a failed command) or the
 * development error page (a failed page render), in the manner of Livewire's, Symfony's and Vite's
 * development error screens. Built only with `development: true`: it carries exception messages,
 * which production never shows.
 *
 * @example
 * { component: 'product-row', command: 'add', template: 'product-row.njk', line: 3, column: 12,
 *   causes: [{ code: 'LC_RENDER_FAILED', message: '…' }, { name: 'Template render error', message: '…' }] }
 */
export interface DebugDetail {
  /** the registered component name, when a component failed */
  component?: string
  /** the command, when a command failed */
  command?: string
  /** the template nunjucks reported, when a template failed */
  template?: string
  /** its line and column, 1-based (left out when nunjucks gives none: its first line) */
  line?: number
  column?: number
  /** the error and its `cause` chain, outermost first: code (or name) and message, each at most 500 characters */
  causes: Array<{ code?: string, name?: string, message: string }>
}

/** nunjucks' `(path) [Line l, Column c]` prefix, 0-based, the position left out on the first line */
const NUNJUCKS_POSITION = /^\(([^()\n]+)\)(?:\s*\[Line (\d+), Column (\d+)\])?\n/

/**
 * The {@link DebugDetail} of an error: its cause chain (at most 5), the first template position
 * nunjucks reported in it, and the component and command of a command request.
 *
 * @example
 * debugDetail(err, request).causes[0].code // 'LC_RENDER_FAILED'
 */
export function debugDetail (error: unknown, request?: FastifyRequest): DebugDetail {
  const detail: DebugDetail = { causes: [] }
  const params = request?.params as { name?: unknown, command?: unknown } | undefined
  if (typeof params?.name === 'string') detail.component = params.name
  if (typeof params?.command === 'string') detail.command = params.command
  const seen = new Set<unknown>()
  for (let err = error; err !== undefined && err !== null && !seen.has(err) && detail.causes.length < MAX_CAUSES; err = (err as { cause?: unknown }).cause) {
    seen.add(err)
    const { code, name, message } = err as { code?: unknown, name?: unknown, message?: unknown }
    const text = String(message ?? err).slice(0, MAX_MESSAGE)
    detail.causes.push({ ...(typeof code === 'string' ? { code } : {}), ...(typeof name === 'string' && typeof code !== 'string' ? { name } : {}), message: text })
    const at = detail.template === undefined ? NUNJUCKS_POSITION.exec(text) : null
    if (at !== null && at[1] !== 'unknown path') {
      detail.template = at[1]
      if (at[2] !== undefined) Object.assign(detail, { line: Number(at[2]) + 1, column: Number(at[3]) + 1 })
    }
    const component = /[Cc]omponent "([^"]+)"/.exec(text)?.[1]
    if (component !== undefined && detail.component === undefined) detail.component = component
  }
  return detail
}
