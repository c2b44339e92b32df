/** @module features/permissions/feature — permissions as a feature: checked before any command is parsed, on every render with a request, and on subscriptions. */
import type { FastifyRequest } from 'fastify'
import type { ArgSchema } from '../../core/commands/schema.js'
import { findCommand, specOf } from '../../core/command.js'
import type { Feature } from '../../core/hooks.js'
import type { Host } from '../../core/host.js'
import type { Registration } from '../../core/registry.js'
import { rootElement, rootSwaps } from '../../core/render/markup.js'
import { PARTIAL } from '../../core/render/partials.js'
import { LC_INVALID_COMPONENT, LC_RENDER_FAILED } from '../../errors.js'
import { ATTR } from '../../protocol.js'
import { checkPermissions, refusal, userOf, type Permission, type User, type UserLookup } from './permissions.js'

declare module '../../core/component.js' {
  interface ComponentStatics {
    /**
     * Permissions every command of this component needs, and that rendering it and subscribing
     * to it need (in the manner of Django REST framework's `permission_classes`). All must
     * allow. Checked before any state is hydrated: a refused command gets 401 (anonymous) or
     * 403 and runs nothing; a refused render shows `deniedTemplate` (or the
     * `livecomponents/denied.njk` partial, empty by default) with no state; a refused
     * subscription gets an error frame. Default `[]` (allow any).
     *
     * @example
     * static permissions = [isStaff]
     */
    permissions?: Permission[]
    /**
     * Template rendered instead of `template` when `permissions` refuse the request that
     * renders the page, with `status` (401 or 403) and `id` as variables. Default: the
     * `livecomponents/denied.njk` partial (empty).
     *
     * @example
     * static deniedTemplate = 'admin-denied.njk'
     */
    deniedTemplate?: string
  }
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- merging with CommandSpec needs its type parameters
  interface CommandSpec<P extends ArgSchema | undefined = undefined, N extends ArgSchema | undefined = undefined> {
    /** Permissions this command needs besides the component's own. Default `[]`. */
    permissions?: Permission[]
  }
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- merging with CallContext needs its type parameters
  interface CallContext<S, A = Record<string, string | string[]>> {
    /**
     * The request's signed-in user, by the `user` option (default `request.user`), or null when
     * anonymous (null, undefined, or `isAuthenticated: false`). Typed by `user` in `Register`.
     */
    user: User | null
  }
}

interface Compiled {
  /** the component's own permissions */
  own: Permission[]
  /** per command: the component's permissions followed by the command's */
  commands: Map<string, Permission[]>
}

function permissionList (value: unknown, where: string, cls: Function): Permission[] {
  if (value === undefined) return []
  if (!Array.isArray(value) || !value.every((p) => typeof p === 'function')) {
    throw new LC_INVALID_COMPONENT(cls.name, `${where} must be an array of permission functions`)
  }
  return value
}

/**
 * The permissions feature: `static permissions`, `deniedTemplate` and `@command({ permissions })`.
 * A command's permissions run before its arguments are parsed or its state verified (401/403,
 * never a redirect, never swapped); every render with a viewer (a page, a command's response,
 * and a push or refresh, whose viewer is the socket's upgrade request) shows the refusal instead
 * of each component the viewer may not see, at any depth; `authorize` answers for
 * subscriptions.
 *
 * @param user - where permissions find the user (the `user` option, default `request.user`)
 * @example
 * const feature = permissionsFeature(host, requestUser)
 */
export function permissionsFeature (host: Host, user: UserLookup): Feature {
  const compiled = new WeakMap<Registration, Compiled>()
  const of = (reg: Registration): Compiled => compiled.get(reg) ?? { own: [], commands: new Map() }
  return {
    name: 'permissions',
    register (reg) {
      const { cls } = reg
      if (cls.deniedTemplate !== undefined && (typeof cls.deniedTemplate !== 'string' || cls.deniedTemplate === '')) throw new LC_INVALID_COMPONENT(cls.name, 'static deniedTemplate must be a template path')
      const own = permissionList(cls.permissions, 'static permissions', cls)
      const commands = new Map<string, Permission[]>()
      for (const command of reg.commands) {
        const declared = specOf(findCommand(cls, command)!).permissions
        commands.set(command, [...own, ...permissionList(declared, `@command permissions of ${command}`, cls)])
      }
      compiled.set(reg, { own, commands })
    },
    beforeRun ({ ctx, request }) {
      ctx.user = userOf(request, user)
    },
    async beforeCommand (request, reg, command) {
      // a built-in command ($refresh) needs what every command of the component needs
      await checkPermissions(request, of(reg).commands.get(command) ?? of(reg).own, { component: reg.name, command }, user)
    },
    async authorize (request, reg) {
      return await refusal(request, of(reg).own, { component: reg.name }, user)
    },
    renderInstead ({ pass, reg, id, oob }) {
      const own = of(reg).own
      // the usual case answers at once, without a promise
      if (pass.viewer === undefined || own.length === 0) return undefined
      // allowed or not, this render is the viewer's: a push must not share it with others
      pass.markViewerDependent()
      return denied(pass.viewer, reg, id, oob, own)
    }
  }

  /** The refusal root when the request may not see the component, else undefined. */
  async function denied (request: FastifyRequest, reg: Registration, id: string, oob: boolean, own: Permission[]): Promise<string | undefined> {
    const status = await refusal(request, own, { component: reg.name }, user)
    if (status === 0) return undefined
    let body: string
    try {
      body = reg.cls.deniedTemplate !== undefined
        ? await host.renderer.render(reg.cls.deniedTemplate, { status, id })
        : host.partials.render(PARTIAL.denied, { status, id })
    } catch (err) {
      throw Object.assign(new LC_RENDER_FAILED(reg.name), { cause: err })
    }
    return rootElement({ tag: reg.tag, name: reg.name, id, oob, ...rootSwaps(host.htmxMajor, reg.morph), attrs: [[ATTR.denied, String(status)]], body })
  }
}
