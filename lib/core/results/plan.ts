/** @module core/results/plan — the response plan that execution results apply themselves to, and how a command's return value becomes one. */
import { LC_BAD_RESULT, LC_DUPLICATE_EVENT } from '../../errors.js'
import { HEADER } from '../../protocol.js'
import { asciiJson, headerUrl } from '../header-values.js'
import { ComponentDirty, ExecutionResult, type ResponsePlan } from './results.js'

/**
 * What the response must do, before any rendering.
 *
 * @example
 * const { headers, dirty } = planResults(returned, input)
 */
export interface PlannedResponse {
  /** htmx response headers: HX-Redirect, HX-Refresh, HX-Replace-Url, HX-Push-Url, HX-Trigger, and any a custom result set */
  headers: Record<string, string>
  /** the body is empty and nothing is rendered: a result navigates away (RedirectPage, RefreshPage) or cancelled rendering (CancelRendering, with HX-Reswap: none) */
  navigates: boolean
  /** ids to render, without the ones a dirty ancestor re-renders, in first-mention order */
  dirty: string[]
  /** ids that were marked dirty but were not sent with the request (not on the page) */
  missing: string[]
}

/**
 * Where the invoking instance sits, and the parents of every instance the request sent.
 *
 * @example
 * planResults(undefined, { command: 'add', selfId: 'row:1', parentOf: (id) => parents.get(id), warn: log.warn })
 */
export interface PlanInput {
  command: string
  selfId: string
  /** parent id of an instance sent with the request; undefined when it was not sent */
  parentOf: (id: string) => string | null | undefined
  /** instances re-rendered whatever the results say (a feature changed their state), unless the response navigates */
  alsoDirty?: readonly string[]
  /** results of handlers features ran on other instances (server event listeners), each relative to its instance */
  others?: ReadonlyArray<{ id: string, returned: unknown }>
  /** a warning for the log (ParentDirty on a top-level component) */
  warn: (msg: string) => void
}

/**
 * The {@link ResponsePlan} that {@link planResults} applies results to.
 *
 * @example
 * const plan = new PlanBuilder(input); result.apply(plan); plan.finish()
 */
export class PlanBuilder implements ResponsePlan {
  /** the invoking instance's id (while another instance's results apply: that one's) */
  selfId: string
  /** the command's name */
  readonly command: string
  private readonly headers: Record<string, string> = {}
  private readonly triggers: Record<string, unknown> = {}
  private readonly marked: string[] = []
  private decided = false
  private navigates = false
  private cancelled = false

  constructor (private readonly input: PlanInput) {
    this.selfId = input.selfId
    this.command = input.command
  }

  markDirty (id: string = this.selfId): void {
    this.decided = true
    this.marked.push(id)
  }

  markParentDirty (): void {
    this.decided = true
    const parent = this.input.parentOf(this.selfId)
    if (parent) this.marked.push(parent)
    else this.input.warn(`ParentDirty from "${this.command}" on a top-level component; nothing to re-render`)
  }

  markClean (): void {
    this.decided = true
  }

  setHeader (name: string, value: string, opts: { url?: boolean } = {}): void {
    this.headers[name] = opts.url === true ? headerUrl(value) : String(value)
  }

  navigate (header: string, value: string, opts: { url?: boolean } = {}): void {
    this.setHeader(header, value, opts)
    this.navigates = true
  }

  trigger (name: string, detail: unknown = null, opts: { target?: string } = {}): void {
    if (Object.hasOwn(this.triggers, name)) throw new LC_DUPLICATE_EVENT(this.command, name)
    if (opts.target === undefined) this.triggers[name] = detail
    else if (typeof detail === 'object' && detail !== null && !Array.isArray(detail)) this.triggers[name] = { ...detail, target: opts.target }
    else this.triggers[name] = detail === null ? { target: opts.target } : { value: detail, target: opts.target }
  }

  cancel (): void {
    this.decided = true
    this.cancelled = true
  }

  /**
   * Apply the results a handler returned on the instance `id` (a server event's listener) as if
   * it were the invoking one: `ComponentDirty()` and `ParentDirty` are relative to it, and it is
   * dirty when none of its results decided about rendering.
   */
  applyFor (id: string, results: readonly ExecutionResult[]): void {
    const [self, decided] = [this.selfId, this.decided]
    this.selfId = id
    this.decided = false
    for (const r of results) r.apply(this)
    if (!this.decided) this.marked.push(id)
    // the invoking handler's own decision stands: a listener's ComponentClean does not make it clean
    this.selfId = self
    this.decided = decided
  }

  /** The planned response; see {@link planResults}. */
  finish (): PlannedResponse {
    if (!this.decided) this.marked.push(this.selfId)
    const headers = { ...this.headers }
    if (Object.keys(this.triggers).length > 0) headers[HEADER.trigger] = asciiJson(this.triggers)
    if (this.navigates) return { headers, navigates: true, dirty: [], missing: [] }
    // CancelRendering: an empty body that swaps nothing
    if (this.cancelled) return { headers: { ...headers, [HEADER.reswap]: 'none' }, navigates: true, dirty: [], missing: [] }
    const parentOf = this.input.parentOf
    const unique = [...new Set([...this.marked, ...this.input.alsoDirty ?? []])]
    const missing = unique.filter((id) => parentOf(id) === undefined)
    const present = new Set(unique.filter((id) => parentOf(id) !== undefined))
    const dirty = [...present].filter((id) => !hasDirtyAncestor(id, present, parentOf))
    return { headers, navigates: false, dirty, missing }
  }
}

/**
 * Maps a command's return value onto htmx headers and the set of components to re-render, by
 * applying each execution result to a {@link ResponsePlan}:
 * - nothing returned → ComponentDirty(); a list applies its results in order;
 * - the invoking component is dirty when no result decided about rendering (no ComponentClean,
 *   ComponentDirty or ParentDirty), so `return new ReplaceUrl(u)` still re-renders it;
 * - a dirty component whose ancestor is dirty too is dropped, by walking the real parent chain
 *   (never by id prefix, so `row:1` does not swallow `row:10`).
 *
 * @throws LC_BAD_RESULT (500) when anything but execution results was returned
 * @example
 * planResults([new ComponentDirty(), new ComponentDirty('cart-counter')], input).dirty // ['row:7', 'cart-counter']
 */
export function planResults (returned: unknown, input: PlanInput): PlannedResponse {
  const plan = new PlanBuilder(input)
  for (const r of resultList(returned, input.command)) r.apply(plan)
  for (const other of input.others ?? []) plan.applyFor(other.id, resultList(other.returned, input.command))
  return plan.finish()
}

/** A handler's return value as a list of execution results; nothing returned is ComponentDirty(). */
function resultList (returned: unknown, command: string): ExecutionResult[] {
  const list: unknown[] = returned === undefined ? [new ComponentDirty()] : Array.isArray(returned) ? returned : [returned]
  for (const r of list) {
    if (!(r instanceof ExecutionResult)) throw new LC_BAD_RESULT(command, describe(r))
  }
  return list as ExecutionResult[]
}

function hasDirtyAncestor (id: string, dirty: Set<string>, parentOf: (id: string) => string | null | undefined): boolean {
  const seen = new Set<string>([id])
  for (let p = parentOf(id); p != null && !seen.has(p); p = parentOf(p)) {
    if (dirty.has(p)) return true
    seen.add(p)
  }
  return false
}

function describe (value: unknown): string {
  if (value === null) return 'null'
  if (typeof value === 'object') return `an object of class ${value.constructor?.name ?? 'Object'}`
  return `a ${typeof value}`
}
