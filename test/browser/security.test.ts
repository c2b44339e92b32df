/** @module test/browser/security — permissions, typed arguments, cross-site requests, sessions (fixation, logout) and framing against the example in Chromium, on htmx 4 and 2. */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import t, { type Test } from 'tap'
import type { BrowserContext, Page } from 'playwright-core'
import { META } from '../../lib/protocol.js'
import { launch, logIn, logOut, settle, startExample, watch, type Watch } from './browser.js'

const browser = await launch(t)

/** A second web site (another origin and another site: `localhost` against the shop's `127.0.0.1`). */
async function attackerSite (t: Test, html: () => string): Promise<string> {
  const server = createServer((_req, res) => { res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html()) })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())))
  return `http://localhost:${(server.address() as AddressInfo).port}`
}

/** The CSRF token of @fastify/csrf-protection that `live_scripts()` put into the page's meta. */
async function csrfToken (page: Page): Promise<string> {
  return (await page.locator(`meta[name="${META.csrf}"]`).getAttribute('content'))!
}

/** Clicks a control whose command is refused, and checks that only the toast changed. */
async function refused (t: Test, page: Page, w: Watch, control: string, component: string, status: number, message: string): Promise<void> {
  const before = await page.locator(component).innerHTML()
  await page.click(control)
  await settle(page)
  const res = w.commands.at(-1)!
  t.equal(res.status, status, `${control}: ${status}`)
  t.equal(res.headers['hx-reswap'], 'none', 'never swapped')
  t.same(JSON.parse(res.headers['hx-trigger'])['live:error'], { status, code: status === 401 ? 'LC_UNAUTHENTICATED' : 'LC_FORBIDDEN', message })
  t.equal(await page.locator('#toast').innerText(), message, 'the message is shown in #toast')
  t.equal(await page.locator(component).innerHTML(), before, 'the component is untouched')
}

