/** @module test/browser/typing — in Chromium with real htmx 4 and 2: re-renders morph, and what the user typed is never lost: not to pushes while typing (value, focus, caret), not to a push while the field is unfocused but unsent, not to a parent's re-render; and once sent, the server's value wins. */
import t from 'tap'
import type { Page } from 'playwright-core'
import { boardTick } from '../fixtures/browser-components.js'
import { freshPage, launch } from './browser.js'
import { startFixtureApp } from './fixture-app.js'

const browser = await launch(t)
const TEXT = 'Buy oat milk, 2 lemons & a loaf of rye!'.padEnd(40, '.')

/** Resolves once the board shows tick `n` (a push, or a command's response, was applied). */
async function tickShown (page: Page, n: number): Promise<void> {
  await page.waitForFunction((want) => document.querySelector('#board .tick')?.textContent === `tick ${want}`, n)
}

const field = async (page: Page, id: string) => await page.evaluate((id) => {
  const el = document.getElementById(id) as HTMLInputElement
  return { value: el.value, focused: document.activeElement === el, caret: el.selectionStart, same: el === (window as unknown as { __kept?: Element }).__kept }
}, id)

for (const major of browser !== null ? [4, 2] as const : []) {
  t.test(`typing 40 characters while the board is pushed, on htmx ${major}: value, focus and caret kept`, async (t) => {
    const { app, url } = await startFixtureApp(t, major)
    const { page, errors } = await freshPage(t, browser!)
    await page.goto(url + '/board')
    await page.waitForFunction(() => document.getElementById('lc-live')?.getAttribute('data-lc-connected') === 'true' || (window as unknown as { htmx?: unknown }).htmx !== undefined)
    await page.evaluate(() => { (window as unknown as { __kept?: Element }).__kept = document.getElementById('board-new')! })
    await page.click('#board-new')
    // a push every 500 ms all along, and one after every 5 characters that the test waits for
    const timer = setInterval(() => { boardTick.value += 1000; void app.components.notify('board') }, 500)
    t.teardown(() => { clearInterval(timer) })
    for (let i = 0; i < 40; i += 5) {
      await page.keyboard.type(TEXT.slice(i, i + 5), { delay: 15 })
      const tick = ++boardTick.value
      await app.components.notify('board')
      await page.waitForFunction((want) => Number(document.querySelector('#board .tick')?.textContent?.slice(5)) % 1000 >= want, tick % 1000)
    }
    clearInterval(timer)
    const after = await field(page, 'board-new')
    t.equal(after.value, TEXT, 'exactly what was typed')
    t.ok(after.focused, 'focus stayed in the field')
    t.equal(after.caret, 40, 'the caret stayed at the end')
    t.ok(after.same, 'the field is the same element (morphed, not replaced)')
    t.same(errors, [])
  })

  t.test(`unsent typing survives a push and a parent re-render; once sent, the server's value wins (htmx ${major})`, async (t) => {
    const { app, url } = await startFixtureApp(t, major)
    const { page, errors } = await freshPage(t, browser!)
    await page.goto(url + '/board')
    // typed into the title, then focus moved on: unsent, unfocused
    await page.fill('#board-title', '')
    await page.click('#board-title')
    await page.keyboard.type('Groceries')
    await page.click('#note-input')
    await page.keyboard.type('call the baker')
    await page.click('#board-new')
    boardTick.value = 7
    await app.components.notify('board')
    await tickShown(page, 7)
    t.equal((await field(page, 'board-title')).value, 'Groceries', 'a push kept the unsent title')
    t.equal((await field(page, 'note-input')).value, 'call the baker', 'and the child\'s unsent note')
    // a parent re-render (the board's own command re-renders it and its child)
    boardTick.value = 8
    await Promise.all([page.waitForResponse((r) => r.url().includes('/cmd/refresh')), page.click('#board button.refresh')])
    await tickShown(page, 8)
    t.equal((await field(page, 'note-input')).value, 'call the baker', 'the parent\'s re-render kept the child\'s unsent note')
    t.equal((await field(page, 'board-title')).value, 'Groceries', 'and the unsent title')
    // sent: the quick-add is cleared by the server's render although it has focus
    await page.click('#board-new')
    await page.keyboard.type('milk')
    await Promise.all([page.waitForResponse((r) => r.url().includes('/cmd/add')), page.keyboard.press('Enter')])
    await page.waitForFunction(() => document.querySelector('#board .items')?.textContent === 'milk')
    const cleared = await field(page, 'board-new')
    t.equal(cleared.value, '', 'the server cleared the sent quick-add')
    t.ok(cleared.focused, 'focus stayed')
    // sent title: the server's value (what was sent) is shown, and a later push keeps it
    await Promise.all([page.waitForResponse((r) => r.url().includes('/cmd/rename')), page.click('#board form.rename button')])
    await page.waitForFunction(() => document.querySelector('#board h2')?.textContent === 'Groceries')
    boardTick.value = 9
    await app.components.notify('board')
    await tickShown(page, 9)
    t.equal((await field(page, 'board-title')).value, 'Groceries')
    t.same(errors, [])
  })
}
