/** @module client/upload — file inputs of components (`upload()`): a chosen file is sent at once with progress and cancel, and its reference kept in the component's hidden field. */
import { ATTR, EVENT, HEADER } from '../protocol.js'
import { isElement, viewOf } from './dom.js'
import { liveError, type LiveErrorDetail } from './errors.js'
import { requestHeaders } from './request-headers.js'

/**
 * Watches file inputs with ATTR.upload. When files are chosen they are posted (multipart, an
 * XMLHttpRequest, the same on htmx 2 and 4: fetch reports no upload progress) to ATTR.uploadUrl
 * with the input's ticket (HEADER.uploadTicket) and the page's headers (CSRF, page token). While
 * the upload runs, the input's `aria-busy` is true and its progress element
 * (ATTR.uploadStatus) shows the percentage (its `<progress>`, and `data-lc-percent`); its cancel button (ATTR.uploadCancel) aborts it.
 * On success the references go into the hidden field that follows the input, which the
 * component's next command sends; on a refusal the input is emptied and the server's live error
 * event is fired on it. Choosing again cancels the upload in flight.
 *
 * @example
 * watchUploads(document)
 */
export function watchUploads (doc: Document): void {
  const win = viewOf(doc)
  const inFlight = new WeakMap<Element, XMLHttpRequest>()
  const statusOf = (input: Element): HTMLElement | null => doc.querySelector(`[${ATTR.uploadStatus}="${input.id.replace(/["\\]/g, '\\$&')}"]`)
  const done = (input: HTMLInputElement): void => {
    inFlight.delete(input)
    input.removeAttribute('aria-busy')
    statusOf(input)?.setAttribute('hidden', '')
  }
  const refsField = (input: Element): HTMLInputElement | null => {
    const next = input.nextElementSibling
    return next !== null && next.tagName === 'INPUT' && (next as HTMLInputElement).type === 'hidden' ? next as HTMLInputElement : null
  }

  doc.addEventListener('change', (evt) => {
    const input = evt.target
    if (!isElement(input) || !input.hasAttribute(ATTR.upload) || (input as HTMLInputElement).type !== 'file') return
    const field = input as HTMLInputElement
    inFlight.get(field)?.abort()
    const refs = refsField(field)
    if (refs !== null) refs.value = ''
    field.parentElement?.querySelector('.lc-upload-kept')?.remove()
    const chosen = Array.from(field.files ?? [])
    if (chosen.length === 0) return
    const form = new win.FormData()
    for (const f of chosen) form.append('file', f)
    const xhr = new win.XMLHttpRequest()
    inFlight.set(field, xhr)
    xhr.open('POST', field.getAttribute(ATTR.uploadUrl) ?? '')
    for (const [name, value] of Object.entries(requestHeaders(doc))) xhr.setRequestHeader(name, value)
    xhr.setRequestHeader(HEADER.uploadTicket, field.getAttribute(ATTR.upload) ?? '')
    xhr.setRequestHeader(HEADER.request, 'true')
    field.setAttribute('aria-busy', 'true')
    const status = statusOf(field)
    const bar = status?.querySelector('progress')
    if (bar) bar.value = 0
    status?.removeAttribute('hidden')
    xhr.upload.addEventListener('progress', (e) => {
      if (!e.lengthComputable) return
      const percent = Math.round(e.loaded / e.total * 100)
      if (bar) bar.value = percent
      status?.setAttribute('data-lc-percent', String(percent)) // for styles (and tests)
    })
    xhr.addEventListener('load', () => {
      done(field)
      if (xhr.status === 200) {
        const answer = JSON.parse(xhr.responseText) as { refs: string[] }
        if (refs !== null) refs.value = answer.refs.join(' ')
        field.dispatchEvent(new win.CustomEvent('live:uploaded', { bubbles: true, detail: answer }))
        return
      }
      field.value = ''
      let detail: LiveErrorDetail = { status: xhr.status, message: 'The upload was refused.' }
      try {
        const sent = JSON.parse(xhr.getResponseHeader(HEADER.trigger) ?? '{}')[EVENT.error] as LiveErrorDetail | undefined
        if (sent !== undefined) detail = sent
      } catch {}
      liveError(doc, field, detail)
    })
    xhr.addEventListener('error', () => {
      done(field)
      field.value = ''
      liveError(doc, field, { status: 0, code: 'LC_NETWORK', message: 'The server could not be reached.' })
    })
    xhr.addEventListener('abort', () => { done(field) })
    xhr.send(form)
  })

  doc.addEventListener('click', (evt) => {
    const button = isElement(evt.target) ? evt.target.closest(`[${ATTR.uploadCancel}]`) : null
    const id = button?.closest(`[${ATTR.uploadStatus}]`)?.getAttribute(ATTR.uploadStatus)
    const input = id === undefined || id === null ? null : doc.getElementById(id)
    if (input === null) return
    inFlight.get(input)?.abort()
    ;(input as HTMLInputElement).value = ''
  })
}
