/** @module core/registry — component name → class, one registry per plugin instance, with each feature's register-time checks. */
import type { SchemaCompiler, Validator } from './commands/schema.js'
import { findCommand, listCommands, specOf } from './command.js'
import { LiveComponent, StatelessLiveComponent, type ComponentClass } from './component.js'
import { LC_DUPLICATE_COMPONENT, LC_INVALID_COMPONENT } from '../errors.js'

/**
 * Root elements a component may render as: any element whose content the HTML parser keeps as
 * written, so its hidden state field stays inside it, plus `tr`, whose state field goes into its
 * first cell. Refused: table parts other than rows and cells (`table`, `tbody`, `thead`, `tfoot`,
 * `colgroup`: the parser moves an input out of them), `select`/`option`/`optgroup` (they hold no
 * elements), void elements, `template`, `textarea`, `script` and `style`.
 *
 * @example
 * ALLOWED_TAGS.has('tr') // true
 * ALLOWED_TAGS.has('tbody') // false
 */
export const ALLOWED_TAGS = new Set([
  'div', 'section', 'article', 'aside', 'header', 'footer', 'main', 'nav', 'address', 'hgroup', 'search',
  'p', 'span', 'em', 'strong', 'small', 'b', 'i', 'u', 's', 'mark', 'abbr', 'cite', 'q', 'code', 'kbd', 'samp', 'var', 'time', 'data', 'output', 'label', 'a',
  'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'menu',
  'form', 'fieldset', 'legend', 'button', 'details', 'summary', 'dialog', 'figure', 'figcaption', 'blockquote', 'pre',
  'tr', 'td', 'th', 'caption'
])

/**
 * More root elements for a `StatelessLiveComponent`, which has no state field to keep inside:
 * table sections, `select`, `option` and `optgroup` (a stateless `<option>` per item of a list).
 *
 * @example
 * STATELESS_TAGS.has('option') // true
 */
export const STATELESS_TAGS = new Set(['table', 'thead', 'tbody', 'tfoot', 'select', 'option', 'optgroup'])

const NAME_RE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/

/**
 * The default name of a component class: its name in kebab-case.
 *
 * @example
 * defaultName(class ProductRow {}) // 'product-row'
 */
export function defaultName (cls: Function): string {
  return cls.name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/([A-Z])([A-Z][a-z])/g, '$1-$2').toLowerCase()
}

/**
 * One registered component.
 *
 * @example
 * const { name, tag, commands } = registry.register(ProductRow)
 */
export interface Registration {
  name: string
  cls: ComponentClass
  tag: string
  /** whether its re-renders morph (`static morph`, default true) */
  morph: boolean
  /** a StatelessLiveComponent: rendered from props, no state token */
  stateless: boolean
  commands: string[]
  /** per command: its compiled argument schemas */
  specs: Map<string, CompiledSpec>
}

/**
 * A command's argument schemas, ready to check requests against.
 *
 * @example
 * const { positional, named } = reg.specs.get('add')!
 */
export interface CompiledSpec {
  positional?: Validator
  named?: Validator
}

/**
 * A check or compilation a feature runs on every class at registration (its `register` hook).
 * Throws LC_INVALID_COMPONENT to refuse the class; keeps what it compiled itself.
 *
 * @example
 * const checkTopics: RegisterHook = (reg) => { if (reg.cls.topics !== undefined && typeof reg.cls.topics !== 'function') throw … }
 */
export type RegisterHook = (reg: Registration, schemas: SchemaCompiler) => void

/**
 * Maps component names to classes. Registering another class under a taken name throws
 * LC_DUPLICATE_COMPONENT; registering the same class twice is a no-op.
 *
 * @example
 * const registry = new ComponentRegistry(new SchemaCompiler())
 * registry.register(ProductRow)
 * registry.get('product-row')?.cls === ProductRow // true
 */
export class ComponentRegistry {
  private readonly byName = new Map<string, Registration>()

  /**
   * @param schemas - compiles argument schemas (one compiler per plugin registration)
   * @param hooks - the features' register hooks, run on every new class in order
   */
  constructor (private readonly schemas: SchemaCompiler, private readonly hooks: () => readonly RegisterHook[] = () => []) {}

  /**
   * @throws LC_INVALID_COMPONENT when the class does not extend LiveComponent, has no
   *   `static template`, has a bad name or an unsupported `static tag`, an argument schema that
   *   does not compile, or a feature's register hook refuses it
   * @throws LC_DUPLICATE_COMPONENT when another class has the name
   */
  register (cls: ComponentClass): Registration {
    if (typeof cls !== 'function' || !(cls.prototype instanceof LiveComponent)) {
      throw new LC_INVALID_COMPONENT(String((cls as any)?.name ?? cls), 'it must be a class that extends LiveComponent')
    }
    const name = cls.componentName ?? defaultName(cls)
    if (!NAME_RE.test(name)) throw new LC_INVALID_COMPONENT(cls.name, `name "${name}" must be kebab-case (a-z, 0-9, -)`)
    if (typeof cls.template !== 'string' || cls.template === '') throw new LC_INVALID_COMPONENT(cls.name, 'it needs a static template path')
    const tag = cls.tag ?? 'div'
    const stateless = cls.prototype instanceof StatelessLiveComponent
    if (!ALLOWED_TAGS.has(tag) && !(stateless && STATELESS_TAGS.has(tag))) {
      const more = STATELESS_TAGS.has(tag) ? `; a StatelessLiveComponent, which has no state field, may be a <${tag}>` : ''
      throw new LC_INVALID_COMPONENT(cls.name, `static tag "${tag}" cannot be a component root: its hidden state field would not stay inside it (allowed: ${[...ALLOWED_TAGS].join(', ')})${more}`)
    }
    if (cls.morph !== undefined && typeof cls.morph !== 'boolean') throw new LC_INVALID_COMPONENT(cls.name, 'static morph must be true or false')
    if (cls.reactive !== undefined && (!Array.isArray(cls.reactive) || !cls.reactive.every((k) => typeof k === 'string' && k !== '__proto__' && k !== 'constructor' && k !== 'prototype'))) {
      throw new LC_INVALID_COMPONENT(cls.name, 'static reactive must be an array of state keys')
    }
    const taken = this.byName.get(name)
    if (taken) {
      if (taken.cls === cls) return taken
      throw new LC_DUPLICATE_COMPONENT(name, taken.cls.name)
    }
    const commands = listCommands(cls)
    const specs = new Map<string, CompiledSpec>()
    for (const command of commands) {
      const spec = specOf(findCommand(cls, command)!)
      const where = `${cls.name}.${command}`
      specs.set(command, {
        positional: spec.positional === undefined ? undefined : this.schemas.compile(spec.positional, `${where} positional arguments`),
        named: spec.named === undefined ? undefined : this.schemas.compile(spec.named, `${where} named arguments`)
      })
    }
    if (stateless && commands.length > 0) throw new LC_INVALID_COMPONENT(cls.name, `a StatelessLiveComponent has no state, so no commands (${commands.join(', ')}): put them on its stateful parent`)
    const reg: Registration = { name, cls, tag, morph: cls.morph !== false, stateless, commands, specs }
    for (const hook of this.hooks()) hook(reg, this.schemas)
    this.byName.set(name, reg)
    return reg
  }

  /** The registration of `name`, or undefined. */
  get (name: string): Registration | undefined {
    return this.byName.get(name)
  }

  /** Every registration, in registration order. */
  list (): Registration[] {
    return [...this.byName.values()]
  }
}
