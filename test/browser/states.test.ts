/** @module test/browser/states — in Chromium with real htmx 4 and 2: loading, unsent and offline indicators (data-lc-loading, data-lc-unsent, data-lc-offline) come on and clear, and stay right through morphs. */
import t from 'tap'
import type { Page } from 'playwright-core'
import { boardTick } from '../fixtures/browser-components.js'
import { freshPage, launch } from './browser.js'
import { startFixtureApp } from './fixture-app.js'

const browser = await launch(t)

const shown = async (page: Page, sel: string) => await page.locator(sel).evaluate((el) => !el.hasAttribute('hidden'))
const until = async (page: Page, fn: string) => { await page.waitForFunction(fn) }

for (const major of browser !== null ? [4, 2] as const : []) {
  t.test(`loading, unsent and offline indicators on htmx ${major}`, async (t) => {
    const { app, url } = await startFixtureApp(t, major)
    const { page, errors } = await freshPage(t, browser!)
    await page.goto(url + '/board')
    t.notOk(await shown(page, '#board .adding'), 'loading: off at first')
    t.notOk(await shown(page, '#board .unsent'), 'unsent: off at first')
    t.notOk(await shown(page, '#board .offline'), 'offline: off at first')

    // loading: while `add` is held in flight, its indicator is on and the list carries the classes
    let release!: () => void
    const held = new Promise<void>((resolve) => { release = resolve })
    await page.route('**/cmd/add', async (route) => { await held; await route.continue() })
    await page.fill('#board-new', 'bread')
    const requested = page.waitForRequest('**/cmd/add')
    await page.press('#board-new', 'Enter')
    await requested
    await until(page, "!document.querySelector('#board .adding').hasAttribute('hidden')")
    t.ok(await page.locator('#board .items').evaluate((el) => el.classList.contains('dim') && el.classList.contains('busy')), 'the list has its loading classes')
    const answered = page.waitForResponse('**/cmd/add')
    release()
    await answered
    await until(page, "document.querySelector('#board .items').textContent === 'bread'")
    await until(page, "document.querySelector('#board .adding').hasAttribute('hidden') && !document.querySelector('#board .items').classList.contains('dim')")
    t.notOk(await shown(page, '#board .adding'), 'loading: off once answered')
    await page.unroute('**/cmd/add')
    // `refresh` is not `add`: only the unfiltered indicator is on for it (checked through the classes above), not `.adding`
    t.notOk(await shown(page, '#board .adding'))

    // unsent: typing turns it on, a push (whose markup has it hidden) keeps it on, sending turns it off
    await page.click('#board-title')
    await page.keyboard.type(' list')
    await until(page, "!document.querySelector('#board .unsent').hasAttribute('hidden')")
    boardTick.value = 3
    await app.components.notify('board')
    await page.waitForFunction(() => document.querySelector('#board .tick')?.textContent === 'tick 3')
    await until(page, "!document.querySelector('#board .unsent').hasAttribute('hidden')")
    t.ok(await shown(page, '#board .unsent'), 'still on after the push morphed the board')
    await Promise.all([page.waitForResponse('**/cmd/rename'), page.click('#board form.rename button')])
    await until(page, "document.querySelector('#board h2').textContent === 'Board list'")
    await until(page, "document.querySelector('#board .unsent').hasAttribute('hidden')")
    t.notOk(await shown(page, '#board .unsent'), 'off once sent')

    // offline: the browser going offline and back, then the server going away (the socket closes)
    await page.context().setOffline(true)
    await until(page, "!document.querySelector('#board .offline').hasAttribute('hidden')")
    t.ok(await shown(page, '#board .offline'), 'on while the browser is offline')
    await page.context().setOffline(false)
    await until(page, "document.querySelector('#board .offline').hasAttribute('hidden')")
    t.notOk(await shown(page, '#board .offline'), 'off when it is back')
    await page.waitForFunction(() => document.getElementById('lc-live') !== null)
    await app.close()
    await until(page, "!document.querySelector('#board .offline').hasAttribute('hidden')")
    t.ok(await shown(page, '#board .offline'), 'on once the page\'s socket closed')
    t.same(errors, [])
  })
}
