/** @module features/uploads/feature — file uploads (Livewire's WithFileUploads, LiveView's allow_upload): files go to `{prefix}/upload` as soon as they are chosen, are checked there, and reach the command as references. */
import multipart from '@fastify/multipart'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { basename } from 'node:path'
import type { Feature } from '../../core/hooks.js'
import { authorize, bindingOf, type Host } from '../../core/host.js'
import type { Registration } from '../../core/registry.js'
import { escapeHtml } from '../../core/render/renderer.js'
import type { Keyring } from '../../core/signing/keyring.js'
import { TokenCodec } from '../../core/signing/token-codec.js'
import { LC_BAD_TOKEN, LC_BAD_UPLOAD, LC_EXPIRED_TOKEN, LC_FORBIDDEN, LC_INVALID_COMPONENT, LC_SESSION_CHANGED, LC_UNAUTHENTICATED, LC_UNSUPPORTED_MEDIA_TYPE } from '../../errors.js'
import { ATTR, FIELD, HEADER, PATH, TOKEN_KIND } from '../../protocol.js'
import { accepts, sniff, UPLOAD_TTL_SECONDS, UploadFolder, type UploadRule } from './files.js'

/**
 * A file a command received (`ctx.files[field]`): `path` is a temporary file, removed once the
 * command succeeded (status below 400): move or copy it in the handler to keep it.
 *
 * @example
 * await rename(ctx.files.image[0].path, `public/products/${id}.webp`)
 */
export interface UploadedFile {
  /** the temporary file */
  path: string
  /** the name the browser gave, without folders (for display only: never a path) */
  name: string
  /** the type read from the content */
  type: string
  bytes: number
}

declare module '../../core/component.js' {
  interface ComponentStatics {
    /** The file fields of the component and what each accepts, by field name: see {@link UploadRule}. */
    uploads?: Record<string, UploadRule>
  }
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- merging with CallContext needs its type parameters
  interface CallContext<S, A = Record<string, string | string[]>> {
    /** The files uploaded for this instance's fields, by field (empty lists for none). */
    files: Record<string, UploadedFile[]>
  }
}

interface Ref { instance: string, field: string, file: string, type: string, bytes: number, name: string, binding: string | undefined }

const FIELD_RE = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/
// control characters in a browser-given file name (dropped: the name is only ever displayed)
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/g
const bad = (field: string, why: string): Error => Object.assign(new LC_BAD_UPLOAD(`${field}: ${why}`), { fields: { [field]: [why] } })

/**
 * The uploads feature: `static uploads` (see {@link UploadRule}); the `upload(field)` and
 * `upload_progress(field)` template helpers; `POST {prefix}/upload`; `ctx.files`.
 * - Choosing a file sends it at once, with progress and a cancel button, to `{prefix}/upload`
 *   (multipart, through @fastify/multipart), with the input's signed ticket (instance, field,
 *   session). The usual cross-site and CSRF checks apply, then the component's permissions,
 *   then the field's limits: size while streaming, count, and the type sniffed from the bytes.
 *   A refused file is removed and never reaches a handler (400 `LC_BAD_UPLOAD`).
 * - The answer is a signed reference per file, which the page keeps in a hidden field of the
 *   component; the next command (or form submit) sends it and gets `ctx.files[field]`.
 * - A command that fails validation (4xx) keeps the files: the re-rendered field still holds
 *   them, so a chosen file survives an error in another field.
 * - Temporary files are removed after a successful command, after one hour unused, and when
 *   the plugin closes.
 *
 * @example
 * const feature = uploadsFeature(host, ring)
 */
