/** @module test/client/forms — aria-invalid in step with the field error elements, and htmx 2 told to swap 422 answers. */
import t, { type Test } from 'tap'
import { acceptUnprocessable, syncInvalid } from '../../lib/client/forms.js'
import { page } from './page.js'

const FORM = `
<form id="signup" data-lc="signup">
  <input id="signup-email" aria-invalid="false"><span id="signup-email-error" data-lc-error-for="signup-email"></span>
  <input id="signup-name" aria-invalid="true"><span id="signup-name-error" data-lc-error-for="signup-name">  </span>
  <input id="signup-age" aria-invalid="false"><span id="signup-age-error" data-lc-error-for="signup-age">must be &gt;= 18</span>
  <span id="orphan-error" data-lc-error-for="nowhere">has no input</span>
</form>`

t.test('syncInvalid: an error element with text marks its input invalid, an empty one valid', async (t) => {
  const { document, $ } = page(t, FORM)
  syncInvalid(document, [$('#signup')])
  t.equal($('#signup-email').getAttribute('aria-invalid'), 'false')
  t.equal($('#signup-name').getAttribute('aria-invalid'), 'false', 'whitespace only is no error')
  t.equal($('#signup-age').getAttribute('aria-invalid'), 'true')
  $('#signup-email-error').textContent = 'must match format "email"'
  syncInvalid(document, [$('#signup-email-error'), document.createTextNode('x')])
  t.equal($('#signup-email').getAttribute('aria-invalid'), 'true', 'an error element itself, among other nodes')
})

t.test('live validation: a swapped-in error element updates its input\'s aria-invalid', async (t) => {
  const { $ } = page(t, FORM, { live: true })
  const swap = (html: string) => { $('#signup-email-error').outerHTML = html }
  swap('<span id="signup-email-error" data-lc-error-for="signup-email">must match format "email"</span>')
  await new Promise((resolve) => setTimeout(resolve, 10))
  t.equal($('#signup-email').getAttribute('aria-invalid'), 'true')
  swap('<span id="signup-email-error" data-lc-error-for="signup-email"></span>')
  await new Promise((resolve) => setTimeout(resolve, 10))
  t.equal($('#signup-email').getAttribute('aria-invalid'), 'false')
})

/** A window with a fake htmx of that version. */
function withHtmx (t: Test, version: string | undefined) {
  const { window } = page(t)
  const rules = [{ code: '204', swap: false }, { code: '[45]..', swap: false, error: true }]
  if (version !== undefined) Object.assign(window, { htmx: { version, config: { responseHandling: rules } } })
  return { win: window, rules }
}

t.test('htmx 2 is told to swap a 422 answer (an invalid form re-rendered), before its error rule', async (t) => {
  const { win, rules } = withHtmx(t, '2.0.11')
  t.equal(acceptUnprocessable(win), true)
  t.same(rules[0], { code: '422', swap: true, error: false })
  t.equal(rules.length, 3)
})

t.test('htmx 4 and a page without htmx are left alone', async (t) => {
  const four = withHtmx(t, '4.0.1')
  t.equal(acceptUnprocessable(four.win), false)
  t.equal(four.rules.length, 2)
  const none = withHtmx(t, undefined)
  t.equal(acceptUnprocessable(none.win), false)
})