for (const major of browser ? [4, 2] as const : []) {
  t.test(`security on htmx ${major}`, async (t) => {
    const base = await startExample(t, major)
    const contexts: BrowserContext[] = []
    t.teardown(async () => { for (const c of contexts) await c.close() })
    const visitor = async (): Promise<{ page: Page, w: Watch }> => {
      const context = await browser!.newContext()
      contexts.push(context)
      const page = await context.newPage()
      return { page, w: watch(page) }
    }
    const anonymous = await visitor()
    const customer = await visitor()
    const staff = await visitor()
    await logIn(customer.page, base, 'demo', 'demo')
    await logIn(staff.page, base, 'admin', 'admin')

    t.test('a staff-only component: the denied template for others, no state and no commands', async (t) => {
      for (const [who, { page }, message] of [['anonymous', anonymous, 'Sign in as staff to use the admin tools.'], ['demo', customer, 'Staff only.']] as const) {
        await page.goto(base + '/admin')
        t.equal(await page.locator('#stock-tools').innerText(), message, `${who}: ${message}`)
        t.equal(await page.locator('#stock-tools [hx-post], #stock-tools input[name="__lc_state"]').count(), 0, `${who}: no commands and no state in the page`)
      }
      // a command sent anyway, with a real CSRF token, is refused before anything runs
      const page = anonymous.page
      const res = await page.request.post(base + '/components/stock-tools/cmd/soldOut/3', {
        headers: { 'HX-Request': 'true', 'x-csrf-token': await csrfToken(page), Origin: base },
        form: { __lc_id: 'stock-tools' }
      })
      t.equal(res.status(), 401, 'a forged anonymous command: 401')
      await page.goto(base + '/')
      t.equal(await page.locator('[id="product:3/stock-badge-1"] .stock').innerText(), '5 in stock', 'nothing changed')
    })

    t.test('the staff-only component works for staff, and its changes are pushed to open pages', async (t) => {
      const { page, w } = staff
      const shop = await page.context().newPage()
      await shop.goto(base + '/')
      await settle(shop)
      const badge = shop.locator('[id="product:3/stock-badge-1"] .stock')
      t.equal(await badge.innerText(), '5 in stock')
      await page.goto(base + '/admin')
      t.equal(await page.locator('#stock-tools .product-3 .level').innerText(), '5 / 5')
      await page.click('#stock-tools .product-3 .sold-out')
      await settle(page)
      t.equal(w.commands.at(-1)!.status, 200)
      t.equal(await page.locator('#stock-tools .product-3 .level').innerText(), '0 / 5')
      t.equal(await page.locator('#toast').innerText(), 'Burr grinder marked sold out.')
      await shop.waitForFunction(() => document.querySelector('[id="product:3/stock-badge-1"] .stock')?.textContent === 'sold out')
      t.equal(await badge.innerText(), 'sold out', 'the shop page open meanwhile shows "sold out" (pushed)')
      await page.click('#stock-tools .product-3 .restock')
      await settle(page)
      t.equal(await page.locator('#stock-tools .product-3 .level').innerText(), '5 / 5')
      t.match(await page.locator('#stock-tools .last').innerText(), 'Burr grinder restocked')
      await shop.waitForFunction(() => document.querySelector('[id="product:3/stock-badge-1"] .stock')?.textContent === '5 in stock')
      await shop.close()
    })

    t.test('a staff-only command on a public component: 401 and 403 as a toast, never swapped; staff may', async (t) => {
      await staff.page.goto(base + '/')
      await staff.page.click('#product\\:4 .like')
      await settle(staff.page)
      for (const [who, { page, w }, status, message] of [['anonymous', anonymous, 401, 'Please sign in to do this.'], ['demo', customer, 403, 'This action is not allowed.']] as const) {
        await page.goto(base + '/admin')
        t.match(await page.locator('#like-board').innerText(), '♥ 1', `${who} sees the board`)
        await refused(t, page, w, '#like-board .reset-likes', '#like-board', status, message)
      }
      const { page, w } = staff
      await page.goto(base + '/admin')
      t.match(await page.locator('#like-board').innerText(), '♥ 1', 'the like is still counted')
      await page.click('#like-board .reset-likes')
      await settle(page)
      t.equal(w.commands.at(-1)!.status, 200)
      t.equal(await page.locator('#toast').innerText(), 'Likes reset.')
      t.notMatch(await page.locator('#like-board').innerText(), '♥ 1')
    })

    t.test('typed arguments: a quantity outside 1-99 gets a 400 and changes nothing', async (t) => {
      const { page, w } = anonymous
      await page.goto(base + '/')
      for (const bad of ['0', '100', 'two']) {
        await page.route('**/components/product-row/cmd/add/1', async (route) => await route.continue({ url: route.request().url().replace(/\/1$/, '/' + bad) }))
        const before = await page.locator('main').innerHTML()
        await page.click('#product\\:1 .add')
        await settle(page)
        await page.unroute('**/components/product-row/cmd/add/1')
        t.equal(w.commands.at(-1)!.status, 400, `add/${bad}: 400`)
        t.match(await page.locator('#toast').innerText(), 'Please check: argument 1 must be', 'what to fix, from the schema')
        t.equal(await page.locator('main').innerHTML(), before, 'nothing swapped')
      }
      await page.click('#product\\:1 .add-two')
      await settle(page)
      t.equal(await page.locator('#product\\:1 .in-cart').innerText(), 'in cart: 2', 'a good quantity still works')
    })

    t.test('cross-site requests: 403 before anything runs', async (t) => {
      const { page, w } = customer
      await page.goto(base + '/')
      const state = await page.locator('[data-lc-for="product:5"]').inputValue()
      const token = await csrfToken(page)
      const url = `${base}/components/product-row/cmd/add/1`
      const attacker = await attackerSite(t, () => `<!doctype html><body>
        <form id="f" method="post" action="${url}"><input name="__lc_state" value="${state}"><input name="__lc_id" value="product:5"></form>
        <script>
          window.fetchResult = fetch(${JSON.stringify(url)}, { method: 'POST', credentials: 'include', headers: { 'HX-Request': 'true' }, body: new URLSearchParams({ __lc_id: 'product:5', __lc_state: ${JSON.stringify(state)} }) })
            .then((r) => 'answered ' + r.status, (e) => 'blocked: ' + e.name)
        </script></body>`)

      // 1. another site's page: a fetch with HX-Request needs a CORS preflight, which is never answered
      await page.goto(attacker + '/')
      t.equal(await page.evaluate(() => (window as unknown as { fetchResult: Promise<string> }).fetchResult), 'blocked: TypeError', 'a cross-site fetch with HX-Request is blocked by the browser')
      // 2. and a plain form post (no HX-Request, Sec-Fetch-Site: cross-site) gets 403
      const [posted] = await Promise.all([page.waitForResponse(url), page.evaluate(() => (document.getElementById('f') as HTMLFormElement).submit())])
      // the form navigated the page to the refusal: let that navigation finish before the next goto
      await page.waitForURL(url)
      t.equal(posted.status(), 403, 'a cross-site form post: 403')
      t.equal(JSON.parse((await posted.allHeaders())['hx-trigger'])['live:error'].code, 'LC_CROSS_SITE')

      // 3. the same request with the victim's cookies and a valid CSRF token, from the wrong Origin
      const form = { __lc_id: 'product:5', __lc_state: state }
      const post = async (headers: Record<string, string>) => await page.request.post(base + '/components/product-row/cmd/add/1', { headers, form })
      const foreign = await post({ 'HX-Request': 'true', 'x-csrf-token': token, Origin: attacker })
      t.equal(foreign.status(), 403, 'a foreign Origin: 403')
      t.equal(JSON.parse(foreign.headers()['hx-trigger'])['live:error'].code, 'LC_CROSS_SITE')
      t.equal((await post({ 'HX-Request': 'true', 'x-csrf-token': token, 'Sec-Fetch-Site': 'cross-site' })).status(), 403, 'Sec-Fetch-Site: cross-site: 403')
      t.equal((await post({ 'x-csrf-token': token, Origin: base })).status(), 403, 'no HX-Request: 403')
      const noToken = await post({ 'HX-Request': 'true', Origin: base })
      t.equal(noToken.status(), 403, 'no CSRF token: 403')
      t.equal(JSON.parse(noToken.headers()['hx-trigger'])['live:error'].code, 'LC_CSRF_TOKEN')

      await page.goto(base + '/')
      t.equal(await page.locator('#product\\:5 .in-cart').innerText(), 'in cart: 0', 'nothing was added to the victim\'s cart')
      t.equal(await page.locator('#cart-counter .count').innerText(), '0')
      // the control: the same request, from the shop's own origin, does run
      t.equal((await post({ 'HX-Request': 'true', 'x-csrf-token': token, Origin: base })).status(), 200, 'same origin with the token: 200')
      await page.reload()
      t.equal(await page.locator('#product\\:5 .in-cart').innerText(), 'in cart: 1', 'which the cart shows')
      t.same(w.commands.filter((c) => c.status >= 500), [])
    })

    /** The value of the shop's session cookie in a page's browser. */
    const sessionCookie = async (page: Page) => (await page.context().cookies(base)).find((c) => c.name === 'session')

    t.test('session fixation: a session id planted before the login is worth nothing after it', async (t) => {
      // the attacker gets a session of the shop, and plants its cookie in the victim's browser
      const attacker = await visitor()
      await attacker.page.goto(base + '/')
      const planted = (await sessionCookie(attacker.page))!
      const victim = await visitor()
      await victim.page.context().addCookies([planted])
      await victim.page.goto(base + '/')
      t.equal((await sessionCookie(victim.page))!.value, planted.value, 'the victim browses with the planted session')
      await logIn(victim.page, base, 'demo', 'demo')
      t.not((await sessionCookie(victim.page))!.value, planted.value, 'logging in gave the victim a new session id')
      t.equal(await victim.page.locator('header .who').innerText(), '👤 demo')
      await attacker.page.goto(base + '/dashboard')
      t.match(await attacker.page.locator('main').innerText(), 'You are not logged in', 'the planted id is not signed in')

      // an id the client made up is never taken: the server starts a session of its own
      const res = await fetch(base + '/', { headers: { cookie: 'session=chosen-by-the-attacker' } })
      const set = res.headers.getSetCookie().find((c) => c.startsWith('session='))
      t.ok(set !== undefined && !set.startsWith('session=chosen-by-the-attacker'), 'a new id is set instead')
      // and a request without a session cookie whose session nobody writes to stores none
      t.equal((await fetch(base + '/static/shop.css')).headers.getSetCookie().length, 0, 'no cookie for a request that needs no session')
    })

    t.test('logout: every open page of the user reloads signed out, in every browser', async (t) => {
      // demo is signed in in two browsers: the customer's, and another one
      const other = await visitor()
      await logIn(other.page, base, 'demo', 'demo')
      const open = async (page: Page): Promise<{ reloaded: Promise<unknown> }> => {
        const socket = page.waitForEvent('websocket')
        await page.goto(base + '/')
        const ws = await socket
        await new Promise((resolve) => ws.once('framesent', resolve)) // it subscribed: the socket is open
        await settle(page)
        return { reloaded: page.waitForEvent('load', { timeout: 10_000 }) }
      }
      const page = customer.page
      const reloads = [(await open(page)).reloaded, (await open(other.page)).reloaded]
      t.equal(await page.locator('header .who').innerText(), '👤 demo', 'signed in before')
      const before = (await sessionCookie(page))!.value
      const logoutPage = await page.context().newPage()
      await logOut(logoutPage, base)
      await Promise.all(reloads)
      await settle(page)
      await settle(other.page)
      t.not((await sessionCookie(page))?.value, before, 'a new session')
      t.equal(await page.locator('header .who').count(), 0, 'the page open in the same browser reloaded signed out')
      t.equal(await other.page.locator('header .who').innerText(), '👤 demo', 'the page in the other browser reloaded too, and is still signed in there')
      await logoutPage.goto(base + '/dashboard')
      t.match(await logoutPage.locator('main').innerText(), 'You are not logged in')
    })

    t.test('clickjacking: no other site can frame the shop', async (t) => {
      const { page } = await visitor()
      const refused: string[] = []
      page.on('console', (msg) => { if (/frame-ancestors/.test(msg.text())) refused.push(msg.text()) })
      const attacker = await attackerSite(t, () => `<!doctype html><body><iframe id="shop" src="${base}/"></iframe></body>`)
      await page.goto(attacker + '/')
      await page.waitForFunction(() => (document.getElementById('shop') as HTMLIFrameElement | null) !== null)
      if (refused.length === 0) await page.waitForEvent('console', { predicate: (m) => /frame-ancestors/.test(m.text()), timeout: 30_000 })
      t.match(refused.join('\n'), "frame-ancestors 'none'", 'Chromium refused to frame the shop')
      const frame = page.frames().find((f) => f !== page.mainFrame())!
      t.equal(await frame.locator('#cart-counter').count(), 0, 'the frame shows none of the shop')
    })

    t.test('no page errors, nothing refused by the CSP', async (t) => {
      for (const v of [anonymous, customer, staff]) {
        t.same(v.w.pageErrors, [])
        t.same(v.w.csp, [], 'no Content-Security-Policy violation')
      }
    })
  })
}
