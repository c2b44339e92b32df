/** @module test/browser/crawl — uses every htmx control on every example page (clicks, submits, types into live fields), plain and with tampered tokens, under the example's Content-Security-Policy, on htmx 4 and 2. */
import t from 'tap'
import type { Page } from 'playwright-core'
import { mkdirSync, statSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Analyzer } from '../../example-app/components/live.js'
import { launch, seen, settle, startExample, watch } from './browser.js'

// the forms and admin pages come before /login, whose "Log in as demo" signs the crawler in
const PAGES = ['/', '/cart', '/search', '/counter', '/signup', '/products/1/edit', '/admin', '/login', '/dashboard', '/insights']
const browser = await launch(t)
/** where the page screenshots go (git-ignored): open them to see what a person sees */
const SHOTS = fileURLToPath(new URL('../.screenshots/', import.meta.url))
Analyzer.stepMs = 100

/**
 * Uses control `i` of the page's `[hx-post]` elements: a form, its submit button; an input with
 * live validation, typing into it (emptying it, or typing "x" when it is empty) until its
 * validation answers; anything else, a click.
 */
async function clickControl (page: Page, i: number): Promise<void> {
  const el = page.locator('[hx-post]').nth(i)
  const kind = await el.evaluate((e) => e.tagName === 'FORM' ? 'form' : e.hasAttribute('data-lc-live-field') ? 'field' : e.hasAttribute('data-lc-model') ? 'model' : 'control')
  if (kind === 'form') await el.locator('[type=submit]').click()
  else if (kind === 'field' || kind === 'model') {
    // a live field is "clicked" by typing into it: live validation, or a live binding's $refresh
    const value = await el.inputValue()
    await Promise.all([page.waitForResponse((r) => r.url().includes(kind === 'field' ? '/cmd/fieldChange/' : '/cmd/$refresh')), el.fill(value === '' ? 'x' : '')])
  } else await el.click()
  await settle(page)
}

/**
 * Visits every page and clicks each enabled control once, from a freshly loaded page each time.
 * `before` snapshots the page before the click; the result says how many clicks changed it.
 */
async function clickEveryControl (page: Page, base: string, snapshot: (page: Page) => Promise<string>): Promise<{ clicks: number, changed: number, where: string[] }> {
  let clicks = 0
  let changed = 0
  const where: string[] = []
  for (const path of PAGES) {
    await page.goto(base + path)
    const n = await page.locator('[hx-post]').count()
    for (let i = 0; i < n; i++) {
      await page.goto(base + path)
      await settle(page)
      if (i >= await page.locator('[hx-post]').count()) break // e.g. cart lines removed earlier
      if (await page.locator('[hx-post]').nth(i).isDisabled()) continue // a person cannot click it either
      const control = page.locator('[hx-post]').nth(i)
      // a poll's timer or an infinite-scroll sentinel: they fire by themselves, nobody clicks them
      if (await control.getAttribute('data-lc-poll') !== null || (await control.getAttribute('hx-trigger'))?.startsWith('intersect') === true) continue
      const before = await snapshot(page)
      await clickControl(page, i)
      clicks++
      const after = await snapshot(page)
      if (after !== before) {
        changed++
        let at = 0
        while (at < before.length && before[at] === after[at]) at++
        where.push(`${path} control ${i}: …${before.slice(Math.max(0, at - 80), at + 80)} → …${after.slice(Math.max(0, at - 80), at + 80)}`)
      }
    }
  }
  return { clicks, changed, where }
}

/**
 * The markup of the header and main part, and the URL (the error toast is expected to change).
 * The unsent-typing indicators are left out: filling a live field is typing, which they show.
 */
const markup = async (page: Page): Promise<string> => await page.evaluate(`(() => {
  const strip = (el) => {
    const copy = el.cloneNode(true)
    for (const i of copy.querySelectorAll('[data-lc-unsent]')) i.remove()
    return copy.innerHTML
  }
  return location.href + strip(document.querySelector('header')) + strip(document.querySelector('main'))
})()`)

