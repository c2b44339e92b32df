/** @module example-app/components/activity — the shop's activity: a polled "orders today" figure, and an activity feed streamed with infinite scroll. */
import { command, LiveComponent, type CallContext } from 'fastify-livecomponents'
import { activityAfter, activityBefore, newestActivity, orders } from '../store.js'

/**
 * Items added to carts today, re-rendered every 5 seconds by `{{ poll(5) }}`: while nothing
 * changed, each poll is answered with nothing to swap (skip-if-unchanged).
 */
export class OrdersToday extends LiveComponent<{}> {
  static template = 'orders-today.njk'
  static tag = 'span'
  mount () { return {} }
  context () { return { count: orders.today } }
}

type FeedState = { newest: number, oldest: number }

/** Entries shown at first, and loaded per scroll. */
const PAGE = 10

/**
 * The shop's activity log as a stream (LiveView's `stream/4`): the entries live in the page,
 * the state keeps only the ids of both ends. New entries are prepended by a poll every 3
 * seconds; scrolling to the end appends older ones; at most 60 stay in the page.
 */
export class ActivityFeed extends LiveComponent<FeedState> {
  static template = 'activity-feed.njk'
  static streams = { entries: { key: 'id', template: 'activity-entry.njk', tag: 'li', container: 'ul', limit: 60 } }
  mount (): FeedState {
    const newest = newestActivity()
    const first = activityBefore(newest + 1, PAGE)
    return { newest, oldest: first.at(-1)?.id ?? newest + 1 }
  }

  context (state: FeedState) {
    return { first: activityBefore(state.newest + 1, PAGE), more: activityBefore(state.oldest, 1).length > 0 }
  }

  @command newer (ctx: CallContext<FeedState>) {
    const fresh = activityAfter(ctx.state.newest, 60)
    if (fresh.length === 0) return
    ctx.stream('entries').prepend(...fresh)
    ctx.state.newest = fresh[0].id
  }

  @command older (ctx: CallContext<FeedState>) {
    const rows = activityBefore(ctx.state.oldest, PAGE)
    if (rows.length === 0) return
    ctx.stream('entries').append(...rows)
    ctx.state.oldest = rows.at(-1)!.id
  }
}
