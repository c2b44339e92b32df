/** @module test/uploads — uploads over HTTP: tickets, limits, type sniffing that refuses a renamed executable, permissions and cross-site checks before anything is stored, references the command receives, and temporary files removed. */
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { liveTest } from 'fastify-livecomponents/testing'
import { build } from './helpers/build.js'
import { seen, UPLOADS } from './fixtures/upload-components.js'

// this file's own temporary folder (os.tmpdir() reads TMPDIR): what other test files upload is not counted
const TMP = mkdtempSync(join(tmpdir(), 'lc-upload-tests-'))
process.env.TMPDIR = TMP
t.teardown(() => rmSync(TMP, { recursive: true, force: true }))

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64')
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]), Buffer.alloc(120)])
const STAFF = JSON.stringify({ isAuthenticated: true, isStaff: true })

/** A multipart body with the files under `file`. */
function multipartBody (files: Array<{ name: string, type: string, data: Buffer }>): { payload: Buffer, contentType: string } {
  const boundary = '----lc' + Math.random().toString(16).slice(2)
  const parts = files.map((f) => Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${f.name}"\r\nContent-Type: ${f.type}\r\n\r\n`),
    f.data,
    Buffer.from('\r\n')
  ]))
  return { payload: Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)]), contentType: `multipart/form-data; boundary=${boundary}` }
}

/** Upload files with a file input's ticket, the way the client helper does. */
async function upload (app: FastifyInstance, ticket: string, files: Array<{ name: string, type: string, data: Buffer }>, headers: Record<string, string> = {}) {
  const { payload, contentType } = multipartBody(files)
  return await app.inject({ method: 'POST', url: '/components/upload', payload, headers: { 'content-type': contentType, 'lc-upload-ticket': ticket, 'hx-request': 'true', ...headers } })
}

const codeOf = (res: { headers: Record<string, unknown> }): string | undefined => JSON.parse(String(res.headers['hx-trigger'] ?? '{}'))['live:error']?.code
const ticketOf = (html: string, id: string): string => new RegExp(`id="${id}"[^>]*data-lc-upload="([^"]+)"`).exec(html)![1]

async function uploadPage (t: Parameters<typeof build>[0], opts: Parameters<typeof build>[1] = {}) {
  const app = await build(t, { components: UPLOADS, ...opts })
  app.get('/up', (_req, reply) => reply.page('uploads/page.njk'))
  const page = await liveTest(app).visit('/up', { 'x-test-user': STAFF })
  return { app, page, ticket: ticketOf(page.body, 'img-upload-image') }
}

/** The files waiting in the plugin's upload folder (one folder per plugin instance). */
const waiting = (): number => readdirSync(TMP).filter((d) => d.startsWith('fastify-livecomponents-uploads-')).reduce((n, d) => n + readdirSync(join(TMP, d)).length, 0)

t.test('upload(): a file input with a signed ticket and the accepted types, a hidden field for the references', async (t) => {
  const { page } = await uploadPage(t)
  t.match(page.component('img').html, /<input type="file" id="img-upload-image" accept="image\/png" data-lc-upload="f1\.[^"]+" data-lc-upload-url="\/components\/upload" class="picker"><input type="hidden" name="__lc_file:image" value="">/)
  t.match(page.component('img').html, '<span class="lc-upload-progress" data-lc-upload-status-for="img-upload-image" hidden><progress max="100" value="0"></progress> <button type="button" data-lc-upload-cancel>Cancel</button></span>')
  t.match(page.component('att').html, /accept="text\/plain,application\/pdf" multiple/)
})

t.test('an accepted file: a reference; the command gets it in ctx.files; after success the temporary file is gone', async (t) => {
  const { app, page, ticket } = await uploadPage(t)
  const res = await upload(app, ticket, [{ name: '../../photo.png', type: 'image/png', data: PNG }])
  t.equal(res.statusCode, 200)
  const answer = res.json() as { refs: string[], files: Array<{ name: string, type: string, bytes: number }> }
  t.same(answer.files, [{ name: 'photo.png', type: 'image/png', bytes: PNG.length }], 'the name without folders, the sniffed type')
  t.match(answer.refs[0], /^u1\./)
  const ok = await page.component('img').call('publish', { fields: { title: 'Cup', '__lc_file:image': answer.refs[0] } })
  t.equal(ok.status, 200)
  t.same(page.component('img').state.saved, [`photo.png image/png ${PNG.length}`])
  t.same(seen.existed, [true], 'the handler saw the file')
  t.notOk(existsSync(seen.paths[0]), 'removed after the successful command')
  const again = await page.component('img').call('publish', { fields: { title: 'Cup', '__lc_file:image': answer.refs[0] } })
  t.equal(again.status, 400, 'a used reference is spent')
  t.equal(again.error?.code, 'LC_BAD_UPLOAD')
})

