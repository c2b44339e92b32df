/** @module core/results/results — execution results (django-livecomponents' ComponentClean, ComponentDirty, ParentDirty, RedirectPage, RefreshPage, ReplaceUrl) and the ResponsePlan they apply themselves to. */
import { HEADER } from '../../protocol.js'

/**
 * The response a command's execution results shape. Each result's `apply(plan)` calls these;
 * a custom result class calls them too.
 *
 * @example
 * class Toast extends ExecutionResult {
 *   constructor (readonly message: string) { super() }
 *   apply (plan: ResponsePlan) { plan.trigger('toast', { message: this.message }) }
 * }
 */
export interface ResponsePlan {
  /** the invoking instance's id */
  readonly selfId: string
  /** the command's name */
  readonly command: string
  /** Re-render the instance `id` (default: the invoking one); others come back as out-of-band swaps. */
  markDirty: (id?: string) => void
  /** Re-render the invoking instance's parent; logged and ignored on a top-level instance. */
  markParentDirty: () => void
  /** Decide that nothing is re-rendered (unless another result marks something dirty). */
  markClean: () => void
  /**
   * Set a response header. Values are made ASCII as HTTP requires: with `url: true`, non-ASCII,
   * space and control characters are percent-encoded (existing escapes kept), which the browser
   * decodes to the same text.
   */
  setHeader: (name: string, value: string, opts?: { url?: boolean }) => void
  /** Leave the page with this header (HX-Redirect, HX-Refresh): the body is empty and nothing is rendered. */
  navigate: (header: string, value: string, opts?: { url?: boolean }) => void
  /**
   * Fire a DOM event through `HX-Trigger`. Several merge into one JSON object, with non-ASCII
   * characters as `\u` escapes. `detail` must be JSON-serialisable; default null. `target`: a
   * CSS selector of the element to dispatch on (htmx's `target` member of the detail; a
   * non-object detail then arrives as `detail.value`).
   *
   * @throws LC_DUPLICATE_EVENT when an event of that name was already fired in this response
   */
  trigger: (name: string, detail?: unknown, opts?: { target?: string }) => void
  /** Render nothing at all for this response: no swap, no out-of-band element (headers stay). */
  cancel: () => void
}

/**
 * The base class of every execution result: what a command returns to say what the response
 * does (django-livecomponents' execution results). Subclass it for your own: `apply(plan)` is
 * called once per returned result, in the order returned. When no result of a list marks
 * anything dirty or clean, the invoking component is re-rendered.
 *
 * @example
 * class Toast extends ExecutionResult {
 *   constructor (readonly message: string) { super() }
 *   apply (plan: ResponsePlan) { plan.markDirty(); plan.trigger('toast', { message: this.message }) }
 * }
 * // in a command: return new Toast('Saved')
 */
export abstract class ExecutionResult {
  /** Shape the response. */
  abstract apply (plan: ResponsePlan): void
}

/**
 * The component is clean: nothing is re-rendered and nothing is swapped away.
 * Use it for side effects such as analytics. Source: django-livecomponents' execution results, ComponentClean.
 *
 * @example
 * @command track (ctx: CallContext<S>) { analytics.track('like'); return new ComponentClean() }
 */
export class ComponentClean extends ExecutionResult {
  readonly kind = 'ComponentClean' as const
  apply (plan: ResponsePlan): void { plan.markClean() }
}

/**
 * Re-render a component. Without an id it is the invoking component; with an id it is another
 * component on the same page, addressed by the stable id given in its template
 * (`component('cart-counter', {}, { id: 'cart-counter' })`). Other components come back as
 * out-of-band swaps in the same response. Returning nothing means `new ComponentDirty()`.
 * Source: django-livecomponents' execution results, ComponentDirty.
 *
 * @example
 * return [new ComponentDirty(), new ComponentDirty('cart-counter')]
 */
export class ComponentDirty extends ExecutionResult {
  readonly kind = 'ComponentDirty' as const
  /** @param id - the component id to re-render; omit for the invoking component */
  constructor (readonly id?: string) { super() }
  apply (plan: ResponsePlan): void { plan.markDirty(this.id) }
}

/**
 * Re-render the parent of the invoking component (the component whose template rendered it).
 * The parent's re-render includes the invoking component, so that one is not sent twice.
 * Source: django-livecomponents' execution results, ParentDirty.
 *
 * @example
 * @command remove (ctx: CallContext<LineState>) { cart.remove(ctx.state.productId); return new ParentDirty() }
 */
