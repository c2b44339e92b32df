/** @module test/morph — re-renders morph by default: htmx 4's outerMorph/innerMorph, idiomorph's morph on htmx 2 (with hx-ext="morph" on the root), and `static morph = false` swaps outerHTML. */
import t from 'tap'
import { LiveComponent, command, type CallContext } from 'fastify-livecomponents'
import { liveTest } from 'fastify-livecomponents/testing'
import { build } from './helpers/build.js'
import { createRequire } from 'node:module'

const htmxOption = (major: 2 | 4) => major === 2 ? { major, file: createRequire(import.meta.url).resolve('htmx2/dist/htmx.min.js') } : {}

class Morphing extends LiveComponent<{ n: number }> {
  static override template = 'counter.njk'
  override mount () { return { count: 0, n: 0 } as never }
  @command inc (ctx: CallContext<{ n: number }>) { ctx.state.n++ }
}
class Plain extends LiveComponent<{ n: number }> {
  static override template = 'counter.njk'
  static override morph = false
  override mount () { return { count: 0, n: 0 } as never }
  @command inc (ctx: CallContext<{ n: number }>) { ctx.state.n++ }
}

for (const major of [4, 2] as const) {
  t.test(`htmx ${major}: controls, out-of-band roots and the opt-out`, async (t) => {
    const app = await build(t, { components: [Morphing, Plain], htmx: htmxOption(major) })
    const live = liveTest(app)
    await app.ready()
    const m = await live.mount('morphing', {}, { id: 'm' })
    const p = await live.mount('plain', {}, { id: 'p' })
    t.match(m.html, major === 4 ? /hx-swap="outerMorph"/ : /hx-swap="morph:outerHTML"/, 'the control morphs')
    t.match(p.html, /hx-swap="outerHTML"/, 'static morph = false: outerHTML')
    if (major === 2) {
      t.match(m.html, /^<div id="m" data-lc="morphing" hx-ext="morph">/, 'htmx 2: the root names idiomorph\'s extension')
      t.notMatch(p.html, 'hx-ext', 'not on a plain root')
    } else {
      t.notMatch(m.html, 'hx-ext', 'htmx 4 morphs in core')
    }
  })
}

t.test('static morph must be a boolean', async (t) => {
  class Bad extends LiveComponent<{ n: number }> {
    static override template = 'counter.njk'
    static override morph = 'yes' as never
    override mount () { return { n: 0 } }
  }
  await t.rejects(build(t, { components: [Bad] }), { code: 'LC_INVALID_COMPONENT', message: /static morph must be true or false/ })
})
