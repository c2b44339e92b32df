/** @module test/browser/lazy — lazy and deferred components in Chromium on htmx 4 and 2: placeholders turn into components, everything due at page load comes in one request, a lazy one below the fold loads when scrolled to, a failed load keeps its placeholder. */
import t from 'tap'
import { freshPage, launch, settle } from './browser.js'
import { startFixtureApp } from './fixture-app.js'

const browser = await launch(t)

for (const major of browser !== null ? [4, 2] as const : []) {
  t.test(`lazy components on htmx ${major}`, async (t) => {
    const { url } = await startFixtureApp(t, major)
    const { page, errors } = await freshPage(t, browser!)
    const loads: string[] = []
    page.on('request', (req) => { if (req.url().endsWith('/components/lazy')) loads.push(req.postData() ?? '') })
    await page.goto(url + '/lazy')
    await page.waitForSelector('#chart .chart')
    await page.waitForSelector('#box1 .box')
    await page.waitForSelector('#box2 .box')
    t.equal(loads.length, 1, 'the three due at page load came in one request')
    t.equal(new URLSearchParams(loads[0]).get('__lc_lazy')?.split(' ').length, 3)
    t.equal(await page.locator('#chart .chart').innerText(), '3 points')
    t.equal(await page.locator('#box2 .box').innerText(), 'deferred two')
    t.equal(await page.locator('#below [data-lc-lazy]').count() + await page.locator('#below[data-lc-lazy]').count(), 1, 'the one below the fold is still a placeholder')
    // a loaded component is a component: its command works
    await page.click('#chart button')
    await page.waitForFunction(() => document.querySelector('#chart .chart')?.textContent === '4 points')
    // scrolling to the one below loads it, in a request of its own
    await page.locator('#below').scrollIntoViewIfNeeded()
    await page.waitForSelector('#below .box')
    t.equal(await page.locator('#below .box').innerText(), 'far below')
    t.equal(loads.length, 2)
    await settle(page)
    t.same(errors, [])
  })

  t.test(`a failing lazy load on htmx ${major}: the error is shown, the placeholder stays`, async (t) => {
    const { url } = await startFixtureApp(t, major)
    const { page } = await freshPage(t, browser!)
    const failed = page.waitForResponse((r) => r.url().endsWith('/components/lazy'))
    await page.goto(url + '/lazy-broken')
    t.equal((await failed).status(), 500)
    await page.waitForFunction(() => (document.getElementById('toast')?.textContent ?? '') !== '')
    t.match(await page.locator('#toast').innerText(), /went wrong|error/i)
    t.equal(await page.locator('#broken[data-lc-lazy] .lc-lazy').count(), 1, 'the placeholder is still there')
    t.notMatch(await page.locator('body').innerText(), 'Internal', 'nothing of the error response was swapped in')
  })
}
