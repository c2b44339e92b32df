/** @module bench/soak-subscribers — the soak's WebSocket side: N clients subscribed to the `ticker` topic, in their own process, counting what each receives. */
import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'
import WebSocket from 'ws'
import { tickerSubscription } from './harness.js'

/*
 * stdout: `READY <clients>` once every client is subscribed; on `report` (stdin): `REPORT <total
 * messages> <fewest any client got> <most any client got> <sockets closed by the server>`.
 */
const { values: args } = parseArgs({ options: { url: { type: 'string' }, clients: { type: 'string', default: '1000' } } })
const base = args.url!
const n = Number(args.clients)
const subscribe = await tickerSubscription(base)
const counts: number[] = []
let closed = 0
const connectOne = async (i: number): Promise<void> => await new Promise((resolve, reject) => {
  const ws = new WebSocket(`${base.replace('http', 'ws')}/components/ws`)
  counts[i] = 0
  ws.on('error', reject)
  ws.on('close', () => { closed++ })
  ws.on('message', (data) => {
    const text = data.toString()
    if (text.startsWith('{')) {
      if (text.includes('"subscribed"')) resolve()
      return
    }
    counts[i]++
  })
  ws.on('open', () => ws.send(subscribe))
})
for (let i = 0; i < n; i += 200) await Promise.all(Array.from({ length: Math.min(200, n - i) }, async (_, j) => await connectOne(i + j)))
process.stdout.write(`READY ${n}\n`)
for await (const line of createInterface({ input: process.stdin })) {
  if (line === 'report') process.stdout.write(`REPORT ${counts.reduce((a, b) => a + b, 0)} ${Math.min(...counts)} ${Math.max(...counts)} ${closed}\n`)
  if (line === 'quit') process.exit(0)
}
