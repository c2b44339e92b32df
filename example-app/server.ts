/** @module example-app/server — `npm start`: the example shop on PORT (default 3000) and HOST. */
import { buildExample } from './app.js'

const htmxMajor = process.env.HTMX_MAJOR === '2' ? 2 : 4
const app = await buildExample({ htmxMajor })
await app.listen({ port: Number(process.env.PORT ?? 3000), host: process.env.HOST ?? '127.0.0.1' })
console.log(`Coffee shop on htmx ${htmxMajor}. Command routes:`)
for (const r of app.components.routes()) console.log(`  ${r.method} ${r.url}`)
