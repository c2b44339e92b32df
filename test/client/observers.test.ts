/** @module test/client/observers — lazy placeholders and polling elements with a controllable IntersectionObserver and interval timer: out-of-view placeholders load when they scroll in, polls fire only when due and stop with their element. */
import t from 'tap'
import { watchLazy } from '../../lib/client/lazy.js'
import { watchPoll } from '../../lib/client/poll.js'
import { page } from './page.js'

/** An IntersectionObserver whose entries the test reports. */
class FakeObserver {
  static all: FakeObserver[] = []
  readonly seen = new Set<Element>()
  constructor (readonly callback: (entries: Array<{ target: Element, isIntersecting: boolean }>) => void) { FakeObserver.all.push(this) }
  observe (el: Element): void { this.seen.add(el) }
  unobserve (el: Element): void { this.seen.delete(el) }
  report (el: Element, isIntersecting: boolean): void { this.callback([{ target: el, isIntersecting }]) }
}

function observedPage (t: Parameters<typeof page>[0], html: string) {
  FakeObserver.all = []
  const p = page(t, html)
  const win = p.window as unknown as Record<string, unknown>
  win.IntersectionObserver = FakeObserver
  const intervals = new Map<number, () => void>()
  let next = 1
  win.setInterval = (fn: () => void) => { intervals.set(next, fn); return next++ }
  win.clearInterval = (id: number) => { intervals.delete(id) }
  const calls: string[] = []
  win.htmx = {
    ajax: (_v: string, _u: string, ctx: { values: Record<string, string> }) => { calls.push(ctx.values.__lc_lazy) },
    trigger: (el: Element, name: string) => { calls.push(`${name}:${el.className}`) }
  }
  return { ...p, calls, intervals, runIntervals: () => { for (const fn of [...intervals.values()]) fn() } }
}

t.test('a placeholder out of view waits for its observer; scrolled in, it loads; leaving again is nothing', async (t) => {
  const { document, window, calls, $ } = observedPage(t, '<div id="far" data-lc="box" data-lc-lazy="visible" data-lc-lazy-url="/components/lazy" data-lc-lazy-token="z1.far"></div><div id="nourl" data-lc="box" data-lc-lazy="load"></div>')
  ;($('#far') as HTMLElement).getBoundingClientRect = () => ({ top: 5000, bottom: 5100, left: 0, right: 10 }) as DOMRect
  watchLazy(document)
  const happy = (window as unknown as { happyDOM: { waitUntilComplete: () => Promise<void> } }).happyDOM
  await happy.waitUntilComplete()
  t.same(calls, [], 'out of view: not yet; a placeholder without a URL never')
  const io = FakeObserver.all[0]
  t.ok(io.seen.has($('#far')))
  io.report($('#far'), false)
  await happy.waitUntilComplete()
  t.same(calls, [])
  io.report($('#far'), true)
  await happy.waitUntilComplete()
  t.same(calls, ['z1.far'])
  t.notOk(io.seen.has($('#far')), 'no longer observed')
})

t.test('a poll fires when due; not in a hidden tab, not out of view for an in-view-only element; its timer stops once the element left', async (t) => {
  const { document, calls, intervals, runIntervals, $ } = observedPage(t, '<div id="o" data-lc="orders"><p class="every" data-lc-poll="5"></p><p class="seen" data-lc-poll="2" data-lc-poll-visible></p><p class="bad" data-lc-poll="soon"></p></div>')
  const scan = watchPoll(document)
  t.equal(intervals.size, 2, 'a timer per element with a usable interval')
  scan([$('#o')])
  t.equal(intervals.size, 2, 'never two timers for one element')
  runIntervals()
  t.same(calls, ['live:poll:every'], 'the in-view-only one is not in view')
  const io = FakeObserver.all[0]
  io.report($('.seen'), true)
  runIntervals()
  t.same(calls.slice(1), ['live:poll:every', 'live:poll:seen'])
  io.report($('.seen'), false)
  Object.defineProperty(document, 'visibilityState', { configurable: true, value: 'hidden' })
  runIntervals()
  t.equal(calls.length, 3, 'hidden tab: nothing')
  Object.defineProperty(document, 'visibilityState', { configurable: true, value: 'visible' })
  $('.every').remove()
  runIntervals()
  t.equal(intervals.size, 1, 'the removed element\'s timer stopped')
  t.equal(calls.length, 3)
})
