/** @module example-app/components/misc — search (with its recent searches, fed by props), language switch, like button and counter. */
import {
  command, ComponentClean, LiveComponent, RefreshPage, ReplaceUrl, TriggerEvent, type CallContext, type MountContext
} from 'fastify-livecomponents'
import { langOf, likes, requestOf, searchProducts, setLang } from '../store.js'

type SearchState = { q: string }

/** Search that updates its results and the URL (ReplaceUrl). */
export class ProductSearch extends LiveComponent<SearchState, { q?: string }> {
  static template = 'product-search.njk'
  mount (props: { q?: string }): SearchState {
    return { q: props.q ?? '' }
  }

  context (state: SearchState) {
    return { results: searchProducts(state.q) }
  }

  @command
  search (ctx: CallContext<SearchState>) {
    const q = ctx.args.q
    ctx.state.q = typeof q === 'string' ? q.slice(0, 100) : ''
    return new ReplaceUrl(ctx.state.q === '' ? '/search' : `/search?q=${encodeURIComponent(ctx.state.q)}`)
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
