/** @module example-app/server — `npm start`: the example shop on PORT (default 3000) and HOST. */
import { buildExample } from './app.js'

const htmxMajor = process.env.HTMX_MAJOR === '2' ? 2 : 4
// LIVE_SECRET signs the plugin's tokens, SESSION_SECRET the session cookie: without them, random
// ones for this process (with a warning); under NODE_ENV=production, both are required (app.ts)
// REDIS_URL=redis://127.0.0.1:6379: several instances (PORT=3000, PORT=3001) share pushes, stock and sessions
// LIVE_STATE=server: component state stays on the server (in memory, or in Redis with REDIS_URL)
const state = process.env.LIVE_STATE === 'server' ? 'server' : 'client'
const app = await buildExample({ htmxMajor, redis: process.env.REDIS_URL, state })
await app.listen({ port: Number(process.env.PORT ?? 3000), host: process.env.HOST ?? '127.0.0.1' })
console.log(`Coffee shop on htmx ${htmxMajor}, state on the ${state}, push ${process.env.REDIS_URL !== undefined ? 'through Redis' : 'in memory'}. Command routes:`)
for (const r of app.components.routes()) console.log(`  ${r.method} ${r.url}`)
