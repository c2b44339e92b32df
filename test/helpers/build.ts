/** @module test/helpers/build — the one `build(t)` helper: an app with the fixture components, closed on teardown. */
import Fastify, { type FastifyInstance, type LightMyRequestResponse } from 'fastify'
import { fileURLToPath } from 'node:url'
import components, { frameworkErrors, type LiveComponentsOptions } from 'fastify-livecomponents'
import { ALL, Counter } from '../fixtures/components.js'
import { SECURE } from '../fixtures/secure-components.js'
import { FIELD, HEADER, PATH } from '../../lib/protocol.js'
import { tokensOf } from './dom.js'

export const TEMPLATES = fileURLToPath(new URL('../fixtures/templates/', import.meta.url))
export const SECRET = 'test-secret-0123456789-abcdefghijklmnop'

interface Teardown { teardown: (fn: () => unknown) => void }

/** Log lines the app wrote, parsed. */
export type LogLine = Record<string, any>

/**
 * An app with the fixture components and a `/` page, closed when the test ends.
 * `logs` collects every log line (JSON) for assertions; `before` registers what the app has
 * before the plugin (a session plugin).
 */
export async function build (t: Teardown, opts: LiveComponentsOptions = {}, fastifyOpts: { frameworkErrors?: typeof frameworkErrors, before?: (app: FastifyInstance) => Promise<void> } = { frameworkErrors }): Promise<FastifyInstance & { logs: LogLine[] }> {
  const logs: LogLine[] = []
  const { before, ...fastifyOptions } = fastifyOpts
  const app = Fastify({
    ...fastifyOptions,
    logger: { level: 'info', stream: { write: (line: string) => { logs.push(JSON.parse(line)) } } }
  }) as unknown as FastifyInstance & { logs: LogLine[] }
  app.logs = logs
  // the user, the usual Fastify way: tests say who they are in an x-test-user header (JSON)
  app.decorateRequest('user', null)
  app.addHook('onRequest', async (request) => {
    const header = request.headers['x-test-user']
    ;(request as { user?: unknown }).user = typeof header === 'string' ? JSON.parse(header) : null
  })
  await before?.(app)
  await app.register(components, { components: [...ALL, ...SECURE], templates: [TEMPLATES], secrets: [SECRET], ...opts })
  app.get('/', (_req, reply) => reply.page('page.njk', { title: '<Shop & "co">' }))
  app.get('/secure', (_req, reply) => reply.page('secure-page.njk'))
  t.teardown(() => app.close())
  Counter.calls = []
  return app
}

export { tokensOf } from './dom.js'

/** What one command POST sends. */
export interface CommandCall {
  component: string
  command: string
  /** positional segments, already in URL form (encoded by the caller when needed) */
  path?: string[]
  id: string
  tokens: Iterable<string>
  fields?: Array<[string, string]>
  headers?: Record<string, string>
}

/** POST a command the way htmx does: urlencoded body with the instance id and every state token. */
export async function post (app: FastifyInstance, call: CommandCall): Promise<LightMyRequestResponse> {
  const body = new URLSearchParams([[FIELD.id, call.id], ...[...call.tokens].map((tok): [string, string] => [FIELD.state, tok]), ...(call.fields ?? [])])
  const url = `/components/${call.component}/${PATH.command}/${call.command}${(call.path ?? []).map((s) => '/' + s).join('')}`
  return await app.inject({
    method: 'POST',
    url,
    payload: body.toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', [HEADER.request.toLowerCase()]: 'true', ...call.headers }
  })
}

/** Load `/` and return its html and tokens. */
export async function loadPage (app: FastifyInstance): Promise<{ html: string, tokens: Map<string, string> }> {
  const res = await app.inject('/')
  return { html: res.body, tokens: tokensOf(res.body) }
}

/** The decoded payload of a token (no verification), for assertions. */
export function claimsOf (token: string): { n: string, i: string, p: string | null, k: number, r: string, v: number, t: number, s: any, b?: string } {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'))
}

/**
 * Resolves once `check()` is true (or resolves true), checked every 25 ms: a wait for a condition,
 * never for a fixed time. Rejects after `timeoutMs` (a failure bound, generous for a busy machine).
 */
export async function until (check: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const started = Date.now()
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`waited ${timeoutMs} ms for: ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}
