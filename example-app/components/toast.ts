/** @module example-app/components/toast — a custom execution result: a toast message, shown by the layout's script. */
import { ExecutionResult, type ResponsePlan } from 'fastify-livecomponents'

/**
 * Shows a message in the page's toast. A result of the app's own: it fires the DOM event
 * `toast` through `HX-Trigger`, like `new TriggerEvent('toast', { message })`, but reads better
 * in a command and cannot get the event name or the detail's shape wrong.
 *
 * @example
 * return [new ComponentDirty(), new Toast('Saved')]
 */
export class Toast extends ExecutionResult {
  constructor (readonly message: string) { super() }

  apply (plan: ResponsePlan): void {
    plan.trigger('toast', { message: this.message })
  }
}
