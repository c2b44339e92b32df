/** @module test/helpers/push — pages with push components, WebSocket clients that collect messages, subscribe messages. */
import type { FastifyInstance } from 'fastify'
import type { LiveComponentsOptions } from 'fastify-livecomponents'
import WebSocket from 'ws'
import { ALL } from '../fixtures/components.js'
import { PUSH } from '../fixtures/push-components.js'
import { build } from './build.js'
import { connectionOf, subsOf, tokensOf } from './dom.js'
import { WS } from '../../lib/protocol.js'

interface Teardown { teardown: (fn: () => unknown) => void }

/** `build(t)` with the push fixtures and a `/push` page. */
export async function pushApp (t: Teardown, opts: LiveComponentsOptions = {}): Promise<Awaited<ReturnType<typeof build>>> {
  const app = await build(t, { components: [...ALL, ...PUSH], ...opts })
  app.get('/push', (_req, reply) => reply.page('push-page.njk'))
  return app
}

/** What a loaded push page holds. */
export interface PushPage {
  html: string
  tokens: Map<string, string>
  /** data-lc-sub by instance id */
  subs: Map<string, string>
  pageToken: string
}

/** Parse a page (or a fragment) for its state tokens, subscription tokens and page token. */
export function parsePage (html: string): PushPage {
  return { html, tokens: tokensOf(html), subs: subsOf(html), ...connectionOf(html) }
}

/** Load `/push`. */
export async function loadPushPage (app: FastifyInstance): Promise<PushPage> {
  return parsePage((await app.inject('/push')).body)
}

/** The subscribe message the browser sends for these instances (own state token only). */
export function subscribeMsg (page: Pick<PushPage, 'subs' | 'tokens'>, ids: string[]): string {
  return JSON.stringify({ type: WS.subscribe, subs: ids.map((id) => ({ sub: page.subs.get(id), state: [page.tokens.get(id)] })) })
}

/** A WebSocket client that keeps every message it receives. */
export interface Client {
  ws: WebSocket
  messages: string[]
  /** resolves with the first message (from `from` on) matching `pred` */
  next: (pred?: (m: string) => boolean, timeoutMs?: number) => Promise<string>
  /** send and wait for the reply matching `pred` */
  ask: (text: string, pred?: (m: string) => boolean) => Promise<string>
  closed: Promise<{ code: number, reason: string }>
}

/** Wrap a ws client (from injectWS or a real connection). */
export function collect (ws: WebSocket): Client {
  const messages: string[] = []
  let seen = 0
  const waiters = new Set<() => void>()
  ws.on('message', (data) => {
    messages.push(data.toString())
    for (const w of waiters) w()
  })
  const closed = new Promise<{ code: number, reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })))
  const next = async (pred: (m: string) => boolean = () => true, timeoutMs = 30_000): Promise<string> => await new Promise((resolve, reject) => {
    const check = (): void => {
      for (; seen < messages.length; seen++) {
        if (pred(messages[seen])) {
          const m = messages[seen++]
          waiters.delete(check)
          clearTimeout(timer)
          resolve(m)
          return
        }
      }
    }
    const timer = setTimeout(() => { waiters.delete(check); reject(new Error(`no matching message in ${timeoutMs} ms; got ${JSON.stringify(messages).slice(0, 2000)}`)) }, timeoutMs)
    waiters.add(check)
    check()
  })
  return {
    ws,
    messages,
    next,
    ask: async (text, pred = (m) => m.startsWith('{')) => { ws.send(text); return await next(pred) },
    closed
  }
}

/** Connect through `app.injectWS` (no listening socket). */
export async function connect (app: FastifyInstance, query = '', headers: Record<string, string> = {}): Promise<Client> {
  const ws = await app.injectWS(`/components/ws${query}`, { headers })
  const client = collect(ws as unknown as WebSocket)
  return client
}

/** Connect and say `hello` with the page token, as the client helper does; resolves once it was accepted. */
export async function connectPage (app: FastifyInstance, pageToken: string, headers: Record<string, string> = {}): Promise<Client> {
  const client = await connect(app, '', headers)
  const answer = await client.ask(JSON.stringify({ type: WS.hello, page: pageToken }))
  if (JSON.parse(answer).type !== WS.hello) throw new Error(`hello refused: ${answer}`)
  return client
}

/** Whether a message is JSON of this type. */
export const isType = (type: string) => (m: string): boolean => m.startsWith('{') && JSON.parse(m).type === type
