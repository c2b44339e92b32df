/** @module test/browser/browser — Debian's Chromium through playwright-core, and the example app on loopback. */
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { chromium, type Browser, type Page } from 'playwright-core'
import type { FastifyInstance } from 'fastify'
import type { Test } from 'tap'
import { buildExample } from '../../example-app/app.js'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/**
 * Launches Chromium, or, when it is missing, says so loudly and skips (outside CI) or fails (in CI,
 * which installs it, so a missing browser there is a broken setup).
 */
export async function launch (t: Test): Promise<Browser | null> {
  if (!existsSync(CHROMIUM)) {
    const msg = `!!! Chromium not found at ${CHROMIUM}: browser tests NOT RUN. Install it with: apt-get install -y chromium`
    console.error(msg)
    if (process.env.CI) t.fail(msg)
    else t.test('browser tests', { skip: msg }, () => {})
    return null
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
  })
  t.teardown(() => browser.close())
  return browser
}

/**
 * Starts the example shop on 127.0.0.1 and a free port; closed at teardown. Its stock job
 * runs every `stockEveryMs` (default: practically never, so that pushes do not change pages
 * under tests about something else).
 */
export async function startExampleApp (t: Test, htmxMajor: 2 | 4, stockEveryMs = 2_000_000_000, state: 'client' | 'server' = 'client'): Promise<{ app: FastifyInstance, url: string }> {
  const app = await buildExample({ htmxMajor, logger: false, stockEveryMs, state })
  const url = await app.listen({ port: 0, host: '127.0.0.1' })
  t.teardown(() => app.close())
  return { app, url }
}

/** {@link startExampleApp}, returning the URL only. */
export async function startExample (t: Test, htmxMajor: 2 | 4, state: 'client' | 'server' = 'client'): Promise<string> {
  return (await startExampleApp(t, htmxMajor, undefined, state)).url
}

/** What a page did: responses to command requests, page errors, Content-Security-Policy violations. */
export interface Watch {
  /** every command response; `poll`: sent by a poll's timer (an LC-Poll-Tag request), not by a click */
  commands: Array<{ url: string, status: number, headers: Record<string, string>, body: string, poll: boolean }>
  pageErrors: string[]
  /** what Chromium refused under the example's CSP: its console messages, and every `securitypolicyviolation` event */
  csp: string[]
  posts: number
}

/** Records every command response, page error and CSP violation of a page. */
export function watch (page: Page): Watch {
  const w: Watch = { commands: [], pageErrors: [], csp: [], posts: 0 }
  page.on('pageerror', (err) => w.pageErrors.push(err.message))
  page.on('console', (msg) => { if (/Content Security Policy|securitypolicyviolation/i.test(msg.text())) w.csp.push(msg.text()) })
  // Chromium logs what it refuses ("Refused to … because it violates the following Content
  // Security Policy directive"); the event also catches what it might not log
  page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`securitypolicyviolation: ${e.violatedDirective} refused ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`)
    })
  }).catch(() => {})
  page.on('request', (req) => { if (req.method() === 'POST' && req.url().includes('/cmd/')) w.posts++ })
  page.on('response', async (res) => {
    if (!res.url().includes('/cmd/')) return
    const entry = { url: res.url(), status: res.status(), headers: res.headers(), body: '', poll: res.request().headers()['lc-poll-tag'] !== undefined }
    w.commands.push(entry)
    entry.body = await res.text().catch(() => '')
  })
  return w
}

/** Waits until no component is busy, no request is in flight and no swap is settling (htmx's classes). */
export async function settle (page: Page): Promise<void> {
  await page.waitForLoadState('load')
  await page.waitForFunction(() => document.querySelector('[aria-busy="true"], .htmx-request, .htmx-swapping, .htmx-settling, .htmx-added') === null)
}

/** The text of the header, the main part and the toast, and the URL: what a person sees change. */
export async function seen (page: Page): Promise<string> {
  return await page.evaluate(() => ['header', 'main', '#toast'].map((s) => document.querySelector(s)?.textContent ?? '').join('\n') + location.href)
}

/**
 * Fills a form input. When it has live validation (`data-lc-live-field`) and the value changes,
 * waits for its `fieldChange` response, so that no validation is left in flight.
 */
export async function fill (page: Page, selector: string, value: string): Promise<void> {
  const input = page.locator(selector)
  const live = await input.evaluate((e) => e.hasAttribute('data-lc-live-field'))
  if (!live || await input.inputValue() === value) return await input.fill(value)
  await Promise.all([page.waitForResponse((r) => r.url().includes('/cmd/fieldChange/')), input.fill(value)])
  await settle(page)
}

/** The error text, aria-invalid and aria-describedby of a field of the form with component id `form`, and its error element's id and aria-live. */
export async function fieldState (page: Page, form: string, field: string): Promise<{ error: string | null, invalid: string | null, describedBy: string | null, errorId: string | null, live: string | null }> {
  return await page.evaluate(([form, field]) => {
    const input = document.getElementById(`${form}-${field}`)!
    const error = document.getElementById(`${form}-${field}-error`)
    return {
      error: error?.textContent ?? null,
      invalid: input.getAttribute('aria-invalid'),
      describedBy: input.getAttribute('aria-describedby'),
      errorId: error?.id ?? null,
      live: error?.getAttribute('aria-live') ?? null
    }
  }, [form, field])
}

/** The state signed into the page for a component: what anyone reading the page can see. */
export async function signedState (page: Page, id: string): Promise<string> {
  const token = await page.locator(`[data-lc-for="${id}"]`).first().inputValue()
  return Buffer.from(token.split('.')[1], 'base64url').toString('utf8')
}

/**
 * Opens `/signup` (the example's page, or the fixture app's) and fills its four fields, each
 * field's live validation answered; the submit is the caller's.
 */
export async function fillSignup (page: Page, base: string, fields: { email: string, name: string, age: string, password: string }): Promise<void> {
  await page.goto(base + '/signup')
  for (const [name, value] of Object.entries(fields)) await fill(page, `#signup-${name}`, value)
}

/** Logs in through the example's login form; resolves on the dashboard. */
export async function logIn (page: Page, base: string, username: string, password: string): Promise<void> {
  await page.goto(base + '/login')
  await fill(page, '#login-username', username)
  await fill(page, '#login-password', password)
  await Promise.all([page.waitForURL(base + '/dashboard'), page.click('#login button.login')])
  await settle(page)
}

/** Logs out with the login page's "Log out" button (a RedirectPage back to /login). */
export async function logOut (page: Page, base: string): Promise<void> {
  await page.goto(base + '/login')
  await Promise.all([page.waitForEvent('load'), page.click('#login .logout')])
  await settle(page)
}

/** The `htmx` option that serves htmx `major` from node_modules (4: the plugin's default; 2: the `htmx2` alias). */
export function htmxOption (major: 2 | 4): { major?: 2, file?: string } {
  return major === 2 ? { major, file: createRequire(import.meta.url).resolve('htmx2/dist/htmx.min.js') } : {}
}

/** A page in a new browser context (its own cookies), closed at teardown, with the page errors it raised. */
export async function freshPage (t: Test, browser: Browser): Promise<{ page: Page, errors: string[] }> {
  const ctx = await browser.newContext()
  t.teardown(() => ctx.close())
  const page = await ctx.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  return { page, errors }
}
