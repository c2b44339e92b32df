/** @module test/client/request-headers — every htmx request carries the page id and the page's CSRF token, on both lines. */
import t from 'tap'
import { pageToken } from '../../lib/client/request-headers.js'
import { page } from './page.js'

const PAGE = '<div id="lc-live" data-lc-page="p1.PAGE" hx-ext="ws"></div><div id="c" data-lc="c"><button class="watch">watch</button></div>'

const CSRF_PAGE = '<meta name="lc-csrf-token" content="tok-123"><div id="c" data-lc="c"><button>+</button></div>'

t.test('the CSRF token of the page\'s meta rides on every request, on htmx 2 and htmx 4', async (t) => {
  const p = page(t, CSRF_PAGE, { live: true })
  const headers: Record<string, string> = {}
  p.fire(p.$('button'), 'htmx:configRequest', { headers })
  t.same(headers, { 'x-csrf-token': 'tok-123' })
  const request = { headers: {} as Record<string, string> }
  p.fire(p.$('button'), 'htmx:config:request', { ctx: { request } })
  t.same(request.headers, { 'x-csrf-token': 'tok-123' })
})

t.test('with push, both headers; a header the request already has is kept', async (t) => {
  const p = page(t, '<div id="lc-live" data-lc-page="PAGE"></div>' + CSRF_PAGE, { live: true })
  const headers: Record<string, string> = { 'x-csrf-token': 'own' }
  p.fire(p.$('button'), 'htmx:configRequest', { headers })
  t.same(headers, { 'x-csrf-token': 'own', 'LC-Page': 'PAGE' })
})

t.test('a page without the meta sends no CSRF header', async (t) => {
  const p = page(t, '<div id="c" data-lc="c"><button>+</button></div>', { live: true })
  const headers: Record<string, string> = {}
  p.fire(p.$('button'), 'htmx:configRequest', { headers })
  t.same(headers, {})
})

t.test('every command carries the page id header, on htmx 2 and htmx 4', async (t) => {
  const p = page(t, PAGE, { live: true })
  t.equal(pageToken(p.document), 'p1.PAGE')
  const headers: Record<string, string> = {}
  p.fire(p.$('.watch'), 'htmx:configRequest', { headers })
  t.same(headers, { 'LC-Page': 'p1.PAGE' })
  const request = { headers: {} as Record<string, string> }
  p.fire(p.$('.watch'), 'htmx:config:request', { ctx: { request } })
  t.same(request.headers, { 'LC-Page': 'p1.PAGE' })
})

t.test('a page without push sends no page header', async (t) => {
  const p = page(t, '<div id="c" data-lc="c"><button>+</button></div>', { live: true })
  const headers: Record<string, string> = {}
  p.fire(p.$('button'), 'htmx:configRequest', { headers })
  t.same(headers, {})
  t.equal(pageToken(p.document), null)
})
