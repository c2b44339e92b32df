/** @module features/forms/form-component — FormComponent and ModelFormComponent, with schema validation on every path. */
import type { ArgSchema, FieldErrors, Infer, Validator } from '../../core/commands/schema.js'
import { command } from '../../core/command.js'
import { LiveComponent, type CallContext, type MountContext } from '../../core/component.js'
import { ComponentClean, type ExecutionResults } from '../../core/results/results.js'
import { LC_BAD_ARGUMENTS } from '../../errors.js'
import { boundFields, isFieldName, keepableField } from './markup.js'

/**
 * What the forms feature gives a form instance before its command runs: the compiled
 * `static schema`, and the renderer of a field's error element. Internal to the feature.
 *
 * @example
 * form[BIND_FORM]({ validate, fieldError: (id, field, errors) => html })
 */
export interface FormServices {
  validate: Validator
  /** the field names the schema declares (its properties), or null when the schema does not say */
  fields: ReadonlySet<string> | null
  /** a field's error element, as an out-of-band swap */
  fieldError: (componentId: string, field: string, errors: readonly string[]) => string
}

/**
 * The method through which the forms feature hands a form its {@link FormServices}. A symbol,
 * so it is not part of the public API of FormComponent.
 *
 * @example
 * if (instance instanceof FormComponent) instance[BIND_FORM](services)
 */
export const BIND_FORM = Symbol('fastify-livecomponents.bindForm')

/**
 * The state of a form (`formData`, `fieldErrors`, `submitted`, `valid`, as Django's bound forms have them).
 *
 * @example
 * { formData: { email: 'a@b' }, fieldErrors: { email: ['must match format "email"'] }, submitted: true, valid: false }
 */
export interface FormState {
  /** the values as typed (strings; arrays for repeated fields), shown again after an invalid submit */
  formData: Record<string, string | string[]>
  /** per-field messages of the last validation; `""` holds messages about the whole form */
  fieldErrors: FieldErrors
  /** a submit happened */
  submitted: boolean
  /** the last submit was valid */
  valid: boolean
}

/** The form fields of a command: named arguments, as the browser sent them. */
function formFields (args: unknown): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  for (const [k, v] of Object.entries(args as Record<string, string | string[]>)) out[k] = v
  return out
}

/** The fields that may be kept in (signed, readable) state: all but the sensitive ones. */
function keepable (cls: { sensitiveFields?: readonly string[] }, data: Record<string, string | string[]>, declared: ReadonlySet<string> | null): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  for (const [k, v] of Object.entries(data)) {
    if ((declared === null || declared.has(k)) && keepableField(cls, k)) out[k] = v
  }
  return out
}

/** What a bound form field may hold: the text of one input, or of a repeated one. */
const FIELD_VALUE = { anyOf: [{ type: 'string', maxLength: 1_000_000 }, { type: 'array', items: { type: 'string' }, maxItems: 1000 }] }

/**
 * A form with a schema (in the manner of Django forms). The plugin validates every submit against
 * `static schema` (TypeBox, or any Standard Schema validator such as zod), on sync and async
 * paths alike, before `onSubmit` runs:
 * - `submit` (a `@command`): keeps the values of the fields the schema declares in `formData`
 *   (a posted field the schema does not know is validated but never kept); when invalid, sets `fieldErrors`,
 *   answers **422** with the form re-rendered in place (see the README: htmx 4 swaps 422, and
 *   the client helper tells htmx 2 to) and never calls `onSubmit`; when valid, calls
 *   `onSubmit(ctx, data)` with the typed, coerced data and returns its execution result;
 * - `fieldChange/<field>` (a `@command`): live validation of one field as the user types
 *   (`field(name)` in the template wires it, with a delay); answers with that field's error
 *   element, as an out-of-band swap, and keeps the field's errors in `fieldErrors`; the typed
 *   value of a bound field is kept in `formData` (model binding wrote it), so the form is
 *   re-rendered with it (a morph: the input keeps focus and whatever was typed meanwhile).
 *
 * In the template: `field('email')` writes the input's name, id, `aria-invalid`,
 * `aria-describedby` and live validation attributes; `field_error('email')` the message element.
 *
 * @typeParam T - the validated data (`Static<typeof schema>`)
 * @typeParam P - props of `mount`
 * @example
 * const Signup = Type.Object({ email: Type.String({ format: 'email' }), age: Type.Integer({ minimum: 18 }) })
 * class SignupForm extends FormComponent<Static<typeof Signup>> {
 *   static template = 'signup.njk'
 *   static schema = Signup
 *   async onSubmit (ctx: CallContext<FormState>, data: Static<typeof Signup>) {
 *     await users.create(data)
 *     return new RedirectPage('/welcome')
 *   }
 * }
 */
