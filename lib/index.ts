/** @module fastify-livecomponents — the only public entry: the plugin, LiveComponent, command, results, errors. */
import { livecomponents } from './plugin.js'

export { LiveComponent, command } from './component.js'
export type { CallContext, MountContext, ComponentClass, CommandOutput, CommandSpec } from './component.js'
export type { ArgSchema, Infer, FieldErrors } from './features/commands/schema.js'
export { FormComponent, ModelFormComponent } from './features/forms/form-component.js'
export type { FormState, ModelFormState } from './features/forms/form-component.js'
export { allowAny, isAuthenticated, isStaff, isSuperuser, hasPermission } from './features/permissions/permissions.js'
export type { Permission, PermissionTarget, LiveUser, UserLookup } from './features/permissions/permissions.js'
export {
  ComponentClean, ComponentDirty, ParentDirty, RedirectPage, RefreshPage, ReplaceUrl, PushUrl, TriggerEvent,
  isExecutionResult
} from './features/execution-results/results.js'
export type { ExecutionResult, CommandReturn } from './features/execution-results/results.js'
export type { LiveComponentsOptions, PushOptions, ConcurrencyOptions } from './options.js'
export type { LiveComponentsApi } from './plugin.js'
export type { Renderer } from './render/renderer.js'
export { NunjucksRenderer } from './render/renderer.js'
export type { RouteInfo } from './route-listing.js'
export type { HtmxOption } from './features/assets/assets.js'
export type { ComponentOptions } from './render/session.js'
export * as errors from './errors.js'
export { frameworkErrors } from './features/commands/routes.js'
export { livecomponents }

/**
 * The plugin, as the default export.
 *
 * @example
 * import components from 'fastify-livecomponents'
 * await app.register(components, { components: [Counter], templates: ['views'] })
 */
export default livecomponents
