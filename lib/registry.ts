/** @module registry — component name → class, one registry per plugin instance (seed 001's ComponentRegistry). */
import { LiveComponent, listCommands, type ComponentClass } from './component.js'
import { LC_DUPLICATE_COMPONENT, LC_INVALID_COMPONENT } from './errors.js'

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
}

/**
 * Maps component names to classes. Registering another class under a taken name throws
 * LC_DUPLICATE_COMPONENT; registering the same class twice is a no-op (seed 001).
 *
 * @example
 * const registry = new ComponentRegistry()
 * registry.register(ProductRow)
 * registry.get('product-row')?.cls === ProductRow // true
 */
export class ComponentRegistry {
  private readonly byName = new Map<string, Registration>()

  /**
   * @throws LC_INVALID_COMPONENT when the class does not extend LiveComponent, has no
   *   `static template`, has a bad name or an unsupported `static tag`
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
    const reg = { name, cls, tag, commands: listCommands(cls) }
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
