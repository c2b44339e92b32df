/** @module fastify-livecomponents — the only public entry: the plugin, LiveComponent, command, execution results, features' public parts, errors. */
import { livecomponents } from './plugin.js'

export { LiveComponent, StatelessLiveComponent } from './core/component.js'
export { command } from './core/command.js'
export type {
  CallContext, MountContext, ComponentClass, ComponentStatics, CommandReturn, CommandSpec, Effects, StateOf
} from './core/component.js'
export type { SpecHandler, CheckedCommand } from './core/command.js'
export type { ArgSchema, Infer, FieldErrors } from './core/commands/schema.js'
export {
  ExecutionResult, ComponentClean, ComponentDirty, ParentDirty, RedirectPage, RefreshPage, ReplaceUrl, PushUrl, TriggerEvent, CancelRendering,
  isExecutionResult
} from './core/results/results.js'
export type { ExecutionResults, ResponsePlan } from './core/results/results.js'
export type { Renderer, NunjucksRendererOptions } from './core/render/renderer.js'
export { NunjucksRenderer } from './core/render/renderer.js'
export type { ComponentOptions } from './core/render/helpers.js'
export type { RouteInfo } from './core/route-listing.js'
export { frameworkErrors } from './core/commands/routes.js'
export { FormComponent, ModelFormComponent } from './features/forms/form-component.js'
export type { FormState, ModelFormState } from './features/forms/form-component.js'
export type { FieldOptions } from './features/forms/feature.js'
export type { ModelOptions } from './features/model/feature.js'
export type { ComponentRef } from './features/calls/feature.js'
export { allowAny, isAuthenticated, isStaff, isSuperuser, hasPermission } from './features/permissions/permissions.js'
export type { Permission, PermissionTarget, LiveUser, User, UserLookup } from './features/permissions/permissions.js'
export type { Register } from './core/register.js'
export type { HtmxOption } from './features/assets/assets.js'
export type { RedisSource, RedisClientLike } from './features/redis/source.js'
export type { LiveComponentsOptions, PushOptions, ConcurrencyOptions, ServerStateOptions } from './options.js'
export type { LiveComponentsApi } from './plugin.js'
export * as errors from './errors.js'
export { livecomponents }

/**
 * The plugin, as the default export.
 *
 * @example
 * import components from 'fastify-livecomponents'
 * await app.register(components, { components: [Counter], templates: ['views'] })
 */
export default livecomponents
