/** @module core/commands/execute — one command request: find, refuse early, verify, hydrate, run, plan, render, respond, with the features' hooks around it. */
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { CallContext, CommandHandler, Effects, LiveComponent } from '../component.js'
import { LC_BAD_ARGUMENTS, LC_BAD_TOKEN, LC_COMMAND_FAILED, LC_RENDER_FAILED, LC_SESSION_CHANGED, LC_UNKNOWN_COMMAND, LC_UNKNOWN_COMPONENT } from '../../errors.js'
import { FIELD, HEADER } from '../../protocol.js'
import type { CommandCall, KnownInstance, OtherRun, RunningCall, RunOutcome } from '../hooks.js'
import { bindingOf, commandOf, hooksOf, openState, type Host } from '../host.js'
import { idSelector } from '../render/markup.js'
import { knownOf, RenderPass } from '../render/session.js'
import { planResults } from '../results/plan.js'
import type { TokenClaims } from '../signing/signer.js'
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

const RESERVED = [FIELD.id, FIELD.state]

/**
 * Runs `POST {prefix}/:name/cmd/:command/*`:
 * 1. finds the component and the `@command` (404 otherwise);
 * 2. runs the features' `beforeCommand` hooks (permissions: 401/403) before anything else;
 * 3. parses and validates the arguments against the command's schemas (400 with per-field messages);
 * 4. verifies every state token sent (400 bad, 410 expired, 410 issued for another session) and
 *    binds the invoking one to the route's component name and the posted instance id; nothing
 *    runs before this passes;
 * 5. runs the features' `aroundCommand` hooks (concurrency: one command per instance at a time,
 *    on the latest state), which wrap the rest;
 * 6. hydrates, runs `beforeRun` hooks, the command (sync, async, or a stream a feature consumes),
 *    and applies the execution results to a response plan;
 * 7. answers with htmx headers, the invoking component as the main swap and every other dirty
 *    component as an out-of-band swap (`hx-swap-oob`), or `HX-Reswap: none` when the invoking
 *    component is not re-rendered itself, then the command's `ctx.effects`.
 *
 * @param argsOffset - how many `/`-separated pieces of a command path precede its positional arguments
 * @throws LC_UNKNOWN_COMPONENT, LC_UNKNOWN_COMMAND, LC_BAD_ARGUMENTS, LC_BAD_TOKEN,
 *   LC_EXPIRED_TOKEN, LC_COMMAND_FAILED, LC_BAD_RESULT, LC_STATE_TOO_LARGE and LC_STATE_TOO_DEEP
 *   (413 here: the request grew the state), LC_RENDER_FAILED,
 *   and what the features' hooks throw (LC_UNAUTHENTICATED, LC_FORBIDDEN, LC_BUSY)
 * @example
 * app.post('/components/:name/cmd/:command/*', (req, reply) => executeCommand(host, 4, req, reply))
 */
