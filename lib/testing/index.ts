/** @module testing — fastify-livecomponents/testing: test components like functions, through the real plugin (`app.inject`, `app.injectWS`), with any test runner. */
import { strict as assert } from 'node:assert'
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import { ATTR, FIELD, OPEN_STATE } from '../protocol.js'
import { readResponse, sendCommand, type CallOptions, type CommandResult } from './command.js'
import { PageDom } from './dom.js'
import { LiveSocketHandle } from './socket.js'

export type { CallOptions, CommandResult, LiveError } from './command.js'
export { LiveSocketHandle } from './socket.js'

/** The path of the kit's own page, under the plugin's prefix, that mounts one component. */
const MOUNT_PATH = '/__test/mount'

/**
 * A browser in tests: one cookie jar, the pages it visited, the requests it makes. Every
 * request goes through `app.inject` (and WebSockets through `app.injectWS`), so the real
 * plugin, your hooks, sessions and permissions run; nothing is simulated.
 *
 * @example
 * import { liveTest } from 'fastify-livecomponents/testing'
 * const live = liveTest(app)            // before app.ready() if you use mount()
 * const counter = await live.mount('counter', { start: 1 })
 * const res = await counter.call('inc', { args: [2] })
 * assert.equal(res.status, 200)
 * counter.assertSee('3')
 */
export class LiveTest {
  /** cookies set by responses so far, sent with every request */
  readonly cookies = new Map<string, string>()
  readonly prefix: string
  private readonly mountable: boolean

  constructor (readonly app: FastifyInstance, opts: { prefix?: string } = {}) {
    this.prefix = opts.prefix ?? (app as unknown as { components?: { prefix: string } }).components?.prefix ?? '/components'
    let mountable = false
    try {
      if (!app.hasRoute({ method: 'GET', url: this.prefix + MOUNT_PATH })) {
        app.get(this.prefix + MOUNT_PATH, async (request, reply) => {
          const q = request.query as { name?: string, props?: string, id?: string }
          return await reply.page('livecomponents/test-mount.njk', { name: q.name, props: JSON.parse(q.props ?? '{}'), options: q.id === undefined ? {} : { id: q.id } })
        })
      }
      mountable = true
    } catch {
      mountable = app.hasRoute({ method: 'GET', url: this.prefix + MOUNT_PATH })
    }
    this.mountable = mountable
  }

  /** Any request with this browser's cookies (log in, change data); keeps the cookies it sets. */
  async request (opts: InjectOptions | string): Promise<LightMyRequestResponse> {
    const o: InjectOptions = typeof opts === 'string' ? { url: opts } : { ...opts }
    o.headers = { ...this.cookieHeader(), ...o.headers }
    const res = await this.app.inject(o)
    this.cookiesFrom(res)
    return res
  }

  /** This browser's cookies as a request header (none when it has no cookie). */
  cookieHeader (): Record<string, string> {
    return this.cookies.size === 0 ? {} : { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') }
  }

  /** Keeps the cookies a response sets (and forgets those it clears). */
  cookiesFrom (res: LightMyRequestResponse): void {
    for (const c of res.cookies as Array<{ name: string, value: string, maxAge?: number, expires?: Date }>) {
      if (c.value === '' || c.maxAge === 0 || (c.expires !== undefined && c.expires.getTime() < Date.now())) this.cookies.delete(c.name)
      else this.cookies.set(c.name, c.value)
    }
  }

  /**
   * Follows a command's redirect (`HX-Redirect`) as htmx does: loads that page.
   *
   * @throws Error when the result is not a redirect
   */
  async follow (res: CommandResult): Promise<LivePage> {
    if (res.redirect === undefined) throw new Error(`fastify-livecomponents/testing: the command did not redirect (status ${res.status})`)
    return await this.visit(res.redirect)
  }

  /** Loads one of your pages (GET `url`) and returns it with its components. */
  async visit (url: string, headers: Record<string, string> = {}): Promise<LivePage> {
    const page = new LivePage(this, await this.request({ url, headers }), headers)
    await page.dom.settle()
    return page
  }

  /**
   * Mounts one component on a page of its own (the kit's `livecomponents/test-mount.njk`,
   * rendered by your app's renderer with `live_scripts()` and `live_connect()`), and returns it.
   *
   * @param id - the instance id (default: the generated one)
   * @throws Error when the kit was created after `app.ready()` (it adds its mount page, which a
   *   ready app no longer accepts) or when the component did not render
   */
  async mount (name: string, props: Record<string, unknown> = {}, opts: { id?: string, headers?: Record<string, string> } = {}): Promise<LiveHandle> {
    if (!this.mountable) throw new Error('fastify-livecomponents/testing: mount() needs liveTest(app) to be called before app.ready(); use visit(url) on a ready app')
    const q = new URLSearchParams({ name, props: JSON.stringify(props) })
    if (opts.id !== undefined) q.set('id', opts.id)
    const page = await this.visit(`${this.prefix}${MOUNT_PATH}?${q.toString()}`, opts.headers)
    const root = page.components(name)[0]
    if (root === undefined) throw new Error(`fastify-livecomponents/testing: "${name}" did not render (status ${page.status}): ${page.html.slice(0, 200)}`)
    return root
  }
}

/**
 * A page as the browser holds it: its components, updated by every command response and every
 * push, as htmx would update them.
 *
 * @example
 * const page = await live.visit('/cart')
 * await page.component('cart').call('add', { args: [7] })
 * page.component('cart-counter').assertSee('1 item')
 */
export class LivePage {
  readonly status: number
  /** the page exactly as the server sent it (`html` is the page now, after swaps and pushes) */
  readonly body: string
  readonly dom: PageDom

