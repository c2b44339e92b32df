/** @module test/client/upload — file inputs of components: the chosen file is posted with its ticket and the page's headers, progress shows, the references go into the hidden field, a refusal fires the server's live:error and empties the input, cancel aborts. */
import t from 'tap'
import { page } from './page.js'

const PAGE = `<meta name="lc-csrf-token" content="csrf-1">
<div id="img" data-lc="image-form"><form>
<input type="file" id="img-upload-image" accept="image/png" data-lc-upload="f1.ticket" data-lc-upload-url="/components/upload"><input type="hidden" name="__lc_file:image" value="u1.old"><span class="lc-upload-kept">old.png</span>
<span class="lc-upload-progress" data-lc-upload-status-for="img-upload-image" hidden><progress max="100" value="0"></progress> <button type="button" data-lc-upload-cancel>Cancel</button></span>
</form></div>`

/** An XMLHttpRequest that records what it was asked and lets the test answer. */
class FakeXhr extends EventTarget {
  static last: FakeXhr | undefined
  readonly upload = new EventTarget()
  method = ''
  url = ''
  headers: Record<string, string> = {}
  body: FormData | undefined
  status = 0
  responseText = ''
  responseHeaders: Record<string, string> = {}
  aborted = false
  constructor () { super(); FakeXhr.last = this }
  open (method: string, url: string): void { this.method = method; this.url = url }
  setRequestHeader (name: string, value: string): void { this.headers[name] = value }
  getResponseHeader (name: string): string | null { return this.responseHeaders[name] ?? null }
  send (body: FormData): void { this.body = body }
  abort (): void { this.aborted = true; this.dispatchEvent(new Event('abort')) }
  answer (status: number, text: string, headers: Record<string, string> = {}): void {
    this.status = status
    this.responseText = text
    this.responseHeaders = headers
    this.dispatchEvent(new Event('load'))
  }
}

function uploadPage (t: Parameters<typeof page>[0]) {
  const p = page(t, PAGE, { live: true })
  ;(p.window as unknown as { XMLHttpRequest: unknown }).XMLHttpRequest = FakeXhr
  const input = p.$('#img-upload-image') as HTMLInputElement
  const choose = (names: string[]): void => {
    Object.defineProperty(input, 'files', { configurable: true, value: names.map((n) => new p.window.File(['x'], n, { type: 'image/png' })) })
    p.fire(input, 'change')
  }
  return { ...p, input, choose, refs: p.$('input[name="__lc_file:image"]') as HTMLInputElement, status: p.$('[data-lc-upload-status-for]') }
}

t.test('choosing a file posts it with its ticket and the page\'s headers; progress shows; the references replace the kept ones', async (t) => {
  const { input, choose, refs, status, document } = uploadPage(t)
  choose(['photo.png'])
  const xhr = FakeXhr.last!
  t.same([xhr.method, xhr.url], ['POST', '/components/upload'])
  t.equal(xhr.headers['LC-Upload-Ticket'], 'f1.ticket')
  t.equal(xhr.headers['x-csrf-token'], 'csrf-1')
  t.equal(xhr.headers['HX-Request'], 'true')
  t.same(xhr.body!.getAll('file').map((f) => (f as File).name), ['photo.png'])
  t.equal(refs.value, '', 'the old references go at once')
  t.equal(document.querySelector('.lc-upload-kept'), null)
  t.equal(input.getAttribute('aria-busy'), 'true')
  t.equal(status.hasAttribute('hidden'), false)
  const progress = new Event('progress') as Event & { lengthComputable: boolean, loaded: number, total: number }
  Object.assign(progress, { lengthComputable: true, loaded: 40, total: 80 })
  xhr.upload.dispatchEvent(progress)
  t.equal((status.querySelector('progress') as HTMLProgressElement).value, 50)
  t.equal(status.getAttribute('data-lc-percent'), '50')
  let uploaded: unknown
  document.addEventListener('live:uploaded', (e) => { uploaded = (e as CustomEvent).detail })
  xhr.answer(200, JSON.stringify({ refs: ['u1.a', 'u1.b'], files: [] }))
  t.equal(refs.value, 'u1.a u1.b')
  t.equal(input.hasAttribute('aria-busy'), false)
  t.equal(status.hasAttribute('hidden'), true)
  t.same(uploaded, { refs: ['u1.a', 'u1.b'], files: [] })
})

