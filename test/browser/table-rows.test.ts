/** @module test/browser/table-rows — components whose root is a table row (`tr`) in Chromium with real htmx 4 and 2: re-rendered as the main swap, out of band after a row or a div, and pushed; the table keeps its shape and every row keeps working. */
import t from 'tap'
import type { Page } from 'playwright-core'
import { rowLevels } from '../fixtures/browser-components.js'
import { freshPage, launch } from './browser.js'
import { startFixtureApp } from './fixture-app.js'

const browser = await launch(t)

/** Every row as its cells' texts, whether its state field sits in its first cell, and what of the table is outside a row. */
const table = async (page: Page) => await page.evaluate(() => {
  const rows = Array.from(document.querySelectorAll('table > tbody > tr'))
  return {
    rows: rows.map((r) => [r.id, ...Array.from(r.querySelectorAll(':scope > td.n, :scope > td.clicks, :scope > td.level')).map((c) => c.textContent)]),
    fields: rows.every((r) => r.querySelector(':scope > td:first-child > input[type=hidden][data-lc-for]') !== null),
    stray: document.querySelector('table')!.parentElement!.querySelectorAll(':scope > input, :scope > td').length
  }
})

const shows = async (page: Page, id: string, cell: string, text: string): Promise<void> => {
  await page.waitForFunction(([id, cell, text]) => document.getElementById(id)?.querySelector(`td.${cell}`)?.textContent === text, [id, cell, text] as const)
}

for (const major of browser !== null ? [4, 2] as const : []) {
  t.test(`table rows as components (htmx ${major}): main swap, out of band after a row and after a div, pushed`, async (t) => {
    const { app, url } = await startFixtureApp(t, major)
    const { page, errors } = await freshPage(t, browser!)
    const subscribed = new Promise<void>((resolve) => {
      page.on('websocket', (ws) => ws.on('framereceived', (f) => { if (String(f.payload).includes('"subscribed"')) resolve() }))
    })
    await page.goto(url + '/table')
    t.same(await table(page), { rows: [['trow:1', '1', '0', '0'], ['trow:2', '2', '0', '0'], ['trow:3', '3', '0', '0']], fields: true, stray: 0 }, 'rendered: the state field in each first cell')

    await page.click('#trow\\:1 button.inc')
    await shows(page, 'trow:1', 'clicks', '1')
    await page.click('#trow\\:1 button.next')
    await shows(page, 'trow:2', 'level', '1')
    await shows(page, 'trow:1', 'clicks', '2')
    await page.click('#row-toucher button.touch')
    await shows(page, 'trow:2', 'level', '11')
    await subscribed
    rowLevels.set(3, 7)
    await app.components.notify('row:3')
    await shows(page, 'trow:3', 'level', '7')
    t.same(await table(page), { rows: [['trow:1', '1', '2', '0'], ['trow:2', '2', '0', '11'], ['trow:3', '3', '0', '7']], fields: true, stray: 0 }, 'after every kind of swap: the same table shape')
    // every row still works after being swapped
    await page.click('#trow\\:2 button.inc')
    await shows(page, 'trow:2', 'clicks', '1')
    await page.click('#trow\\:3 button.inc')
    await shows(page, 'trow:3', 'clicks', '1')
    t.same(errors, [])
  })
}
