/** @module bench/flood-client — the attacker of the refresh-flood scenario: one WebSocket asking for refreshes of every instance on its page, in its own process. */
import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'
import WebSocket from 'ws'

/*
 * Protocol on stdin/stdout, one line each:
 *   → `READY <instances> <messages per sweep>` once the socket is open and subscribed to every instance
 *   ← `start <window>`  flood: keep <window> subscribe messages asking `refresh: true` in flight,
 *              the next one sent as soon as a `subscribed` reply comes back
 *   → `STARTED`
 *   ← `stop`   send nothing more and wait (at most 5 s) for the replies still in flight
 *   → `STOPPED <messages> <refreshes asked> <renders received> <error frames> <bytes sent> <bytes received>`
 *      (counted from `start`)
 *   ← `quit`
 * Only the subscription token (`data-lc-sub`) and the root's state token are used: the flood
 * needs no page token, and the socket is opened without one.
 */
const { values: args } = parseArgs({
  options: {
    url: { type: 'string' },
    prefix: { type: 'string', default: '/components' },
    instances: { type: 'string', default: '128' },
    // the plugin's default push.maxMessageBytes: a larger message would be refused unread
    'max-bytes': { type: 'string', default: String(64 * 1024) }
  }
})
const base = args.url!
const maxBytes = Number(args['max-bytes'])

/** Each root's subscription token and its own state token (the first state field inside the root). */
function subscriptions (html: string): Array<{ sub: string, state: string }> {
  return html.split('data-lc-sub="').slice(1).map((part) => ({
    sub: part.slice(0, part.indexOf('"')),
    state: /name="__lc_state" value="([^"]+)"/.exec(part)![1]
  }))
}

/** Subscribe messages of at most `maxBytes` each, together naming every instance once; `count`: the instances a message names. */
function messages (subs: Array<{ sub: string, state: string }>, refresh: boolean): Array<{ text: string, count: number }> {
  const out: Array<{ text: string, count: number }> = []
  let batch: string[] = []
  const close = (entries: string[]): { text: string, count: number } => ({ text: `{"type":"subscribe","subs":[${entries.join(',')}]}`, count: entries.length })
  for (const s of subs) {
    const entry = JSON.stringify(refresh ? { sub: s.sub, state: [s.state], refresh: true } : { sub: s.sub, state: [s.state] })
    if (batch.length > 0 && Buffer.byteLength(close([...batch, entry]).text) > maxBytes) {
      out.push(close(batch))
      batch = []
    }
    batch.push(entry)
  }
  if (batch.length > 0) out.push(close(batch))
  return out
}

const subs = subscriptions(await (await fetch(`${base}/page?tickers=${args.instances}`)).text())
const subscribe = messages(subs, false)
const flood = messages(subs, true)
const ws = new WebSocket(`${base.replace('http', 'ws')}${args.prefix}/ws`)
await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject) })

const counts = { messages: 0, refreshes: 0, renders: 0, errors: 0, sent: 0, received: 0 }
let running = false
let inFlight = 0
let next = 0
let accepted = 0
let onReply: (() => void) | null = null
let onIdle: (() => void) | null = null

const send = (): void => {
  const { text, count } = flood[next++ % flood.length]
  inFlight++
  counts.messages++
  counts.refreshes += count
  counts.sent += text.length
  ws.send(text)
}

ws.on('message', (data: Buffer) => {
  const text = data.toString()
  counts.received += data.length
  if (!text.startsWith('{')) {
    counts.renders++
    return
  }
  if (text.includes('"type":"error"')) {
    counts.errors++
    return
  }
  if (!text.includes('"type":"subscribed"')) return
  if (onReply !== null) {
    accepted += (JSON.parse(text) as { ids: string[] }).ids.length
    onReply()
    return
  }
  inFlight--
  if (running) send()
  else if (inFlight === 0) onIdle?.()
})
let quitting = false
ws.on('close', (code) => {
  if (quitting) return
  process.stderr.write(`flood-client: the socket closed (${code})\n`)
  process.exit(1)
})

// subscribe to every instance first (no refresh), as the page's client does when it connects
for (const { text } of subscribe) await new Promise<void>((resolve) => { onReply = resolve; ws.send(text) })
onReply = null
if (accepted !== subs.length) throw new Error(`flood-client: ${accepted} of ${subs.length} subscriptions accepted`)
process.stdout.write(`READY ${subs.length} ${flood.length}\n`)

for await (const line of createInterface({ input: process.stdin })) {
  const [cmd, arg] = line.split(' ')
  if (cmd === 'start') {
    for (const k of Object.keys(counts) as Array<keyof typeof counts>) counts[k] = 0
    running = true
    for (let i = 0; i < Number(arg); i++) send()
    process.stdout.write('STARTED\n')
  } else if (cmd === 'stop') {
    running = false
    // a message refused whole gets an error frame and no reply: wait for the replies at most 5 s
    if (inFlight > 0) await Promise.race([new Promise<void>((resolve) => { onIdle = resolve }), new Promise((resolve) => setTimeout(resolve, 5000))])
    onIdle = null
    inFlight = 0
    const c = counts
    process.stdout.write(`STOPPED ${c.messages} ${c.refreshes} ${c.renders} ${c.errors} ${c.sent} ${c.received}\n`)
  } else if (cmd === 'quit') {
    quitting = true
    ws.terminate()
    process.exit(0)
  }
}
