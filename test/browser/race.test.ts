/** @module test/browser/race — two controls of one component clicked while the first is in flight: both count, on htmx 4 and 2 (the fixture app). */
import t from 'tap'
import { launch, settle } from './browser.js'
import { startFixtureApp } from './fixture-app.js'

const browser = await launch(t)

for (const major of browser !== null ? [4, 2] as const : []) {
  t.test(`htmx ${major}: racing commands on one instance lose no update`, async (t) => {
    const { url: base } = await startFixtureApp(t, major)
    const context = await browser!.newContext()
    t.teardown(() => context.close())
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(base + '/counter')
    const value = () => page.locator('#counter .value').innerText()
    t.equal(await value(), '0')

    // hold "+" in the browser, so "−" reaches the server first and "+" arrives with the old state
    let release!: () => void
    const held = new Promise<void>((resolve) => { release = resolve })
    await page.route('**/components/race-counter/cmd/inc/1', async (route) => { await held; await route.continue() })
    await page.click('#counter .inc')
    await page.waitForSelector('#counter[aria-busy="true"]')
    const minus = page.waitForResponse('**/components/race-counter/cmd/inc/-1')
    await page.click('#counter .dec')
    await minus
    await page.waitForFunction(() => document.querySelector('#counter .value')?.textContent === '-1')
    release()
    const plus = await page.waitForResponse('**/components/race-counter/cmd/inc/1')
    t.equal(plus.status(), 200)
    await settle(page)
    await page.unroute('**/components/race-counter/cmd/inc/1')
    t.equal(await value(), '0', 'the "+" response ran on the "−" result (-1 + 1), and landed on the swapped-in element')
    t.equal(await page.locator('#counter').getAttribute('aria-busy'), null, 'not left busy')
    await page.click('#counter .inc')
    await settle(page)
    t.equal(await value(), '1', 'the next click goes on from there')
    t.same(errors, [], 'no page errors')
  })
}
