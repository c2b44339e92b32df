/** @module features/concurrency/feature — concurrency as a feature: racing commands on one instance run one after another, on the latest state. */
import type { FastifyInstance } from 'fastify'
import type { Feature } from '../../core/hooks.js'
import type { TokenClaims } from '../../core/signing/signer.js'
import type { StateStore } from './state-store.js'

/**
 * The concurrency feature (the `concurrency` option). Every rendered instance has a render id
 * (`rid`, in its signed token) and a version that grows with every command that re-renders it.
 * Around each command:
 * 1. wait for earlier commands on the same instance, at most `waitSeconds` (then 409 LC_BUSY,
 *    and nothing runs);
 * 2. replace each posted state with the latest one a finished command left, when that is as
 *    new or newer (the way a LiveView process handles events in order), so the second of two
 *    racing clicks sees the first one's result;
 * 3. after the response is rendered, record the invoking instance's new state as its latest.
 *
 * @param open - opens a token the store recorded (a signed state, or a reference to state held on the server)
 * @param store - in this process (InMemoryStateStore) or across instances (RedisStateStore)
 * @example
 * const feature = concurrencyFeature((t) => openState(host, t), new InMemoryStateStore({ maxInstances: 10000, maxBytes: 67108864 }), 10)
 */
export function concurrencyFeature (open: (token: string) => Promise<TokenClaims>, store: StateStore, waitSeconds: number): Feature {
  return {
    name: 'concurrency',
    async setup (app: FastifyInstance) {
      await store.start()
      app.addHook('onClose', async () => { await store.close() })
    },
    async aroundCommand (call, next) {
      const posted = call.claims.get(call.selfId)!
      const lease = await store.acquire(posted.rid, waitSeconds)
      try {
        const ids = [...call.claims.keys()]
        const latest = await Promise.all(ids.map(async (id) => id === call.selfId ? lease.latest : await store.latest(call.claims.get(id)!.rid)))
        await Promise.all(ids.map(async (id, i) => {
          const l = latest[i]
          const c = call.claims.get(id)!
          // the usual case: the page posted exactly the latest state; nothing to verify again
          if (l === undefined || l.version < c.version || l.token === call.tokens.get(id)) return
          try {
            const newer = await open(l.token)
            if (newer.id === c.id && newer.name === c.name) call.claims.set(id, newer)
          } catch {} // an expired latest state: run on the posted one
        }))
        return await next()
      } finally {
        lease.release(call.outcome?.version, call.outcome?.token)
      }
    }
  }
}
