/** @module test/browser/uploads — uploads in Chromium on htmx 4 and 2: progress while the file goes up, cancel, a renamed executable refused, and a chosen file that survives a validation error in another field. */
import t from 'tap'
import type { Page } from 'playwright-core'
import { freshPage, launch, settle } from './browser.js'
import { startFixtureApp } from './fixture-app.js'

const browser = await launch(t)
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64')
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]), Buffer.alloc(120)])
const INPUT = '#img-upload-image'
const REFS = '#img input[name="__lc_file:image"]'

const choose = async (page: Page, name: string, data: Buffer): Promise<void> => {
  await page.setInputFiles(INPUT, { name, mimeType: 'image/png', buffer: data })
}

for (const major of browser !== null ? [4, 2] as const : []) {
  t.test(`uploads on htmx ${major}`, async (t) => {
    const { url } = await startFixtureApp(t, major)
    const { page, errors } = await freshPage(t, browser!)
    await page.goto(url + '/upload')
    // cancel: the upload is held by the network until the cancel button aborts it
    let held: (() => void) | undefined
    await page.route('**/components/upload', async (route) => { held = () => { void route.abort() } })
    await choose(page, 'first.png', PNG)
    await page.waitForSelector('#img [data-lc-upload-status-for]:not([hidden])')
    t.equal(await page.getAttribute(INPUT, 'aria-busy'), 'true', 'busy while it goes up')
    await page.click('#img [data-lc-upload-cancel]')
    await page.waitForSelector('#img [data-lc-upload-status-for][hidden]', { state: 'attached' })
    t.equal(await page.inputValue(INPUT), '', 'cancelled: the input is emptied')
    t.equal(await page.inputValue(REFS), '')
    held?.()
    await page.unroute('**/components/upload')
    // a renamed executable: refused, the error shown, the input emptied
    const refused = page.waitForResponse((r) => r.url().endsWith('/components/upload'))
    await choose(page, 'photo.png', ELF)
    t.equal((await refused).status(), 400)
    await page.waitForFunction(() => /Please check: image: "photo.png" is application\/x-elf/.test(document.getElementById('toast')?.textContent ?? ''))
    t.equal(await page.inputValue(REFS), '')
    // a good file: progress to 100, a reference kept in the component
    const accepted = page.waitForResponse((r) => r.url().endsWith('/components/upload'))
    await choose(page, 'photo.png', PNG)
    t.equal((await accepted).status(), 200)
    await page.waitForFunction((sel) => (document.querySelector(sel) as HTMLInputElement | null)?.value.startsWith('u1.') === true, REFS)
    t.equal(await page.getAttribute('#img [data-lc-upload-status-for]', 'data-lc-percent'), '100', 'the progress reached 100%')
    // a validation error in another field keeps the file
    await page.click('#img .publish')
    await page.waitForSelector('#img .error')
    await settle(page)
    t.match(await page.locator('#img .lc-upload-kept').innerText(), 'photo.png', 'the chosen file is still there')
    t.match(await page.inputValue(REFS), /^u1\./)
    await page.fill('#img input[name="title"]', 'A cup')
    await page.click('#img .publish')
    await page.waitForSelector('#img .saved li')
    t.equal(await page.locator('#img .saved li').innerText(), `photo.png image/png ${PNG.length}`)
    t.same(errors, [])
  })
}
