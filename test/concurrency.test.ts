/** @module test/concurrency — racing commands on one instance run one after another on the latest state; none is lost. */
import t from 'tap'
import { build, claimsOf, loadPage, post, tokensOf } from './helpers/build.js'
import { Pair } from './fixtures/secure-components.js'

const text = (html: string, cls: string) => new RegExp(`<span class="${cls}">(\\d+)</span>`).exec(html)?.[1]

async function pairPage (t: Parameters<typeof build>[0], opts = {}) {
  const app = await build(t, opts)
  const tokens = [...tokensOf((await app.inject('/secure')).body).values()]
  let release!: () => void
  Pair.gate = new Promise<void>((resolve) => { release = resolve })
  // resolves once slowA runs: it holds the instance until released
  const inside = new Promise<void>((resolve) => { Pair.entered = resolve })
  const call = (command: string, ts = tokens) => post(app, { component: 'pair', command, id: 'pair', tokens: ts })
  return { app, tokens, call, inside, release: () => release() }
}

t.test('two controls of one instance clicked at once: the second runs on the first one\'s result', async (t) => {
  const { call, release, inside } = await pairPage(t)
  const first = call('slowA') // holds the instance until released
  await inside
  const second = call('incB') // posted the same (old) state; waits for the first, or runs after it
  release()
  const [a, b] = await Promise.all([first, second])
  t.equal(a.statusCode, 200)
  t.equal(b.statusCode, 200)
  t.same([text(a.body, 'a'), text(a.body, 'b')], ['1', '0'])
  t.same([text(b.body, 'a'), text(b.body, 'b')], ['1', '1'], 'the later response keeps the earlier click: nothing lost')
  const va = claimsOf(tokensOf(a.body).get('pair')!).v
  const vb = claimsOf(tokensOf(b.body).get('pair')!).v
  t.same([va, vb], [1, 2], 'state versions grow with every command')
  t.equal(b.headers['hx-retarget'], '#pair', 'htmx 4 looks the target up when the response arrives: the element the first response put there')
})

t.test('a replay of an old state runs on the latest state, never on the stale one', async (t) => {
  const { call, tokens, release } = await pairPage(t)
  release()
  await call('incB')
  await call('incB')
  const third = await call('incB', tokens)
  t.equal(text(third.body, 'b'), '3')
})

t.test('waiting longer than waitSeconds: 409 LC_BUSY, nothing ran, never swapped; the queue stays in order', async (t) => {
  const { call, release, tokens, inside } = await pairPage(t, { concurrency: { waitSeconds: 0.05 } })
  const first = call('slowA')
  await inside
  const busy = await call('incB')
  t.equal(busy.statusCode, 409)
  t.equal(busy.headers['hx-reswap'], 'none')
  t.same(JSON.parse(String(busy.headers['hx-trigger']))['live:error'], { status: 409, code: 'LC_BUSY', message: 'This is still busy with your previous action. Please try again.' })
  release()
  t.equal(text((await first).body, 'b'), '0', 'the refused command did not run')
  const again = await call('incB', tokens)
  t.same([text(again.body, 'a'), text(again.body, 'b')], ['1', '1'])
})

t.test('a failing command releases the instance; a clean one stores no new state', async (t) => {
  const app = await build(t)
  const { tokens } = await loadPage(app)
  const ts = [...tokens.values()]
  t.equal((await post(app, { component: 'counter', command: 'fail', id: 'top', tokens: ts })).statusCode, 500)
  const after = await post(app, { component: 'counter', command: 'inc', path: ['1'], id: 'top', tokens: ts })
  t.equal(after.statusCode, 200, 'not stuck')
  t.match(after.body, '<span class="count">1</span>')
  await post(app, { component: 'counter', command: 'clean', id: 'top', tokens: ts })
  const next = await post(app, { component: 'counter', command: 'inc', path: ['1'], id: 'top', tokens: ts })
  t.match(next.body, '<span class="count">2</span>', 'ComponentClean discarded its change (999), as before')
})

t.test('the store is bounded by bytes too (maxBytes): past it the least recently used instance is forgotten', async (t) => {
  const { call, tokens, app, release } = await pairPage(t, { concurrency: { maxBytes: 1024 } })
  release()
  await call('incB')
  t.equal(text((await call('incB', tokens)).body, 'b'), '2', 'one instance fits: the replay runs on its latest state')
  // typed's latest state is written with a long tag: together they are over 1024 bytes
  await post(app, { component: 'typed', command: 'add', path: ['1'], id: 'typed', tokens, fields: [['note', 'x'], ['tags', 'y'.repeat(600)]] })
  const replay = await call('incB', tokens)
  t.equal(text(replay.body, 'b'), '1', 'pair was forgotten to stay under maxBytes: the replay runs on its posted state')
})

t.test('the store is bounded (maxInstances): a forgotten instance runs on its posted state', async (t) => {
  const { call, tokens, app, release } = await pairPage(t, { concurrency: { maxInstances: 1 } })
  release()
  await call('incB')
  await post(app, { component: 'typed', command: 'add', path: ['1'], id: 'typed', tokens, fields: [['note', 'x']] })
  const replay = await call('incB', tokens)
  t.equal(text(replay.body, 'b'), '1', 'pair was forgotten when typed came in')
  await t.rejects(build(t, { concurrency: { maxInstances: 0 } }), { code: 'LC_INVALID_OPTION' })
  await t.rejects(build(t, { concurrency: { maxBytes: 10 } }), { code: 'LC_INVALID_OPTION' })
  await t.rejects(build(t, { concurrency: { waitSeconds: -1 } }), { code: 'LC_INVALID_OPTION' })
  await t.rejects(build(t, { concurrency: { wait: 1 } as never }), { code: 'LC_INVALID_OPTION' })
})
