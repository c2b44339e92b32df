/** @module test/permissions-push — pushed and refreshed renders check the permissions of every component they contain, for each socket's own viewer. */
import t from 'tap'
import { PublicBoard, StaffNote } from './fixtures/nested-components.js'
import { build } from './helpers/build.js'
import { connect, isType, parsePage, subscribeMsg } from './helpers/push.js'
import { parse } from './helpers/dom.js'

const STAFF = JSON.stringify({ name: 'ann', isStaff: true })
const SECRET_TEXT = 'Margin target'
const isRender = (m: string): boolean => m.startsWith('<')

async function app (t: Parameters<typeof build>[0]) {
  const a = await build(t, { components: [PublicBoard, StaffNote] })
  a.get('/board', (_req, reply) => reply.page('nested/page.njk'))
  PublicBoard.edition = 1
  return a
}

/** The staff note inside a pushed board: its text, or its refusal status. */
function note (html: string): { text: string, denied: string | null } {
  const el = parse(html).querySelector('[data-lc="staff-note"]')!
  return { text: el.textContent ?? '', denied: el.getAttribute('data-lc-denied') ?? null }
}

t.test('the page: an anonymous visitor sees the board, and the staff note refused', async (t) => {
  const a = await app(t)
  const anon = (await a.inject('/board')).body
  t.same(note(anon), { text: '', denied: '401' })
  const staff = (await a.inject({ url: '/board', headers: { 'x-test-user': STAFF } })).body
  t.match(note(staff).text, SECRET_TEXT)
})

t.test('notify: an anonymous socket gets the board with the note refused; a staff socket with the note; never shared', async (t) => {
  const a = await app(t)
  const page = parsePage((await a.inject('/board')).body)
  t.ok(page.subs.has('board'), 'the public board has a subscription token')
  const anon = await connect(a)
  const staff = await connect(a, '', { 'x-test-user': STAFF })
  // the same state tokens: without the per-viewer render the two would share one render
  t.same(JSON.parse(await anon.ask(subscribeMsg(page, ['board']), isType('subscribed'))).ids, ['board'])
  t.same(JSON.parse(await staff.ask(subscribeMsg(page, ['board']), isType('subscribed'))).ids, ['board'])
  PublicBoard.edition = 2
  await a.components.notify('board')
  const toAnon = await anon.next(isRender)
  const toStaff = await staff.next(isRender)
  t.match(toAnon, 'edition 2')
  t.notMatch(toAnon, SECRET_TEXT, 'the staff-only child is not in the anonymous push')
  t.same(note(toAnon), { text: '', denied: '401' })
  t.match(toStaff, 'edition 2')
  t.match(note(toStaff).text, SECRET_TEXT, 'staff get it')
})

t.test('refresh: the render a socket asks for checks the nested permissions too', async (t) => {
  const a = await app(t)
  const page = parsePage((await a.inject('/board')).body)
  const anon = await connect(a)
  const msg = JSON.stringify({ type: 'subscribe', subs: [{ sub: page.subs.get('board'), state: [page.tokens.get('board')], refresh: true }] })
  anon.ws.send(msg)
  const pushed = await anon.next(isRender)
  t.notMatch(pushed, SECRET_TEXT)
  t.same(note(pushed), { text: '', denied: '401' })
})