export function uploadsFeature (host: Host, ring: Keyring): Feature {
  const rules = new WeakMap<Registration, Record<string, Required<UploadRule>>>()
  const errors = { bad: (why: string) => new LC_BAD_TOKEN(why), expired: (s: number) => new LC_EXPIRED_TOKEN(s) }
  const now = (): number => host.now() / 1000
  const tickets = new TokenCodec(ring, { kind: TOKEN_KIND.uploadTicket, maxAge: 86400, errors, now })
  const refs = new TokenCodec(ring, { kind: TOKEN_KIND.uploadRef, maxAge: UPLOAD_TTL_SECONDS, errors: { ...errors, expired: () => new LC_BAD_UPLOAD('the upload expired') }, now })
  // the verified references each command carried, by instance and field (for re-renders and cleanup)
  const posted = new WeakMap<FastifyRequest, Map<string, Ref[]>>()
  let folder: Promise<UploadFolder> | undefined
  const files = async (): Promise<UploadFolder> => await (folder ??= UploadFolder.create(host.now))

  const ruleOf = (reg: Registration, field: unknown): Required<UploadRule> | undefined => typeof field === 'string' ? rules.get(reg)?.[field] : undefined

  const receive = async (request: FastifyRequest, reply: FastifyReply): Promise<unknown> => {
    const store = await files()
    await store.sweep()
    const raw = tickets.open(request.headers[HEADER.uploadTicket.toLowerCase()])
    const reg = typeof raw.n === 'string' ? host.registry.get(raw.n) : undefined
    const field = String(raw.f)
    const rule = reg === undefined ? undefined : ruleOf(reg, field)
    if (reg === undefined || rule === undefined) throw new LC_BAD_TOKEN('the upload ticket names no upload field')
    if ((typeof raw.b === 'string' ? raw.b : undefined) !== bindingOf(host, request)) throw new LC_SESSION_CHANGED()
    const refused = await authorize(host, request, reg)
    if (refused === 401) throw new LC_UNAUTHENTICATED(reg.name)
    if (refused === 403) throw new LC_FORBIDDEN(reg.name)
    if (!request.isMultipart()) throw new LC_UNSUPPORTED_MEDIA_TYPE(String(request.headers['content-type'] ?? ''))
    const saved: Array<{ name: string, type: string, bytes: number, original: string }> = []
    try {
      for await (const part of request.parts({ limits: { fileSize: rule.maxBytes, files: rule.maxFiles, fields: 0, parts: rule.maxFiles } })) {
        if (part.type !== 'file') continue
        const s = await store.save(part.file)
        const original = basename(String(part.filename ?? '')).replace(CONTROL, '').slice(0, 200)
        saved.push({ name: s.name, type: '', bytes: s.bytes, original })
        if (s.truncated) throw bad(field, `is larger than ${rule.maxBytes} bytes`)
        const type = await sniff(s.path)
        if (!accepts(rule.accept, type)) throw bad(field, `${original === '' ? 'the file' : `"${original}"`} is ${type ?? 'of no known type'}, not one of ${rule.accept.join(', ')}`)
        saved[saved.length - 1].type = type!
      }
    } catch (err) {
      await Promise.all(saved.map(async (f) => { await store.remove(f.name) }))
      const code = (err as { code?: string }).code
      if (code === 'FST_REQ_FILE_TOO_LARGE') throw bad(field, `is larger than ${rule.maxBytes} bytes`)
      if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT') throw bad(field, `takes at most ${rule.maxFiles} file(s)`)
      if (code === 'FST_FIELDS_LIMIT') throw bad(field, 'send files only')
      throw err
    }
    if (saved.length === 0) throw bad(field, 'no file was sent')
    const binding = bindingOf(host, request)
    reply.header('cache-control', 'no-store')
    return {
      refs: saved.map((f) => refs.seal(JSON.stringify({ i: raw.i, f: field, p: f.name, y: f.type, s: f.bytes, o: f.original, b: binding }).slice(1, -1))),
      files: saved.map((f) => ({ name: f.original, type: f.type, bytes: f.bytes }))
    }
  }

  /** The references a command carried for an instance's field, verified (bad ones: 400). */
  const verifyRefs = async (value: unknown, instance: string, field: string, binding: string | undefined): Promise<Ref[]> => {
    const store = await files()
    const list = typeof value === 'string' ? value.split(' ').filter((r) => r !== '') : []
    const out: Ref[] = []
    for (const token of list.slice(0, 100)) {
      let raw: Record<string, unknown>
      try {
        raw = refs.open(token)
      } catch (err) {
        throw (err as { code?: string }).code === 'LC_BAD_UPLOAD' ? bad(field, 'the upload expired: choose the file again') : err
      }
      if (raw.i !== instance || raw.f !== field) throw bad(field, 'the file belongs to another field')
      if ((typeof raw.b === 'string' ? raw.b : undefined) !== binding) throw new LC_SESSION_CHANGED()
      if (!await store.exists(String(raw.p))) throw bad(field, 'the upload expired: choose the file again')
      out.push({ instance, field, file: String(raw.p), type: String(raw.y), bytes: Number(raw.s), name: String(raw.o), binding })
    }
    return out
  }

  return {
    name: 'uploads',
    fieldPrefix: FIELD.file,
    register (reg) {
      const declared = reg.cls.uploads
      if (declared === undefined) return
      if (reg.stateless) throw new LC_INVALID_COMPONENT(reg.cls.name, 'a StatelessLiveComponent has no commands to receive files')
      const out: Record<string, Required<UploadRule>> = {}
      for (const [field, r] of Object.entries(declared ?? {})) {
        const ok = FIELD_RE.test(field) && Number.isInteger(r?.maxBytes) && r.maxBytes > 0 && (r.maxFiles === undefined || (Number.isInteger(r.maxFiles) && r.maxFiles > 0 && r.maxFiles <= 100)) &&
          Array.isArray(r.accept) && r.accept.length > 0 && r.accept.every((a) => typeof a === 'string' && /^[a-z]+\/([a-z0-9.+-]+|\*)$/.test(a))
        if (!ok) throw new LC_INVALID_COMPONENT(reg.cls.name, `static uploads: "${field}" must be { maxBytes, maxFiles?, accept: ['image/png', 'image/*', …] } (positive integers; maxFiles at most 100)`)
        out[field] = { maxBytes: r.maxBytes, maxFiles: r.maxFiles ?? 1, accept: [...r.accept] }
      }
      rules.set(reg, out)
    },
    async setup (app) {
      app.addHook('onClose', async () => { if (folder !== undefined) await (await folder).close() })
    },
    routes (app, { onRequest }) {
      void app.register(async (child) => {
        // limits are set per request, from the field's rule (request.parts)
        await child.register(multipart)
        child.post(PATH.upload, { onRequest }, receive)
      })
    },
    async beforeRun (call) {
      const fields = rules.get(call.reg)
      call.ctx.files = {}
      if (fields === undefined) return
      const body = (call.request.body ?? {}) as Record<string, unknown>
      const binding = bindingOf(host, call.request)
      let mine = posted.get(call.request)
      if (mine === undefined) posted.set(call.request, mine = new Map())
      for (const field of Object.keys(fields)) {
        const list = await verifyRefs(body[`${FIELD.file}${field}`], call.selfId, field, binding)
        mine.set(`${call.selfId}#${field}`, list)
        const store = await files()
        call.ctx.files[field] = list.map((r) => ({ path: store.pathOf(r.file)!, name: r.name, type: r.type, bytes: r.bytes }))
      }
    },
    async aroundCommand (call, next) {
      const body = await next()
      // used: the files go (moved by the handler already, or not wanted); a 4xx keeps them for the retry
      const used = posted.get(call.request)
      if (used !== undefined && call.reply.statusCode < 400) {
        const store = await files()
        await Promise.all([...used.values()].flat().map(async (r) => { await store.remove(r.file) }))
      }
      return body
    },
    helpers: {
      upload (scope, field: unknown, attrs: Record<string, unknown> = {}) {
        const frame = scope.frame
        const rule = frame === null ? undefined : ruleOf(frame.reg, field)
        if (frame === null || rule === undefined) throw new LC_BAD_UPLOAD(`upload(${JSON.stringify(field)}): call it in the template of a component whose static uploads declares that field`)
        const id = `${frame.id}-upload-${String(field)}`
        const ticket = tickets.seal(JSON.stringify({ n: frame.reg.name, i: frame.id, f: field, b: scope.pass.binding() }).slice(1, -1))
        const kept = scope.pass.request === undefined ? undefined : posted.get(scope.pass.request)?.get(`${frame.id}#${String(field)}`)
        const extra = Object.entries(attrs ?? {}).filter(([k]) => /^[a-z][a-z0-9-]*$/.test(k) && !['id', 'type', 'name', 'accept', 'multiple'].includes(k) && !k.startsWith('hx-') && !k.startsWith('on')).map(([k, v]) => ` ${k}="${escapeHtml(String(v))}"`).join('')
        const chosen = kept === undefined || kept.length === 0 ? '' : `<span class="lc-upload-kept">${kept.map((r) => escapeHtml(r.name)).join(', ')}</span>`
        return `<input type="file" id="${escapeHtml(id)}" accept="${escapeHtml(rule.accept.join(','))}"${rule.maxFiles > 1 ? ' multiple' : ''} ${ATTR.upload}="${ticket}" ${ATTR.uploadUrl}="${host.prefix}${PATH.upload}"${extra}>` +
          `<input type="hidden" name="${FIELD.file}${escapeHtml(String(field))}" value="${(kept ?? []).map((r) => refTokenOf(r)).join(' ')}">${chosen}`
      },
      upload_progress (scope, field: unknown, label: unknown = 'Cancel') {
        if (scope.frame === null || ruleOf(scope.frame.reg, field) === undefined) throw new LC_BAD_UPLOAD(`upload_progress(${JSON.stringify(field)}): no such upload field here`)
        const id = `${scope.frame.id}-upload-${String(field)}`
        return `<span class="lc-upload-progress" ${ATTR.uploadStatus}="${escapeHtml(id)}" hidden><progress max="100" value="0"></progress> <button type="button" ${ATTR.uploadCancel}>${escapeHtml(String(label))}</button></span>`
      }
    }
  }

  /** A kept reference, signed again for the re-rendered field. */
  function refTokenOf (r: Ref): string {
    return refs.seal(JSON.stringify({ i: r.instance, f: r.field, p: r.file, y: r.type, s: r.bytes, o: r.name, b: r.binding }).slice(1, -1))
  }
}
