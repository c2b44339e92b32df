/** @module test/browser/poll — polling in Chromium on htmx 4 and 2, on Playwright's fake clock: due polls re-render, an unchanged render swaps nothing, a hidden tab does not poll, an element polled only in view waits until it is. */
import t from 'tap'
import type { Page } from 'playwright-core'
import { pollSource } from '../fixtures/poll-components.js'
import { freshPage, launch } from './browser.js'
import { startFixtureApp } from './fixture-app.js'

const browser = await launch(t)

/** Advance the page's clock in small steps until `cond` holds in the page (responses arrive on the real network). */
async function runUntil (page: Page, cond: () => boolean): Promise<void> {
  for (;;) {
    if (await page.evaluate(cond)) return
    await page.clock.runFor(100)
  }
}

const setHidden = async (page: Page, hidden: boolean): Promise<void> => {
  // a string: the test loader would name a getter function, which the page cannot run
  await page.evaluate(`Object.defineProperty(document, 'visibilityState', { configurable: true, value: '${hidden ? 'hidden' : 'visible'}' }); document.dispatchEvent(new Event('visibilitychange'))`)
}

for (const major of browser !== null ? [4, 2] as const : []) {
  t.test(`polling on htmx ${major}`, async (t) => {
    const { url } = await startFixtureApp(t, major)
    const { page, errors } = await freshPage(t, browser!)
    const polls = { orders: 0, ticker: 0, empty: 0 }
    page.on('response', async (res) => {
      if (res.url().includes('/orders-today/cmd/$refresh')) {
        polls.orders++
        if (await res.text() === '') polls.empty++
      }
      if (res.url().includes('/poll-ticker/cmd/tick')) polls.ticker++
    })
    await page.clock.install()
    await page.goto(url + '/poll')
    await page.clock.pauseAt(Date.now() + 1000)
    // a due poll, nothing changed: an empty answer, the page untouched
    const first = page.waitForResponse((r) => r.url().includes('/orders-today/cmd/$refresh'))
    await page.clock.runFor(1000)
    t.equal(await (await first).text(), '', 'unchanged: nothing to swap')
    t.equal(await page.locator('#orders .orders').innerText(), '0 orders today')
    // something changed: the next poll shows it
    pollSource.orders = 5
    await runUntil(page, () => document.querySelector('#orders .orders')?.textContent === '5 orders today')
    // a hidden tab does not poll; visible again, it does
    await setHidden(page, true)
    const before = polls.orders
    pollSource.orders = 9
    await page.clock.runFor(5000)
    t.equal(await page.locator('#orders .orders').innerText(), '5 orders today', 'hidden: not polled')
    await setHidden(page, false)
    await runUntil(page, () => document.querySelector('#orders .orders')?.textContent === '9 orders today')
    t.equal(polls.orders, before + 1, 'no poll while hidden, one once visible')
    // the ticker below the fold polls only once scrolled into view
    t.equal(polls.ticker, 0, 'out of view: not polled')
    await page.locator('#ticker').scrollIntoViewIfNeeded()
    await runUntil(page, () => Number(document.querySelector('#ticker .n')?.textContent) >= 1)
    t.ok(polls.ticker >= 1)
    t.ok(polls.empty >= 1)
    // a poll stops when its component leaves the page: the ticker goes on, the orders do not
    const orders = polls.orders
    await page.evaluate(() => { document.getElementById('orders')?.remove() })
    const ticks = polls.ticker
    const tick = page.waitForResponse((r) => r.url().includes('/poll-ticker/cmd/tick'))
    await page.clock.runFor(4000)
    await tick
    t.ok(polls.ticker > ticks, 'the ticker still polls')
    t.equal(polls.orders, orders, 'the removed component polls no more')
    t.same(errors, [])
  })
}
