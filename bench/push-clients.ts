/** @module bench/push-clients — the load side of the push scenario: N subscribed WebSocket clients in their own process. */
import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'
import WebSocket from 'ws'
import { tickerSubscription } from './harness.js'

/*
 * Protocol on stdin/stdout, one line each:
 *   → `READY <clients>` once every client is subscribed
 *   ← `expect <label>`   the next message to every client belongs to round <label>
 *   → `ARMED <label>`    (the orchestrator triggers the round only after this, so no message can
 *                         arrive before the clients know which round it belongs to)
 *   → `DONE <label> <time of the last arrival, ms since the epoch> <bytes of one message>`
 */
const { values: args } = parseArgs({ options: { url: { type: 'string' }, clients: { type: 'string', default: '1000' } } })
const base = args.url!
const n = Number(args.clients)

const subscribe = await tickerSubscription(base)

let label = ''
let seen = 0
let last = 0
let bytes = 0
const sockets: WebSocket[] = []
const connectOne = async (): Promise<void> => await new Promise((resolve, reject) => {
  // no page token (no `hello`): a socket that only listens to topics needs none
  const ws = new WebSocket(`${base.replace('http', 'ws')}/components/ws`)
  ws.on('error', reject)
  ws.on('message', (data) => {
    const text = data.toString()
    if (text.startsWith('{')) {
      if (text.includes('"subscribed"')) resolve()
      return
    }
    if (label === '') return
    last = performance.timeOrigin + performance.now()
    bytes = Buffer.byteLength(text)
    if (++seen === n) {
      process.stdout.write(`DONE ${label} ${last} ${bytes}\n`)
      label = ''
    }
  })
  ws.on('open', () => ws.send(subscribe))
  sockets.push(ws)
})
// connect in batches, so the server's accept queue keeps up
for (let i = 0; i < n; i += 200) await Promise.all(Array.from({ length: Math.min(200, n - i) }, connectOne))
process.stdout.write(`READY ${sockets.length}\n`)

for await (const line of createInterface({ input: process.stdin })) {
  const [cmd, arg] = line.split(' ')
  if (cmd === 'expect') {
    label = arg
    seen = 0
    process.stdout.write(`ARMED ${arg}\n`)
  } else if (cmd === 'quit') {
    for (const ws of sockets) ws.terminate()
    process.exit(0)
  }
}
