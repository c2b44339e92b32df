/** @module test/client/events — HX-Trigger values aimed at body for htmx 4 when the sender is swapped away. */
import t from 'tap'
import { atBody } from '../../lib/client/events.js'

t.test('atBody: every event gets target body; details keep their members, scalars become { value }', async (t) => {
  t.same(JSON.parse(atBody('{"toast":{"message":"hi"},"ping":7,"n":null}')), { toast: { message: 'hi', target: 'body' }, ping: { value: 7, target: 'body' }, n: { target: 'body' } })
  t.same(JSON.parse(atBody('a, b')), { a: { target: 'body' }, b: { target: 'body' } }, 'a name list')
  t.same(JSON.parse(atBody('{"x":{"target":"#cart"}}')), { x: { target: '#cart' } }, 'an explicit target is kept')
  t.equal(atBody('{not json'), '{not json', 'unparseable: left alone')
})
