/** @module test/browser/cmd-for — controls outside the component (`cmd_for`) in Chromium with real htmx 4 and 2: a page's button and another component's button run the counter's command; the counter re-renders, the controls stay and work again. */
import t from 'tap'
import { freshPage, launch } from './browser.js'
import { startFixtureApp } from './fixture-app.js'

const browser = await launch(t)

for (const major of browser !== null ? [4, 2] as const : []) {
  t.test(`a page's control and another component's control run the counter's command (htmx ${major})`, async (t) => {
    const { url } = await startFixtureApp(t, major)
    const { page, errors } = await freshPage(t, browser!)
    await page.goto(url + '/cmd-for')
    const count = async (want: string): Promise<void> => { await page.waitForFunction((w) => document.querySelector('#counter .count')?.textContent === w, want) }
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/cmd/inc/10')), page.click('nav .add-ten')])
    await count('10')
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/cmd/inc/5')), page.click('#remote .remote-inc')])
    await count('15')
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/cmd/bump')), page.click('#remote .self')])
    await page.waitForFunction(() => document.querySelector('#remote .renders')?.textContent === '1')
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/cmd/inc/5')), page.click('#remote .remote-inc')])
    await count('20')
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/cmd/inc/10')), page.click('nav .add-ten')])
    await count('30')
    t.equal(await page.locator('nav .add-ten').isEnabled(), true, 'the page\'s control is enabled again after its request')
    t.same(errors, [])
  })
}
