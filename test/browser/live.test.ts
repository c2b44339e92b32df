/** @module test/browser/live — push and streaming in Chromium with the real htmx ws extensions, on htmx 4 and 2 (the fixture app; pushes and stream steps ordered by the test, never by time). */
import t from 'tap'
import { Analysis, badgeLevels, STEPS } from '../fixtures/browser-components.js'
import { launch, settle, watch } from './browser.js'
import { startFixtureApp } from './fixture-app.js'

const browser = await launch(t)
const badge = (n: number): string => `[id="badge:${n}"]`
/** whether a frame the server sent is its answer to a subscribe that accepted instance `id` */
const subscribedTo = (id: string) => (frame: string): boolean => frame.includes('"type":"subscribed"') && frame.includes(`"${id}"`)

for (const major of browser !== null ? [4, 2] as const : []) {
  t.test(`live updates on htmx ${major}`, async (t) => {
    const { app, url } = await startFixtureApp(t, major)
    const context = await browser!.newContext()
    t.teardown(() => context.close())
    const page = await context.newPage()
    const w = watch(page)
    const sockets: string[] = []
    const sent: string[] = []
    /** resolved by the next frame the page receives, on any of its sockets, that passes `test` */
    const waiting: Array<{ test: (frame: string) => boolean, resolve: () => void }> = []
    page.on('websocket', (ws) => {
      sockets.push(ws.url())
      ws.on('framesent', (f) => sent.push(String(f.payload)))
      ws.on('framereceived', (f) => {
        const text = String(f.payload)
        for (const waiter of waiting.filter((x) => x.test(text))) {
          waiting.splice(waiting.indexOf(waiter), 1)
          waiter.resolve()
        }
      })
    })
    /** a promise of the next received frame that passes `test`: ask for it before what causes it */
    const received = async (test: (frame: string) => boolean): Promise<void> => await new Promise((resolve) => { waiting.push({ test, resolve }) })
    /** the "background job": a new stock level for `sku`, and every page showing it is told */
    const push = async (sku: number, level: number): Promise<void> => {
      badgeLevels.set(sku, level)
      await app.components.notify(`badge:${sku}`)
    }
    const stock = async (n: number): Promise<string> => await page.locator(`${badge(n)} .stock`).innerText()
    /** waits until badge `n` shows `text` */
    const shows = async (n: number, text: string): Promise<void> => {
      await page.waitForFunction(([sel, text]) => document.querySelector(sel)?.textContent === text, [`${badge(n)} .stock`, text] as const, { timeout: 30_000 })
    }
    /** opens the live page; resolves once the server accepted its subscriptions */
    const open = async (): Promise<void> => {
      const subscribed = received(subscribedTo('badge:1'))
      await page.goto(url + '/live')
      await subscribed
    }
    await open()

    t.test('the page opens a WebSocket and pushed stock levels appear without any click', async (t) => {
      const before = await stock(1)
      t.equal(before, '5 in stock')
      await push(1, 4)
      await shows(1, '4 in stock')
      t.equal(await stock(1), '4 in stock', `"${before}" became "4 in stock" with no user action`)
      await push(1, 0)
      await shows(1, 'sold out')
      t.match(await stock(1), /^(\d+ in stock|sold out)$/)
      t.equal(await stock(2), '9 in stock', 'only the badge whose topic was notified changed')
      t.match(sockets[0] ?? '', /\/components\/ws$/, 'connected through the ws extension; the page token is not in the URL')
      t.equal(sockets.length, 1, 'one socket')
      t.equal(await page.locator('#lc-live').innerHTML(), '', 'the connection element was never swapped into')
      t.equal(w.posts, 0, 'no request was made by the page for it')
    })

    t.test('pushed renders keep state changed by commands: watch, then the next push still shows it', async (t) => {
      // the command changes the state: the page subscribes its new state (ordering, not a wait for time)
      const resubscribed = received(subscribedTo('badge:2'))
      await page.click(`${badge(2)} .watch`)
      await settle(page)
      t.equal(await page.locator(`${badge(2)} .watch`).innerText(), '★ watching')
      await resubscribed
      await push(2, 8)
      await shows(2, '8 in stock')
      t.equal(await page.locator(`${badge(2)} .watch`).innerText(), '★ watching', 'the push rendered the current state')
      await push(2, 7)
      await shows(2, '7 in stock')
      t.equal(await page.locator(`${badge(2)} .watch`).innerText(), '★ watching')
      await page.click(`${badge(2)} .watch`) // the button from a pushed render still works
      await settle(page)
      t.equal(await page.locator(`${badge(2)} .watch`).innerText(), '☆ watch')
      t.equal(await stock(2), '7 in stock', 'and its render keeps the pushed level')
    })

    t.test('a push that arrives while a command on that component is in flight does not lose the command', async (t) => {
      let release!: () => void
      const held = new Promise<void>((resolve) => { release = resolve })
      await page.route('**/components/stock-badge/cmd/watch', async (route) => { await held; await route.continue() })
      // count the pushes for badge 3 that the client helper holds back (it cancels their swap)
      // (a string: the test's TypeScript loader would add helpers the page does not have)
      await page.evaluate(`(() => {
        window.__held = 0
        const id = 'id="badge:3"'
        const held = (evt, text) => {
          const cancelled = evt.defaultPrevented || evt.detail?.cancelled === true
          if (cancelled && typeof text === 'string' && text.includes(id)) window.__held++
        }
        document.addEventListener('htmx:wsBeforeMessage', (e) => held(e, e.detail?.message))
        document.addEventListener('htmx:ws:before:message:incoming', (e) => held(e, e.detail?.message?.data))
      })()`)
      await page.click(`${badge(3)} .watch`)
      await page.waitForSelector(`${badge(3)}[aria-busy="true"]`)
      // from now on pushes for it are held back: what it shows now must stay
      const before = await stock(3)
      t.equal(before, '7 in stock')
      // two pushes for badge 3 arrive while the command is held
      await push(3, 11)
      await push(3, 12)
      await page.waitForFunction(() => (window as unknown as { __held: number }).__held >= 2)
      t.equal(await stock(3), before, 'pushes for the busy component were held back')
      release()
      await page.waitForResponse('**/components/stock-badge/cmd/watch')
      await settle(page)
      await page.unroute('**/components/stock-badge/cmd/watch')
      t.equal(await page.locator(`${badge(3)} .watch`).innerText(), '★ watching', 'the command landed')
      // the page asks again for what it held back: a fresh render of the current state
      await shows(3, '12 in stock')
      t.equal(await page.locator(`${badge(3)} .watch`).innerText(), '★ watching', 'the missed push came back rendered from the command\'s state')
      await push(3, 13)
      await shows(3, '13 in stock')
      t.equal(await page.locator(`${badge(3)} .watch`).innerText(), '★ watching', 'and later pushes keep it')
    })

    t.test('after the server drops the socket (1001, then 1006), the page reconnects and re-subscribes by itself', async (t) => {
      for (const [i, code] of [1001, null].entries()) {
        const n = sockets.length
        const k = sent.length
        // changed while nobody is told: only the fresh render a re-subscribing page asks for shows it
        const missed = 20 + i
        badgeLevels.set(3, missed)
        const reopened = page.waitForEvent('websocket', { timeout: 30_000 })
        for (const client of app.websocketServer.clients) code === null ? client.terminate() : client.close(code, 'restart')
        await reopened // the page saw the close and opened a new socket
        await shows(3, `${missed} in stock`)
        t.ok(sockets.length > n, `a new socket was opened after ${code ?? 'a dropped connection'}`)
        t.ok(sent.slice(k).some((f) => f.includes('"type":"subscribe"') && f.includes('"refresh":true')), 're-subscribed, asking for fresh renders of what it missed')
        await push(3, 30 + i)
        await shows(3, `${30 + i} in stock`)
        t.equal(await stock(3), `${30 + i} in stock`, 'and pushes reach the new socket')
      }
      t.equal(await page.locator(`${badge(3)} .watch`).innerText(), '★ watching', 'the fresh renders kept the state')
    })

    t.test('a streaming command shows its intermediate frames in order, then the final state', async (t) => {
      await open() // a fresh page, connected and subscribed: frames reach it over its socket
      await page.evaluate(`(() => {
        const seen = []
        window.__frames = seen
        const root = document.getElementById('analysis:1').parentElement
        new MutationObserver(() => {
          const el = document.getElementById('analysis:1')
          const text = (el ? el.querySelectorAll('.steps li').length : '-') + '|' + (el && el.querySelector('.summary') ? 'summary' : '')
          if (seen[seen.length - 1] !== text) seen.push(text)
        }).observe(root, { subtree: true, childList: true, characterData: true })
      })()`)
      const count = async (): Promise<number> => await page.locator('[id="analysis:1"] .steps li').count()
      await page.click('[id="analysis:1"] .analyze')
      await page.waitForSelector('[id="analysis:1"][aria-busy="true"]')
      // each step is let through only once the page shows the one before: every frame is seen on its own
      for (let i = 1; i <= STEPS.length; i++) {
        await Analysis.gate.open()
        await page.waitForFunction((n) => document.querySelectorAll('[id="analysis:1"] .steps li').length === n, i, { timeout: 30_000 })
        t.equal(await page.locator('[id="analysis:1"] .steps li').last().innerText(), STEPS[i - 1], `frame ${i} shows step ${i}`)
        t.equal(await page.locator('[id="analysis:1"] .analyze').innerText(), 'Analyzing…', `frame ${i} is the state as it is mid-command`)
      }
      t.equal(await page.locator('[id="analysis:1"] .summary').count(), 0, 'no summary before the command ends')
      await Analysis.gate.open()
      await page.waitForSelector('[id="analysis:1"] .summary', { timeout: 30_000 })
      await settle(page)
      const frames = await page.evaluate(() => (window as unknown as { __frames: string[] }).__frames)
      t.same(frames.filter((f) => f.endsWith('|')), ['1|', '2|', '3|', '4|'], `each step appeared on its own, in order (${frames.join(' ')})`)
      t.equal(frames.at(-1), '4|summary', 'the final render has every step and the summary')
      t.equal(await page.locator('[id="analysis:1"] .summary').innerText(), 'Espresso: 4 steps, all fine.')
      t.equal(await page.locator('[id="analysis:1"] .analyze').innerText(), 'Analyze reviews')
      t.equal(await page.locator('[id="analysis:1"]').getAttribute('aria-busy'), null, 'not busy afterwards')
      t.equal(await page.locator('[id="analysis:2"] .steps li').count(), 0, 'the other analysis was untouched')
      await page.click('[id="analysis:1"] .analyze') // runs again from the final state
      await Analysis.gate.open()
      await page.waitForFunction(() => document.querySelector('[id="analysis:1"] .summary') === null, undefined, { timeout: 30_000 })
      t.equal(await count(), 1, 'it starts over')
      for (let i = 2; i <= STEPS.length + 1; i++) await Analysis.gate.open()
      await page.waitForSelector('[id="analysis:1"] .summary', { timeout: 30_000 })
      await settle(page)
      t.equal(await count(), STEPS.length, 'and ends with every step once')
    })

    t.test('no page errors, no failed commands', async (t) => {
      t.same(w.pageErrors, [])
      t.same(w.commands.filter((c) => c.status !== 200).map((c) => c.url), [])
    })
  })
}