t.test('a refusal fires the server\'s live:error on the input and empties it; a network failure fires LC_NETWORK', async (t) => {
  const { choose, document, input } = uploadPage(t)
  const seen: unknown[] = []
  document.addEventListener('live:error', (e) => { seen.push((e as CustomEvent).detail) })
  choose(['photo.png'])
  FakeXhr.last!.answer(400, '', { 'HX-Trigger': JSON.stringify({ 'live:error': { status: 400, code: 'LC_BAD_UPLOAD', message: 'Please check: image: is application/x-elf.' } }) })
  choose(['again.png'])
  FakeXhr.last!.answer(500, 'boom', { 'HX-Trigger': 'not json' })
  choose(['third.png'])
  FakeXhr.last!.dispatchEvent(new Event('error'))
  t.same(seen, [
    { status: 400, code: 'LC_BAD_UPLOAD', message: 'Please check: image: is application/x-elf.' },
    { status: 500, message: 'The upload was refused.' },
    { status: 0, code: 'LC_NETWORK', message: 'The server could not be reached.' }
  ])
  t.equal(input.value, '')
})

t.test('cancel aborts the upload in flight; choosing again aborts the previous one; choosing nothing sends nothing', async (t) => {
  const { choose, fire, $, status } = uploadPage(t)
  choose(['one.png'])
  const first = FakeXhr.last!
  choose(['two.png'])
  t.equal(first.aborted, true, 'a new choice cancels the upload in flight')
  const second = FakeXhr.last!
  fire($('[data-lc-upload-cancel]'), 'click')
  t.equal(second.aborted, true)
  t.equal(status.hasAttribute('hidden'), true)
  FakeXhr.last = undefined
  choose([])
  t.equal(FakeXhr.last, undefined)
})

t.test('what the upload helper leaves alone: a change elsewhere, a file input without ticket, a cancel button of no input; an input without a hidden field or progress still uploads', async (t) => {
  const p = page(t, `<input type="text" id="name"><input type="file" id="plain"><span data-lc-upload-status-for="gone"><button type="button" data-lc-upload-cancel>Cancel</button></span>
<div id="bare" data-lc="bare"><input type="file" id="bare-upload-doc" data-lc-upload="f1.t2" data-lc-upload-url="/components/upload"></div>`, { live: true })
  ;(p.window as unknown as { XMLHttpRequest: unknown }).XMLHttpRequest = FakeXhr
  FakeXhr.last = undefined
  p.fire(p.$('#name'), 'change')
  p.fire(p.$('#plain'), 'change')
  p.fire(p.$('[data-lc-upload-cancel]'), 'click')
  t.equal(FakeXhr.last, undefined, 'nothing was sent')
  const input = p.$('#bare-upload-doc') as HTMLInputElement
  Object.defineProperty(input, 'files', { configurable: true, value: [new p.window.File(['x'], 'a.txt')] })
  p.fire(input, 'change')
  const xhr = FakeXhr.last as unknown as FakeXhr
  const unknownLength = new Event('progress') as Event & { lengthComputable: boolean }
  Object.assign(unknownLength, { lengthComputable: false })
  xhr.upload.dispatchEvent(unknownLength)
  xhr.answer(200, JSON.stringify({ refs: ['u1.x'], files: [] }))
  t.equal(input.hasAttribute('aria-busy'), false, 'done, with nowhere to keep the reference')
})
