/** @module test/browser/url — URL-bound state in Chromium on htmx 4 and 2: commands write the URL, back and forward restore the state without a full reload, and commands after going back act on the restored state. */
import t from 'tap'
import type { Page } from 'playwright-core'
import { freshPage, launch, settle } from './browser.js'
import { startFixtureApp } from './fixture-app.js'

const browser = await launch(t)

const result = async (page: Page): Promise<string> => (await page.locator('#search .result').innerText()).trim()
const showing = async (page: Page, text: string): Promise<void> => {
  await page.waitForFunction((want) => document.querySelector('#search .result')?.textContent?.trim() === want, text)
}

for (const major of browser !== null ? [4, 2] as const : []) {
  t.test(`URL-bound state on htmx ${major}`, async (t) => {
    const { url } = await startFixtureApp(t, major)
    const { page, errors } = await freshPage(t, browser!)
    await page.goto(url + '/url?q=tea&p=2')
    t.equal(await result(page), 'q=tea page=2', 'read from the URL')
    await page.evaluate(() => { (window as unknown as { marker: number }).marker = 42 })
    await page.click('#search .next')
    await showing(page, 'q=tea page=3')
    t.match(page.url(), /\?q=tea&p=3$/, 'pushed')
    await page.click('#search .next')
    await showing(page, 'q=tea page=4')
    await settle(page)
    await page.goBack()
    await showing(page, 'q=tea page=3')
    t.match(page.url(), /p=3$/)
    await page.goBack()
    await showing(page, 'q=tea page=2')
    await page.goForward()
    await showing(page, 'q=tea page=3')
    await settle(page)
    t.equal(await page.evaluate(() => (window as unknown as { marker?: number }).marker), 42, 'no full reload')
    // a command after going back acts on what the page shows, not on the newest state
    await page.click('#search .next')
    await showing(page, 'q=tea page=4')
    t.match(page.url(), /p=4$/)
    // q is replaced, not pushed
    await page.fill('#search input[name="q"]', 'coffee')
    await page.click('#search .go')
    await showing(page, 'q=coffee page=4')
    t.match(page.url(), /\?q=coffee&p=4$/)
    await settle(page)
    await page.goBack()
    await showing(page, 'q=tea page=3')
    t.same(errors, [])
  })
}
