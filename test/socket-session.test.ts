/** @module test/socket-session — a WebSocket acts for who opened it: the session is reloaded before each subscribe, refresh and delivery; a logout closes it (4002); page tokens never ride in URLs and stream only to their own session. */
import t from 'tap'
import { PublicBoard, StaffNote } from './fixtures/nested-components.js'
import { ALL } from './fixtures/components.js'
import { Progress, PUSH } from './fixtures/push-components.js'
import { parse } from './helpers/dom.js'
import { post } from './helpers/build.js'
import { connect, connectPage, isType, parsePage, subscribeMsg } from './helpers/push.js'
import { cookieOf, sessionApp, visit } from './helpers/session.js'
import { CLOSE, ELEMENT_ID } from '../lib/protocol.js'

const SECRET_TEXT = 'Margin target'
const isRender = (m: string): boolean => m.startsWith('<')
const frame = (m: string): boolean => m.includes('data-lc-frame')

async function app (t: Parameters<typeof sessionApp>[0], opts: Parameters<typeof sessionApp>[1] = {}) {
  const a = await sessionApp(t, { components: [...ALL, ...PUSH, PublicBoard, StaffNote], ...opts })
  a.get('/board', (_req, reply) => reply.page('nested/page.njk'))
  a.get('/push', (_req, reply) => reply.page('push-page.njk'))
  PublicBoard.edition = 1
  return a
}

/** Sign in as staff in a fresh session and load the board: the cookie, the page and an open, subscribed socket. */
async function staffOnBoard (a: Awaited<ReturnType<typeof app>>) {
  const cookie = cookieOf(await a.inject({ method: 'POST', url: '/login?staff=1' }))
  const { page } = await visit(a, cookie, '/board')
  const ws = await connectPage(a, page.pageToken, { cookie })
  t.same(JSON.parse(await ws.ask(subscribeMsg(page, ['board']), isType('subscribed'))).ids, ['board'])
  return { cookie, page, ws }
}

t.test('the page token is on the connection element, not in the WebSocket URL (request logs record URLs)', async (t) => {
  const a = await app(t)
  const { page } = await visit(a)
  const el = parse(page.html).getElementById(ELEMENT_ID.connection)!
  const url = el.getAttribute('ws-connect') ?? el.getAttribute('hx-ws:connect')
  t.equal(url, '/components/ws', 'a bare URL')
  t.match(page.pageToken, /^p1\./, 'the signed page token is on the element')
})

t.test('logout: the socket opened before it is closed with 4002 at its next message, and gets nothing', async (t) => {
  const a = await app(t)
  const { cookie, page, ws } = await staffOnBoard(a)
  await a.inject({ method: 'POST', url: '/logout', headers: { cookie } })
  ws.ws.send(subscribeMsg(page, ['board']))
  const closed = await ws.closed
  t.equal(closed.code, CLOSE.SESSION_CHANGED)
  t.notOk(ws.messages.slice(2).some((m) => m.includes(SECRET_TEXT)), 'no staff content after the logout')
})

t.test('logout: a delivery closes the socket (4002) instead of rendering for it', async (t) => {
  const a = await app(t)
  const { cookie, ws } = await staffOnBoard(a)
  await a.inject({ method: 'POST', url: '/logout', headers: { cookie } })
  PublicBoard.edition = 2
  await a.components.notify('board')
  t.equal((await ws.closed).code, CLOSE.SESSION_CHANGED)
  t.notOk(ws.messages.some((m) => m.includes('edition 2')), 'the board was not pushed to it')
})

t.test('the user changed in the same session: pushes are rendered for the user as the session says now', async (t) => {
  const a = await app(t)
  const { cookie, ws } = await staffOnBoard(a)
  await a.components.notify('board')
  t.match(await ws.next(isRender), SECRET_TEXT, 'staff see the note')
  await a.inject({ method: 'POST', url: '/demote', headers: { cookie } })
  PublicBoard.edition = 3
  await a.components.notify('board')
  const pushed = await ws.next(isRender)
  t.match(pushed, 'edition 3')
  t.notMatch(pushed, SECRET_TEXT, 'no longer staff: the note is refused in the push')
  t.equal(parse(pushed).querySelector('[data-lc="staff-note"]')!.getAttribute('data-lc-denied'), '403')
})

t.test('with the socketId option, a socket whose id changed is closed (4002)', async (t) => {
  const a = await app(t, { socketId: (req) => req.session.get('user')?.isStaff === true ? 'staff:ann' : undefined })
  const { cookie, page, ws } = await staffOnBoard(a)
  await a.inject({ method: 'POST', url: '/demote', headers: { cookie } })
  ws.ws.send(subscribeMsg(page, ['board']))
  t.equal((await ws.closed).code, CLOSE.SESSION_CHANGED)
})

t.test('a socket without a stored session stays open: nothing changed under it', async (t) => {
  const a = await app(t)
  const { page } = await visit(a, undefined, '/board')
  const ws = await connect(a)
  const answer = JSON.parse(await ws.ask(subscribeMsg(page, ['board'])))
  t.equal(answer.type, 'subscribed', 'answered, not closed')
  t.same(answer.ids, [], 'another session\'s tokens are refused as before')
})

t.test('streamed frames go only to a page of the same session: a copied page token in LC-Page streams nothing', async (t) => {
  Progress.log = []
  Progress.gate = async () => {}
  Progress.failAt = -1
  const a = await app(t)
  const victim = await visit(a)
  const ws = await connectPage(a, victim.page.pageToken, { cookie: victim.cookie })
  const attacker = await visit(a)
  const call = { component: 'progress', command: 'run', path: ['2'], id: 'progress' }
  const foreign = await post(a, { ...call, tokens: [attacker.page.tokens.get('progress')!], headers: { cookie: attacker.cookie, 'lc-page': victim.page.pageToken } })
  t.equal(foreign.statusCode, 200, 'the attacker\'s own command runs')
  const own = await post(a, { ...call, tokens: [victim.page.tokens.get('progress')!], headers: { cookie: victim.cookie, 'lc-page': victim.page.pageToken } })
  t.equal(own.statusCode, 200)
  await ws.next(frame)
  await ws.next(frame)
  t.equal(ws.messages.filter(frame).length, 2, 'only the victim\'s own two frames reached its page')
  t.ok(a.logs.some((l: any) => /page header of another session/.test(l.msg)), 'the foreign page header is logged')
})

t.test('a notify renders once per session: each session gets state tokens bound to itself, and can subscribe with them', async (t) => {
  const a = await app(t)
  const one = await visit(a)
  const two = await visit(a)
  const c1 = await connectPage(a, one.page.pageToken, { cookie: one.cookie })
  const c2 = await connectPage(a, two.page.pageToken, { cookie: two.cookie })
  await c1.ask(subscribeMsg(one.page, ['stock:1']), isType('subscribed'))
  await c2.ask(subscribeMsg(two.page, ['stock:1']), isType('subscribed'))
  await a.components.notify('stock:1')
  const p1 = parsePage(await c1.next(isRender))
  const p2 = parsePage(await c2.next(isRender))
  t.not(p1.tokens.get('stock:1'), p2.tokens.get('stock:1'), 'not one render shared between the sessions')
  // each page re-subscribes with what it was pushed, as the client helper does
  t.same(JSON.parse(await c1.ask(subscribeMsg(p1, ['stock:1']), isType('subscribed'))).ids, ['stock:1'])
  t.same(JSON.parse(await c2.ask(subscribeMsg(p2, ['stock:1']), isType('subscribed'))).ids, ['stock:1'], 'the second session\'s pushed tokens are its own')
})