for (const major of browser ? [4, 2] as const : []) {
  t.test(`htmx ${major}: clicking every control on every page`, async (t) => {
    const base = await startExample(t, major)
    const context = await browser!.newContext()
    t.teardown(() => context.close())
    const page = await context.newPage()
    const w = watch(page)
    const { clicks, changed } = await clickEveryControl(page, base, seen)
    t.ok(clicks >= 20, `${clicks} controls clicked`)
    t.same(w.pageErrors, [], 'no page errors')
    t.same(w.csp, [], 'no Content-Security-Policy violation on any page')
    t.same(w.commands.filter((c) => c.status >= 500).map((c) => c.url), [], 'no 5xx')
    t.ok(changed / clicks >= 0.8, `${changed} of ${clicks} clicks changed the page (at least 80%)`)
    for (const header of ['hx-redirect', 'hx-refresh', 'hx-push-url']) {
      t.ok(w.commands.some((c) => c.headers[header] !== undefined), `${header} seen`)
    }
    t.ok(w.commands.some((c) => /hx-swap-oob="(outerMorph|morph)"/.test(c.body)), 'at least one out-of-band swap')
  })

  t.test(`htmx ${major}: every page is styled (Pico CSS from node_modules, under the CSP), with a screenshot to look at`, async (t) => {
    const base = await startExample(t, major)
    const context = await browser!.newContext({ viewport: { width: 1100, height: 800 } })
    t.teardown(() => context.close())
    const page = await context.newPage()
    const w = watch(page)
    mkdirSync(SHOTS, { recursive: true })
    for (const path of PAGES) {
      await page.goto(base + path)
      await settle(page)
      // Pico gives buttons rounded corners and a coloured background; unstyled HTML has neither
      const style = await page.evaluate(() => { const b = document.querySelector('button'); return b === null ? null : { radius: getComputedStyle(b).borderTopLeftRadius, bg: getComputedStyle(b).backgroundColor } })
      t.ok(style !== null && style.radius !== '0px' && style.bg !== 'rgb(239, 239, 239)', `${path}: styled (${JSON.stringify(style)})`)
      const file = `${SHOTS}htmx${major}${path === '/' ? '-home' : path.replaceAll('/', '-')}.png`
      await page.screenshot({ path: file })
      t.ok(statSync(file).size > 10_000, `${path}: screenshot ${file}`)
    }
    t.same(w.csp, [], 'no Content-Security-Policy violation')
  })

  t.test(`htmx ${major}: one character flipped in every signed token`, async (t) => {
    const base = await startExample(t, major)
    const context = await browser!.newContext()
    t.teardown(() => context.close())
    const page = await context.newPage()
    const w = watch(page)
    await page.route('**/components/**/cmd/**', async (route) => {
      const flipped = new URLSearchParams()
      for (const [k, v] of new URLSearchParams(route.request().postData() ?? '')) {
        flipped.append(k, k === '__lc_state' ? v.slice(0, 30) + (v[30] === 'x' ? 'y' : 'x') + v.slice(31) : v)
      }
      await route.continue({ postData: flipped.toString() })
    })
    const { clicks, changed, where } = await clickEveryControl(page, base, markup)
    t.ok(clicks >= 20, `${clicks} controls clicked`)
    t.equal(w.commands.filter((c) => !c.poll).length, clicks, 'every click sent one request (polls aside)')
    t.same(w.commands.filter((c) => c.status < 400 || c.status >= 500).map((c) => `${c.status} ${c.url}`), [], 'every response is a 4xx')
    t.same(w.commands.filter((c) => /Error|\bat |\.ts:|stack/.test(c.body)).map((c) => c.body), [], 'no stack trace or exception text')
    t.equal(changed, 0, `the page did not change${where.length > 0 ? `: ${where.join(' | ')}` : ''}`)
    t.same(w.pageErrors, [])
    t.same(w.csp, [], 'no Content-Security-Policy violation')
  })
}
