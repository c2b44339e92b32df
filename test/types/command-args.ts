/** @module test/types/command-args — compile-time checks: tsc (run by npm test) fails when a handler disagrees with its argument schemas. */
import { Type } from '@sinclair/typebox'
import { z } from 'zod'
import Type1 from 'typebox'
import { ComponentDirty, FormComponent, LiveComponent, command, type ArgSchema, type CallContext, type FormState, type Infer } from 'fastify-livecomponents'
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

/** A bare @command whose method cannot be a command says why, in its own words (not the spec overload's). */
export class Z extends LiveComponent<{ n: number }> {
  static template = 'z.njk'
  mount () { return { n: 0 } }
  // @ts-expect-error "@command error": a command returns execution results
  @command wrongReturn (ctx: CallContext<{ n: number }>) { ctx.state.n++; return 'oops' }

  @command asyncOk (ctx: CallContext<{ n: number }>) { ctx.state.n++; return Promise.resolve(new ComponentDirty()) }

  /** a JSON schema TypeScript cannot infer (hand-written, or TypeBox 1.x with no type provider): args are `any` */
  @command({ named: { type: 'object', properties: { note: { type: 'string' } } } })
  plainJson (ctx: CallContext<{ n: number }, { note: string }>) { ctx.state.n += ctx.args.note.length }

  @command({ named: Type1.Object({ note: Type1.String() }) })
  typebox1 (ctx: CallContext<{ n: number }, { note: string }>) { ctx.state.n += ctx.args.note.length }

  /** topics as a method: its state is the class's */
  topics (s: { n: number }) { return [`n:${s.n}`] }
}

export class W extends LiveComponent<{ n: number }> {
  static template = 'w.njk'
  mount () { return { n: 0 } }
  // @ts-expect-error topics' state is the component's { n: number }
  topics (s: { other: string }) { return [s.other] }
}

const Signup = Type.Object({ email: Type.String(), age: Type.Integer() })
export class SignupForm extends FormComponent.of(Signup) {
  static template = 'signup.njk'
  async onSubmit (_ctx: CallContext<FormState>, data: Infer<typeof Signup>) { return data.age > 17 ? new ComponentDirty() : undefined }
}
export class WrongForm extends FormComponent.of(Signup) {
  static template = 'signup.njk'
  // @ts-expect-error the data is { email: string, age: number } per the schema
  async onSubmit (_ctx: CallContext<FormState>, data: { age: string }) { return data.age === '' ? undefined : undefined }
}
export const schemaIsSet: ArgSchema = SignupForm.schema
