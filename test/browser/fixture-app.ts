/** @module test/browser/fixture-app — the browser suites' own app, built only from the test fixtures, on loopback: library tests that no change to the example app can break. */
import type { FastifyInstance } from 'fastify'
import type { Test } from 'tap'
import { ALL } from '../fixtures/components.js'
import { BROWSER, resetBrowserFixtures } from '../fixtures/browser-components.js'
import { Remote } from '../fixtures/cmd-for-components.js'
import { EVENTS } from '../fixtures/event-components.js'
import { FilterBoard, KeepingList, PagedList, ReactiveList } from '../fixtures/typed-app-components.js'
import { SECURE } from '../fixtures/secure-components.js'
import { LAZY } from '../fixtures/lazy-components.js'
import { POLL, pollSource } from '../fixtures/poll-components.js'
import { URL_COMPONENTS } from '../fixtures/url-components.js'
import { STREAMS } from '../fixtures/stream-components.js'
import { UPLOADS } from '../fixtures/upload-components.js'
import { build } from '../helpers/build.js'
import { htmxOption } from './browser.js'

/**
 * Starts, on 127.0.0.1 and a free port, an app with the fixture components (test/fixtures/) on
 * htmx `major`; closed at teardown. Besides the fixture app's own `/` and `/secure`, it serves
 * (templates in test/fixtures/templates/browser/, each page with a WebSocket and a `#toast`
 * that shows `toast` and `live:error` events):
 * - `/counter`: a race counter (`#counter`, "−" and "+") and a second one;
 * - `/live`: stock badges `badge:1`…`badge:3` (topic `badge:<sku>`: set `badgeLevels`, then
 *   `app.components.notify`) and two streaming analyses `analysis:1` and `analysis:2`, whose
 *   every step waits at `Analysis.gate`;
 * - `/signup`: a signup form `signup` with live validation on each field;
 * - `/board`: a task board `board` (topic `board`: move `boardTick`, then notify) with a child note;
 * - `/model`: a board with bound input `mboard` (topic `mboard`: move `modelTick`, then notify)
 *   with a child (`mboard/model-note-1`) whose note is bound too;
 * - `/events`: server events: a board `eb` whose child adder emits `task-added`, a keyed `stats`
 *   and a `bystander-1` that listen (test/fixtures/event-components.ts);
 * - `/table`: rows `trow:1`…`trow:3` of a table as components (`tr` roots; topic `row:<n>`:
 *   set `rowLevels`, then notify) and a `row-toucher` div that re-renders row 2 out of band;
 * - `/filter`: a board `board` whose filter flows into its lists `reactive` (static reactive),
 *   `keeping` (no reactive) and `paged` (update() resets the page);
 * - `/cmd-for`: controls outside the counter `counter` (`cmd_for`): a "+10" in the page and a
 *   "+5" in the `remote` component;
 * - `/lazy`: lazy components (test/fixtures/lazy-components.ts): `chart` (visible), `box1` and
 *   `box2` (load) at the top, `below` (visible) under a 3000px spacer; `/lazy-broken`: `broken`,
 *   whose mount throws;
 * - `/poll`: `orders` polls `$refresh` every second (shows `pollSource.orders`), `ticker` (its
 *   `tick` every 2 s, only in view) under a 3000px spacer;
 * - `/url`: a search `search` whose `q` and page number (`p`, pushed) mirror the URL;
 * - `/feed`: an activity feed `feed` whose items are a stream (`feed-events`, limit 5);
 * - `/upload`: an image form `img` (a PNG of at most 2,000 bytes, and a title that must not be empty).
 * The fixtures' shared state (levels, gate, emails taken) starts afresh with each app.
 */
export async function startFixtureApp (t: Test, major: 2 | 4): Promise<{ app: FastifyInstance, url: string }> {
  resetBrowserFixtures()
  pollSource.orders = 0
  pollSource.ticks = 0
  const app = await build(t, { components: [...ALL, ...SECURE, ...BROWSER, ...EVENTS, FilterBoard, ReactiveList, KeepingList, PagedList, Remote, ...LAZY, ...POLL, ...URL_COMPONENTS, ...STREAMS, ...UPLOADS], htmx: htmxOption(major) })
  app.get('/counter', (_req, reply) => reply.page('browser/counter-page.njk', { title: 'Counter' }))
  app.get('/live', (_req, reply) => reply.page('browser/live-page.njk', { title: 'Live' }))
  app.get('/signup', (_req, reply) => reply.page('browser/signup-page.njk', { title: 'Sign up' }))
  app.get('/board', (_req, reply) => reply.page('browser/board-page.njk', { title: 'Board' }))
  app.get('/model', (_req, reply) => reply.page('browser/model-page.njk', { title: 'Model' }))
  app.get('/events', (_req, reply) => reply.page('browser/events-page.njk', { title: 'Events' }))
  app.get('/table', (_req, reply) => reply.page('browser/table-page.njk', { title: 'Table' }))
  app.get('/filter', (_req, reply) => reply.page('browser/filter-page.njk', { title: 'Filter' }))
  app.get('/cmd-for', (_req, reply) => reply.page('browser/cmd-for-page.njk', { title: 'Controls elsewhere' }))
  app.get('/upload', (_req, reply) => reply.page('browser/upload-page.njk', { title: 'Upload' }))
  app.get('/feed', (_req, reply) => reply.page('browser/feed-page.njk', { title: 'Feed' }))
  app.get('/url', (_req, reply) => reply.page('browser/url-page.njk', { title: 'URL' }))
  app.get('/poll', (_req, reply) => reply.page('browser/poll-page.njk', { title: 'Poll' }))
  app.get('/lazy', (_req, reply) => reply.page('browser/lazy-page.njk', { title: 'Lazy' }))
  app.get('/lazy-broken', (_req, reply) => reply.page('browser/lazy-broken-page.njk', { title: 'Lazy, broken' }))
  const url = await app.listen({ port: 0, host: '127.0.0.1' })
  return { app, url }
}
