/** @module test/browser/expiry — in Chromium with real htmx 4 and 2: a page whose tokens expired reloads once when its socket is refused with 410, and works again. */
import t from 'tap'
import { ALL } from '../fixtures/components.js'
import { PUSH } from '../fixtures/push-components.js'
import { build } from '../helpers/build.js'
import { freshPage, htmxOption, launch } from './browser.js'

const browser = await launch(t)

for (const major of browser !== null ? [4, 2] as const : []) {
  t.test(`expired tokens over the WebSocket on htmx ${major}: one reload, no loop`, async (t) => {
    let ms = Date.now()
    const app = await build(t, { components: [...ALL, ...PUSH], htmx: htmxOption(major), maxAge: 60, now: () => ms })
    app.get('/push', (_req, reply) => reply.page('push-page.njk'))
    const base = await app.listen({ port: 0, host: '127.0.0.1' })
    const { page, errors } = await freshPage(t, browser!)
    // every socket's frames, and a promise per 'subscribed' answer
    const answers: string[] = []
    let answered: () => void = () => {}
    page.on('websocket', (ws) => ws.on('framereceived', (f) => {
      answers.push(String(f.payload))
      if (/"subscribed","ids":\["/.test(String(f.payload))) answered() // subscribed, and accepted
    }))
    /** resolves at the next subscription the server accepted */
    const subscribed = async (): Promise<void> => await new Promise((resolve) => { answered = resolve })
    let loads = 0
    page.on('load', () => { loads++ })
    const first = subscribed()
    await page.goto(base + '/push')
    await first
    t.equal(loads, 1)

    ms += 120_000 // two minutes later: the page's tokens (maxAge 60 s) have expired
    const reloaded = page.waitForEvent('load', { timeout: 30_000 })
    const again = subscribed()
    for (const client of (app as unknown as { websocketServer: { clients: Set<{ close: (c: number, r: string) => void }> } }).websocketServer.clients) client.close(1001, 'restart')
    await reloaded
    await again // the reloaded page subscribed with fresh tokens
    t.equal(loads, 2, 'reloaded once')
    t.ok(answers.filter((a) => a.includes('"status":410')).length <= 2, 'the expired page was refused once per message it sent (hello, subscribe), not once per push')
    t.same(errors, [])
  })
}
