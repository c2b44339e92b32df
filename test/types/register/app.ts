/** @module test/types/register/app — an app that declares its user and its TypeBox 1.x type provider once (compiled alone: the declarations are global to a program). */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify from 'fastify'
import Type from 'typebox'
import components, { LiveComponent, command, isStaff, type CallContext, type Permission } from 'fastify-livecomponents'

interface AppUser { id: number, name: string, isStaff: boolean }

declare module 'fastify-livecomponents' {
  interface Register {
    user: AppUser
    typeProvider: TypeBoxTypeProvider
  }
}

const ownerOnly: Permission = (_request, { user }) => user?.id === 7
// @ts-expect-error the user is an AppUser: it has no `email`
export const noEmail: Permission = (_request, { user }) => user?.email === 'x'

export class Note extends LiveComponent<{ text: string, by: number }> {
  static override template = 'note.njk'
  static permissions = [ownerOnly, isStaff]
  override mount () { return { text: '', by: 0 } }

  @command({ positional: Type.Tuple([Type.Integer()]), named: Type.Object({ text: Type.String({ maxLength: 200 }) }) })
  save (ctx: CallContext<{ text: string, by: number }, { text: string }>, rev: number) {
    ctx.state.text = ctx.args.text + String(rev)
    ctx.state.by = ctx.user?.id ?? 0
  }

  // @ts-expect-error TypeBox 1.x through the type provider: text is a string
  @command({ named: Type.Object({ text: Type.String() }) })
  wrongNamed (ctx: CallContext<{ text: string, by: number }, { text: number }>) { ctx.state.by = ctx.args.text }

  // @ts-expect-error TypeBox 1.x through the type provider: the position is an integer
  @command({ positional: Type.Tuple([Type.Integer()]) })
  wrongPositional (ctx: CallContext<{ text: string, by: number }>, rev: string) { ctx.state.text = rev }

  @command whoIs (ctx: CallContext<{ text: string, by: number }>) {
    // @ts-expect-error ctx.user is an AppUser or null
    ctx.state.text = ctx.user.name
  }
}

const app = Fastify()
await app.register(components, {
  components: [Note],
  templates: ['views'],
  user: (request) => (request.headers['x-user'] === '7' ? { id: 7, name: 'Ada', isStaff: true } : null)
})
app.get('/', async (request) => {
  const user = app.components.user(request)
  // @ts-expect-error app.components.user() is an AppUser or null
  return user.name
})
