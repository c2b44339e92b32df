/** @module test/browser/example-notes — the example's product notes (a live `model()` binding) typed into while stock pushes re-render the component, on htmx 4 and 2: nothing typed is lost, and saving persists it. */
import t from 'tap'
import { setNotes } from '../../example-app/store.js'
import { freshPage, launch, startExampleApp } from './browser.js'

const browser = await launch(t)
const TEXT = 'Supplier ships Tuesdays; check the lids!'

for (const major of browser ? [4, 2] as const : []) {
  t.test(`product notes on htmx ${major}: typed while stock pushes arrive, sent live, saved`, async (t) => {
    setNotes(1, '') // the example keeps notes in memory, for the process
    const { app, url } = await startExampleApp(t, major)
    const { page, errors } = await freshPage(t, browser!)
    // subscribed: the notes component will get the pushes
    const subscribed = new Promise<void>((resolve) => {
      page.on('websocket', (ws) => ws.on('framereceived', (f) => {
        const text = String(f.payload)
        if (text.includes('"type":"subscribed"') && text.includes('"product-notes"')) resolve()
      }))
    })
    await page.goto(url + '/products/1/edit')
    await subscribed
    const shop = async (): Promise<string> => await page.locator('#product-notes .shop-stock').innerText()
    await page.click('#product-notes-notes')
    for (let i = 0; i < TEXT.length; i += 8) {
      await page.keyboard.type(TEXT.slice(i, i + 8), { delay: 10 })
      // a stock change and its push, which re-renders the notes component; wait until it shows
      const before = await shop()
      const level = await app.stock.get(1)
      await app.stock.set(1, level > 0 ? level - 1 : 40)
      await app.components.notify('stock:1')
      await page.waitForFunction((b) => document.querySelector('#product-notes .shop-stock')?.textContent !== b, before)
    }
    await page.waitForFunction((n) => document.querySelector('#product-notes .count')?.textContent === `${n} characters`, TEXT.length)
    const field = await page.evaluate(() => {
      const el = document.getElementById('product-notes-notes') as HTMLTextAreaElement
      return { value: el.value, focused: document.activeElement === el, caret: el.selectionStart }
    })
    t.same(field, { value: TEXT, focused: true, caret: TEXT.length }, 'every character, focus and caret kept')
    t.equal(await page.locator('#product-notes .unsaved-notes').count(), 1, 'sent, not saved yet')
    await page.click('#product-notes .save-notes')
    await page.waitForFunction(() => document.querySelector('#product-notes .unsaved-notes') === null)
    await page.reload()
    t.equal(await page.inputValue('#product-notes-notes'), TEXT, 'saved: a new page shows the notes')
    t.same(errors, [])
  })
}
