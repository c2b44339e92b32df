/** @module test/browser/development — in Chromium with real htmx 4 and 2: with `development: true` a failed command shows the error overlay (component, command, template line, causes, as text), nothing is swapped into the page, and Close or Escape removes it; production shows only the error region. */
import t from 'tap'
import { build } from '../helpers/build.js'
import { DevChecked } from '../fixtures/typed-app-components.js'
import { freshPage, htmxOption, launch } from './browser.js'

const browser = await launch(t)

for (const major of browser !== null ? [4, 2] as const : []) {
  t.test(`the development overlay on htmx ${major}`, async (t) => {
    const app = await build(t, { components: [DevChecked], development: true, htmx: htmxOption(major) })
    app.get('/dev/:case', (req, reply) => reply.page('dev-page.njk', { case: (req.params as { case: string }).case }))
    const base = await app.listen({ port: 0, host: '127.0.0.1' })
    const { page } = await freshPage(t, browser!)
    await page.goto(base + '/dev/controls')
    const before = await page.locator('#dev').innerHTML()

    await Promise.all([page.waitForResponse((r) => r.url().includes('/cmd/boom')), page.click('button.boom')])
    const overlay = page.locator('#lc-dev-overlay')
    await overlay.waitFor()
    t.equal(await overlay.getAttribute('role'), 'alertdialog')
    t.match(await overlay.locator('h2').textContent(), '500 in dev-checked → boom')
    t.same(await overlay.locator('li strong').allTextContents(), ['LC_COMMAND_FAILED', 'Error'])
    t.match(await overlay.locator('li pre').nth(1).textContent(), 'the stock service said <b>no</b>', 'the message as text')
    t.equal(await overlay.locator('b').count(), 0, 'no markup from the message was interpreted')
    t.equal(await page.locator('#dev').innerHTML(), before, 'nothing was swapped into the component')
    t.equal(await page.locator('[data-lc-errors]').textContent(), 'Something went wrong on our side. Please try again.', 'the error region shows the public message')
    await overlay.locator('button').click()
    await overlay.waitFor({ state: 'detached' })

    await Promise.all([page.waitForResponse((r) => r.url().includes('/cmd/breakTemplate')), page.click('button.break')])
    await overlay.waitFor()
    t.match(await overlay.locator('p').first().textContent(), /Template .*dev-checked\.njk, line 9, column \d+/)
    t.match(await overlay.textContent(), 'Unable to call `nothere`')
    t.equal(await page.locator('#dev').innerHTML(), before, 'still nothing swapped')
    await page.keyboard.press('Escape')
    await overlay.waitFor({ state: 'detached' })
  })

  t.test(`production on htmx ${major}: no overlay, the error region only`, async (t) => {
    const app = await build(t, { components: [DevChecked], development: false, htmx: htmxOption(major) })
    app.get('/dev/:case', (req, reply) => reply.page('dev-page.njk', { case: (req.params as { case: string }).case }))
    const base = await app.listen({ port: 0, host: '127.0.0.1' })
    const { page } = await freshPage(t, browser!)
    await page.goto(base + '/dev/controls')
    await Promise.all([page.waitForResponse((r) => r.url().includes('/cmd/boom')), page.click('button.boom')])
    await page.locator('[data-lc-errors]:not([hidden])').waitFor()
    t.equal(await page.locator('[data-lc-errors]').textContent(), 'Something went wrong on our side. Please try again.')
    t.equal(await page.locator('#lc-dev-overlay').count(), 0, 'no overlay')
  })
}
