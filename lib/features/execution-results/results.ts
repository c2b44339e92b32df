/** @module execution-results/results — the execution results a command returns (seed 000). */

/**
 * The component is clean: nothing is re-rendered and nothing is swapped away.
 * Use it for side effects such as analytics. Source: seed 000, ComponentClean.
 *
 * @example
 * @command track (ctx: CallContext<S>) { analytics.track('like'); return new ComponentClean() }
 */
export class ComponentClean {
  readonly kind = 'ComponentClean' as const
}

/**
 * Re-render a component. Without an id it is the invoking component; with an id it is another
 * component on the same page, addressed by the stable id given in its template
 * (`component('cart-counter', {}, { id: 'cart-counter' })`). Other components come back as
 * out-of-band swaps in the same response. Returning nothing means `new ComponentDirty()`.
 * Source: seed 000, ComponentDirty.
 *
 * @example
 * return [new ComponentDirty(), new ComponentDirty('cart-counter')]
 */
export class ComponentDirty {
  readonly kind = 'ComponentDirty' as const
  /** @param id - the component id to re-render; omit for the invoking component */
  constructor (readonly id?: string) {}
}

/**
 * Re-render the parent of the invoking component (the component whose template rendered it).
 * The parent's re-render includes the invoking component, so that one is not sent twice.
 * Source: seed 000, ParentDirty.
 *
 * @example
 * @command remove (ctx: CallContext<LineState>) { cart.remove(ctx.state.productId); return new ParentDirty() }
 */
export class ParentDirty {
  readonly kind = 'ParentDirty' as const
}

/**
 * Send the browser to another URL with the `HX-Redirect` response header; the body is empty.
 * Source: seed 000, RedirectPage; htmx response header HX-Redirect.
 *
 * @example
 * return new RedirectPage('/dashboard')
 */
export class RedirectPage {
  readonly kind = 'RedirectPage' as const
  /** @param url - where to go, absolute or relative to the page */
  constructor (readonly url: string) {}
}

/**
 * Reload the whole page with `HX-Refresh: true`; the body is empty.
 * Source: seed 000, RefreshPage; htmx response header HX-Refresh.
 *
 * @example
 * return new RefreshPage()
 */
export class RefreshPage {
  readonly kind = 'RefreshPage' as const
}

/**
 * Replace the address bar URL without a history entry (`HX-Replace-Url`).
 * Source: seed 000, ReplaceUrl; htmx response header HX-Replace-Url.
 *
 * @example
 * return new ReplaceUrl(`/search?q=${encodeURIComponent(ctx.state.q)}`)
 */
export class ReplaceUrl {
  readonly kind = 'ReplaceUrl' as const
  /** @param url - the new URL */
  constructor (readonly url: string) {}
}

/**
 * Push a new history entry (`HX-Push-Url`). An addition to seed 000's results.
 * Source: htmx response header HX-Push-Url.
 *
 * @example
 * return new PushUrl('/products?page=2')
 */
export class PushUrl {
  readonly kind = 'PushUrl' as const
  /** @param url - the URL to push */
  constructor (readonly url: string) {}
}

/**
 * Fire a DOM event in the browser through `HX-Trigger` (a JSON object of event name → detail).
 * Several TriggerEvents in one list merge into one header. An addition to seed 000's results.
 * Source: htmx response header HX-Trigger.
 *
 * @example
 * return [new ComponentDirty(), new TriggerEvent('toast', { message: 'Saved' })]
 */
export class TriggerEvent {
  readonly kind = 'TriggerEvent' as const
  /**
   * @param name - the event name, e.g. `toast`
   * @param detail - JSON-serialisable event detail (default `null`)
   */
  constructor (readonly name: string, readonly detail: unknown = null) {}
}

/**
 * Any one execution result.
 *
 * @example
 * const results: ExecutionResult[] = [new ComponentDirty(), new ReplaceUrl('/x')]
 */
export type ExecutionResult =
  | ComponentClean | ComponentDirty | ParentDirty | RedirectPage
  | RefreshPage | ReplaceUrl | PushUrl | TriggerEvent

/**
 * What a command may return: nothing (means ComponentDirty()), one result, or a list of them.
 *
 * @example
 * @command add (ctx: CallContext<S>): CommandReturn { return new ComponentClean() }
 */
export type CommandReturn = ExecutionResult | ExecutionResult[] | void | undefined

const RESULT_CLASSES = [ComponentClean, ComponentDirty, ParentDirty, RedirectPage, RefreshPage, ReplaceUrl, PushUrl, TriggerEvent]

/**
 * Whether a value is one of the execution result classes.
 *
 * @example
 * isExecutionResult(new RefreshPage()) // true
 */
export function isExecutionResult (value: unknown): value is ExecutionResult {
  return RESULT_CLASSES.some((cls) => value instanceof cls)
}