export async function executeCommand (host: Host, argsOffset: number, request: FastifyRequest, reply: FastifyReply): Promise<string> {
  const { name, command } = request.params as { name: string, command: string }
  const reg = host.registry.get(name)
  if (!reg) throw new LC_UNKNOWN_COMPONENT(name)
  const handler = commandOf(host, reg, command)
  if (!handler) throw new LC_UNKNOWN_COMMAND(command, name)
  const hooks = hooksOf(host)
  for (const f of hooks.beforeCommand) await f.beforeCommand!(request, reg, command)

  const spec = reg.specs.get(command) ?? {}
  const body = (request.body ?? {}) as Record<string | symbol, unknown>
  if (body[BAD_BODY] !== undefined) throw new LC_BAD_ARGUMENTS(String(body[BAD_BODY]))
  const rawPath = request.raw.url!.split('?')[0]
  let positional = positionalArgs(rawPath, argsOffset, spec.positional === undefined)
  if (spec.positional !== undefined) positional = await validated(spec.positional, positional, 'positional arguments')
  let args: unknown = namedArgs(body, RESERVED, fieldPrefixes(host))
  if (spec.named !== undefined) args = await validated(spec.named, args, 'named arguments')

  const selfId = body[FIELD.id]
  if (typeof selfId !== 'string') throw new LC_BAD_TOKEN(`no ${FIELD.id} field`)
  const tokens = new Map<string, string>()
  const claims = await verifyAll(host, body[FIELD.state], tokens)
  const posted = claims.get(selfId)
  if (!posted) throw new LC_BAD_TOKEN('no state token for this instance')
  if (posted.name !== reg.name) throw new LC_BAD_TOKEN('the token belongs to another component')
  // tokens of another session (copied, or from before a login): refused, and the page reloads
  const binding = bindingOf(host, request)
  for (const c of claims.values()) if (c.binding !== binding) throw new LC_SESSION_CHANGED()

  const call: CommandCall = { request, reply, reg, command, selfId, claims, tokens }
  const arounds = hooks.aroundCommand
  const step = async (i: number): Promise<string> => i < arounds.length
    ? await arounds[i].aroundCommand!(call, async () => await step(i + 1))
    : await run(host, call, handler, positional, args)
  try {
    return await step(0)
  } catch (err) {
    // the request's input grew the state past a limit: the client's doing, so a 4xx; nothing was saved
    const code = (err as { code?: string }).code
    if (code === 'LC_STATE_TOO_LARGE' || code === 'LC_STATE_TOO_DEEP') {
      request.log.warn({ err, component: reg.name, command }, 'fastify-livecomponents: a command made the state too large; refused with 413')
      ;(err as { statusCode: number }).statusCode = 413
    }
    throw err
  }
}

