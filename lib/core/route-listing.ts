/** @module core/route-listing — every command with its method, URL and parameters (a route listing per handler). */
import { findCommand } from './command.js'
import type { ComponentRegistry } from './registry.js'

/**
 * One command route.
 *
 * @example
 * for (const r of app.components.routes()) console.log(r.method, r.url)
 */
export interface RouteInfo {
  component: string
  command: string
  method: 'POST'
  /** e.g. `/components/product-row/cmd/add/:amount` */
  url: string
  /** positional parameter names, in order, read from the method's source (without `ctx`) */
  params: string[]
}

/**
 * Lists the command routes of every registered component.
 *
 * @example
 * listRoutes(registry, '/components')
 * // [{ component: 'product-row', command: 'add', method: 'POST', url: '/components/product-row/cmd/add/:amount', params: ['amount'] }]
 */
export function listRoutes (registry: ComponentRegistry, prefix: string): RouteInfo[] {
  return registry.list().flatMap((reg) => reg.commands.map((command) => {
    const params = parameterNames(findCommand(reg.cls, command)!).slice(1)
    return {
      component: reg.name,
      command,
      method: 'POST' as const,
      url: `${prefix}/${reg.name}/cmd/${command}${params.map((p) => '/:' + p).join('')}`,
      params
    }
  }))
}

/**
 * Parameter names of a function, from its source text: plain names, `...rest` and names with
 * defaults. A destructured parameter is listed as `arg<N>`. Display only; never used to call.
 *
 * @example
 * parameterNames(function add (ctx, amount = 1) {}) // ['ctx', 'amount']
 */
export function parameterNames (fn: Function): string[] {
  const src = fn.toString()
  const open = src.indexOf('(')
  if (open < 0) return []
  let depth = 0
  let current = ''
  const raw: string[] = []
  for (let i = open + 1; i < src.length; i++) {
    const ch = src[i]
    if (depth === 0 && (ch === ',' || ch === ')')) {
      raw.push(current.trim())
      current = ''
      if (ch === ')') break
      continue
    }
    if ('([{'.includes(ch)) depth++
    if (')]}'.includes(ch)) depth--
    current += ch
  }
  return raw.filter((p) => p !== '').map((p, i) => {
    const m = /^(\.\.\.)?([A-Za-z_$][\w$]*)/.exec(p)
    return m ? (m[1] ?? '') + m[2] : `arg${i}`
  })
}
