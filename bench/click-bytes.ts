/** @module bench/click-bytes — `npm run bench:bytes`: form bytes one "Add to cart" click sends on the example shop's home page, in both state modes (Chromium, htmx 4). */
import { chromium } from 'playwright-core'
import { buildExample } from '../example-app/app.js'

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] })
try {
  for (const state of ['client', 'server'] as const) {
    const app = await buildExample({ logger: false, stockEveryMs: 2_000_000_000, state })
    const url = await app.listen({ port: 0, host: '127.0.0.1' })
    const page = await (await browser.newContext()).newPage()
    await page.goto(url + '/')
    const posted = page.waitForRequest((r) => r.method() === 'POST' && r.url().includes('/cmd/add'))
    await page.click('#product\\:1 .add')
    const body = (await posted).postData() ?? ''
    const tokens = new URLSearchParams(body).getAll('__lc_state').length
    process.stdout.write(`${state} mode: ${Buffer.byteLength(body)} bytes of form data, ${tokens} state fields\n`)
    await app.close()
  }
} finally {
  await browser.close()
}
