/** @module client/start — wires every part of the client on a document: what commands carry, in flight, errors, typing kept across morphs, loading/unsent/offline states, triggered events, push, forms, lazy loads, polling, URL-bound state, stream limits, uploads. */
import { ATTR } from '../protocol.js'
import { viewOf } from './dom.js'
import { watchErrors } from './errors.js'
import { watchTriggers } from './events.js'
import { acceptUnprocessable, syncInvalid } from './forms.js'
import { watchInFlight } from './in-flight.js'
import { watchLazy } from './lazy.js'
import { watchIncludes } from './include.js'
import { watchModel } from './model.js'
import { watchPoll } from './poll.js'
import { watchUrl } from './url.js'
import { trimStream } from './stream.js'
import { watchUploads } from './upload.js'
import { watchTyping } from './morph.js'
import { watchPush } from './push.js'
import { watchRequestHeaders } from './request-headers.js'
import { watchStates } from './states.js'
import { Subscriber } from './subscriptions.js'

/**
 * Starts the client on `doc`: listeners for both htmx lines, and one MutationObserver that keeps
 * aria-invalid in step with swapped-in error elements and re-sends subscriptions when the page's
 * state tokens or subscriptions change. Returns the page's {@link Subscriber}.
 *
 * @example
 * start(document, window)
 */
export function start (doc: Document, win: Window): Subscriber {
  const subscriber = new Subscriber(doc)
  watchInFlight(doc, () => { subscriber.schedule() }) // re-subscribe with the new state (and ask for pushes dropped meanwhile)
  watchErrors(doc)
  watchTyping(doc, win)
  watchIncludes(doc) // before watchModel: it looks at what the body holds
  watchModel(doc)
  watchStates(doc, win)
  watchTriggers(doc)
  watchRequestHeaders(doc)
  watchPush(doc, subscriber)
  acceptUnprocessable(win)
  watchUploads(doc)
  const scanLazy = watchLazy(doc)
  const scanPoll = watchPoll(doc)
  const checkUrl = watchUrl(doc)
  new (viewOf(doc).MutationObserver)((records) => {
    for (const r of records) {
      if (r.addedNodes.length === 0) continue
      syncInvalid(doc, r.addedNodes)
      scanLazy(r.addedNodes)
      scanPoll(r.addedNodes)
      checkUrl()
      trimStream(r)
    }
    subscriber.schedule()
  }).observe(doc.documentElement, {
    subtree: true, childList: true, attributes: true, attributeFilter: ['value', ATTR.sub]
  })
  return subscriber
}
