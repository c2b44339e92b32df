/** @module core/register — what an app declares once, by declaration merging, for the plugin's types: its user and its schema type provider. */

/**
 * Types only the app knows, declared once by declaration merging (the pattern of TanStack
 * Router's `Register`), so nothing augments `FastifyRequest` (which @fastify/jwt and
 * @fastify/passport already declare `user` on) and no `decorateRequest` is needed for types.
 * Every key is optional:
 * - `user`: the type of the signed-in user, as the `user` option (or `request.user`) gives it.
 *   It types `ctx.user` in commands, `{ user }` in permissions and the `user` option's return.
 *   Default: {@link LiveUser}.
 * - `typeProvider`: a Fastify type provider (the `FastifyTypeProvider` of Fastify's
 *   "Type-Providers" docs), which infers the type of argument schemas that are neither
 *   `@sinclair/typebox` 0.x schemas nor Standard Schema validators: for TypeBox 1.x (the `typebox`
 *   package), `TypeBoxTypeProvider` from `@fastify/type-provider-typebox` 6+; for plain JSON
 *   Schema, `JsonSchemaToTsProvider`. Without one such schemas are validated all the same and
 *   typed `any`.
 *
 * @example
 * import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
 * declare module 'fastify-livecomponents' {
 *   interface Register {
 *     user: { id: number, name: string, isStaff: boolean }
 *     typeProvider: TypeBoxTypeProvider
 *   }
 * }
 */

export interface Register {}
