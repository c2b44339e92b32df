/** @module test/browser/forms-library — forms in Chromium on the fixture app: errors in place, live validation, a valid submit's result in place, on htmx 4 and 2. */
import t from 'tap'
import { fieldState, fill, fillSignup, launch, settle, signedState, watch } from './browser.js'
import { startFixtureApp } from './fixture-app.js'

const browser = await launch(t)
const SIGNUP_FIELDS = ['email', 'name', 'age', 'password']

for (const major of browser !== null ? [4, 2] as const : []) {
  t.test(`forms on htmx ${major}`, async (t) => {
    const { url: base } = await startFixtureApp(t, major)
    const context = await browser!.newContext()
    t.teardown(() => context.close())
    const page = await context.newPage()
    const w = watch(page)
    const text = async (sel: string) => await page.locator(sel).first().innerText()

    t.test('signup: an invalid submit shows each field\'s errors in place, wired for assistive technology', async (t) => {
      await page.goto(base + '/signup')
      await page.click('#signup button.signup')
      await settle(page)
      t.equal(w.commands.at(-1)!.status, 422, 'an invalid form answers 422')
      for (const field of SIGNUP_FIELDS) {
        const s = await fieldState(page, 'signup', field)
        t.not(s.error, '', `${field}: an error is shown (${s.error})`)
        t.not(s.error, null, `${field}: its error element is there`)
        t.equal(s.invalid, 'true', `${field}: aria-invalid="true"`)
        t.equal(s.describedBy, s.errorId, `${field}: aria-describedby names the error element`)
        t.equal(s.live, 'polite', `${field}: the error is announced`)
      }
      t.equal((await fieldState(page, 'signup', 'email')).error, 'must match format "email"')

      await fill(page, '#signup-email', 'ann@')
      await fill(page, '#signup-name', 'A')
      await fill(page, '#signup-age', '17')
      await fill(page, '#signup-password', 'short')
      await page.click('#signup button.signup')
      await settle(page)
      t.equal(w.commands.at(-1)!.status, 422)
      t.equal((await fieldState(page, 'signup', 'email')).error, 'must match format "email"')
      t.equal((await fieldState(page, 'signup', 'name')).error, 'must NOT have fewer than 2 characters')
      t.equal((await fieldState(page, 'signup', 'age')).error, 'must be >= 18')
      t.equal((await fieldState(page, 'signup', 'password')).error, 'must NOT have fewer than 8 characters')
      t.same([await page.inputValue('#signup-email'), await page.inputValue('#signup-name'), await page.inputValue('#signup-age')], ['ann@', 'A', '17'], 'the form keeps what was typed')
      t.equal(await page.inputValue('#signup-password'), '', 'but never prints a password back')
      t.notMatch(await signedState(page, 'signup'), 'short', 'nor signs it into the page')
    })

    t.test('signup: live validation shows the field\'s error and keeps the value in the state; focus and text typed meanwhile stay', async (t) => {
      await page.goto(base + '/signup')
      await page.evaluate(() => { (document.querySelector('#signup form') as unknown as { mark: number }).mark = 1 })
      let release!: () => void
      const held = new Promise<void>((resolve) => { release = resolve })
      // (a request htmx aborted meanwhile can no longer be continued: nothing to do then)
      await page.route('**/cmd/fieldChange/email', async (route) => { await held; await route.continue().catch(() => {}) })
      const sent = page.waitForRequest((r) => r.url().endsWith('/cmd/fieldChange/email'))
      await page.click('#signup-email')
      await page.keyboard.type('ann')
      await sent // the pause is over: validation of "ann" is on its way
      await page.keyboard.type('@exa') // typing goes on while it is in flight
      const next = page.waitForResponse((r) => r.url().endsWith('/cmd/fieldChange/email') && new URLSearchParams(r.request().postData() ?? '').get('__lc_model:signup#formData.email') === 'ann@exa')
      // the held validation of "ann" answers, unless htmx replaced it (hx-sync="this:replace")
      // with the one of "ann@exa" while it was held (the pause after typing can pass on a busy
      // machine): then that one is the first answer
      const answered = page.waitForResponse((r) => r.url().endsWith('/cmd/fieldChange/email'))
      release()
      const response = await answered
      await page.waitForFunction(() => document.getElementById('signup-email-error')!.textContent !== '')
      await page.unroute('**/cmd/fieldChange/email')
      t.match(await response.text(), 'id="signup-email-error"', 'the response holds the error element (and the form, whose state keeps the typed value: a morph)')
      t.equal((await fieldState(page, 'signup', 'email')).error, 'must match format "email"')
      t.equal((await fieldState(page, 'signup', 'email')).invalid, 'true')
      t.equal(await page.inputValue('#signup-email'), 'ann@exa', 'the text typed meanwhile is kept')
      t.equal(await page.evaluate(() => document.activeElement?.id), 'signup-email', 'the input keeps focus')
      await next // the validation of "ann@exa", which is still wrong
      t.equal((await fieldState(page, 'signup', 'email')).error, 'must match format "email"')
      await page.keyboard.type('mple.com')
      await page.waitForFunction(() => document.getElementById('signup-email-error')!.textContent === '')
      t.equal((await fieldState(page, 'signup', 'email')).invalid, 'false', 'fixed: the error is gone, aria-invalid="false"')
      t.equal(await page.inputValue('#signup-email'), 'ann@example.com')
      t.equal(await page.evaluate(() => document.activeElement?.id), 'signup-email', 'still focused')
      t.equal(await page.evaluate(() => (document.querySelector('#signup form') as unknown as { mark?: number }).mark), 1, 'the form element was never replaced (re-renders morph)')
      t.equal((await fieldState(page, 'signup', 'name')).error, '', 'other fields show no errors before they are touched')
    })

    t.test('signup: a valid submit shows the welcome in place; an error from onSubmit (the email is taken) shows in place too', async (t) => {
      const email = `ann.htmx${major}@example.com`
      await fillSignup(page, base, { email, name: 'Ann', age: '30', password: 'correct horse' })
      t.equal((await fieldState(page, 'signup', 'password')).error, '', 'live validation found nothing wrong')
      await page.click('#signup button.signup')
      await settle(page)
      t.equal(w.commands.at(-1)!.status, 200)
      t.match(await text('#signup .welcome'), `Welcome, Ann! Your account ${email} is ready`)
      t.equal(await page.locator('#signup form').count(), 0, 'the result replaced the form, in place')
      t.equal(await text('#toast'), 'Welcome, Ann!', 'the event the command triggered reached the page')
      t.notMatch(await signedState(page, 'signup'), 'correct horse', 'the password is not in the signed state')

      await fillSignup(page, base, { email, name: 'Ann again', age: '31', password: 'another password' })
      await page.click('#signup button.signup')
      await settle(page)
      t.equal(w.commands.at(-1)!.status, 422)
      t.equal((await fieldState(page, 'signup', 'email')).error, 'This email is already registered.')
      t.equal((await fieldState(page, 'signup', 'email')).invalid, 'true')
      t.equal(await page.inputValue('#signup-name'), 'Ann again', 'the form keeps what was typed')
    })

    t.test('no page errors and no 5xx', async (t) => {
      t.same(w.pageErrors, [])
      t.same(w.commands.filter((c) => c.status >= 500).map((c) => c.url), [])
    })
  })
}
