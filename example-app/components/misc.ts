/** @module example-app/components/misc — search (URL-bound query and page, with its recent searches fed by props), language switch, like button and counter. */
import {
  command, ComponentClean, LiveComponent, RefreshPage, TriggerEvent, type CallContext, type MountContext
} from 'fastify-livecomponents'
import { Type } from '@sinclair/typebox'
import { langOf, likes, requestOf, searchProducts, setLang } from '../store.js'

type SearchState = { q: string, page: number }

/** Results per page of the search. */
export const PAGE_SIZE = 2

/**
 * Search whose query and page number live in the URL (`static url`): `/search?q=cup&p=2` opens
 * on that page, a new query replaces `?q=`, and each page is pushed (`?p=`), so back and forward
 * step through the pages without reloading.
 */
export class ProductSearch extends LiveComponent<SearchState, { q?: string }> {
  static template = 'product-search.njk'
  static url = ['q', { key: 'page', as: 'p', history: 'push' as const, schema: Type.Integer({ minimum: 1, maximum: 1000 }), except: 1 }]
  mount (props: { q?: string }): SearchState {
    return { q: props.q ?? '', page: 1 }
  }

  context (state: SearchState) {
    const all = searchProducts(state.q)
    const pages = Math.max(1, Math.ceil(all.length / PAGE_SIZE))
    const page = Math.min(state.page, pages)
    return { total: all.length, results: all.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE), page, pages }
  }

  @command
  search (ctx: CallContext<SearchState>) {
    const q = ctx.args.q
    ctx.state.q = typeof q === 'string' ? q.slice(0, 100) : ''
    ctx.state.page = 1
  }

  @command({ positional: Type.Tuple([Type.Integer({ minimum: 1, maximum: 1000 })]) })
  goTo (ctx: CallContext<SearchState>, page: number) {
    ctx.state.page = page
  }
}

type RecentState = { q: string, recent: string[] }

/**
 * The search's recent queries: a child that gets the query as a prop from its parent. When the
 * parent re-renders with a new query, `update()` (LiveView's `update/2`) takes it and adds it to
 * the list this child keeps in its own state; "Clear" is its own command.
 */
export class RecentSearches extends LiveComponent<RecentState, { q: string }> {
  static template = 'recent-searches.njk'
  static tag = 'aside'
  mount (props: { q: string }): RecentState {
    return { q: props.q, recent: props.q === '' ? [] : [props.q] }
  }

  update (props: { q: string }, state: RecentState): RecentState {
    if (props.q === state.q || props.q === '') return { ...state, q: props.q }
    return { q: props.q, recent: [props.q, ...state.recent.filter((r) => r !== props.q)].slice(0, 5) }
  }

  @command
  clear (ctx: CallContext<RecentState>) {
    ctx.state.recent = []
  }
}

/** Language switch: the whole page changes, so it reloads (RefreshPage). */
export class LanguageSwitch extends LiveComponent<{}> {
  static template = 'language-switch.njk'
  static tag = 'span'
  mount () { return {} }
  context (_s: {}, ctx: MountContext) {
    return { lang: langOf(requestOf(ctx)) }
  }

  @command
  setLang (ctx: CallContext<{}>, lang: string) {
    setLang(requestOf(ctx), lang === 'de' ? 'de' : 'en')
    return new RefreshPage()
  }
}

type LikeState = { productId: number }

/** A tracked like: counted on the server, nothing re-rendered (ComponentClean); a toast says thanks (TriggerEvent). */
export class LikeButton extends LiveComponent<LikeState, { productId: number }> {
  static template = 'like-button.njk'
  static tag = 'span'
  mount (props: { productId: number }): LikeState {
    return { productId: props.productId }
  }

  @command
  like (ctx: CallContext<LikeState>) {
    likes.set(ctx.state.productId, (likes.get(ctx.state.productId) ?? 0) + 1)
    const n = likes.get(ctx.state.productId)!
    ctx.log.info({ productId: ctx.state.productId, likes: n }, 'like tracked')
    return [new ComponentClean(), new TriggerEvent('toast', { message: `Thanks! ${n} like${n === 1 ? '' : 's'} so far.` })]
  }
}

type CounterState = { count: number }

/** The classic counter. */
export class Counter extends LiveComponent<CounterState, { start?: number }> {
  static template = 'counter.njk'
  mount (props: { start?: number }): CounterState {
    return { count: props.start ?? 0 }
  }

  @command inc (ctx: CallContext<CounterState>, by: number) { ctx.state.count += by }
  @command reset (ctx: CallContext<CounterState>) { ctx.state.count = 0 }
}
