/** @module features/streaming/feature — streaming commands as a feature: an `async *command()` pushes a frame at every `yield`. */
import { findCommand } from '../../core/command.js'
import type { Feature } from '../../core/hooks.js'
import type { PushService } from '../push/feature.js'
import { isStream, runStream } from './stream.js'

/** Whether a function is an `async function*`. */
function isAsyncGeneratorFunction (fn: Function | undefined): boolean {
  return Object.prototype.toString.call(fn) === '[object AsyncGeneratorFunction]'
}

/**
 * The streaming feature. A command written as `async *name(ctx)` is a streaming command: after
 * every `yield` the component is rendered from `ctx.state` as it is then and pushed to the page
 * that sent the command (over its WebSocket, named by the signed page token in the `LC-Page` header the client sends, accepted only from the page's own session), as
 * an intermediate frame; the generator's return value is the execution results, and the HTTP
 * response carries the final render as for any command. A component with a streaming command
 * turns the WebSocket endpoint on.
 *
 * @example
 * const feature = streamingFeature(push)
 */
export function streamingFeature (push: PushService): Feature {
  return {
    name: 'streaming',
    register (reg) {
      if (reg.commands.some((c) => isAsyncGeneratorFunction(findCommand(reg.cls, c)))) push.require(reg.cls.name)
    },
    runOutput (out, call) {
      if (!isStream(out)) return undefined
      const page = push.pageOf(call.request)
      return runStream(out, call.request, call.reply, async () => {
        if (page === null) return
        await push.publish({ kind: 'frame', page, html: await call.renderFrame() })
      })
    }
  }
}
