/** @module test/browser/streams — streams in Chromium on htmx 4 and 2: prepend, append, update, delete and reset by key, the limit, and a re-render of the component that keeps the items. */
import t from 'tap'
import type { Page } from 'playwright-core'
import { freshPage, launch, settle } from './browser.js'
import { startFixtureApp } from './fixture-app.js'

const browser = await launch(t)

const items = async (page: Page): Promise<string[]> => await page.locator('#feed-events > li').evaluateAll((els) => els.map((e) => `${e.id.replace('feed-events-', '')}:${e.textContent ?? ''}`))
const click = async (page: Page, sel: string): Promise<void> => {
  await Promise.all([page.waitForResponse((r) => r.url().includes('/components/activity-feed/cmd/')), page.click(sel)])
  await settle(page)
}

for (const major of browser !== null ? [4, 2] as const : []) {
  t.test(`streams on htmx ${major}`, async (t) => {
    const { url } = await startFixtureApp(t, major)
    const { page, errors } = await freshPage(t, browser!)
    await page.goto(url + '/feed')
    t.same(await items(page), ['3:event 3', '2:event 2', '1:event 1'])
    await click(page, '#feed .newer')
    t.same(await items(page), ['4:event 4', '3:event 3', '2:event 2', '1:event 1'], 'prepended; the re-rendered component kept the items')
    t.match(await page.locator('#feed .meta').innerText(), 'newest 4')
    await click(page, '#feed .edit')
    t.same(await items(page), ['4:event 4', '3:event 3', '2:event 2 (edited)', '1:event 1'], 'updated in place')
    await click(page, '#feed .remove')
    t.same(await items(page), ['4:event 4', '2:event 2 (edited)', '1:event 1'], 'deleted by key')
    await click(page, '#feed .older')
    await click(page, '#feed .older')
    t.same(await items(page), ['1:event 1', '0:event 0', '-1:event -1', '-2:event -2', '-3:event -3'], 'appended 0 to -3, and the limit (5) dropped 4 and 2 at the other end')
    await click(page, '#feed .touch')
    t.equal((await items(page)).length, 5, 'a plain re-render keeps them')
    await click(page, '#feed .clear')
    t.same(await items(page), ['100:fresh start'], 'reset')
    t.same(errors, [])
  })
}
