/** @module test/browser/example — every example feature clicked in Chromium, asserting DOM and URL, under the example's Content-Security-Policy, on htmx 4 and 2. */
import t from 'tap'
import { fill, launch, settle, startExample, watch } from './browser.js'

const browser = await launch(t)

const runs = [[4, 'client'], [2, 'client'], [4, 'server'], [2, 'server']] as const
for (const [major, state] of browser ? runs : []) {
  t.test(`example shop on htmx ${major}, state on the ${state}: every feature, clicked`, async (t) => {
    const base = await startExample(t, major, state)
    const context = await browser!.newContext()
    t.teardown(() => context.close())
    const page = await context.newPage()
    const w = watch(page)
    const text = (sel: string) => page.locator(sel).first().innerText()

    const home = (await page.goto(base + '/'))!
    t.match(await page.evaluate(() => (window as unknown as { htmx: { version: string } }).htmx.version), new RegExp(`^${major}\\.`), `the page runs htmx ${major}`)
    const csp = home.headers()['content-security-policy'] ?? ''
    for (const directive of ["script-src 'self'", "style-src 'self'", "connect-src 'self'", "frame-ancestors 'none'", "script-src-attr 'none'"]) {
      t.ok(csp.split(';').includes(directive), `CSP: ${directive}`)
    }
    t.notMatch(csp, /unsafe-inline|unsafe-eval|nonce-/, 'no inline scripts or styles, no eval')
    t.equal(home.headers()['x-frame-options'], 'DENY')
    const kinds = await page.evaluate('[...new Set([...document.querySelectorAll("input[name=__lc_state]")].map((i) => i.value.split(".")[0]))]')
    t.same(kinds, [state === 'server' ? 'r1' : 'v1'], `every component's state is ${state === 'server' ? 'a reference to state on the server' : 'signed into the page'}`)

    t.test('add to cart: the row re-renders; the header counter and the recommendations listen to cart-changed and update out-of-band', async (t) => {
      await page.click('#product\\:1 .add')
      await settle(page)
      t.equal(await text('#product\\:1 .in-cart'), 'in cart: 1')
      t.equal(await text('#cart-counter .count'), '1')
      await page.click('#product\\:2 .add-two')
      await settle(page)
      t.equal(await text('#product\\:2 .in-cart'), 'in cart: 2')
      t.equal(await text('#cart-counter .count'), '3')
      t.equal(await text('#toast'), 'Added 2 × Pour-over kettle (€90) to the cart', 'TriggerEvent reached the page, non-ASCII intact')
      t.equal(await text('#recommendations .goes-with'), 'Goes well with your Pour-over kettle: Coffee beans, 1 kg (€24)', 'the cart-changed server event reached the recommendations box, in the same response')
    })

    t.test('in flight: control disabled, component aria-busy, a second click sends no second POST', async (t) => {
      let release!: () => void
      const held = new Promise<void>((resolve) => { release = resolve })
      await page.route('**/components/product-row/cmd/add/1', async (route) => { await held; await route.continue() })
      const before = w.posts
      await page.click('#product\\:3 .add')
      await page.waitForSelector('#product\\:3[aria-busy="true"]')
      t.ok(await page.locator('#product\\:3 .add').isDisabled(), 'the control is disabled')
      await page.locator('#product\\:3 .add').click({ force: true }).catch(() => {})
      await page.locator('#product\\:3 .add').dispatchEvent('click')
      release()
      await settle(page)
      await page.unroute('**/components/product-row/cmd/add/1')
      t.equal(w.posts - before, 1, 'one POST')
      t.equal(await text('#product\\:3 .in-cart'), 'in cart: 1')
      t.equal(await page.locator('#product\\:3').getAttribute('aria-busy'), null, 'not busy afterwards')
    })

    t.test('like: ComponentClean, nothing changes', async (t) => {
      const before = await page.locator('main').innerHTML()
      const n = w.commands.length
      await page.click('#product\\:1 .like')
      await settle(page)
      t.equal(w.commands.length, n + 1)
      t.equal(w.commands.at(-1)!.status, 200)
      t.equal(w.commands.at(-1)!.body, '')
      t.equal(await page.locator('main').innerHTML(), before)
      t.match(await text('#toast'), /Thanks! \d+ likes? so far/, 'feedback through TriggerEvent')
    })

    t.test('cart: a table with one component per row; + re-renders its row in place, the total and the counter out of band; removing a line re-renders the cart (ParentDirty)', async (t) => {
      await page.click('nav a[href="/cart"]')
      await page.waitForURL(base + '/cart')
      t.equal(await page.locator('table.lines > tbody > tr[data-lc="cart-line"]').count(), 3, 'rows of the table, each a component')
      t.equal(await text('.total'), '€218', '8 + 2 × 45 + 120')
      await page.evaluate(() => { (window as unknown as { __row?: Element }).__row = document.getElementById('line:1')! })
      await page.click('#line\\:1 .inc')
      await settle(page)
      t.equal(await text('#line\\:1 .qty'), '2')
      t.equal(await text('#line\\:1 .line-total'), '€16')
      t.equal(await text('.total'), '€226', 'the total listens to cart-changed')
      t.equal(await text('#cart-counter .count'), '5', 'and so does the counter')
      t.ok(await page.evaluate(() => document.getElementById('line:1') === (window as unknown as { __row?: Element }).__row), 'the row was morphed in place, not replaced')
      t.equal(await page.locator('table.lines > tbody > tr').count(), 3, 'the table kept its shape')
      await page.click('#line\\:1 .dec')
      await settle(page)
      t.equal(await text('#line\\:1 .qty'), '1')
      await page.click('#line\\:2 .remove')
      await settle(page)
      t.equal(await page.locator('table.lines > tbody > tr').count(), 2)
      t.equal(await text('.total'), '€128', 'the kettles are gone')
      t.equal(await text('#cart-counter .count'), '2')
      t.match(w.commands.at(-1)!.body, 'hx-swap-oob', 'out-of-band swaps in the response')
    })

    t.test('search: results and the URL update (ReplaceUrl); the recent searches follow the query (props from the parent)', async (t) => {
      await page.click('nav a[href="/search"]')
      await page.waitForURL(base + '/search')
      await page.fill('input[name=q]', 'kettle')
      await page.click('button.go')
      await settle(page)
      t.equal(page.url(), base + '/search?q=kettle')
      t.equal(await page.locator('.results li').count(), 1)
      t.match(await text('.summary'), '1 result for “kettle”')
      t.equal(w.commands.at(-1)!.headers['hx-replace-url'], '/search?q=kettle')
      // the recent searches: a child fed the query by its parent (update()), keeping its own list
      t.same(await page.locator('#recent-searches .recent li').allInnerTexts(), ['kettle'])
      await page.fill('input[name=q]', 'cup')
      await page.click('button.go')
      await settle(page)
      t.same(await page.locator('#recent-searches .recent li').allInnerTexts(), ['cup', 'kettle'], 'the new prop was taken, the list kept')
      await page.click('#recent-searches .clear-recent')
      await settle(page)
      t.equal(await text('#recent-searches .recent-title'), 'Recent searches: none yet')
      await page.fill('input[name=q]', 'kettle')
      await page.click('button.go')
      await settle(page)
      t.same(await page.locator('#recent-searches .recent li').allInnerTexts(), ['kettle'], 'its own command\'s change was kept too')
    })

    t.test('login (a FormComponent): errors in place, then a redirect to the dashboard (RedirectPage)', async (t) => {
      await page.click('nav a[href="/login"]')
      // fill() waits for each field's live check, so no check is in flight when the form is sent
      await fill(page, '#login-username', 'demo')
      await fill(page, 'input[name=password]', 'wrong')
      const [submitted] = await Promise.all([page.waitForResponse((r) => r.url().includes('/cmd/submit')), page.click('button.login')])
      await settle(page)
      t.equal(submitted.status(), 422, 'the form is re-rendered with its error (422)')
      t.match(await text('#login .error'), 'Wrong username or password')
      t.equal(await page.inputValue('#login-username'), 'demo', 'the form keeps its input')
      t.equal(await page.inputValue('input[name=password]'), '', 'but not the password')
      const sessionCookie = async () => (await page.context().cookies(base)).find((c) => c.name === 'session')
      const before = (await sessionCookie())!
      t.same([before.httpOnly, before.sameSite, before.secure], [true, 'Lax', false], 'the session cookie: HttpOnly, SameSite=Lax, Secure only over HTTPS')
      await page.fill('input[name=password]', 'demo')
      await Promise.all([page.waitForURL(base + '/dashboard'), page.click('button.login')])
      t.equal(await text('.welcome'), 'Hello, demo! This is your dashboard.')
      t.equal(await text('header .who'), '👤 demo', 'the header shows who is signed in')
      t.not((await sessionCookie())!.value, before.value, 'logging in gave the session a new id')
      t.equal(await text('#cart-counter .count'), '2', 'the cart came along')
    })

    t.test('language switch reloads the page (RefreshPage)', async (t) => {
      await Promise.all([page.waitForEvent('load'), page.click('#language .lang-de')])
      await settle(page)
      t.match(await text('header strong'), 'Willkommen')
      await Promise.all([page.waitForEvent('load'), page.click('#language .lang-en')])
      await settle(page)
      t.match(await text('header strong'), 'Welcome')
    })

    t.test('counter', async (t) => {
      await page.click('nav a[href="/counter"]')
      await page.click('#counter .inc')
      await settle(page)
      await page.click('#counter .inc')
      await settle(page)
      t.equal(await text('#counter .value'), '2')
      await page.click('#counter .dec')
      await settle(page)
      t.equal(await text('#counter .value'), '1')
      await page.click('#counter .reset')
      await settle(page)
      t.equal(await text('#counter .value'), '0')
      t.equal(await text('#counter-10 .value'), '10', 'the other counter is untouched')
    })

    t.test('a tampered token: 4xx, generic message shown as a toast, the page does not change', async (t) => {
      await page.route('**/components/**/cmd/**', async (route) => {
        const body = new URLSearchParams(route.request().postData() ?? '')
        const flipped = new URLSearchParams()
        for (const [k, v] of body) flipped.append(k, k === '__lc_state' ? v.slice(0, 10) + (v[10] === 'A' ? 'B' : 'A') + v.slice(11) : v)
        await route.continue({ postData: flipped.toString() })
      })
      const before = await page.locator('main').innerHTML()
      await page.click('#counter .inc')
      await settle(page)
      await page.unroute('**/components/**/cmd/**')
      const res = w.commands.at(-1)!
      t.equal(res.status, 400)
      t.notMatch(res.body, /Error|at |\.ts/)
      t.equal(await page.locator('main').innerHTML(), before, 'nothing swapped')
      t.match(await text('#toast'), 'could not be understood')
    })

    t.test('no page errors, no 5xx and nothing refused by the CSP', async (t) => {
      t.same(w.pageErrors, [])
      t.same(w.commands.filter((c) => c.status >= 500), [])
      t.same(w.csp, [], 'no Content-Security-Policy violation')
    })

    t.test('the CSP check sees a violation: an inline script is refused', async (t) => {
      const other = await context.newPage()
      const seen = watch(other)
      await other.goto(base + '/counter')
      await other.evaluate(() => {
        const s = document.createElement('script')
        s.textContent = 'window.inlineRan = true'
        document.head.append(s)
      })
      if (seen.csp.length === 0) await other.waitForEvent('console', { predicate: (m) => /Content Security Policy/.test(m.text()), timeout: 30_000 })
      t.equal(await other.evaluate(() => (window as unknown as { inlineRan?: boolean }).inlineRan), undefined, 'the inline script did not run')
      t.match(seen.csp.join('\n'), /script-src/, 'and the refusal was recorded')
      await other.close()
    })
  })
}
