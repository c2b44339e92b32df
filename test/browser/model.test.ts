/** @module test/browser/model — bound input (`model()`) in Chromium with real htmx 4 and 2: 40 characters typed into a live binding under pushes every 500 ms arrive exactly, with focus and caret kept; a parent's command carries a child's pending input; a write to a path that is not writable is refused and changes nothing. */
import t from 'tap'
import type { Page } from 'playwright-core'
import { modelTick } from '../fixtures/browser-components.js'
import { freshPage, launch } from './browser.js'
import { startFixtureApp } from './fixture-app.js'

const browser = await launch(t)
const TEXT = 'Call Ann re: 3 crates, 12 jars & lids!!'.padEnd(40, '.')

const text = async (page: Page, selector: string): Promise<string | null | undefined> => await page.evaluate((s) => document.querySelector(s)?.textContent, selector)

for (const major of browser !== null ? [4, 2] as const : []) {
  t.test(`typing 40 characters into a live binding while pushes arrive every 500 ms (htmx ${major}): exact value, focus, caret; the state gets it all`, async (t) => {
    const { app, url } = await startFixtureApp(t, major)
    const { page, errors } = await freshPage(t, browser!)
    await page.goto(url + '/model')
    await page.waitForFunction(() => document.getElementById('lc-live')?.getAttribute('data-lc-connected') === 'true' || (window as unknown as { htmx?: unknown }).htmx !== undefined)
    await page.evaluate(() => { (window as unknown as { __kept?: Element }).__kept = document.getElementById('mb-notes')! })
    await page.click('#mb-notes')
    const timer = setInterval(() => { modelTick.value += 1000; void app.components.notify('mboard') }, 500)
    t.teardown(() => { clearInterval(timer) })
    for (let i = 0; i < 40; i += 5) {
      await page.keyboard.type(TEXT.slice(i, i + 5), { delay: 15 })
      const tick = ++modelTick.value
      await app.components.notify('mboard')
      await page.waitForFunction((want) => Number(document.querySelector('#mboard .tick')?.textContent?.slice(5)) % 1000 >= want, tick % 1000)
    }
    // the live updates (200 ms after the last keystroke) bring the server's state up to the full text
    await page.waitForFunction((want) => document.querySelector('#mboard .notes-echo')?.textContent === want, TEXT)
    clearInterval(timer)
    const after = await page.evaluate(() => {
      const el = document.getElementById('mb-notes') as HTMLInputElement
      return { value: el.value, focused: document.activeElement === el, caret: el.selectionStart, same: el === (window as unknown as { __kept?: Element }).__kept }
    })
    t.equal(after.value, TEXT, 'exactly what was typed')
    t.ok(after.focused, 'focus stayed in the field')
    t.equal(after.caret, 40, 'the caret stayed at the end')
    t.ok(after.same, 'the same element (morphed, never replaced)')
    t.same(errors, [])
  })

  t.test(`a parent's command carries a child's pending input; a deferred title reaches the next command; a bound checkbox unchecks (htmx ${major})`, async (t) => {
    const { url } = await startFixtureApp(t, major)
    const { page, errors } = await freshPage(t, browser!)
    await page.goto(url + '/model')
    await page.fill('#mb-title', 'Groceries')
    await page.fill('#mb-note', 'half a thought')
    t.equal(await text(page, '#mboard .note-echo'), '', 'deferred: nothing sent while typing')
    await Promise.all([page.waitForResponse((r) => r.url().includes('/cmd/bump')), page.click('#mboard button.bump')])
    await page.waitForFunction(() => document.querySelector('#mboard .bumps')?.textContent === 'bumps 1')
    t.equal(await text(page, '#mboard .note-echo'), 'half a thought', 'the board\'s command sent the child\'s note, and its re-render kept it')
    t.equal(await page.inputValue('#mb-note'), 'half a thought')
    await Promise.all([page.waitForResponse((r) => r.url().includes('/cmd/save')), page.click('#mboard button.save')])
    await page.waitForFunction(() => document.querySelector('#mboard .saved')?.textContent === 'saved Groceries')
    t.equal(await page.inputValue('#mb-title'), 'Groceries')
    // a bound checkbox sends on change; unchecked it posts "" (the client adds it), read as false
    await Promise.all([page.waitForResponse((r) => r.url().includes('/cmd/$refresh')), page.check('#mb-pinned')])
    await page.waitForFunction(() => document.querySelector('#mboard .pinned')?.textContent === 'pinned true')
    await Promise.all([page.waitForResponse((r) => r.url().includes('/cmd/$refresh')), page.uncheck('#mb-pinned')])
    await page.waitForFunction(() => document.querySelector('#mboard .pinned')?.textContent === 'pinned false')
    t.equal(await page.isChecked('#mb-pinned'), false)
    t.same(errors, [])
  })

  t.test(`a write to a path the component does not declare writable is refused: 400, nothing swapped, state unchanged (htmx ${major})`, async (t) => {
    const { url } = await startFixtureApp(t, major)
    const { page } = await freshPage(t, browser!)
    await page.goto(url + '/model')
    const before = await page.evaluate(() => document.getElementById('mboard')!.outerHTML)
    // a hostile page points the title input at a path that is not writable
    await page.evaluate(() => { document.getElementById('mb-title')!.setAttribute('name', '__lc_model:mboard#saved') })
    await page.fill('#mb-title', 'pwned')
    const [res] = await Promise.all([page.waitForResponse((r) => r.url().includes('/cmd/save')), page.click('#mboard button.save')])
    t.equal(res.status(), 400)
    await page.waitForFunction(() => document.getElementById('toast')?.textContent !== '')
    t.match(await text(page, '#toast'), /./, 'the page was told (live:error)')
    t.equal(await text(page, '#mboard .saved'), 'saved ', 'nothing written, nothing swapped')
    const after = await page.evaluate(() => {
      const el = document.getElementById('mboard')!.cloneNode(true) as Element
      el.querySelector('#mb-title')!.setAttribute('name', '__lc_model:mboard#title')
      el.removeAttribute('aria-busy')
      return el.outerHTML
    })
    t.equal(after, before, 'the component is as it was')
  })
}
