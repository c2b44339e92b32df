/** @module test/browser/reactive-props — props that flow from the parent, in Chromium with real htmx 4 and 2: a filter click on the board re-renders its lists; the reactive one takes the filter and keeps its count, the others keep theirs or reset their page. */
import t from 'tap'
import type { Page } from 'playwright-core'
import { freshPage, launch } from './browser.js'
import { startFixtureApp } from './fixture-app.js'

const browser = await launch(t)

/** filter, count and page a list shows */
const shown = async (page: Page, id: string): Promise<string[]> => await page.evaluate((id) => ['.f', '.c', '.p'].map((s) => document.getElementById(id)!.querySelector(s)!.textContent ?? ''), id)

for (const major of browser !== null ? [4, 2] as const : []) {
  t.test(`the board's filter flows into its lists (htmx ${major})`, async (t) => {
    const { url } = await startFixtureApp(t, major)
    const { page, errors } = await freshPage(t, browser!)
    await page.goto(url + '/filter')
    for (const id of ['reactive', 'keeping', 'paged']) {
      for (const n of [1, 2]) {
        await Promise.all([page.waitForResponse((r) => r.url().includes('/cmd/more')), page.click(`#${id} button`)])
        await page.waitForFunction(([id, n]) => document.getElementById(id as string)!.querySelector('.c')!.textContent === String(n), [id, n])
      }
    }
    await Promise.all([page.waitForResponse((r) => r.url().includes('/cmd/setFilter')), page.click('#board > p + button')])
    await page.waitForFunction(() => document.querySelector('#board .filter')?.textContent === 'filter: done')
    t.same(await shown(page, 'reactive'), ['done', '2', '3'], 'static reactive: the filter followed, count and page kept')
    t.same(await shown(page, 'keeping'), ['all', '2', '3'], 'no reactive: the child kept its state')
    t.same(await shown(page, 'paged'), ['done', '2', '1'], 'update(): the filter followed and the page reset')
    // the lists keep working on their new state
    await Promise.all([page.waitForResponse((r) => r.url().includes('/cmd/more')), page.click('#reactive button')])
    await page.waitForFunction(() => document.querySelector('#reactive .c')?.textContent === '3')
    t.same(await shown(page, 'reactive'), ['done', '3', '4'])
    t.same(errors, [])
  })
}
