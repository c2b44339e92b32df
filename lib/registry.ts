/** @module registry — component name → class, one registry per plugin instance (seed 001's ComponentRegistry). */
import { LiveComponent, findCommand, listCommands, specOf, type ComponentClass } from './component.js'
import { LC_DUPLICATE_COMPONENT, LC_INVALID_COMPONENT } from './errors.js'
import type { SchemaCompiler, Validator } from './features/commands/schema.js'
import { FormComponent } from './features/forms/form-component.js'
import type { Permission } from './features/permissions/permissions.js'

/**
 * Root elements a component may render as; each can hold the hidden state field.
 *
 * @example
 * ALLOWED_TAGS.has('li') // true; 'tr' is not allowed (a hidden input cannot sit in a row)
 */
export const ALLOWED_TAGS = new Set(['div', 'section', 'article', 'aside', 'li', 'span', 'td', 'th', 'header', 'footer', 'main', 'nav', 'dd', 'form'])

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
  commands: string[]
  /** the component's own permissions (`static permissions`) */
  permissions: Permission[]
  /** per command: its permissions (the component's first) and compiled argument schemas */
  specs: Map<string, CompiledSpec>
  /** a FormComponent's compiled `static schema` */
  schema?: Validator
}

/**
 * A command's declaration, ready to check requests against.
 *
 * @example
 * const { permissions, positional, named } = reg.specs.get('add')!
 */
export interface CompiledSpec {
  /** the component's permissions followed by the command's */
  permissions: Permission[]
  positional?: Validator
  named?: Validator
}

function permissionList (value: unknown, where: string, cls: Function): Permission[] {
  if (value === undefined) return []
  if (!Array.isArray(value) || !value.every((p) => typeof p === 'function')) {
    throw new LC_INVALID_COMPONENT(cls.name, `${where} must be an array of permission functions`)
  }
  return value
}

/**
 * Maps component names to classes. Registering another class under a taken name throws
 * LC_DUPLICATE_COMPONENT; registering the same class twice is a no-op (seed 001).
 *
 * @example
 * const registry = new ComponentRegistry(new SchemaCompiler())
 * registry.register(ProductRow)
 * registry.get('product-row')?.cls === ProductRow // true
 */
export class ComponentRegistry {
  private readonly byName = new Map<string, Registration>()

  /** @param schemas - compiles the commands' argument schemas (one compiler per plugin registration) */
  constructor (private readonly schemas: SchemaCompiler) {}

  /**
   * @throws LC_INVALID_COMPONENT when the class does not extend LiveComponent, has no
   *   `static template`, has a bad name or an unsupported `static tag`, permissions that are
   *   not functions, or an argument schema that does not compile
   * @throws LC_DUPLICATE_COMPONENT when another class has the name
   */
  register (cls: ComponentClass): Registration {
    if (typeof cls !== 'function' || !(cls.prototype instanceof LiveComponent)) {
      throw new LC_INVALID_COMPONENT(String((cls as any)?.name ?? cls), 'it must be a class that extends LiveComponent')
    }
    const name = cls.componentName ?? defaultName(cls)
    if (!NAME_RE.test(name)) throw new LC_INVALID_COMPONENT(cls.name, `name "${name}" must be kebab-case (a-z, 0-9, -)`)
    if (typeof cls.template !== 'string' || cls.template === '') throw new LC_INVALID_COMPONENT(cls.name, 'it needs a static template path')
    if (cls.topics !== undefined && typeof cls.topics !== 'function') throw new LC_INVALID_COMPONENT(cls.name, 'static topics must be a function (state) => string[]')
    const tag = cls.tag ?? 'div'
    if (!ALLOWED_TAGS.has(tag)) throw new LC_INVALID_COMPONENT(cls.name, `static tag "${tag}" is not one of ${[...ALLOWED_TAGS].join(', ')}`)
    const taken = this.byName.get(name)
    if (taken) {
      if (taken.cls === cls) return taken
      throw new LC_DUPLICATE_COMPONENT(name, taken.cls.name)
    }
    if (cls.deniedTemplate !== undefined && (typeof cls.deniedTemplate !== 'string' || cls.deniedTemplate === '')) throw new LC_INVALID_COMPONENT(cls.name, 'static deniedTemplate must be a template path')
    const permissions = permissionList(cls.permissions, 'static permissions', cls)
    const commands = listCommands(cls)
    const specs = new Map<string, CompiledSpec>()
    for (const command of commands) {
      const spec = specOf(findCommand(cls, command)!)
      const where = `${cls.name}.${command}`
      specs.set(command, {
        permissions: [...permissions, ...permissionList(spec.permissions, `@command permissions of ${command}`, cls)],
        positional: spec.positional === undefined ? undefined : this.schemas.compile(spec.positional, `${where} positional arguments`),
        named: spec.named === undefined ? undefined : this.schemas.compile(spec.named, `${where} named arguments`)
      })
    }
    let schema: Validator | undefined
    if (cls.prototype instanceof FormComponent) {
      const formSchema = (cls as unknown as { schema?: unknown }).schema
      if (typeof formSchema !== 'object' || formSchema === null) throw new LC_INVALID_COMPONENT(cls.name, 'a FormComponent needs a static schema (TypeBox or Standard Schema)')
      schema = this.schemas.compile(formSchema as never, `${cls.name}.schema`)
    }
    const reg = { name, cls, tag, commands, permissions, specs, schema }
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