export class ParentDirty extends ExecutionResult {
  readonly kind = 'ParentDirty' as const
  apply (plan: ResponsePlan): void { plan.markParentDirty() }
}

/**
 * Send the browser to another URL with the `HX-Redirect` response header; the body is empty.
 * Source: django-livecomponents' execution results, RedirectPage; htmx response header HX-Redirect.
 *
 * @example
 * return new RedirectPage('/dashboard')
 */
export class RedirectPage extends ExecutionResult {
  readonly kind = 'RedirectPage' as const
  /** @param url - where to go, absolute or relative to the page */
  constructor (readonly url: string) { super() }
  apply (plan: ResponsePlan): void { plan.navigate(HEADER.redirect, this.url, { url: true }) }
}

/**
 * Reload the whole page with `HX-Refresh: true`; the body is empty.
 * Source: django-livecomponents' execution results, RefreshPage; htmx response header HX-Refresh.
 *
 * @example
 * return new RefreshPage()
 */
export class RefreshPage extends ExecutionResult {
  readonly kind = 'RefreshPage' as const
  apply (plan: ResponsePlan): void { plan.navigate(HEADER.refresh, 'true') }
}

/**
 * Replace the address bar URL without a history entry (`HX-Replace-Url`).
 * Source: django-livecomponents' execution results, ReplaceUrl; htmx response header HX-Replace-Url.
 *
 * @example
 * return new ReplaceUrl(`/search?q=${encodeURIComponent(ctx.state.q)}`)
 */
export class ReplaceUrl extends ExecutionResult {
  readonly kind = 'ReplaceUrl' as const
  /** @param url - the new URL */
  constructor (readonly url: string) { super() }
  apply (plan: ResponsePlan): void { plan.setHeader(HEADER.replaceUrl, this.url, { url: true }) }
}

/**
 * Push a new history entry (`HX-Push-Url`). An addition to django-livecomponents' results.
 * Source: htmx response header HX-Push-Url.
 *
 * @example
 * return new PushUrl('/products?page=2')
 */
export class PushUrl extends ExecutionResult {
  readonly kind = 'PushUrl' as const
  /** @param url - the URL to push */
  constructor (readonly url: string) { super() }
  apply (plan: ResponsePlan): void { plan.setHeader(HEADER.pushUrl, this.url, { url: true }) }
}

/**
 * Fire a DOM event in the browser through `HX-Trigger` (a JSON object of event name → detail).
 * Several TriggerEvents in one list merge into one header; two of the same name are
 * LC_DUPLICATE_EVENT (500). `opts.target` names the element to dispatch on (a CSS selector;
 * django-livecomponents' `Event.target`, htmx's `target` member of the detail); by default it is
 * the element that sent the command, and the event bubbles to `document.body`.
 * Source: htmx response header HX-Trigger.
 *
 * @example
 * return [new ComponentDirty(), new TriggerEvent('toast', { message: 'Saved' })]
 * return new TriggerEvent('highlight', { row: 7 }, { target: '#cart' })
 */
export class TriggerEvent extends ExecutionResult {
  readonly kind = 'TriggerEvent' as const
  /**
   * @param name - the event name, e.g. `toast`
   * @param detail - JSON-serialisable event detail (default `null`)
   */
  constructor (readonly name: string, readonly detail: unknown = null, readonly opts: { target?: string } = {}) { super() }
  apply (plan: ResponsePlan): void { plan.trigger(this.name, this.detail, this.opts) }
}

/**
 * Stop all rendering for this response: nothing is swapped, no component is re-rendered, in or
 * out of band; headers other results set (events, URLs) still go out. Source:
 * django-livecomponents' CancelRendering.
 *
 * @example
 * @command ping () { return [new CancelRendering(), new TriggerEvent('pong')] }
 */
export class CancelRendering extends ExecutionResult {
  readonly kind = 'CancelRendering' as const
  apply (plan: ResponsePlan): void { plan.cancel() }
}

/**
 * What a command's results may be: nothing (means ComponentDirty()), one execution result, or a list.
 *
 * @example
 * @command add (ctx: CallContext<S>): ExecutionResults { return new ComponentClean() }
 */
export type ExecutionResults = ExecutionResult | ExecutionResult[] | void | undefined

/**
 * Whether a value is an execution result (an instance of a subclass of {@link ExecutionResult}).
 *
 * @example
 * isExecutionResult(new RefreshPage()) // true
 */
export function isExecutionResult (value: unknown): value is ExecutionResult {
  return value instanceof ExecutionResult
}