async function run (host: Host, call: CommandCall, handler: CommandHandler, positional: unknown[], args: unknown): Promise<string> {
  const { request, reply, reg, command, selfId, claims } = call
  const self = claims.get(selfId)!
  const instance = Reflect.construct(reg.cls, []) as LiveComponent<any, any>
  const effects: Effects = { headers: {}, fragments: [] }
  // fields a feature declares on CallContext (by declaration merging) are set by its beforeRun
  const ctx = {
    state: await instance.hydrate(self.state),
    name: reg.name,
    id: selfId,
    parentId: self.parent,
    args,
    request,
    reply,
    log: request.log,
    app: host.app,
    effects
  } as CallContext<unknown, any>
  const version = self.version + 1
  const knownNow = (): Map<string, KnownInstance> => {
    const known = new Map<string, KnownInstance>()
    for (const [id, c] of claims) known.set(id, knownOf(c))
    known.set(selfId, { state: ctx.state, parentId: self.parent, rid: self.rid, version, name: reg.name, extra: self.extra })
    return known
  }
  const alsoDirty: string[] = []
  const others = new Map<string, { instance: LiveComponent<any, any>, ctx: CallContext<unknown, any>, before: string }>()
  const running: RunningCall = {
    ...call,
    instance,
    ctx,
    renderFrame: async () => await new RenderPass(host, { request, reply, known: knownNow() }).renderInstance(reg, selfId, self.parent, undefined, { keyed: self.keyed, frame: true }),
    markDirty: (id) => { alsoDirty.push(id) },
    other: async (id) => {
      if (id === selfId) return { instance, ctx }
      const known = others.get(id)
      if (known !== undefined) return known
      const c = claims.get(id)
      const r = c === undefined ? undefined : host.registry.get(c.name)
      if (c === undefined || r === undefined) return undefined
      const inst = Reflect.construct(r.cls, []) as LiveComponent<any, any>
      // what it was, to tell whether it changed (hydrate may hand back the very object it got)
      const before = JSON.stringify(c.state)
      const one = { instance: inst, ctx: { ...ctx, state: await inst.hydrate(c.state), name: r.name, id, parentId: c.parent } as CallContext<unknown, any>, before }
      others.set(id, one)
      return one
    }
  }
  const hooks = hooksOf(host)
  for (const f of hooks.beforeRun) await f.beforeRun!(running)

  let returned: unknown
  try {
    const out = handler.call(instance, ctx, ...positional)
    let outcome: RunOutcome | undefined
    for (const f of hooks.runOutput) {
      const consumed = f.runOutput!(out, running)
      if (consumed !== undefined) {
        outcome = await consumed
        break
      }
    }
    if (outcome?.aborted === true) return ''
    returned = outcome !== undefined ? outcome.returned : await out
  } catch (err) {
    if ((err as { code?: string }).code?.startsWith('LC_')) throw err
    request.log.error({ err, component: reg.name, command }, 'command failed')
    throw Object.assign(new LC_COMMAND_FAILED(command, reg.name), { cause: err })
  }

  const otherRuns: OtherRun[] = []
  for (const f of hooks.afterRun) {
    const pending = f.afterRun!(running)
    if (pending !== undefined) otherRuns.push(...await pending)
  }
  // the other instances features touched get their new state signed, with a newer version
  for (const [id, o] of others) {
    const c = claims.get(id)!
    let state: unknown
    try {
      state = o.instance.dehydrate(o.ctx.state)
    } catch (err) {
      throw Object.assign(new LC_RENDER_FAILED(c.name), { cause: err })
    }
    // a state that changed is re-rendered, so the page gets it signed (whatever the results say)
    if (JSON.stringify(state) !== o.before) alsoDirty.push(id)
    claims.set(id, { ...c, state, version: c.version + 1 })
  }

  const known = knownNow()
  const plan = planResults(returned, {
    command,
    selfId,
    parentOf: (id) => known.get(id)?.parentId,
    alsoDirty,
    others: otherRuns,
    warn: (msg) => request.log.warn({ component: reg.name, command }, msg)
  })
  for (const id of plan.missing) {
    request.log.warn({ component: reg.name, command, id }, 'a dirty component was not sent with the request (not on the page, or no explicit id); skipped')
  }
  reply.headers(plan.headers)
  reply.headers(effects.headers)
  if (effects.status !== undefined) reply.code(effects.status)
  if (plan.navigates) return ''

  const pass = new RenderPass(host, { request, reply, known })
  const parts = await Promise.all(plan.dirty.map(async (id) => {
    const c = claims.get(id)!
    const cr = host.registry.get(c.name)
    if (!cr) throw new LC_BAD_TOKEN(`component "${c.name}" is no longer registered`)
    return await pass.renderInstance(cr, id, c.parent, undefined, { keyed: c.keyed, oob: id !== selfId, partial: true })
  }))
  const token = pass.signed.get(selfId)
  if (token !== undefined) call.outcome = { version, token }
  // htmx 4 drops a swap whose target left the page meanwhile (the second of two racing commands);
  // HX-Retarget makes it look the target up when the response arrives. htmx 2 resolves
  // HX-Retarget from the (possibly detached) control instead, so there the client helper does it.
  if (!plan.dirty.includes(selfId)) reply.header(HEADER.reswap, 'none')
  else if (host.htmxMajor === 4) reply.header(HEADER.retarget, idSelector(selfId))
  reply.type('text/html; charset=utf-8')
  return [...parts, ...effects.fragments].join('\n')
}

/** The body field prefixes features read themselves (not named arguments), listed once per host. */
const prefixes = new WeakMap<Host, string[]>()

function fieldPrefixes (host: Host): string[] {
  let list = prefixes.get(host)
  if (list === undefined) {
    list = host.features.flatMap((f) => f.fieldPrefix === undefined ? [] : [f.fieldPrefix])
    prefixes.set(host, list)
  }
  return list
}

async function verifyAll (host: Host, field: unknown, raw: Map<string, string>): Promise<Map<string, TokenClaims>> {
  const tokens = Array.isArray(field) ? field : field === undefined ? [] : [field]
  if (tokens.length > MAX_TOKENS) throw new LC_BAD_TOKEN(`more than ${MAX_TOKENS} state tokens`)
  const claims = new Map<string, TokenClaims>()
  for (const token of tokens) {
    const c = await openState(host, token)
    if (!claims.has(c.id)) {
      claims.set(c.id, c)
      raw.set(c.id, token as string)
    }
  }
  return claims
}
