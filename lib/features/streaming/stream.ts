/** @module features/streaming/stream — streaming commands: an `async *command()` whose every yield is pushed to the page as a frame. */
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { ExecutionResults } from '../../core/results/results.js'

/**
 * Whether a command's return value is an async generator, i.e. the command was written as
 * `async *name(ctx)`.
 *
 * @example
 * isStream(handler.call(instance, ctx)) // true for async generator methods
 */
export function isStream (value: unknown): value is AsyncGenerator<unknown, ExecutionResults, undefined> {
  return typeof value === 'object' && value !== null &&
    typeof (value as AsyncGenerator)[Symbol.asyncIterator] === 'function' && typeof (value as AsyncGenerator).return === 'function'
}

/**
 * Runs a streaming command to its end (a streaming component): after every `yield`,
 * `frame()` renders the component from `ctx.state` as it is then and pushes it to the page
 * (the next step waits for that, so a slow push slows the generator, not memory). The
 * generator's return value is the command's execution result, and the HTTP response carries
 * the final render and signed state as for any command.
 *
 * When a frame cannot be rendered, the generator is stopped the same way and the error
 * (LC_RENDER_FAILED) answers the request. When the client goes away (the response's connection closes first), the generator's
 * `return()` is called at once, so its `finally` blocks run at its next `yield`, no further
 * frames are sent, and `{ aborted: true }` is returned.
 *
 * @example
 * const out = await runStream(gen, request, reply, async () => { await publishFrame() })
 */
export async function runStream (
  gen: AsyncGenerator<unknown, ExecutionResults, undefined>,
  request: FastifyRequest,
  reply: FastifyReply,
  frame: () => Promise<void>
): Promise<{ aborted: boolean, returned: ExecutionResults }> {
  let aborted = false
  const onClose = (): void => {
    if (reply.raw.writableFinished) return
    aborted = true
    request.log.info('fastify-livecomponents: the client went away; the streaming command was stopped')
    gen.return(undefined).catch(() => {})
  }
  reply.raw.once('close', onClose)
  try {
    for (;;) {
      const step = await gen.next()
      if (aborted) return { aborted, returned: undefined }
      if (step.done === true) return { aborted, returned: step.value }
      try {
        await frame()
      } catch (err) {
        // a frame that cannot be rendered ends the stream; the generator's finally still runs
        await gen.return(undefined).catch(() => {})
        throw err
      }
    }
  } finally {
    reply.raw.removeListener('close', onClose)
  }
}
