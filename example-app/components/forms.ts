/** @module example-app/components/forms — forms with schemas: login (zod), signup (TypeBox, live validation) and a product edit form (ModelFormComponent). */
import { Type, type Static } from '@sinclair/typebox'
import { z } from 'zod'
import {
  command, ComponentDirty, FormComponent, hasPermission, ModelFormComponent, RedirectPage, TriggerEvent,
  type CallContext, type FormState, type ModelFormState, type MountContext
} from 'fastify-livecomponents'
import { accountExists, authenticate, createAccount, currentUser, signIn, signOut } from '../accounts.js'
import { product, updateProduct } from '../store.js'

/** A zod schema: human-readable messages of our own. */
const LoginSchema = z.object({
  username: z.string().trim().min(1, 'Enter your username.'),
  password: z.string().min(4, 'Passwords have at least 4 characters.')
})

/**
 * Login: an invalid form shows its errors in place (422); wrong credentials show a message
 * about the whole form (`fieldErrors['']`); right ones sign in with a new session id and go to
 * the dashboard (RedirectPage: the page's tokens belonged to the old session).
 */
export class LoginForm extends FormComponent.of(LoginSchema) {
  static template = 'login-form.njk'

  context (_state: FormState, ctx: MountContext) {
    return { user: ctx.request === undefined ? null : currentUser(ctx.request) }
  }

  // `password` is a sensitive field: validated, passed to onSubmit, never kept in the signed state
  async onSubmit (ctx: CallContext<FormState>, data: z.infer<typeof LoginSchema>) {
    const user = await authenticate(data.username, data.password)
    if (user === null) {
      ctx.state.valid = false
      ctx.state.fieldErrors[''] = ['Wrong username or password (try demo / demo, or admin / admin).']
      ctx.reply.code(422)
      return
    }
    await signIn(ctx.request, user.login)
    return new RedirectPage('/dashboard')
  }

  @command
  async loginDemo (ctx: CallContext<FormState>) {
    await signIn(ctx.request, 'demo')
    return new RedirectPage('/dashboard')
  }

  @command
  async logout (ctx: CallContext<FormState>) {
    await signOut(ctx.request, ctx.app)
    return new RedirectPage('/login')
  }
}

/** A TypeBox schema: Ajv's messages ("must match format \"email\""…). */
const SignupSchema = Type.Object({
  email: Type.String({ format: 'email', maxLength: 200 }),
  name: Type.String({ minLength: 2, maxLength: 40 }),
  age: Type.Integer({ minimum: 18, maximum: 150 }),
  password: Type.String({ minLength: 8, maxLength: 200 })
})
type Signup = Static<typeof SignupSchema>

/**
 * Signup with live validation: each field is checked as the user types (`field()` in the
 * template wires it), the whole form again on submit; a valid submit creates the account,
 * signs the visitor in (a new session id, as on login) and shows a welcome in place. The rest
 * of the page still holds tokens of the old session: its next command reloads the page.
 */
export class SignupForm extends FormComponent.of(SignupSchema) {
  static template = 'signup-form.njk'

  async onSubmit (ctx: CallContext<FormState>, data: Signup) {
    // a check the schema cannot make: the email must be new
    if (accountExists(data.email) || !await createAccount({ login: data.email, name: data.name, isStaff: false, permissions: [] }, data.password)) {
      ctx.state.valid = false
      ctx.state.fieldErrors.email = ['This email is already registered.']
      ctx.reply.code(422)
      return
    }
    await signIn(ctx.request, data.email)
    return [new ComponentDirty(), new TriggerEvent('toast', { message: `Welcome, ${data.name}!` })]
  }
}

const ProductSchema = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 60 }),
  price: Type.Integer({ minimum: 1, maximum: 10000 })
})
type ProductData = Static<typeof ProductSchema>
type EditProps = { productId: number }

/**
 * Edits a product of the store (ModelFormComponent): `load` fills the form, a valid submit
 * calls `save`. Anyone may open the form, but saving needs the `products.change` permission
 * (admin / admin): the built-in `submit` command is redeclared with that permission, so an
 * anonymous save gets 401 and a customer's 403, and nothing runs.
 */
export class ProductEdit extends ModelFormComponent.of<typeof ProductSchema, EditProps>(ProductSchema) {
  static template = 'product-edit-form.njk'

  load (ctx: MountContext & { props: EditProps }) {
    const p = product(ctx.props.productId)
    return { name: p?.name, price: p?.price }
  }

  context (state: ModelFormState<EditProps>, ctx: MountContext) {
    const user = ctx.request === undefined ? null : currentUser(ctx.request)
    return { product: product(state.props.productId), canSave: user?.permissions.includes('products.change') === true }
  }

  @command({ permissions: [hasPermission('products.change')] })
  async submit (ctx: CallContext<ModelFormState<EditProps>>) {
    return await super.submit(ctx)
  }

  save (ctx: CallContext<ModelFormState<EditProps>>, data: ProductData) {
    const p = updateProduct(ctx.state.props.productId, data)!
    ctx.log.info({ productId: p.id, by: currentUser(ctx.request)?.login }, 'product changed')
    return [new ComponentDirty(), new TriggerEvent('toast', { message: `Saved: ${p.name}, €${p.price}` })]
  }
}
