/** @module test/push-connections — real sockets on loopback: heartbeats drop dead clients, a slow consumer is closed with 1013. */
import t from 'tap'
import WebSocket from 'ws'
import { until } from './helpers/build.js'
import { collect, loadPushPage, pushApp, subscribeMsg } from './helpers/push.js'

async function listen (app: Awaited<ReturnType<typeof pushApp>>): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' })
  return `ws://127.0.0.1:${(app.server.address() as { port: number }).port}/components/ws`
}

async function open (url: string, opts: WebSocket.ClientOptions = {}): Promise<ReturnType<typeof collect> & { pings: () => number }> {
  const ws = new WebSocket(url, opts)
  const client = collect(ws)
  // counted from the start: a ping can arrive in the same read as the upgrade's answer
  let pings = 0
  ws.on('ping', () => { pings++ })
  await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject) })
  return Object.assign(client, { pings: () => pings })
}

t.test('heartbeats: a client that stops answering pings is dropped; one that answers stays', async (t) => {
  const app = await pushApp(t, { push: { heartbeat: 0.1 } })
  const url = await listen(app)
  const dead = await open(url, { autoPong: false })
  const alive = await open(url)
  const closed = await dead.closed
  t.equal(closed.code, 1006, 'terminated (no close handshake with a dead peer)')
  t.equal(alive.ws.readyState, WebSocket.OPEN, 'the answering client is still connected')
  alive.ws.close()
})

t.test('heartbeats read the now option: a silent client is dropped only once the clock says its ping is a heartbeat old', async (t) => {
  let ms = Date.now()
  const app = await pushApp(t, { now: () => ms, push: { heartbeat: 0.05 } })
  const url = await listen(app)
  const dead = await open(url, { autoPong: false })
  const alive = await open(url)
  // the answering client is pinged once per tick: four pings are three ticks after its first
  await new Promise<void>((resolve) => {
    let pings = 0
    alive.ws.on('ping', () => { if (++pings === 4) resolve() })
  })
  t.equal(dead.ws.readyState, WebSocket.OPEN, 'the silent client is still connected after three ticks: the clock did not move')
  t.equal(dead.pings(), 1, 'and was pinged once (no new ping while one is unanswered)')
  ms += 50
  const closed = await dead.closed
  t.equal(closed.code, 1006, 'once the clock moved a heartbeat on, the next tick drops it')
  alive.ws.close()
})

t.test('a slow consumer is closed with 1013 and does not hold up the others', async (t) => {
  const app = await pushApp(t, { push: { sendBufferBytes: 256 * 1024 } })
  const url = await listen(app)
  const page = await loadPushPage(app)
  const slow = await open(url)
  const fast = await open(url)
  await slow.ask(subscribeMsg(page, ['stock:1']))
  await fast.ask(subscribeMsg(page, ['stock:1']))
  // the slow client stops reading: the kernel buffers fill, then the server-side send buffer
  const raw = (slow.ws as unknown as { _socket: { pause: () => void, resume: () => void } })._socket
  raw.pause()
  const chunk = 'x'.repeat(200 * 1024)
  const N = 60
  for (let i = 0; i < N; i++) {
    await app.components.push('stock:1', `<p id="p${i}" hx-swap-oob="true">${chunk}</p>`)
    await new Promise((resolve) => setTimeout(resolve, 10)) // a job pushing now and then; the fast client keeps up
  }
  await until(() => fast.messages.length >= N + 1, 'the fast client got every push')
  t.equal(fast.messages.filter((m) => m.startsWith('<p')).length, N, 'the fast client got every push')
  t.ok(app.logs.some((l) => /does not keep up/.test(l.msg)), 'the server logged the slow consumer')
  raw.resume()
  const closed = await slow.closed
  t.equal(closed.code, 1013)
  t.equal(closed.reason, 'slow consumer')
  t.ok(slow.messages.length < N + 1, `the slow client got only part (${slow.messages.length - 1} of ${N})`)
  fast.ws.close()
})
