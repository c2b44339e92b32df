/** @module test/browser/server-events — server events in Chromium with real htmx 4 and 2: one click emits, every listener on the page re-renders from one response, the emitter keeps working. */
import t from 'tap'
import { freshPage, launch } from './browser.js'
import { startFixtureApp } from './fixture-app.js'

const browser = await launch(t)

for (const major of browser !== null ? [4, 2] as const : []) {
  t.test(`emit: the board, a keyed sibling and a bystander all update from one request (htmx ${major})`, async (t) => {
    const { url } = await startFixtureApp(t, major)
    const { page, errors } = await freshPage(t, browser!)
    const posts: string[] = []
    page.on('request', (r) => { if (r.method() === 'POST') posts.push(r.url()) })
    await page.goto(url + '/events')
    for (const n of [1, 2]) {
      await Promise.all([page.waitForResponse((r) => r.url().includes('/cmd/add')), page.click('#eb button')])
      await page.waitForFunction((n) => document.querySelector('#eb .total')?.textContent === `${n} tasks, last: task ${n}`, n)
      await page.waitForFunction((n) => document.querySelector('#stats .seen')?.textContent === Array.from({ length: n }, (_, i) => `task ${i + 1}`).join(', '), n)
      await page.waitForFunction((n) => document.querySelector('#bystander-1 .state')?.textContent === `{"heard":${n}}`, n)
      t.equal(await page.locator('#eb .n').innerText(), String(n), 'the emitter, re-rendered inside the board, shows its own new state')
    }
    t.same(posts.map((u) => new URL(u).pathname), ['/components/event-adder/cmd/add', '/components/event-adder/cmd/add'], 'one request per click, whatever listens')
    t.same(errors, [])
  })
}
