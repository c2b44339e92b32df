/** @module test/browser/forms — the example's own forms in Chromium: signup with its accounts, login, and a model form with permissions, on htmx 4 and 2 (the library's form behaviours: forms-library.test.ts, on the fixture app). */
import t from 'tap'
import { fieldState, fill, fillSignup, launch, logIn, logOut, settle, signedState, startExample, watch } from './browser.js'

const browser = await launch(t)

for (const major of browser !== null ? [4, 2] as const : []) {
  t.test(`forms on htmx ${major}`, async (t) => {
    const base = await startExample(t, major)
    const context = await browser!.newContext()
    t.teardown(() => context.close())
    const page = await context.newPage()
    const w = watch(page)
    const text = async (sel: string) => await page.locator(sel).first().innerText()

    t.test('signup: a valid submit signs up and shows the welcome in place; the email cannot be used twice', async (t) => {
      const email = `ann.htmx${major}@example.com`
      await fillSignup(page, base, { email, name: 'Ann', age: '30', password: 'correct horse' })
      t.equal((await fieldState(page, 'signup', 'password')).error, '', 'live validation found nothing wrong')
      await page.click('#signup button.signup')
      await settle(page)
      t.equal(w.commands.at(-1)!.status, 200)
      t.match(await text('#signup .welcome'), `Welcome, Ann! Your account ${email} is ready`)
      t.equal(await text('#toast'), 'Welcome, Ann!')
      t.notMatch(await signedState(page, 'signup'), 'correct horse', 'the password is not in the signed state')
      await page.goto(base + '/dashboard')
      t.equal(await text('.welcome'), 'Hello, Ann! This is your dashboard.', 'signed in')

      await fillSignup(page, base, { email, name: 'Ann again', age: '31', password: 'another password' })
      await page.click('#signup button.signup')
      await settle(page)
      t.equal(w.commands.at(-1)!.status, 422)
      t.equal((await fieldState(page, 'signup', 'email')).error, 'This email is already registered.')
      t.equal((await fieldState(page, 'signup', 'email')).invalid, 'true')
    })

    t.test('login: field errors, then wrong credentials, then demo / demo reaches the dashboard', async (t) => {
      const ctx = await browser!.newContext()
      t.teardown(() => ctx.close())
      const p = await ctx.newPage()
      await p.goto(base + '/login')
      await p.click('#login button.login')
      await settle(p)
      t.equal((await fieldState(p, 'login', 'username')).error, 'Enter your username.')
      t.equal((await fieldState(p, 'login', 'password')).error, 'Passwords have at least 4 characters.')
      t.equal((await fieldState(p, 'login', 'password')).invalid, 'true')
      await fill(p, '#login-username', 'demo')
      await fill(p, '#login-password', 'abc')
      await p.click('#login button.login')
      await settle(p)
      t.equal((await fieldState(p, 'login', 'username')).error, '', 'the username is fine now')
      t.equal((await fieldState(p, 'login', 'username')).invalid, 'false')
      t.equal((await fieldState(p, 'login', 'password')).error, 'Passwords have at least 4 characters.', 'a short password')
      await fill(p, '#login-password', 'wrong')
      await p.click('#login button.login')
      await settle(p)
      t.match(await p.locator('#login .error').innerText(), 'Wrong username or password', 'wrong credentials: a message about the whole form')
      t.equal(await p.inputValue('#login-username'), 'demo', 'the username is kept')
      await fill(p, '#login-password', 'demo')
      await Promise.all([p.waitForURL(base + '/dashboard'), p.click('#login button.login')])
      t.equal(await p.locator('.welcome').innerText(), 'Hello, demo! This is your dashboard.')
      t.equal(await p.locator('.staff').count(), 0, 'demo is not staff')
      await logOut(p, base)
      await p.goto(base + '/dashboard')
      t.match(await p.locator('main').innerText(), 'You are not logged in', 'logged out')
    })

    t.test('product edit: anonymous and customers cannot save; staff can, and the change persists', async (t) => {
      // the signup above signed this page's visitor in as a customer: log out for the anonymous case
      await logOut(page, base)

      for (const [who, status, message] of [['anonymous', 401, 'Please sign in to do this.'], ['demo', 403, 'This action is not allowed.']] as const) {
        if (who === 'demo') await logIn(page, base, 'demo', 'demo')
        await page.goto(base + '/products/2/edit')
        await fill(page, '#product-edit-price', '1')
        const main = await page.locator('main').innerHTML()
        await page.click('#product-edit button.save')
        await settle(page)
        const res = w.commands.at(-1)!
        t.equal(res.status, status, `${who}: ${status}`)
        t.equal(res.headers['hx-reswap'], 'none')
        t.equal(JSON.parse(res.headers['hx-trigger'])['live:error'].status, status)
        t.equal(await text('#toast'), message, `${who}: the message is shown in #toast`)
        t.equal(await page.locator('main').innerHTML(), main, `${who}: nothing was swapped`)
        t.equal(await page.inputValue('#product-edit-price'), '1', `${who}: the form keeps its input`)
      }

      await logIn(page, base, 'admin', 'admin')
      await page.goto(base + '/products/2/edit')
      t.equal(await page.locator('#product-edit .hint').count(), 0, 'staff get no hint about logging in')
      await fill(page, '#product-edit-price', 'cheap')
      t.equal((await fieldState(page, 'product-edit', 'price')).error, 'must be integer', 'live validation')
      await page.click('#product-edit button.save')
      await settle(page)
      t.equal(w.commands.at(-1)!.status, 422, 'an invalid price: 422')
      t.equal((await fieldState(page, 'product-edit', 'price')).error, 'must be integer', 'the error is in place')
      t.equal((await fieldState(page, 'product-edit', 'price')).invalid, 'true')
      t.equal(await page.inputValue('#product-edit-price'), 'cheap')

      const name = `Gooseneck kettle (htmx ${major})`
      await fill(page, '#product-edit-name', name)
      await fill(page, '#product-edit-price', '52')
      t.equal(await page.locator('#product-edit .unsaved').isVisible(), true, 'typed, not saved: "Unsaved changes" (data-lc-unsent), also after live validation')
      await page.click('#product-edit button.save')
      await settle(page)
      t.equal(w.commands.at(-1)!.status, 200)
      await page.waitForFunction(() => document.querySelector('#product-edit .unsaved')?.hasAttribute('hidden') === true)
      t.equal(await page.locator('#product-edit .saving').isVisible(), false, 'no "Saving…" once answered')
      t.equal(await text('#toast'), `Saved: ${name}, €52`)
      t.equal(await text('#product-edit .current'), `Now: ${name}, €52`, 'the new values are shown')
      t.equal((await fieldState(page, 'product-edit', 'price')).invalid, 'false')
      await page.reload()
      t.equal(await page.inputValue('#product-edit-name'), name, 'after a reload: the new name')
      t.equal(await page.inputValue('#product-edit-price'), '52', 'and the new price')
      await page.goto(base + '/')
      t.equal(await text('#product\\:2 .name'), name, 'the shop shows it too')
      t.equal(await text('#product\\:2 .price'), '€52')
    })

    t.test('no page errors and no 5xx', async (t) => {
      t.same(w.pageErrors, [])
      t.same(w.commands.filter((c) => c.status >= 500).map((c) => c.url), [])
    })
  })
}