export abstract class FormComponent<T = Record<string, unknown>, P = any, S extends FormState = FormState> extends LiveComponent<S, P> {
  /** The schema every submit is validated against. Required (or use {@link FormComponent.of}). */
  static schema: ArgSchema

  /**
   * A FormComponent base bound to `schema`: `static schema` is set, and the data type `T` is
   * what the schema validates to ({@link Infer}), so the two cannot drift apart; `onSubmit(ctx,
   * data)` must accept that data, or the class does not compile.
   *
   * @typeParam P - props of `mount`
   * @example
   * const Signup = Type.Object({ email: Type.String({ format: 'email' }) })
   * class SignupForm extends FormComponent.of(Signup) {
   *   static template = 'signup.njk'
   *   async onSubmit (ctx: CallContext<FormState>, data: Infer<typeof Signup>) { return new RedirectPage('/welcome') }
   * }
   */
  static of<Sch extends ArgSchema, P = any> (schema: Sch): typeof FormComponent<Infer<Sch>, P> {
    abstract class Bound extends FormComponent<Infer<Sch>, P> {
      static override schema: ArgSchema = schema
    }
    return Bound
  }

  /**
   * The fields `field(name)` binds to the state (`formData.<name>`, model binding): those the
   * schema declares, except sensitive ones; a parent's command carries what was typed into them.
   * Override to bind others (`'formData.<name>'` keys).
   */
  static get writable (): Readonly<Record<string, ArgSchema>> {
    return Object.fromEntries([...boundFields(this)].map((f) => [`formData.${f}`, FIELD_VALUE]))
  }

  /**
   * Fields validated and passed to `onSubmit` but never kept in `formData`, since state is
   * signed, not encrypted, and sits in the page: they are not written back after an invalid
   * submit either. Fields whose name contains `password`, `passwd` or `secret` (any case) are
   * always sensitive. Default `[]`.
   *
   * @example
   * static sensitiveFields = ['pin', 'cardNumber']
   */
  static sensitiveFields?: string[]

  private services?: FormServices

  /** The values of the bound fields in `formData` (model binding wrote them before the command). */
  private boundData (formData: Record<string, string | string[]>): Record<string, string | string[]> {
    const bound = boundFields(this.constructor as typeof FormComponent)
    return Object.fromEntries(Object.entries(formData).filter(([k]) => bound.has(k)))
  }

  /** Called by the forms feature before a command of this form runs. */
  [BIND_FORM] (services: FormServices): void {
    this.services = services
  }

  /** Initial values, as strings or values that print as they should. Default `{}`. May be async. */
  initial (_props: P, _ctx: MountContext): Record<string, unknown> | Promise<Record<string, unknown>> {
    return {}
  }

  async mount (props: P, ctx: MountContext): Promise<S> {
    const formData: Record<string, string | string[]> = {}
    // every bound field starts as the empty input it renders as, so an untouched one changes nothing
    for (const f of boundFields(this.constructor as typeof FormComponent)) formData[f] = ''
    for (const [k, v] of Object.entries(await this.initial(props, ctx) ?? {})) {
      if (v !== undefined && v !== null) formData[k] = Array.isArray(v) ? v.map(String) : String(v)
    }
    return { formData, fieldErrors: {}, submitted: false, valid: false } as FormState as S
  }

  /** Called with the validated data after a valid submit; returns an execution result. */
  abstract onSubmit (ctx: CallContext<S>, data: T): ExecutionResults | Promise<ExecutionResults>

  /** Validate the posted form; 422 with the errors in place, or `onSubmit`. */
  @command
  async submit (ctx: CallContext<S>): Promise<ExecutionResults> {
    // bound fields were written into formData before the command ran; posted ones (sensitive) come as arguments
    const data = { ...this.boundData(ctx.state.formData), ...formFields(ctx.args) }
    ctx.state.formData = keepable(this.constructor as typeof FormComponent, data, this.services!.fields)
    ctx.state.submitted = true
    const result = await this.services!.validate(data)
    if (!result.ok) {
      ctx.state.fieldErrors = result.errors
      ctx.state.valid = false
      ctx.effects.status = 422
      return
    }
    ctx.state.fieldErrors = {}
    ctx.state.valid = true
    return await this.onSubmit(ctx, result.value as T)
  }

