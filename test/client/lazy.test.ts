/** @module test/client/lazy — lazy placeholders: everything due at one moment is loaded by one htmx.ajax call per load URL; placeholders added later load too; one that left the page is not asked for. */
import t from 'tap'
import { page } from './page.js'

const PLACEHOLDER = (id: string, mode: string, url = '/components/lazy'): string => `<div id="${id}" data-lc="box" data-lc-lazy="${mode}" data-lc-lazy-url="${url}" data-lc-lazy-token="z1.${id}"><span aria-busy="true">Loading…</span></div>`

/** A page with the client started and htmx.ajax recorded. */
function lazyPage (t: Parameters<typeof page>[0], html: string) {
  const p = page(t, html)
  const calls: Array<{ verb: string, url: string, ctx: { swap: string, values: Record<string, string> } }> = []
  ;(p.window as unknown as { htmx: unknown }).htmx = { ajax: (verb: string, url: string, ctx: { swap: string, values: Record<string, string> }) => { calls.push({ verb, url, ctx }) } }
  return { ...p, calls }
}

t.test('the placeholders of a page load in one request per URL, with swap none', async (t) => {
  const { document, window, calls } = lazyPage(t, PLACEHOLDER('a', 'load') + PLACEHOLDER('b', 'visible') + PLACEHOLDER('c', 'load', '/other/lazy'))
  const { start } = await import('../../lib/client/start.js')
  start(document, window)
  await (window as unknown as { happyDOM: { waitUntilComplete: () => Promise<void> } }).happyDOM.waitUntilComplete()
  t.same(calls.map((c) => [c.verb, c.url, c.ctx.swap, c.ctx.values.__lc_lazy]), [
    ['POST', '/components/lazy', 'none', 'z1.a z1.b'],
    ['POST', '/other/lazy', 'none', 'z1.c']
  ])
})

t.test('placeholders added later load in a request of their own; one removed before its turn is not asked for; none twice', async (t) => {
  const { document, window, calls } = lazyPage(t, PLACEHOLDER('a', 'load'))
  const { start } = await import('../../lib/client/start.js')
  start(document, window)
  const happy = (window as unknown as { happyDOM: { waitUntilComplete: () => Promise<void> } }).happyDOM
  await happy.waitUntilComplete()
  document.body.insertAdjacentHTML('beforeend', PLACEHOLDER('d', 'load') + PLACEHOLDER('e', 'load'))
  await happy.waitUntilComplete()
  document.body.insertAdjacentHTML('beforeend', `<section>${PLACEHOLDER('f', 'load')}</section>`)
  document.getElementById('f')!.remove()
  await happy.waitUntilComplete()
  document.getElementById('a')!.setAttribute('class', 'x') // a mutation: nothing new is due
  await happy.waitUntilComplete()
  t.same(calls.map((c) => c.ctx.values.__lc_lazy), ['z1.a', 'z1.d z1.e'])
})
