/** @module test/browser/example-live — the example's lazy recommendations, polled "orders today" figure, URL-bound search pages, activity stream and product image upload, on htmx 4 and 2. */
import t from 'tap'
import type { Page } from 'playwright-core'
import { IMAGES, logActivity, orders } from '../../example-app/store.js'
import { freshPage, launch, logIn, settle, startExampleApp } from './browser.js'

const browser = await launch(t)

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64')
const text = async (page: Page, sel: string): Promise<string> => (await page.locator(sel).innerText()).trim()

for (const major of browser !== null ? [4, 2] as const : []) {
  t.test(`example on htmx ${major}: lazy recommendations, polled orders, URL-bound search, activity stream`, async (t) => {
    const { url } = await startExampleApp(t, major)
    const { page, errors } = await freshPage(t, browser!)
    const lazyLoads: string[] = []
    page.on('request', (r) => { if (r.url().endsWith('/components/lazy')) lazyLoads.push(r.postData() ?? '') })
    await page.clock.install()
    await page.goto(url + '/')
    // the recommendations box is loaded right after the page, in one request
    await page.waitForSelector('#recommendations:not([data-lc-lazy])')
    t.equal(lazyLoads.length, 1)
    // the polled figure: a cart add elsewhere shows up within its 5 s
    const before = Number(await text(page, '#orders-today .count'))
    orders.today += 3
    await page.clock.runFor(5000)
    await page.waitForFunction((n) => document.querySelector('#orders-today .count')?.textContent === String(n), before + 3)
    // the search: pages in the URL, back and forward step through them
    await page.goto(url + '/search')
    await settle(page)
    t.match(await text(page, '#search .summary'), '5 results, page 1 of 3')
    await page.click('#search .next-page')
    await page.waitForFunction(() => document.querySelector('#search .summary')?.textContent?.includes('page 2 of 3') === true)
    t.match(page.url(), /\/search\?p=2$/)
    await page.click('#search .next-page')
    await page.waitForFunction(() => document.querySelector('#search .summary')?.textContent?.includes('page 3 of 3') === true)
    await settle(page)
    await page.goBack()
    await page.waitForFunction(() => document.querySelector('#search .summary')?.textContent?.includes('page 2 of 3') === true)
    await page.goto(url + '/search?q=e&p=2')
    t.match(await text(page, '#search .summary'), /for “e”, page 2 of/, 'a shared link opens on its page')
    // the activity stream: new entries arrive by poll, older ones by scrolling
    for (let i = 1; i <= 25; i++) logActivity(`test entry ${i}`)
    await page.goto(url + '/insights')
    t.equal(await page.locator('#activity-entries > li').count(), 10)
    t.equal(await text(page, '#activity-entries > li:first-child'), 'test entry 25')
    logActivity('fresh entry')
    await page.clock.runFor(3000)
    await page.waitForFunction(() => document.querySelector('#activity-entries > li')?.textContent?.trim() === 'fresh entry')
    await page.locator('#activity .activity-more').scrollIntoViewIfNeeded()
    await page.waitForFunction(() => document.querySelectorAll('#activity-entries > li').length >= 21)
    t.ok((await page.locator('#activity-entries > li').allInnerTexts()).includes('test entry 6'), 'older entries appended at the end')
    t.same(errors, [])
  })

  t.test(`example on htmx ${major}: a product image upload (staff), checked by content, saved and shown`, async (t) => {
    const { url } = await startExampleApp(t, major)
    const { page, errors } = await freshPage(t, browser!)
    IMAGES.delete(2) // the example keeps images in memory, for the process
    await logIn(page, url, 'admin', 'admin')
    await page.goto(url + '/products/2/edit')
    t.equal(await page.locator('#product-image .no-image').count(), 1)
    const exe = page.waitForResponse((r) => r.url().endsWith('/components/upload'))
    await page.setInputFiles('#product-image-upload-image', { name: 'kettle.png', mimeType: 'image/png', buffer: Buffer.concat([Buffer.from([0x4d, 0x5a]), Buffer.alloc(200)]) })
    t.equal((await exe).status(), 400, 'a Windows executable named .png is refused')
    const ok = page.waitForResponse((r) => r.url().endsWith('/components/upload'))
    await page.setInputFiles('#product-image-upload-image', { name: 'kettle.png', mimeType: 'image/png', buffer: PNG })
    t.equal((await ok).status(), 200)
    await page.waitForFunction(() => (document.querySelector('#product-image input[name="__lc_file:image"]') as HTMLInputElement | null)?.value.startsWith('u1.') === true)
    await page.click('#product-image .save-image')
    await page.waitForSelector('#product-image img.product-image')
    t.equal(await page.locator('#product-image img.product-image').evaluate((img) => (img as HTMLImageElement).naturalWidth), 1, 'the saved image loads')
    t.same(errors, [])
  })
}
