/** @module test/browser/slots — the example's slot card (header, body and footer filled by the counter page) on htmx 4 and 2: the card re-renders alone and the live components in its slots keep working with their state, a push into a slot included. */
import t from 'tap'
import { freshPage, launch, settle, startExampleApp } from './browser.js'

const browser = await launch(t)

for (const major of browser !== null ? [4, 2] as const : []) {
  t.test(`slot card on htmx ${major}: the card re-renders, its slots' components keep working`, async (t) => {
    const { app, url } = await startExampleApp(t, major)
    const { page, errors } = await freshPage(t, browser!)
    const subscribed = new Promise<void>((resolve) => {
      page.on('websocket', (ws) => ws.on('framereceived', (f) => { if (String(f.payload).includes('"type":"subscribed"')) resolve() }))
    })
    await page.goto(url + '/counter')
    await subscribed
    const text = async (sel: string): Promise<string> => (await page.locator(sel).innerText()).trim()
    t.match(await text('#counters-card .card-header h2'), 'Counter', 'the header slot, filled by the page')
    // a component in the body slot: its own command
    await page.click('#counter .inc')
    await settle(page)
    await page.click('#counter .inc')
    await settle(page)
    t.equal(await text('#counter .value'), '2')
    // the card's own command: it re-renders alone (no page round trip), with the same slots
    const cardResponse = page.waitForResponse((r) => r.url().includes('/components/panel-card/cmd/toggle'))
    await page.click('#counters-card .compact-toggle')
    t.equal((await cardResponse).status(), 200)
    await page.waitForFunction(() => document.querySelector('#counters-card .panel-card')?.classList.contains('compact') === true)
    await settle(page)
    t.match(await text('#counters-card .card-header h2'), 'Counter', 'the header came back from the signed state')
    t.equal(await text('#counter .value'), '2', 'the body\'s counter kept its state')
    t.equal(await text('#counter-10 .value'), '10')
    t.equal(await text('#counters-card .compact-toggle'), 'Expand')
    // and keeps working after the card's re-render
    await page.click('#counter .inc')
    await settle(page)
    t.equal(await text('#counter .value'), '3')
    await page.click('#counter-10 .dec')
    await settle(page)
    t.equal(await text('#counter-10 .value'), '9')
    // a push reaches the stock badge in the footer slot
    const badge = '#counters-card .card-footer [data-lc="stock-badge"]'
    const before = await text(badge)
    const level = await app.stock.get(1)
    await app.stock.set(1, level > 5 ? level - 5 : 40)
    await app.components.notify('stock:1')
    await page.waitForFunction(([sel, b]) => document.querySelector(sel!)?.textContent?.trim() !== b, [badge, before])
    // the card again: the counters are still right, the footer still there
    await page.click('#counters-card .compact-toggle')
    await page.waitForFunction(() => document.querySelector('#counters-card .panel-card')?.classList.contains('compact') === false)
    await settle(page)
    t.equal(await text('#counter .value'), '3')
    t.equal(await text('#counter-10 .value'), '9')
    t.not(await text(badge), before, 'the pushed stock level stayed')
    t.same(errors, [])
  })
}