  constructor (readonly live: LiveTest, res: LightMyRequestResponse, readonly headers: Record<string, string>) {
    this.status = res.statusCode
    this.body = res.body
    this.dom = new PageDom(res.body, (live.app as unknown as { components?: Record<symbol, (t: string) => Promise<unknown>> }).components?.[OPEN_STATE])
  }

  /** The page's HTML now. */
  get html (): string {
    return this.dom.html
  }

  /**
   * The component with this id.
   *
   * @throws Error when the page has no component root with that id
   */
  component (id: string): LiveHandle {
    const root = this.dom.root(id)
    if (root === null) throw new Error(`fastify-livecomponents/testing: no component "${id}" on the page`)
    return new LiveHandle(this, id, root.getAttribute(ATTR.component) ?? '')
  }

  /** Every component on the page, or those of one component name, in page order. */
  components (name?: string): LiveHandle[] {
    return this.dom.roots()
      .filter((r) => name === undefined || r.getAttribute(ATTR.component) === name)
      .map((r) => new LiveHandle(this, r.id, r.getAttribute(ATTR.component) ?? ''))
  }

  /** Opens the page's WebSocket (see {@link LiveSocketHandle}); pushes and frames update this page. */
  async connect (): Promise<LiveSocketHandle> {
    return await LiveSocketHandle.open(this.live.app, this.live.prefix, this.dom, { ...this.live.cookieHeader(), ...this.headers })
  }
}

/**
 * One component instance on a {@link LivePage}.
 *
 * @example
 * const res = await page.component('counter').call('inc', { args: [1] })
 */
export class LiveHandle {
  constructor (readonly page: LivePage, readonly id: string, readonly name: string) {}

  /** The component's root element's HTML now (empty when it left the page). */
  get html (): string {
    return this.page.dom.root(this.id)?.outerHTML ?? ''
  }

  /** The component's state now: read from its signed state token (signed, not encrypted), or from the server for server-held state. */
  get state (): any {
    return this.page.dom.state(this.id)
  }

  /** The text a person sees in the component now. */
  get text (): string {
    return this.page.dom.root(this.id)?.textContent ?? ''
  }

