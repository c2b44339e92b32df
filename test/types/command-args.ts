/** @module test/types/command-args — compile-time checks: tsc (run by npm test) fails when a handler disagrees with its argument schemas. */
import { Type } from '@sinclair/typebox'
import { z } from 'zod'
import { LiveComponent, command, type CallContext } from 'fastify-livecomponents'
export class X extends LiveComponent<{ n: number }> {
  static template = 'x.njk'
  mount () { return { n: 0 } }
  @command({ positional: Type.Tuple([Type.Integer()]), named: Type.Object({ note: Type.String() }) })
  good (ctx: CallContext<{ n: number }, { note: string }>, qty: number) { ctx.state.n += qty }

  // @ts-expect-error qty is a number per the schema
  @command({ positional: Type.Tuple([Type.Integer()]) })
  badPos (ctx: CallContext<{ n: number }>, qty: string) { ctx.state.n += Number(qty) }

  // @ts-expect-error note is a string per the schema
  @command({ named: Type.Object({ note: Type.String() }) })
  badNamed (ctx: CallContext<{ n: number }, { note: number }>) { ctx.state.n += ctx.args.note }

  @command({ named: z.object({ q: z.coerce.number() }) })
  zodOk (ctx: CallContext<{ n: number }, { q: number }>) { ctx.state.n = ctx.args.q }

  // @ts-expect-error q is a number per the zod schema
  @command({ named: z.object({ q: z.coerce.number() }) })
  zodBad (ctx: CallContext<{ n: number }, { q: string }>) { ctx.state.n = Number(ctx.args.q) }

  @command plain (ctx: CallContext<{ n: number }>, a: number) { ctx.state.n = a }
}

/** A command's state type is the class's: a CallContext of another state does not compile. */
export class Y extends LiveComponent<{ n: number }> {
  static template = 'y.njk'
  mount () { return { n: 0 } }
  @command same (ctx: CallContext<{ n: number }>) { ctx.state.n++ }

  // @ts-expect-error the component's state is { n: number }
  @command other (ctx: CallContext<{ other: string }>) { ctx.state.other = 'x' }

  // @ts-expect-error the same with a spec
  @command({ named: Type.Object({ note: Type.String() }) })
  otherSpec (ctx: CallContext<{ other: string }, { note: string }>) { ctx.state.other = ctx.args.note }
}
