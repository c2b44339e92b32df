/** @module features/push/feature — push as a feature: topics on components, `live_connect()`, and the WebSocket transport, registered only when something uses it. */
import websocket from '@fastify/websocket'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { LiveComponent } from '../../core/component.js'
import type { Feature } from '../../core/hooks.js'
import { bindingOf, type Host } from '../../core/host.js'
import { PARTIAL } from '../../core/render/partials.js'
import { escapeHtml } from '../../core/render/renderer.js'
import type { Keyring } from '../../core/signing/keyring.js'
import { LC_BAD_TOPIC, LC_INVALID_COMPONENT, LC_RENDER_FAILED } from '../../errors.js'
import { ATTR, ELEMENT_ID, HEADER, PATH } from '../../protocol.js'
import type { RedisSource } from '../redis/source.js'
import { MemoryBroker, type Broker, type PushMessage } from './broker.js'
import { Hub } from './hub.js'
import { RedisBroker } from './redis-broker.js'
import { identifier, socketRoute, type SocketOptions } from './socket.js'
import { isTopic, PushTokens } from './tokens.js'

declare module '../../core/component.js' {
  interface ComponentStatics {
    /**
     * The topics this component listens to, computed from its state at every render. A rendered
     * instance with topics gets a signed, expiring subscription token (`data-lc-sub`), and the
     * page's WebSocket (`live_connect()`) subscribes with it. `app.components.notify(topic)` then
     * re-renders the instance from its current state and pushes it. Each topic: a string of
     * 1-200 characters. Default: none. A component with topics turns the WebSocket endpoint on.
     *
     * Prefer the `topics(state)` method, whose `state` is typed by the class: this static form
     * takes `state: any`. When a class has both, the method wins.
     *
     * @deprecated declare the `topics(state)` method instead
     * @example
     * static topics = (s: { productId: number }) => [`product:${s.productId}`]
     */
    topics?: (state: any) => string[]
  }
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- merging with LiveComponent needs its type parameters
  interface LiveComponent<S, P> {
    /**
     * The topics this instance listens to, computed from its state at every render (its
     * `state` is the class's own `S`, so TypeScript checks it). A rendered instance with
     * topics gets a signed, expiring subscription token (`data-lc-sub`), and the page's
     * WebSocket (`live_connect()`) subscribes with it. `app.components.notify(topic)` then
     * re-renders the instance from its current state and pushes it (Phoenix LiveView's
     * `send_update`, Livewire's `getListeners()` for broadcasts). Each topic: a string of 1-200
     * characters, else `LC_BAD_TOPIC` on render. Default: none. A component with topics turns the
     * WebSocket endpoint on.
     *
     * @example
     * topics (s: { productId: number }) { return [`product:${s.productId}`] }
     */
    topics? (state: S): string[]
  }
}

/**
 * What other features and the plugin's API use of push.
 *
 * @example
 * push.require() // a streaming command was registered: the transport must exist
 * await push.publish({ kind: 'notify', topic: 'product:7' })
 */
export interface PushService {
  /**
   * Make sure the transport exists: registered with the plugin, or, after it, queued for
   * `ready()`.
   *
   * @throws LC_INVALID_COMPONENT when the app is already ready (routes can no longer be added)
   */
  require: (why: string) => void
  /** Send a message to every server instance; false when Redis is down (logged); true and a no-op without a transport. */
  publish: (msg: PushMessage) => Promise<boolean>
  /**
   * The page a command came from: the page id of the signed page token in its page header
   * (HEADER.page), when that token is valid, unexpired and bound to the request's session; null
   * otherwise (a missing, forged, expired or other session's token: no frames are streamed, and
   * the final render still answers the command).
   */
  pageOf: (request: FastifyRequest) => string | null
}

/**
 * Options of {@link pushFeature}.
 *
 * @example
 * { socket, redis: undefined, maxAge: 86400, ring, always: false }
 */
export interface PushFeatureOptions {
  socket: SocketOptions
  redis?: RedisSource
  /** lifetime of subscription and page tokens, in seconds */
  maxAge: number
  ring: Keyring
  /** the `push` or `redis` option was given: register the transport whatever the components */
  always: boolean
}

/**
 * The push feature: `static topics`, the `data-lc-sub` token on rendered roots, the
 * `live_connect()` helper (empty while there is no transport), and the transport: the
 * `{prefix}/ws` route, heartbeats, the broker (in memory, or Redis with the `redis` option) and
 * @fastify/websocket (unless the app has it). The transport is registered only when a
 * component declares topics, a feature requires it (streaming commands), or the `push` or
 * `redis` option is set: an app without push has no `/ws` route and no timer.
 *
 * @example
 * const { feature, service } = pushFeature(host, opts)
 */
