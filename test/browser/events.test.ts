/** @module test/browser/events — in Chromium with real htmx 4 and 2: events a command triggers reach document.body even when the swap removed the element that sent it. */
import t from 'tap'
import { build } from '../helpers/build.js'
import { freshPage, htmxOption, launch } from './browser.js'

const browser = await launch(t)

for (const major of browser !== null ? [4, 2] as const : []) {
  t.test(`TriggerEvent with ParentDirty on htmx ${major}`, async (t) => {
    const app = await build(t, { htmx: htmxOption(major) })
    const base = await app.listen({ port: 0, host: '127.0.0.1' })
    const { page, errors } = await freshPage(t, browser!)
    await page.goto(base + '/')
    // a control of a counter inside the panel whose command re-renders the panel (ParentDirty)
    // and triggers two events; the usual idiom listens on document.body
    await page.evaluate(`(() => {
      window.__events = []
      document.body.addEventListener('toast', (e) => window.__events.push(['toast', e.detail.message]))
      document.body.addEventListener('ping', (e) => window.__events.push(['ping', e.detail.value]))
      const inc = document.querySelector('#panel [data-lc="counter"] button.inc')
      const b = inc.cloneNode(true)
      b.className = 'toast-from-child'
      b.setAttribute('hx-post', inc.getAttribute('hx-post').replace('/cmd/inc/1', '/cmd/parentToast'))
      inc.after(b)
      htmx.process(b)
    })()`)
    const [res] = await Promise.all([page.waitForResponse((r) => r.url().includes('/cmd/parentToast')), page.click('button.toast-from-child')])
    t.match(await res.text(), major === 4 ? /^<section id="panel" data-lc="panel" hx-swap-oob="outerMorph"/ : /^<section id="panel" data-lc="panel" hx-swap-oob="morph" hx-ext="morph"/, 'ParentDirty: the panel comes back out of band')
    await page.waitForFunction(() => (window as unknown as { __events: unknown[] }).__events.length >= 2)
    t.equal(await page.locator('button.toast-from-child').count(), 0, 'the element that sent the command is gone (the panel was re-rendered)')
    t.same(await page.evaluate(() => (window as unknown as { __events: unknown[] }).__events), [['toast', 'from a child'], ['ping', 7]], 'both events reached document.body, once each, with their details')
    t.same(errors, [])
  })
}
