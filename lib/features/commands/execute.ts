/** @module commands/execute — one command request: verify, hydrate, run, plan, render, respond. */
import type { FastifyReply, FastifyRequest } from 'fastify'
import { findCommand, type CallContext, type LiveComponent } from '../../component.js'
import { ID_FIELD, STATE_FIELD, type Core } from '../../core.js'
import { LC_BAD_TOKEN, LC_COMMAND_FAILED, LC_UNKNOWN_COMMAND, LC_UNKNOWN_COMPONENT } from '../../errors.js'
import { RenderSession, type KnownInstance } from '../../render/session.js'
import type { TokenClaims } from '../../signer.js'
import { planResults } from '../execution-results/plan.js'
import { isStream, pageOf, runStream } from '../streaming/stream.js'
import { namedArgs, positionalArgs } from './args.js'

/**
 * Most state tokens one request may carry.
 *
 * @example
 * tokens.length > MAX_TOKENS // refused with LC_BAD_TOKEN
 */
export const MAX_TOKENS = 512

const RESERVED = [ID_FIELD, STATE_FIELD]

/**
 * Runs `POST {prefix}/:name/cmd/:command/*`:
 * 1. finds the component and the `@command` (404 otherwise), parses arguments (400);
 * 2. verifies every state token sent (400 bad, 410 expired) and binds the invoking one to the
 *    route's component name and the posted instance id; nothing runs before this passes;
 * 3. hydrates, runs the command (sync or async), and plans the execution results;
 * 4. answers with htmx headers, the invoking component as the main swap and every other dirty
 *    component as an out-of-band swap (`hx-swap-oob`), or `HX-Reswap: none` when the
 *    invoking component is not re-rendered itself.
 *
 * @throws LC_UNKNOWN_COMPONENT, LC_UNKNOWN_COMMAND, LC_BAD_ARGUMENTS, LC_BAD_TOKEN,
 *   LC_EXPIRED_TOKEN, LC_COMMAND_FAILED, LC_BAD_RESULT, LC_STATE_TOO_LARGE, LC_RENDER_FAILED
 * @example
 * app.post('/components/:name/cmd/:command/*', (req, reply) => executeCommand(core, req, reply))
 */
export async function executeCommand (core: Core, request: FastifyRequest, reply: FastifyReply): Promise<string> {
  const { name, command } = request.params as { name: string, command: string }
  const reg = core.registry.get(name)
  if (!reg) throw new LC_UNKNOWN_COMPONENT(name)
  const handler = findCommand(reg.cls, command)
  if (!handler) throw new LC_UNKNOWN_COMMAND(command, name)

  const body = (request.body ?? {}) as Record<string, unknown>
  const rawPath = request.raw.url!.split('?')[0]
  const positional = positionalArgs(rawPath, core.argsOffset)
  const args = namedArgs(body, RESERVED)

  const selfId = body[ID_FIELD]
  if (typeof selfId !== 'string') throw new LC_BAD_TOKEN(`no ${ID_FIELD} field`)
  const claims = verifyAll(core, body[STATE_FIELD])
  const self = claims.get(selfId)
  if (!self) throw new LC_BAD_TOKEN('no state token for this instance')
  if (self.name !== reg.name) throw new LC_BAD_TOKEN('the token belongs to another component')

  const instance = Reflect.construct(reg.cls, []) as LiveComponent<any, any>
  const ctx: CallContext<unknown> = {
    state: await instance.hydrate(self.state),
    name: reg.name,
    id: selfId,
    parentId: self.parent,
    args,
    request,
    reply,
    log: request.log
  }
  const knownNow = (): Map<string, KnownInstance> => {
    const known = new Map<string, KnownInstance>()
    for (const [id, c] of claims) known.set(id, { state: c.state, parentId: c.parent, dehydrated: true })
    known.set(selfId, { state: ctx.state, parentId: self.parent })
    return known
  }
  let returned: unknown
  try {
    const out = handler.call(instance, ctx, ...positional)
    if (isStream(out)) {
      const page = pageOf(request)
      const run = await runStream(out, request, reply, async () => {
        if (page === null) return
        const html = await new RenderSession(core, request, knownNow()).renderInstance(reg, selfId, self.parent, undefined, { keyed: self.keyed, frame: true })
        await core.publish({ kind: 'frame', page, html })
      })
      if (run.aborted) return ''
      returned = run.returned
    } else {
      returned = await out
    }
  } catch (err) {
    if ((err as { code?: string }).code?.startsWith('LC_')) throw err
    request.log.error({ err, component: reg.name, command }, 'command failed')
    throw new LC_COMMAND_FAILED(command, reg.name)
  }

  const known = knownNow()
  const plan = planResults(returned, {
    command,
    selfId,
    parentOf: (id) => known.get(id)?.parentId,
    warn: (msg) => request.log.warn({ component: reg.name, command }, msg)
  })
  for (const id of plan.missing) {
    request.log.warn({ component: reg.name, command, id }, 'a dirty component was not sent with the request (not on the page, or no explicit id); skipped')
  }
  reply.headers(plan.headers)
  if (plan.navigates) return ''

  const session = new RenderSession(core, request, known)
  const parts = await Promise.all(plan.dirty.map(async (id) => {
    const c = id === selfId ? self : claims.get(id)!
    const r = core.registry.get(c.name)
    if (!r) throw new LC_BAD_TOKEN(`component "${c.name}" is no longer registered`)
    return await session.renderInstance(r, id, c.parent, undefined, { keyed: c.keyed, oob: id !== selfId })
  }))
  if (!plan.dirty.includes(selfId)) reply.header('HX-Reswap', 'none')
  reply.type('text/html; charset=utf-8')
  return parts.join('\n')
}

function verifyAll (core: Core, field: unknown): Map<string, TokenClaims> {
  const tokens = Array.isArray(field) ? field : field === undefined ? [] : [field]
  if (tokens.length > MAX_TOKENS) throw new LC_BAD_TOKEN(`more than ${MAX_TOKENS} state tokens`)
  const claims = new Map<string, TokenClaims>()
  for (const token of tokens) {
    const c = core.signer.verify(token)
    if (!claims.has(c.id)) claims.set(c.id, c)
  }
  return claims
}
