/** @module test/custom-results — a user-defined ExecutionResult shapes the response through the public ResponsePlan; a look-alike that does not extend it is refused. */
import t from 'tap'
import {
  command, ComponentDirty, ExecutionResult, isExecutionResult, LiveComponent, type CallContext, type ResponsePlan
} from 'fastify-livecomponents'
import { assertDirty, assertHeader, assertTriggered, liveTest } from 'fastify-livecomponents/testing'
import { Plain } from './fixtures/plain-components.js'
import { build } from './helpers/build.js'
import { parse } from './helpers/dom.js'

/** The README's example of a custom result: re-render, fire a `toast` event, set a header. */
class Toast extends ExecutionResult {
  constructor (readonly message: string) { super() }
  apply (plan: ResponsePlan): void {
    plan.markDirty()
    plan.trigger('toast', { message: this.message })
    plan.setHeader('X-Toast', 'yes')
  }
}

/** Has an `apply` method, but is not an ExecutionResult. */
class LookAlike {
  apply (plan: ResponsePlan): void { plan.markDirty() }
}

type ToasterState = { toasts: number }

class Toaster extends LiveComponent<ToasterState> {
  static template = 'plain/toaster.njk'
  mount (): ToasterState { return { toasts: 0 } }

  @command toast (ctx: CallContext<ToasterState>) {
    ctx.state.toasts++
    return new Toast('Saved')
  }

  @command toastAndOther (ctx: CallContext<ToasterState>) {
    ctx.state.toasts += 10
    return [new Toast('Saved ☕ twice'), new ComponentDirty('some-other-id')]
  }

  @command lookAlike (ctx: CallContext<ToasterState>) {
    ctx.state.toasts = 99
    return new LookAlike() as never
  }
}

async function resultsPage (t: Parameters<typeof build>[0]) {
  const app = await build(t, { components: [Toaster, Plain] })
  app.get('/results', (_req, reply) => reply.page('plain/results-page.njk'))
  const page = await liveTest(app).visit('/results')
  return { app, page, toaster: page.component('toaster') }
}

/** The component roots of a response body, in order: id and whether it is an out-of-band swap. */
function rootsOf (body: string): Array<{ id: string, oob: boolean }> {
  return Array.from(parse(body).querySelectorAll('[data-lc]')).map((el) => ({ id: el.id, oob: el.hasAttribute('hx-swap-oob') }))
}

t.test('a custom result is an ExecutionResult', async (t) => {
  t.ok(isExecutionResult(new Toast('x')))
  t.notOk(isExecutionResult(new LookAlike()))
})

t.test('a custom result alone: its trigger, its header, and the invoking component as the main swap', async (t) => {
  const { page, toaster } = await resultsPage(t)
  const res = await toaster.call('toast')
  t.equal(res.status, 200)
  t.same(JSON.parse(String(res.headers['hx-trigger'])), { toast: { message: 'Saved' } })
  assertTriggered(res, 'toast', { message: 'Saved' })
  assertHeader(res, 'X-Toast', 'yes')
  t.notOk(res.headers['hx-reswap'], 'the main swap happens')
  t.same(rootsOf(res.body), [{ id: 'toaster', oob: false }], 'only the invoking component, in place')
  t.same(res.dirty, ['toaster'], 'the page swapped the invoking component only')
  t.equal(parse(res.body).querySelector('#toaster .toasts')?.textContent, '1')
  t.equal(page.dom.root('toaster')?.querySelector('.toasts')?.textContent, '1', 'the page shows it')
  t.equal(toaster.state.toasts, 1, 'its new state is signed')
})

t.test('a custom result with ComponentDirty(id): both components, the other one out of band', async (t) => {
  const { page, toaster } = await resultsPage(t)
  const bystander = page.component('bystander').html
  const res = await toaster.call('toastAndOther')
  t.equal(res.status, 200)
  const trigger = String(res.headers['hx-trigger'])
  t.match(trigger, /^[\x20-\x7e]+$/, 'the header is ASCII')
  t.same(JSON.parse(trigger), { toast: { message: 'Saved ☕ twice' } }, 'and decodes to the message')
  assertTriggered(res, 'toast', { message: 'Saved ☕ twice' })
  assertHeader(res, 'X-Toast', 'yes')
  t.notOk(res.headers['hx-reswap'])
  t.same(rootsOf(res.body), [{ id: 'toaster', oob: false }, { id: 'some-other-id', oob: true }], 'main swap, then the sibling out of band; the bystander is not sent')
  t.same(res.dirty, ['toaster', 'some-other-id'], 'the page swapped both, main first')
  assertDirty(res, 'some-other-id')
  t.equal(page.component('bystander').html, bystander, 'the bystander is left as it was')
  const doc = parse(res.body)
  t.equal(doc.querySelector('#toaster .toasts')?.textContent, '10')
  t.equal(doc.querySelector('#some-other-id .n')?.textContent, '0', 'the sibling re-rendered from its state')
  t.equal(toaster.state.toasts, 10)
  t.same(page.component('some-other-id').state, { n: 0 }, 'the sibling\'s state token came with it')
  t.same(Array.from(doc.querySelectorAll('input[name="__lc_state"]')).map((el) => el.getAttribute('data-lc-for')).sort(), ['some-other-id', 'toaster'], 'both come with their state tokens')
})

t.test('an object with apply() that is not an ExecutionResult: 500 LC_BAD_RESULT, never swapped', async (t) => {
  const { app, page, toaster } = await resultsPage(t)
  const before = page.html
  const res = await toaster.call('lookAlike')
  t.equal(res.status, 500)
  t.equal(res.headers['hx-reswap'], 'none')
  t.equal(res.error?.status, 500)
  t.equal(res.error?.code, 'LC_BAD_RESULT')
  t.notOk(res.headers['x-toast'])
  t.same(rootsOf(res.body), [], 'no component in the body')
  t.same(res.dirty, [], 'nothing swapped')
  t.equal(page.html, before, 'the page is left as it was')
  t.notMatch(res.body, 'LookAlike', 'the class name stays in the log')
  t.ok(app.logs.some((l) => l.level === 50 && l.code === 'LC_BAD_RESULT' && /LookAlike/.test(String(l.err?.message))), 'logged with the class it got')
  const next = await toaster.call('toast')
  t.equal(next.status, 200)
  t.equal(parse(next.body).querySelector('#toaster .toasts')?.textContent, '1', 'the refused command\'s state change was not kept')
  t.equal(toaster.state.toasts, 1)
})
