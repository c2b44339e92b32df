/** @module commands/execute — one command request: check, verify, hydrate, run, plan, render, respond. */
import type { FastifyReply, FastifyRequest } from 'fastify'
import { EXTRA_HTML, findCommand, type CallContext, type LiveComponent } from '../../component.js'
import { ID_FIELD, STATE_FIELD, type Core } from '../../core.js'
import { LC_BAD_ARGUMENTS, LC_BAD_TOKEN, LC_COMMAND_FAILED, LC_UNKNOWN_COMMAND, LC_UNKNOWN_COMPONENT } from '../../errors.js'
import { idSelector } from '../../render/markup.js'
import { RenderSession, type KnownInstance } from '../../render/session.js'
import type { TokenClaims } from '../../signer.js'
import type { Lease } from '../concurrency/state-store.js'
import { planResults } from '../execution-results/plan.js'
import { FORM_VALIDATOR } from '../forms/form-component.js'
import { checkPermissions } from '../permissions/permissions.js'
import { isStream, pageOf, runStream } from '../streaming/stream.js'
import { namedArgs, positionalArgs } from './args.js'
import { BAD_BODY } from './body.js'
import { validated } from './schema.js'

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
 * 1. finds the component and the `@command` (404 otherwise);
 * 2. checks the component's and the command's permissions (401/403) before anything else;
 * 3. parses and validates the arguments against the command's schemas (400 with per-field messages);
 * 4. verifies every state token sent (400 bad, 410 expired) and binds the invoking one to the
 *    route's component name and the posted instance id; nothing runs before this passes;
 * 5. waits for earlier commands on the same instance (409 LC_BUSY after `waitSeconds`) and runs
 *    on the latest state they left when it is newer than the posted one;
 * 6. hydrates, runs the command (sync or async), and plans the execution results;
 * 7. answers with htmx headers, the invoking component as the main swap and every other dirty
 *    component as an out-of-band swap (`hx-swap-oob`), or `HX-Reswap: none` when the
 *    invoking component is not re-rendered itself.
 *
 * @throws LC_UNKNOWN_COMPONENT, LC_UNKNOWN_COMMAND, LC_UNAUTHENTICATED, LC_FORBIDDEN,
 *   LC_BAD_ARGUMENTS, LC_BAD_TOKEN, LC_EXPIRED_TOKEN, LC_BUSY, LC_COMMAND_FAILED, LC_BAD_RESULT,
 *   LC_STATE_TOO_LARGE, LC_RENDER_FAILED
 * @example
 * app.post('/components/:name/cmd/:command/*', (req, reply) => executeCommand(core, req, reply))
 */
export async function executeCommand (core: Core, request: FastifyRequest, reply: FastifyReply): Promise<string> {
  const { name, command } = request.params as { name: string, command: string }
  const reg = core.registry.get(name)
  if (!reg) throw new LC_UNKNOWN_COMPONENT(name)
  const handler = findCommand(reg.cls, command)
  if (!handler) throw new LC_UNKNOWN_COMMAND(command, name)
  const spec = reg.specs.get(command)!
  await checkPermissions(request, spec.permissions, { component: reg.name, command }, core.user)

  const body = (request.body ?? {}) as Record<string | symbol, unknown>
  if (body[BAD_BODY] !== undefined) throw new LC_BAD_ARGUMENTS(String(body[BAD_BODY]))
  const rawPath = request.raw.url!.split('?')[0]
  let positional = positionalArgs(rawPath, core.argsOffset, spec.positional === undefined)
  if (spec.positional !== undefined) positional = await validated(spec.positional, positional, 'positional arguments')
  let args: unknown = namedArgs(body, RESERVED)
  if (spec.named !== undefined) args = await validated(spec.named, args, 'named arguments')

  const selfId = body[ID_FIELD]
  if (typeof selfId !== 'string') throw new LC_BAD_TOKEN(`no ${ID_FIELD} field`)
  const raw = new Map<string, string>()
  const claims = verifyAll(core, body[STATE_FIELD], raw)
  const posted = claims.get(selfId)
  if (!posted) throw new LC_BAD_TOKEN('no state token for this instance')
  if (posted.name !== reg.name) throw new LC_BAD_TOKEN('the token belongs to another component')

  const lease = await core.states.acquire(posted.rid, core.waitSeconds)
  try {
    return await run(core, request, reply, { reg, command, handler, positional, args, selfId, claims: await rebase(core, claims, raw, lease, posted), lease })
  } finally {
    lease.release()
  }
}