export function pushFeature (host: Host, opts: PushFeatureOptions): { feature: Feature, service: PushService } {
  const tokens = new PushTokens(opts.ring, opts.maxAge, () => host.now() / 1000)
  let wanted = opts.always
  let app: FastifyInstance | null = null
  let ready = false
  let broker: Broker | null = null

  async function transport (scope: FastifyInstance): Promise<void> {
    const hub = new Hub(host, { sendBufferBytes: opts.socket.sendBufferBytes, identify: identifier(host, opts.socket) })
    const b: Broker = opts.redis !== undefined ? new RedisBroker(opts.redis, `fastify-livecomponents:${host.prefix}`, host.log) : new MemoryBroker()
    await b.start(async (msg) => { await hub.deliver(msg) })
    broker = b
    scope.addHook('onClose', async () => { await b.close() })
    await scope.register(socketRoute, { host, hub, tokens, opts: opts.socket })
  }

  /** @fastify/websocket on the plugin's own level (so the app gets `injectWS`), then the transport under the prefix. */
  async function start (a: FastifyInstance): Promise<void> {
    if (!a.hasDecorator('websocketServer')) {
      await a.register(websocket, {
        // hard cap; messages between maxMessageBytes and this get an error frame and keep the socket
        options: { maxPayload: Math.max(opts.socket.maxMessageBytes * 4, 1024 * 1024) },
        // stop accepting; the sockets are closed by the socket route's own preClose (one path)
        preClose (done) { this.websocketServer.close(); done() }
      })
    }
    await a.register(transport, { prefix: host.prefix })
  }

  const service: PushService = {
    require (why) {
      if (wanted) return
      if (app === null) {
        wanted = true // registered by setup
        return
      }
      if (ready) throw new LC_INVALID_COMPONENT(why, 'it needs the WebSocket endpoint, which can no longer be added once the app is ready: register it before ready, or set the push option')
      wanted = true
      void start(app)
    },
    publish: async (msg) => broker === null ? true : await broker.publish(msg),
    pageOf (request) {
      const token = request.headers[HEADER.page.toLowerCase()]
      if (token === undefined) return null
      try {
        const page = tokens.verifyPage(token)
        if (page.binding === bindingOf(host, request)) return page.id
        request.log.info('fastify-livecomponents: a page header of another session; no frames are streamed')
      } catch (err) {
        request.log.info({ code: (err as { code?: string }).code }, 'fastify-livecomponents: a bad or expired page header; no frames are streamed')
      }
      return null
    }
  }

  const feature: Feature = {
    name: 'push',
    register (reg) {
      const { cls } = reg
      const method: unknown = (cls.prototype as LiveComponent).topics
      if (method === undefined && cls.topics === undefined) return
      if (reg.stateless) throw new LC_INVALID_COMPONENT(cls.name, 'a StatelessLiveComponent has no state to push: give its stateful parent the topics')
      if (method !== undefined && typeof method !== 'function') throw new LC_INVALID_COMPONENT(cls.name, 'topics must be a method topics(state) returning string[]')
      if (method === undefined && typeof cls.topics !== 'function') throw new LC_INVALID_COMPONENT(cls.name, 'static topics must be a function (state) => string[]')
      service.require(cls.name)
    },
    async setup (a) {
      app = a
      a.addHook('onReady', async () => { ready = true })
      if (wanted) await start(a)
    },
    rootAttributes ({ pass, reg, id, parentId, state, instance }) {
      if (instance.topics === undefined && reg.cls.topics === undefined) return undefined
      let topics: unknown
      try {
        topics = instance.topics !== undefined ? instance.topics(state) : reg.cls.topics!(state)
      } catch (err) {
        throw Object.assign(new LC_RENDER_FAILED(reg.name), { cause: err })
      }
      if (!Array.isArray(topics) || !topics.every(isTopic)) throw new LC_BAD_TOPIC(`${reg.name}.topics()`)
      if (topics.length === 0) return undefined
      return [[ATTR.sub, tokens.subscription({ name: reg.name, id, parent: parentId, topics, binding: pass.binding() })]]
    },
    helpers: {
      live_connect: (scope) => {
        if (!wanted) return ''
        const page = tokens.newPage(scope.pass.binding())
        const url = escapeHtml(`${host.prefix}${PATH.ws}`)
        const connect = host.htmxMajor === 2 ? `hx-ext="ws" ws-connect="${url}"` : `hx-ws:connect="${url}"`
        const attrs = `id="${ELEMENT_ID.connection}" hidden hx-swap="none" ${connect} ${ATTR.page}="${escapeHtml(page.token)}"`
        return host.partials.render(PARTIAL.connect, { attrs: host.partials.safe(attrs) })
      }
    }
  }
  return { feature, service }
}
