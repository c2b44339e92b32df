/** @module test/browser/live — push and streaming in Chromium with the real htmx ws extensions, on htmx 4 and 2. */
import t from 'tap'
import { Analyzer } from '../../example-app/components/live.js'
import { launch, settle, startExampleApp, watch } from './browser.js'

const browser = await launch(t)
const badge = (n: number): string => `[id="product:${n}/stock-badge-1"]`

for (const major of browser ? [4, 2] as const : []) {
  t.test(`live updates on htmx ${major}`, async (t) => {
    const { app, url } = await startExampleApp(t, major, 120)
    const context = await browser!.newContext()
    t.teardown(() => context.close())
    const page = await context.newPage()
    const w = watch(page)
    const sockets: string[] = []
    const sent: string[] = []
    page.on('websocket', (ws) => {
      sockets.push(ws.url())
      ws.on('framesent', (f) => sent.push(String(f.payload)))
    })
    await page.goto(url + '/')
    const stock = async (n: number): Promise<string> => await page.locator(`${badge(n)} .stock`).innerText()
    const changes = async (n: number, from: string, timeout = 10000): Promise<string> => {
      await page.waitForFunction(([sel, old]) => document.querySelector(sel)?.textContent !== old, [`${badge(n)} .stock`, from] as const, { timeout })
      return await stock(n)
    }

    t.test('the page opens a WebSocket and pushed stock levels appear without any click', async (t) => {
      const before = await stock(1)
      const after = await changes(1, before)
      t.not(after, before, `"${before}" became "${after}" with no user action`)
      t.match(after, /^(\d+ in stock|sold out)$/)
      t.match(sockets[0] ?? '', /\/components\/ws$/, 'connected through the ws extension; the page token is not in the URL')
      t.equal(await page.locator('#lc-live').innerHTML(), '', 'the connection element was never swapped into')
      t.equal(w.posts, 0, 'no request was made by the page for it')
    })

    t.test('pushed renders keep state changed by commands: watch, then the next push still shows it', async (t) => {
      await page.click(`${badge(2)} .watch`)
      await settle(page)
      t.equal(await page.locator(`${badge(2)} .watch`).innerText(), '★ watching')
      const before = await stock(2)
      await changes(2, before)
      t.equal(await page.locator(`${badge(2)} .watch`).innerText(), '★ watching', 'the push rendered the current state')
      const again = await stock(2)
      await changes(2, again)
      t.equal(await page.locator(`${badge(2)} .watch`).innerText(), '★ watching')
      await page.click(`${badge(2)} .watch`) // the button from a pushed render still works
      await settle(page)
      t.equal(await page.locator(`${badge(2)} .watch`).innerText(), '☆ watch')
    })

    t.test('a push that arrives while a command on that component is in flight does not lose the command', async (t) => {
      let release!: () => void
      const held = new Promise<void>((resolve) => { release = resolve })
      await page.route('**/components/stock-badge/cmd/watch', async (route) => { await held; await route.continue() })
      // count the pushes for product 3 that the client helper holds back (it cancels their swap)
      // (a string: the test's TypeScript loader would add helpers the page does not have)
      await page.evaluate(`(() => {
        window.__held = 0
        const id = 'id="product:3/stock-badge-1"'
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
      // the stock job pushes product 3 every few ticks: wait until two of its pushes arrived while the command is held
      await page.waitForFunction(() => (window as unknown as { __held: number }).__held >= 2)
      t.equal(await stock(3), before, 'pushes for the busy component were held back')
      release()
      await settle(page)
      await page.unroute('**/components/stock-badge/cmd/watch')
      t.equal(await page.locator(`${badge(3)} .watch`).innerText(), '★ watching', 'the command landed')
      const now = await stock(3)
      await changes(3, now)
      t.equal(await page.locator(`${badge(3)} .watch`).innerText(), '★ watching', 'and later pushes keep it')
    })

    t.test('after the server drops the socket (1001, then 1006), the page reconnects and re-subscribes by itself', async (t) => {
      for (const code of [1001, null]) {
        const n = sockets.length
        const k = sent.length
        const reopened = page.waitForEvent('websocket', { timeout: 30_000 })
        for (const client of app.websocketServer.clients) code === null ? client.terminate() : client.close(code, 'restart')
        await reopened // the page saw the close and opened a new socket
        const before = await stock(3)
        await changes(3, before, 15000)
        t.ok(sockets.length > n, `a new socket was opened after ${code ?? 'a dropped connection'}`)
        t.ok(sent.slice(k).some((f) => f.includes('"type":"subscribe"') && f.includes('"refresh":true')), 're-subscribed, asking for fresh renders of what it missed')
      }
    })

    t.test('a streaming command shows its intermediate frames in order, then the final state', async (t) => {
      Analyzer.stepMs = 150
      await page.goto(url + '/insights')
      await page.evaluate(() => {
        const seen: string[] = []
        ;(window as unknown as { __frames: string[] }).__frames = seen
        const root = document.getElementById('analysis:1')!.parentElement!
        new MutationObserver(() => {
          const el = document.getElementById('analysis:1')
          const text = `${el?.querySelectorAll('.steps li').length ?? '-'}|${el?.querySelector('.summary') ? 'summary' : ''}`
          if (seen.at(-1) !== text) seen.push(text)
        }).observe(root, { subtree: true, childList: true, characterData: true })
      })
      await page.click('[id="analysis:1"] .analyze')
      await page.waitForSelector('[id="analysis:1"] .summary', { timeout: 10000 })
      await settle(page)
      const frames = await page.evaluate(() => (window as unknown as { __frames: string[] }).__frames)
      t.same(frames.filter((f) => f.endsWith('|')).slice(0, 4), ['1|', '2|', '3|', '4|'], `each step appeared on its own, in order (${frames.join(' ')})`)
      t.equal(frames.at(-1), '4|summary', 'the final render has every step and the summary')
      t.equal(await page.locator('[id="analysis:1"] .analyze').innerText(), 'Analyze reviews')
      t.equal(await page.locator('[id="analysis:1"]').getAttribute('aria-busy'), null, 'not busy afterwards')
      t.equal(await page.locator('[id="analysis:2"] .steps li').count(), 0, 'the other analysis was untouched')
      await page.click('[id="analysis:1"] .analyze') // runs again from the final state
      await page.waitForFunction(() => document.querySelector('[id="analysis:1"] .summary') === null)
      await page.waitForSelector('[id="analysis:1"] .summary', { timeout: 10000 })
      Analyzer.stepMs = 600
    })

    t.test('no page errors, no failed commands', async (t) => {
      t.same(w.pageErrors, [])
      t.same(w.commands.filter((c) => c.status !== 200).map((c) => c.url), [])
    })
  })
}