  /**
   * Runs a command on this component as htmx would, and applies the response to the page.
   * A refusal (4xx/5xx) is returned, not thrown: look at `status` and `error`.
   */
  async call (command: string, opts: CallOptions = {}): Promise<CommandResult> {
    const dom = this.page.dom
    const fields: NonNullable<CallOptions['fields']> = {}
    // bound input (model()) in the top-level ancestor's subtree rides along, as the client helper sends it
    for (const [name, value] of dom.boundFor(this.id)) {
      const prior = fields[name]
      fields[name] = prior === undefined ? value : ([] as Array<string | number | boolean>).concat(prior, value)
    }
    if (Object.keys(fields).length > 0) opts = { ...opts, fields: { ...fields, ...opts.fields } }
    const res = await sendCommand(this.page.live.app, {
      prefix: this.page.live.prefix,
      name: this.name,
      command,
      id: this.id,
      tokens: dom.tokensFor(this.id),
      page: { csrf: dom.csrf(), pageToken: dom.pageToken() }
    }, { ...opts, headers: { ...this.page.live.cookieHeader(), ...this.page.headers, ...opts.headers } })
    this.page.live.cookiesFrom(res)
    // what the page swaps: 2xx, and the 422 of an invalid form (see CommandResult.dirty); with
    // HX-Reswap: none only the out-of-band elements
    const applied = res.statusCode < 400 || res.statusCode === 422
    const main = applied && String(res.headers['hx-reswap'] ?? '') !== 'none'
    const retarget = res.headers['hx-retarget']
    const target = !main ? null : typeof retarget === 'string' ? retarget.replace(/^#/, '').replace(/\\(.)/g, '$1') : this.id
    const swapped = applied ? dom.applyResponse(res.body, target) : []
    await dom.settle()
    return readResponse(res, swapped, (id) => dom.root(id) !== null)
  }

  /**
   * Types into this component's input bound to `path` (`model(path)` in its template), as a
   * user would, without sending anything: the value rides along with the next command whose
   * control covers it (the component's own, or an ancestor's). A checkbox is checked by `true`
   * (in a group: by its value), a radio button or select option is chosen by value.
   *
   * @throws Error when the component has no input bound to `path`
   * @example
   * page.component('board').type('title', 'Groceries')
   * await page.component('board').call('save') // the command sees state.title === 'Groceries'
   */
  type (path: string, value: string | number | boolean | string[]): void {
    this.page.dom.typeInto(this.id, `${FIELD.model}${this.id}#${path}`, path, value)
  }

  /**
   * Types into the input bound to `path` and sends it at once, as a live binding
   * (`model(path, { live: true })`) does: the built-in `$refresh` command, which writes the
   * value into the state and re-renders the component.
   *
   * @throws Error when the component has no input bound to `path`
   * @example
   * const res = await page.component('board').set('title', 'Groceries')
   * res.status // 200; 400 with error.code 'LC_NOT_WRITABLE' when the path is not writable
   */
  async set (path: string, value: string | number | boolean | string[], opts: Omit<CallOptions, 'args'> = {}): Promise<CommandResult> {
    this.type(path, value)
    return await this.call('$refresh', opts)
  }

  /** Submits a form component (its `submit` command) with these fields. */
  async submit (fields: CallOptions['fields'], opts: Omit<CallOptions, 'fields'> = {}): Promise<CommandResult> {
    return await this.call('submit', { ...opts, fields })
  }

  /** Throws (node:assert) unless the component's text contains `text`. */
  assertSee (text: string): void {
    assert.ok(this.text.includes(text), `expected component "${this.id}" to show "${text}"; it shows: ${this.text.trim().slice(0, 300)}`)
  }

  /** Throws (node:assert) when the component's text contains `text`. */
  assertDontSee (text: string): void {
    assert.ok(!this.text.includes(text), `expected component "${this.id}" not to show "${text}"`)
  }
}

/**
 * A test browser for `app` (see {@link LiveTest}). Call it before `app.ready()` to use
 * `mount()`; `visit()` works either way.
 *
 * @example
 * const live = liveTest(app)
 * const page = await live.visit('/')
 */
export function liveTest (app: FastifyInstance, opts: { prefix?: string } = {}): LiveTest {
  return new LiveTest(app, opts)
}

/**
 * Throws (node:assert) unless the response swapped the component `id` (main or out of band).
 *
 * @example
 * assertDirty(await row.call('rename', { fields: { name: 'x' } }), 'cart')
 */
export function assertDirty (res: CommandResult, id: string): void {
  assert.ok(res.dirty.includes(id), `expected "${id}" to be re-rendered; the response swapped ${JSON.stringify(res.dirty)}`)
}

/**
 * Throws (node:assert) unless the response redirects the page (`HX-Redirect`), to `url` if given.
 *
 * @example
 * assertRedirect(await login.submit({ user: 'ann' }), '/dashboard')
 */
export function assertRedirect (res: CommandResult, url?: string): void {
  assert.ok(res.redirect !== undefined, `expected a redirect; status ${res.status}`)
  if (url !== undefined) assert.equal(res.redirect, url)
}

/**
 * Throws (node:assert) unless the response triggers the browser event `name` (`HX-Trigger`),
 * with `detail` if given.
 *
 * @example
 * assertTriggered(await cart.call('add', { args: [7] }), 'cart-changed')
 */
export function assertTriggered (res: CommandResult, name: string, detail?: unknown): void {
  const ev = res.results.find((r) => (r as { name?: string }).name === name && r.constructor.name === 'TriggerEvent') as { detail?: unknown } | undefined
  assert.ok(ev !== undefined, `expected event "${name}"; got ${JSON.stringify(res.headers['hx-trigger'] ?? null)}`)
  if (detail !== undefined) assert.deepEqual(ev.detail, detail)
}

/**
 * Throws (node:assert) unless the response has header `name` (case-insensitive), equal to `value` if given.
 *
 * @example
 * assertHeader(res, 'HX-Replace-Url', '/search?q=lamp')
 */
export function assertHeader (res: CommandResult, name: string, value?: string): void {
  const got = res.headers[name.toLowerCase()]
  assert.ok(got !== undefined, `expected header ${name}`)
  if (value !== undefined) assert.equal(String(got), value)
}