/** The posted claims, each replaced by the latest state a finished command left when that is as new or newer. */
async function rebase (core: Core, claims: Map<string, TokenClaims>, raw: Map<string, string>, lease: Lease, posted: TokenClaims): Promise<Map<string, TokenClaims>> {
  const out = new Map<string, TokenClaims>()
  const others = await Promise.all([...claims.values()].map(async (c) => c === posted ? lease.latest : await core.states.latest(c.rid)))
  let i = 0
  for (const [id, c] of claims) {
    const latest = others[i++]
    let use = c
    // the usual case: the page posted exactly the latest state; nothing to verify again
    if (latest !== undefined && latest.version >= c.version && latest.token !== raw.get(id)) {
      try {
        const l = core.signer.verify(latest.token)
        if (l.id === c.id && l.name === c.name) use = l
      } catch {} // an expired latest state: run on the posted one
    }
    out.set(id, use)
  }
  return out
}

interface Run {
  reg: NonNullable<ReturnType<Core['registry']['get']>>
  command: string
  handler: NonNullable<ReturnType<typeof findCommand>>
  positional: unknown[]
  args: unknown
  selfId: string
  claims: Map<string, TokenClaims>
  lease: Lease
}

async function run (core: Core, request: FastifyRequest, reply: FastifyReply, r: Run): Promise<string> {
  const { reg, command, selfId, claims } = r
  const self = claims.get(selfId)!
  const instance = Reflect.construct(reg.cls, []) as LiveComponent<any, any>
  const ctx: CallContext<unknown, any> & { [EXTRA_HTML]?: string[], [FORM_VALIDATOR]?: unknown } = {
    state: await instance.hydrate(self.state),
    name: reg.name,
    id: selfId,
    parentId: self.parent,
    args: r.args,
    request,
    reply,
    log: request.log
  }
  if (reg.schema !== undefined) ctx[FORM_VALIDATOR] = reg.schema
  const version = self.version + 1
  const knownNow = (): Map<string, KnownInstance> => {
    const known = new Map<string, KnownInstance>()
    for (const [id, c] of claims) known.set(id, { state: c.state, parentId: c.parent, dehydrated: true, rid: c.rid, version: c.version })
    known.set(selfId, { state: ctx.state, parentId: self.parent, rid: self.rid, version })
    return known
  }
  let returned: unknown
  try {
    const out = r.handler.call(instance, ctx, ...r.positional)
    if (isStream(out)) {
      const page = pageOf(request)
      const streamed = await runStream(out, request, reply, async () => {
        if (page === null) return
        const html = await new RenderSession(core, { request, reply, known: knownNow() }).renderInstance(reg, selfId, self.parent, undefined, { keyed: self.keyed, frame: true })
        await core.publish({ kind: 'frame', page, html })
      })
      if (streamed.aborted) return ''
      returned = streamed.returned
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

  const session = new RenderSession(core, { request, reply, known })
  const parts = await Promise.all(plan.dirty.map(async (id) => {
    const c = claims.get(id)!
    const cr = core.registry.get(c.name)
    if (!cr) throw new LC_BAD_TOKEN(`component "${c.name}" is no longer registered`)
    return await session.renderInstance(cr, id, c.parent, undefined, { keyed: c.keyed, oob: id !== selfId })
  }))
  const token = session.signed.get(selfId)
  if (token !== undefined) r.lease.release(version, token)
  // htmx 4 drops a swap whose target left the page meanwhile (the second of two racing commands);
  // HX-Retarget makes it look the target up when the response arrives. htmx 2 resolves
  // HX-Retarget from the (possibly detached) control instead, so there the client helper does it.
  if (!plan.dirty.includes(selfId)) reply.header('HX-Reswap', 'none')
  else if (core.htmxMajor === 4) reply.header('HX-Retarget', idSelector(selfId))
  reply.type('text/html; charset=utf-8')
  return [...parts, ...(ctx[EXTRA_HTML] ?? [])].join('\n')
}

function verifyAll (core: Core, field: unknown, raw: Map<string, string>): Map<string, TokenClaims> {
  const tokens = Array.isArray(field) ? field : field === undefined ? [] : [field]
  if (tokens.length > MAX_TOKENS) throw new LC_BAD_TOKEN(`more than ${MAX_TOKENS} state tokens`)
  const claims = new Map<string, TokenClaims>()
  for (const token of tokens) {
    const c = core.signer.verify(token)
    if (!claims.has(c.id)) {
      claims.set(c.id, c)
      raw.set(c.id, token as string)
    }
  }
  return claims
}