  /** Live validation of one field: its error element, swapped out of band; the form is not re-rendered. */
  @command
  async fieldChange (ctx: CallContext<S>, field: unknown): Promise<ExecutionResults> {
    if (!isFieldName(field)) throw new LC_BAD_ARGUMENTS('fieldChange needs a field name')
    const value = Object.hasOwn(ctx.args, field) ? ctx.args[field] : this.boundData(ctx.state.formData)[field] ?? ''
    const result = await this.services!.validate({ ...ctx.state.formData, [field]: value })
    const errors = result.ok || !Object.hasOwn(result.errors, field) ? [] : result.errors[field]
    // kept in the state too: when the typed value (bound) re-renders the form, it shows the same error
    const fieldErrors = { ...ctx.state.fieldErrors }
    if (errors.length > 0) fieldErrors[field] = errors
    else delete fieldErrors[field]
    ctx.state.fieldErrors = fieldErrors
    ctx.effects.fragments.push(this.services!.fieldError(ctx.id, field, errors))
    return new ComponentClean()
  }
}

/**
 * The state of a model form: a form's, plus the props that name the record (signed with the
 * state, so the browser cannot point a save at another record).
 *
 * @example
 * { formData: { name: 'Cup' }, fieldErrors: {}, submitted: false, valid: false, props: { productId: 1 } }
 */
export type ModelFormState<P> = FormState & { props: P }

/**
 * A form bound to a record of the application (in the manner of Django's ModelForm): `load(ctx)`
 * fills the form when it is first rendered, and a valid submit calls `save(ctx, data)`.
 * The record's key belongs in the props, which are kept in the signed state (`ctx.state.props`),
 * never in a form field.
 *
 * @typeParam T - the validated data
 * @typeParam P - props of `mount`, e.g. `{ productId: number }`
 * @example
 * class ProductEdit extends ModelFormComponent<Static<typeof ProductSchema>, { productId: number }> {
 *   static template = 'product-edit.njk'
 *   static schema = ProductSchema
 *   load (ctx: MountContext & { props: { productId: number } }) { return products.get(ctx.props.productId) }
 *   async save (ctx: CallContext<ModelFormState<{ productId: number }>>, data: Static<typeof ProductSchema>) {
 *     await products.update(ctx.state.props.productId, data)
 *     return new TriggerEvent('toast', { message: 'Saved' })
 *   }
 * }
 */
export abstract class ModelFormComponent<T = Record<string, unknown>, P = any> extends FormComponent<T, P, ModelFormState<P>> {
  /**
   * A ModelFormComponent base bound to `schema`, as {@link FormComponent.of}: `save(ctx, data)`
   * must accept what the schema validates to.
   *
   * @typeParam P - props of `mount` (the record's key)
   * @example
   * class ProductForm extends ModelFormComponent.of<typeof Product, { id: number }>(Product) { … }
   */
  static override of<Sch extends ArgSchema, P = any> (schema: Sch): typeof ModelFormComponent<Infer<Sch>, P> {
    abstract class Bound extends ModelFormComponent<Infer<Sch>, P> {
      static override schema: ArgSchema = schema
    }
    return Bound
  }

  /** The record's current values, for the first render. May be async. */
  abstract load (ctx: MountContext & { props: P }): Record<string, unknown> | Promise<Record<string, unknown>>

  /** Store the validated data (`ctx.state.props` names the record). May be async; returns an execution result. */
  abstract save (ctx: CallContext<ModelFormState<P>>, data: T): ExecutionResults | Promise<ExecutionResults>

  override async initial (props: P, ctx: MountContext): Promise<Record<string, unknown>> {
    return await this.load({ ...ctx, props })
  }

  override async mount (props: P, ctx: MountContext): Promise<ModelFormState<P>> {
    return { ...(await super.mount(props, ctx)), props }
  }

  async onSubmit (ctx: CallContext<ModelFormState<P>>, data: T): Promise<ExecutionResults> {
    return await this.save(ctx, data)
  }
}
