/** @module test/client/url-stream — a page with URL-bound components turns htmx 2's history cache off; a stream container keeps at most its limit, dropping from the other end. */
import t from 'tap'
import { start } from '../../lib/client/start.js'
import { page } from './page.js'

const waitAll = async (window: Window): Promise<void> => { await (window as unknown as { happyDOM: { waitUntilComplete: () => Promise<void> } }).happyDOM.waitUntilComplete() }

t.test('URL-bound components: historyCacheSize 0 (once one is on the page, also when it arrives later); other pages keep htmx\'s cache', async (t) => {
  const plain = page(t, '<div id="a" data-lc="a"></div>')
  const config: Record<string, unknown> = { historyCacheSize: 10 }
  ;(plain.window as unknown as { htmx: unknown }).htmx = { config }
  start(plain.document, plain.window)
  t.equal(config.historyCacheSize, 10)
  plain.document.body.insertAdjacentHTML('beforeend', '<div id="s" data-lc="search" data-lc-url=""></div>')
  await waitAll(plain.window)
  t.equal(config.historyCacheSize, 0)
})

t.test('a stream container with a limit drops the oldest: from the start after an append, from the end after a prepend', async (t) => {
  const { document, window, $ } = page(t, '<ul id="f-e" data-lc-stream="e" data-lc-stream-limit="3"><li id="f-e-3">3</li><li id="f-e-2">2</li></ul><ul id="free" data-lc-stream="x"><li>1</li></ul>', { live: true })
  $('#f-e').insertAdjacentHTML('beforeend', '<li id="f-e-1">1</li><li id="f-e-0">0</li>')
  await waitAll(window)
  t.same(Array.from(document.querySelectorAll('#f-e li')).map((l) => l.textContent), ['2', '1', '0'])
  $('#f-e').insertAdjacentHTML('afterbegin', '<li id="f-e-4">4</li>')
  await waitAll(window)
  t.same(Array.from(document.querySelectorAll('#f-e li')).map((l) => l.textContent), ['4', '2', '1'])
  $('#free').insertAdjacentHTML('beforeend', '<li>2</li><li>3</li><li>4</li>')
  await waitAll(window)
  t.equal(document.querySelectorAll('#free li').length, 4, 'no limit, nothing dropped')
})

t.test('no htmx on the page yet: the URL check waits; stream mutations that are not item additions are left alone', async (t) => {
  const { document, window, $ } = page(t, '<div id="s" data-lc="search" data-lc-url=""></div><ul id="box" data-lc-stream="e" data-lc-stream-limit="none"><li>1</li></ul><ul id="one" data-lc-stream="e" data-lc-stream-limit="1"><li>1</li></ul>', { live: true })
  const config: Record<string, unknown> = {}
  ;(window as unknown as { htmx: unknown }).htmx = { config }
  document.body.insertAdjacentHTML('beforeend', '<p>later</p>')
  await waitAll(window)
  t.equal(config.historyCacheSize, 0, 'set once htmx is there')
  $('#box').insertAdjacentHTML('beforeend', '<li>2</li><li>3</li>')
  $('#one').insertAdjacentText('beforeend', 'text only')
  $('#one').setAttribute('class', 'x')
  await waitAll(window)
  t.equal(document.querySelectorAll('#box li').length, 3, 'a limit that is not a number: nothing dropped')
  t.equal(document.querySelectorAll('#one li').length, 1)
})
