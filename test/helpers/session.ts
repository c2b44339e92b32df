/** @module test/helpers/session — an app with @fastify/session, login and logout routes, and pages loaded in a session of their own. */
import cookie from '@fastify/cookie'
import csrf from '@fastify/csrf-protection'
import session from '@fastify/session'
import type { FastifyInstance } from 'fastify'
import type { LiveComponentsOptions } from 'fastify-livecomponents'
import { build } from './build.js'
import { parsePage, type PushPage } from './push.js'

interface Teardown { teardown: (fn: () => unknown) => void }

declare module 'fastify' {
  interface Session { user?: { name: string, isStaff: boolean } | null }
}

/**
 * `build(t)` with @fastify/session registered first (in-memory store), the user read from the
 * session (the `user` option), `/push` and `/board` pages, and:
 * - `POST /login?staff=1`: regenerates the session, as a login must, and signs in;
 * - `POST /logout`: regenerates the session (the old one is destroyed in the store);
 * - `POST /demote`: the same session, but no longer staff.
 * With `extra.csrf`, @fastify/csrf-protection keeps its secret in the session.
 */
export async function sessionApp (t: Teardown, opts: LiveComponentsOptions = {}, extra: { csrf?: boolean } = {}): Promise<FastifyInstance & { logs: unknown[] }> {
  return await build(t, { user: (req) => req.session.get('user') ?? null, ...opts }, {
    before: async (app) => {
      await app.register(cookie)
      await app.register(session, { secret: 'session-secret-0123456789-abcdefghijkl', cookie: { secure: false }, saveUninitialized: true })
      if (extra.csrf === true) await app.register(csrf, { sessionPlugin: '@fastify/session' })
      app.post('/login', async (req) => {
        await req.session.regenerate()
        req.session.set('user', { name: 'ann', isStaff: (req.query as { staff?: string }).staff === '1' })
        return 'ok'
      })
      app.post('/logout', async (req) => { await req.session.regenerate(); return 'ok' })
      app.post('/demote', async (req) => { req.session.set('user', { name: 'ann', isStaff: false }); return 'ok' })
    }
  })
}

/** The cookie a response sets, as a request `cookie` header. */
export function cookieOf (res: { headers: Record<string, unknown> }): string {
  const set = res.headers['set-cookie']
  return String(Array.isArray(set) ? set[0] : set).split(';')[0]
}

/** Load `url` (default /push) in a session (a new one without `cookieHeader`): its cookie and the page. */
export async function visit (app: FastifyInstance, cookieHeader?: string, url = '/push'): Promise<{ cookie: string, page: PushPage }> {
  const res = await app.inject({ url, headers: cookieHeader === undefined ? {} : { cookie: cookieHeader } })
  return { cookie: cookieHeader ?? cookieOf(res), page: parsePage(res.body) }
}
