/** @module features/forms/feature — forms as a feature: compiles each FormComponent's schema, hands it to the form, and adds the `field()` and `field_error()` helpers. */
import type { Validator } from '../../core/commands/schema.js'
import type { Feature, RenderFrame } from '../../core/hooks.js'
import type { Host } from '../../core/host.js'
import type { Registration } from '../../core/registry.js'
import { PARTIAL } from '../../core/render/partials.js'
import { escapeHtml } from '../../core/render/renderer.js'
import { LC_BAD_CMD_HELPER, LC_INVALID_COMPONENT } from '../../errors.js'
import { ATTR, FIELD, PATH } from '../../protocol.js'
import { BIND_FORM, FormComponent } from './form-component.js'
import { boundFields, declaredFields, fieldIds, isFieldName } from './markup.js'

/**
 * Options of the `field(name, opts)` template helper.
 *
 * @example
 * {{ field('email', { delay: 600 }) }}
 */
export interface FieldOptions {
  /** live validation while typing, when the form has `fieldChange` (FormComponent has); default true */
  live?: boolean
  /** pause after the last keystroke before live validation, in milliseconds; default 400 */
  delay?: number
}

/**
 * The forms feature.
 * - Register time: a FormComponent subclass needs a `static schema`, compiled once (TypeBox
 *   through Fastify's Ajv, or any Standard Schema); LC_INVALID_COMPONENT otherwise.
 * - Before a form's command runs: the form gets its validator and the error renderer.
 * - `field(name, { live, delay })` writes an input's `name`, `id`, `aria-invalid`,
 *   `aria-describedby` and, for live validation, the attributes that post
 *   `fieldChange/<name>` on input after a pause (`hx-trigger="input changed delay:…"`) with
 *   `hx-sync="this:replace"` (a newer keystroke replaces the request in flight) and without the
 *   in-flight disable, so typing goes on undisturbed.
 * - `field_error(name)` writes the field's error element (the `livecomponents/field-error.njk`
 *   partial): always present, so live validation has a target; `aria-live="polite"`.
 * - `form_errors()` (or `field_error('')`) writes the errors of the form as a whole: what the
 *   schema reports at its root, such as a cross-field rule (zod's `refine`), in the same partial
 *   with the id `{component id}--error`; shown after a submit (cross-field rules run on submit).
 *
 * @example
 * const feature = formsFeature(host)
 */
export function formsFeature (host: Host): Feature {
  const validators = new WeakMap<Registration, { validate: Validator, fields: ReadonlySet<string> | null }>()
  const errorElement = (componentId: string, field: string, errors: readonly string[], oob: boolean): string => {
    const ids = fieldIds(componentId, field)
    // the form's own errors (field '') belong to no input
    const attrs = `${field === '' ? '' : `${ATTR.errorFor}="${ids.input}"`}${oob ? ' hx-swap-oob="true"' : ''}`
    return host.partials.render(PARTIAL.fieldError, { id: ids.error, attrs: host.partials.safe(attrs), errors })
  }
  const errorsOf = (frame: RenderFrame, name: string): string[] => {
    const errors = (frame.state as { fieldErrors?: Record<string, unknown> } | null)?.fieldErrors?.[name]
    return Array.isArray(errors) ? errors.map(String) : []
  }
  const formErrors = (frame: RenderFrame | null): string => {
    if (!frame) throw new LC_BAD_CMD_HELPER('form_errors', 'call it inside a component template')
    return errorElement(frame.id, '', errorsOf(frame, ''), false)
  }
  const formFrame = (frame: RenderFrame | null, name: unknown): RenderFrame => {
    if (!frame) throw new LC_BAD_CMD_HELPER('field', 'call it inside a component template')
    if (!isFieldName(name)) throw new LC_BAD_CMD_HELPER('field', `"${String(name)}" is not a valid field name`)
    return frame
  }
  return {
    name: 'forms',
    register (reg, schemas) {
      if (!(reg.cls.prototype instanceof FormComponent)) return
      const schema = (reg.cls as unknown as { schema?: unknown }).schema
      if (typeof schema !== 'object' || schema === null) throw new LC_INVALID_COMPONENT(reg.cls.name, 'a FormComponent needs a static schema (TypeBox or Standard Schema)')
      validators.set(reg, { validate: schemas.compile(schema as never, `${reg.cls.name}.schema`), fields: declaredFields(schema) })
    },
    beforeRun ({ instance, reg }) {
      const compiled = validators.get(reg)
      if (instance instanceof FormComponent && compiled !== undefined) {
        instance[BIND_FORM]({ ...compiled, fieldError: (id, field, errors) => errorElement(id, field, errors, true) })
      }
    },
    helpers: {
      field: (scope, name: string, opts: FieldOptions = {}) => {
        const frame = formFrame(scope.frame, name)
        const ids = fieldIds(frame.id, name)
        const errors = errorsOf(frame, name)
        // a field the form keeps is bound to `formData.<name>` (model binding): a parent's command carries it
        const bound = frame.reg.cls.prototype instanceof FormComponent && boundFields(frame.reg.cls as typeof FormComponent).has(name)
        const attr = bound ? `name="${escapeHtml(`${FIELD.model}${frame.id}#formData.${name}`)}" ${ATTR.model}="formData.${name}"` : `name="${escapeHtml(name)}"`
        let out = `${attr} id="${ids.input}" aria-invalid="${errors.length > 0 ? 'true' : 'false'}" aria-describedby="${ids.error}"`
        if (opts.live !== false && frame.reg.commands.includes('fieldChange')) {
          const url = `${host.prefix}/${frame.reg.name}/${PATH.command}/fieldChange/${encodeURIComponent(name)}`
          out += ` ${scope.commandAttributes(url, { sync: 'this:replace', disable: false })} hx-trigger="input changed delay:${opts.delay ?? 400}ms" ${ATTR.liveField}`
        }
        return out
      },
      field_error: (scope, name: string) => {
        if (name === '') return formErrors(scope.frame)
        const frame = formFrame(scope.frame, name)
        return errorElement(frame.id, name, errorsOf(frame, name), false)
      },
      form_errors: (scope) => formErrors(scope.frame)
    }
  }
}
