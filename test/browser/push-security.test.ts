/** @module test/browser/push-security — in Chromium with real htmx 4 and 2: pushes check nested permissions per viewer, a logout reaches open sockets, and pushed HTML never carries the CSRF token. */
import t from 'tap'
import type { BrowserContext, Page } from 'playwright-core'
import { PublicBoard, StaffNote } from '../fixtures/nested-components.js'
import { ALL } from '../fixtures/components.js'
import { levels, PUSH } from '../fixtures/push-components.js'
import { sessionApp } from '../helpers/session.js'
import { htmxOption, launch } from './browser.js'

const SECRET_TEXT = 'Margin target'
const NOTE = '[data-lc="staff-note"]'

const browser = await launch(t)

/**
 * A page in a browser context (its cookies: its session), with every frame its sockets
 * received; resolves once the server answered the page's first subscribe.
 */
async function open (ctx: BrowserContext, url: string): Promise<{ page: Page, frames: string[], errors: string[] }> {
  const page = await ctx.newPage()
  const frames: string[] = []
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  const subscribed = new Promise<void>((resolve) => {
    page.on('websocket', (ws) => ws.on('framereceived', (f) => {
      frames.push(String(f.payload))
      if (String(f.payload).includes('"subscribed"')) resolve()
    }))
  })
  await page.goto(url)
  await subscribed
  return { page, frames, errors }
}

for (const major of browser !== null ? [4, 2] as const : []) {
  t.test(`push security on htmx ${major}`, async (t) => {
    const app = await sessionApp(t, { components: [...ALL, ...PUSH, PublicBoard, StaffNote], htmx: htmxOption(major) }, { csrf: true })
    app.get('/board', (_req, reply) => reply.page('nested/page.njk'))
    app.get('/push', (_req, reply) => reply.page('push-page.njk'))
    const base = await app.listen({ port: 0, host: '127.0.0.1' })
    PublicBoard.edition = 1

    t.test('a pushed board shows the staff-only note to staff only, refused to the anonymous page', async (t) => {
      const anonCtx = await browser!.newContext()
      const staffCtx = await browser!.newContext()
      t.teardown(async () => { await anonCtx.close(); await staffCtx.close() })
      await staffCtx.request.post(`${base}/login?staff=1`)
      const anon = await open(anonCtx, `${base}/board`)
      const staff = await open(staffCtx, `${base}/board`)
      t.equal(await anon.page.locator(NOTE).getAttribute('data-lc-denied'), '401', 'the page render refuses it')
      PublicBoard.edition = 2
      await app.components.notify('board')
      for (const p of [anon.page, staff.page]) await p.waitForFunction(() => document.querySelector('h2')?.textContent?.includes('edition 2') === true)
      t.equal(await anon.page.locator(NOTE).getAttribute('data-lc-denied'), '401', 'the pushed board refuses it too')
      t.notMatch(await anon.page.content(), SECRET_TEXT)
      t.notOk(anon.frames.some((f) => f.includes(SECRET_TEXT)), 'not even in a frame the anonymous socket received')
      t.match(await staff.page.locator(NOTE).textContent(), SECRET_TEXT, 'staff see it pushed')
      t.same([...anon.errors, ...staff.errors], [])
    })

    t.test('logging out in another tab: the open page\'s socket is closed (4002) and the page reloads as anonymous', async (t) => {
      const ctx = await browser!.newContext()
      t.teardown(() => ctx.close())
      await ctx.request.post(`${base}/login?staff=1`)
      const tab = await open(ctx, `${base}/board`)
      t.match(await tab.page.locator(NOTE).textContent(), SECRET_TEXT)
      await ctx.request.post(`${base}/logout`)
      PublicBoard.edition = 3
      const reloaded = tab.page.waitForEvent('load')
      await app.components.notify('board')
      await reloaded
      await tab.page.waitForSelector(`${NOTE}[data-lc-denied="401"]`, { state: 'attached' })
      t.notMatch(await tab.page.content(), SECRET_TEXT, 'the staff note is gone')
      t.match(await tab.page.locator('h2').textContent(), 'edition 3', 'the page shows the board as anonymous')
      t.same(tab.errors, [])
    })

    t.test('with @fastify/csrf-protection, pushed HTML carries no CSRF token, and commands after a push still pass the check', async (t) => {
      const ctx = await browser!.newContext()
      t.teardown(() => ctx.close())
      const tab = await open(ctx, `${base}/push`)
      const token = await tab.page.locator('meta[name="lc-csrf-token"]').getAttribute('content')
      t.ok(token, 'the page has its token in one meta')
      levels.set(1, 77)
      await app.components.notify('stock:1')
      await tab.page.waitForFunction(() => document.querySelector('#stock\\:1 .level')?.textContent === '77')
      const pushed = tab.frames.filter((f) => f.startsWith('<'))
      t.ok(pushed.length > 0, 'a render was pushed')
      t.notOk(pushed.some((f) => f.includes(token!)), 'no pushed render holds the token')
      const [res] = await Promise.all([tab.page.waitForResponse((r) => r.url().includes('/cmd/click')), tab.page.click('#stock\\:1 .click')])
      t.equal(res.status(), 200, 'the click passed the CSRF check with the header from the meta')
      await tab.page.waitForFunction(() => document.querySelector('#stock\\:1 .clicks')?.textContent === '1')
      t.same(tab.errors, [])
    })
  })
}
