/** @module example-app/components/layout — page-layout components: a card with header, body and footer slots. */
import { command, LiveComponent, type CallContext } from 'fastify-livecomponents'

type CardState = { title: string, compact: boolean }

/**
 * A card whose header, body and footer the page fills (`{% call component('panel-card') %}` with
 * `{% call fill('header') %}`…). "Compact" re-renders the card alone: the slot content comes
 * back from its signed state, and the live components in it keep working with their state.
 */
export class PanelCard extends LiveComponent<CardState, { title: string }> {
  static template = 'panel-card.njk'
  static slots = ['header', 'body', 'footer']
  static tag = 'section'

  mount (props: { title: string }): CardState {
    return { title: props.title, compact: false }
  }

  @command toggle (ctx: CallContext<CardState>) { ctx.state.compact = !ctx.state.compact }
}