t.test('a validation error in another field (422) keeps the file: the re-rendered field still holds it, and the retry succeeds', async (t) => {
  const { app, page, ticket } = await uploadPage(t)
  const ref = ((await upload(app, ticket, [{ name: 'photo.png', type: 'image/png', data: PNG }])).json() as { refs: string[] }).refs[0]
  const bad = await page.component('img').call('publish', { fields: { title: '', '__lc_file:image': ref } })
  t.equal(bad.status, 422)
  t.match(bad.body, 'A title is required')
  t.match(bad.body, /<input type="hidden" name="__lc_file:image" value="u1\.[^"]+"><span class="lc-upload-kept">photo.png<\/span>/)
  t.ok(existsSync(seen.paths[0]), 'the file waits for the retry')
  const kept = /name="__lc_file:image" value="([^"]+)"/.exec(bad.body)![1]
  const retry = await page.component('img').call('publish', { fields: { title: 'Cup', '__lc_file:image': kept } })
  t.equal(retry.status, 200)
  t.same(page.component('img').state.saved, [`photo.png image/png ${PNG.length}`])
})

t.test('refused before anything is kept: a renamed executable, a file too large, too many files, no file', async (t) => {
  const { app, page, ticket } = await uploadPage(t)
  const before = waiting()
  const exe = await upload(app, ticket, [{ name: 'photo.png', type: 'image/png', data: ELF }])
  t.equal(exe.statusCode, 400)
  t.equal(codeOf(exe), 'LC_BAD_UPLOAD')
  t.match(JSON.parse(String(exe.headers['hx-trigger']))['live:error'].message, /image: "photo.png" is application\/x-elf, not one of image\/png/)
  const big = await upload(app, ticket, [{ name: 'big.png', type: 'image/png', data: Buffer.concat([PNG, Buffer.alloc(3000)]) }])
  t.equal(codeOf(big), 'LC_BAD_UPLOAD')
  t.match(JSON.parse(String(big.headers['hx-trigger']))['live:error'].message, /larger than 2000 bytes/)
  const two = await upload(app, ticket, [{ name: 'a.png', type: 'image/png', data: PNG }, { name: 'b.png', type: 'image/png', data: PNG }])
  t.equal(codeOf(two), 'LC_BAD_UPLOAD')
  t.equal(codeOf(await upload(app, ticket, [])), 'LC_BAD_UPLOAD')
  const docs = await upload(app, ticketOf(page.body, 'att-upload-docs'), [{ name: 'a.txt', type: 'text/plain', data: Buffer.from('hello') }, { name: 'b.pdf', type: 'application/pdf', data: Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n') }], { 'x-test-user': STAFF })
  t.same((docs.json() as { files: Array<{ type: string }> }).files.map((f) => f.type), ['text/plain', 'application/pdf'])
  t.equal(waiting(), before + 2, 'only the accepted ones were kept')
})

t.test('the checks of a command first: a bad ticket, another session, cross-site, a viewer the component refuses, not multipart', async (t) => {
  const { app, page, ticket } = await uploadPage(t, { session: (req) => req.headers['x-sid'] as string | undefined })
  const png = [{ name: 'p.png', type: 'image/png', data: PNG }]
  t.equal(codeOf(await upload(app, ticket.slice(0, -3) + 'AAA', png)), 'LC_BAD_TOKEN')
  t.equal((await upload(app, ticket, png, { 'x-sid': 'other' })).statusCode, 410)
  t.equal(codeOf(await upload(app, ticket, png, { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' })), 'LC_CROSS_SITE')
  const att = ticketOf(page.body, 'att-upload-docs')
  t.equal(codeOf(await upload(app, att, [{ name: 'a.txt', type: 'text/plain', data: Buffer.from('x') }])), 'LC_UNAUTHENTICATED', 'anonymous: the component\'s permissions refuse')
  t.equal(codeOf(await upload(app, att, [{ name: 'a.txt', type: 'text/plain', data: Buffer.from('x') }], { 'x-test-user': JSON.stringify({ isAuthenticated: true }) })), 'LC_FORBIDDEN')
  const plain = await app.inject({ method: 'POST', url: '/components/upload', payload: 'a=1', headers: { 'content-type': 'application/x-www-form-urlencoded', 'lc-upload-ticket': ticket, 'hx-request': 'true' } })
  t.equal(plain.statusCode, 415, String(plain.headers['hx-trigger']))
})

t.test('unused files are removed after an hour (the clock option), and when the app closes', async (t) => {
  let now = Date.now()
  const { app, ticket } = await uploadPage(t, { now: () => now })
  const first = (await upload(app, ticket, [{ name: 'p.png', type: 'image/png', data: PNG }])).json() as { refs: string[] }
  t.equal(first.refs.length, 1)
  const dirs = readdirSync(TMP).filter((d) => d.startsWith('fastify-livecomponents-uploads-')).map((d) => join(TMP, d))
  const mine = dirs.find((d) => readdirSync(d).length > 0)!
  t.equal(readdirSync(mine).length, 1)
  now += 3601 * 1000
  await upload(app, ticket, [{ name: 'p.png', type: 'image/png', data: PNG }])
  t.equal(readdirSync(mine).length, 1, 'the hour-old file was swept; the new one waits')
  await app.close()
  t.notOk(existsSync(mine), 'closing removes the folder')
})

t.test('static uploads must be rules', async (t) => {
  const { LiveComponent } = await import('fastify-livecomponents')
  for (const uploads of [{ image: { maxBytes: 0, accept: ['image/png'] } }, { image: { maxBytes: 10, accept: [] } }, { image: { maxBytes: 10, accept: ['png'] } }, { 'bad name': { maxBytes: 10, accept: ['image/png'] } }, { image: { maxBytes: 10, maxFiles: 101, accept: ['image/png'] } }]) {
    class Bad extends LiveComponent<{}> {
      static override componentName = 'bad-upload'
      static template = 'uploads/attachments.njk'
      static uploads = uploads as never
      mount () { return {} }
    }
    await t.rejects(build(t, { components: [Bad] }), { code: 'LC_INVALID_COMPONENT', message: /static uploads/ }, JSON.stringify(uploads))
  }
})

t.test('helpers misused (500 at render), attributes filtered; references of another field, forged or expired are refused', async (t) => {
  let now = Date.now()
  const { app, page, ticket } = await uploadPage(t, { now: () => now })
  await t.rejects(app.components.render('uploads/in-page.njk'), { code: 'LC_BAD_UPLOAD', message: /static uploads declares that field/ })
  await t.rejects(app.components.render('uploads/bad-page.njk', { which: 'field' }), { code: 'LC_BAD_UPLOAD' })
  await t.rejects(app.components.render('uploads/bad-page.njk', { which: 'progress' }), { code: 'LC_BAD_UPLOAD', message: /no such upload field/ })
  const attrs = await app.components.render('uploads/bad-page.njk', { which: 'attrs' })
  t.match(attrs, /<input type="file" id="bu-upload-docs" accept="text\/plain" data-lc-upload="f1\.[^"]+" data-lc-upload-url="\/components\/upload" data-role="a&lt;b">/, 'only plain attributes, escaped; no id, hx-* or on* override')
  const ref = ((await upload(app, ticket, [{ name: 'p.png', type: 'image/png', data: PNG }])).json() as { refs: string[] }).refs[0]
  const att = ticketOf(page.body, 'att-upload-docs')
  const doc = ((await upload(app, att, [{ name: 'a.txt', type: 'text/plain', data: Buffer.from('hi') }], { 'x-test-user': STAFF })).json() as { refs: string[] }).refs[0]
  const other = await page.component('img').call('publish', { fields: { title: 'x', '__lc_file:image': doc } })
  t.equal(other.error?.code, 'LC_BAD_UPLOAD', 'a reference of another instance and field')
  t.equal((await page.component('img').call('publish', { fields: { title: 'x', '__lc_file:image': ref.slice(0, -4) + 'AAAA' } })).error?.code, 'LC_BAD_TOKEN')
  now += 3601 * 1000
  const expired = await page.component('img').call('publish', { fields: { title: 'x', '__lc_file:image': ref } })
  t.equal(expired.error?.code, 'LC_BAD_UPLOAD')
  t.match(expired.error?.message ?? '', /expired/)
})
