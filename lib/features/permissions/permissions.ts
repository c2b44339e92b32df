/** @module features/permissions/permissions — permission predicates (Django REST framework-style permission classes) and their check. */
import type { FastifyRequest } from 'fastify'
import type { Register } from '../../core/register.js'
import { LC_FORBIDDEN, LC_UNAUTHENTICATED } from '../../errors.js'

/**
 * The user a permission looks at: what the app puts on `request.user` (the usual Fastify way, as
 * @fastify/jwt, @fastify/passport and session plugins do), or what the `user` option returns.
 * null or undefined means anonymous; so does `isAuthenticated: false`.
 *
 * @example
 * app.decorateRequest('user', null)
 * app.addHook('onRequest', async (req) => { req.user = { id: 7, isStaff: true, permissions: ['products.change'] } })
 */
export interface LiveUser {
  /** false marks an anonymous user object; default true for any user object */
  isAuthenticated?: boolean
  /** Django's `is_staff` */
  isStaff?: boolean
  /** Django's `is_superuser`; a superuser holds every permission */
  isSuperuser?: boolean
  /** permission names the user holds, e.g. `products.change` */
  permissions?: Iterable<string>
  /** alternatively, a check of one permission name (Django's `has_perm`) */
  hasPermission?: (name: string) => boolean | Promise<boolean>
}

/**
 * The app's user type: what it declared as `user` in {@link Register}, else {@link LiveUser}.
 * The built-in permissions read the {@link LiveUser} fields (`isStaff`, `permissions`…) of
 * whatever object it is; a user type without them simply never passes `isStaff`.
 *
 * @example
 * declare module 'fastify-livecomponents' { interface Register { user: { id: number, isStaff: boolean } } }
 * const mine: Permission = (_req, { user }) => user?.id === 7 // user: { id: number, isStaff: boolean } | null
 */
export type User = Register extends { user: infer U extends object } ? U : LiveUser

/**
 * What a permission is asked about.
 *
 * @example
 * const ownersOnly: Permission = (req, { user }) => user !== null && req.params.shop === user.shop
 */
export interface PermissionTarget {
  /** the registered component name */
  component: string
  /** the command, or undefined when the component is rendered or subscribed to */
  command?: string
  /** the request's user (see {@link User}), or null when anonymous */
  user: User | null
}

/**
 * A permission: an async-capable predicate on the request (Django REST framework's `BasePermission.has_permission`).
 * It runs before any state is hydrated; it cannot see component state. It returns true to allow.
 *
 * @example
 * const businessHours: Permission = () => new Date().getHours() >= 8
 */
export type Permission = (request: FastifyRequest, target: PermissionTarget) => boolean | Promise<boolean>

/**
 * Reads the user of a request: `request.user` unless the `user` option says otherwise.
 *
 * @example
 * const userOf: UserLookup = (req) => req.session.get('user')
 */
export type UserLookup = (request: FastifyRequest) => User | null | undefined

/**
 * The default {@link UserLookup}: `request.user`.
 *
 * @example
 * await app.register(components, { user: (req) => requestUser(req) ?? req.session?.user })
 */
export const requestUser: UserLookup = (request) => (request as { user?: User | null }).user

/**
 * The signed-in user of a request by `lookup`, or null when anonymous.
 *
 * @example
 * userOf(request, requestUser)?.isStaff
 */
export function userOf (request: FastifyRequest, lookup: UserLookup): User | null {
  const user = lookup(request)
  return user === null || user === undefined || typeof user !== 'object' || (user as LiveUser).isAuthenticated === false ? null : user
}

/** The {@link LiveUser} fields of any user object, for the built-in permissions. */
const live = (user: User | null): LiveUser | null => user as LiveUser | null

/**
 * Allows everyone (Django REST framework's `AllowAny`); the default when a component lists no permissions.
 *
 * @example
 * static permissions = [allowAny]
 */
export const allowAny: Permission = () => true

/**
 * Allows any signed-in user (Django REST framework's `IsAuthenticated`). Anonymous requests get 401.
 *
 * @example
 * static permissions = [isAuthenticated]
 */
export const isAuthenticated: Permission = (_request, { user }) => user !== null

/**
 * Allows staff users: `user.isStaff` (Django's `is_staff` check).
 *
 * @example
 * @command({ permissions: [isStaff] }) restock (ctx: CallContext<State>) { … }
 */
export const isStaff: Permission = (_request, { user }) => live(user)?.isStaff === true

/**
 * Allows superusers: `user.isSuperuser` (Django's `is_superuser` check).
 *
 * @example
 * static permissions = [isSuperuser]
 */
export const isSuperuser: Permission = (_request, { user }) => live(user)?.isSuperuser === true

/**
 * Allows users who hold every named permission (Django REST framework's `DjangoModelPermissions`, with
 * `permission_required`): in `user.permissions`, or by `user.hasPermission(name)`. A superuser
 * holds all.
 *
 * @param names - permission names, e.g. `products.change`
 * @example
 * @command({ permissions: [hasPermission('products.change')] }) save (ctx) { … }
 */
export function hasPermission (...names: string[]): Permission {
  return async (_request, target) => {
    const user = live(target.user)
    if (user === null) return false
    if (user.isSuperuser === true) return true
    const held = user.permissions !== undefined ? new Set(user.permissions) : null
    for (const name of names) {
      const ok = held?.has(name) === true || (user.hasPermission !== undefined && await user.hasPermission(name))
      if (!ok) return false
    }
    return true
  }
}

/**
 * Runs permissions in order; all must allow. A refusal is 401 when the request is anonymous,
 * 403 otherwise. A permission that throws counts as a refusal (logged by the caller's error path).
 *
 * @param lookup - the `user` option (default {@link requestUser})
 * @throws LC_UNAUTHENTICATED (401) or LC_FORBIDDEN (403)
 * @example
 * await checkPermissions(request, [isStaff], { component: 'admin-panel', command: 'restock' }, requestUser)
 */
export async function checkPermissions (request: FastifyRequest, permissions: readonly Permission[], where: { component: string, command?: string }, lookup: UserLookup): Promise<void> {
  if (permissions.length === 0) return
  const target: PermissionTarget = { ...where, user: userOf(request, lookup) }
  for (const permission of permissions) {
    let allowed = false
    try {
      allowed = await permission(request, target) === true
    } catch (err) {
      request.log.error({ err, component: target.component, command: target.command }, 'fastify-livecomponents: a permission threw; treated as a refusal')
    }
    if (!allowed) {
      const where = target.command === undefined ? target.component : `${target.component}.${target.command}`
      throw target.user === null ? new LC_UNAUTHENTICATED(where) : new LC_FORBIDDEN(where)
    }
  }
}

/**
 * Whether the permissions allow the request, without throwing: for rendering and subscribing.
 * Returns the refusal status (401 or 403), or 0 when allowed.
 *
 * @example
 * if (await refusal(request, [isStaff], { component: 'admin-panel' }, requestUser) !== 0) return denied
 */
export async function refusal (request: FastifyRequest, permissions: readonly Permission[], where: { component: string, command?: string }, lookup: UserLookup): Promise<0 | 401 | 403> {
  try {
    await checkPermissions(request, permissions, where, lookup)
    return 0
  } catch (err) {
    return (err as { statusCode?: number }).statusCode === 401 ? 401 : 403
  }
}
