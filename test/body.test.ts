/** @module test/body — the strict urlencoded parser of command bodies: state tokens taken as they are, everything else decoded and checked. */
import t from 'tap'
import { BAD_BODY, strictFormParser } from '../lib/core/commands/body.js'

t.test('state tokens are taken as they are; percent-encoded or plus-spelled ones are decoded with the rest, and all of them are kept', async (t) => {
  t.same({ ...strictFormParser('__lc_id=a&__lc_state=v1.abc.mac') }, { __lc_id: 'a', __lc_state: 'v1.abc.mac' })
  t.same({ ...strictFormParser('__lc_state=v1.a.m&note=caf%C3%A9&__lc_state=v1.b.m') }, { __lc_state: ['v1.a.m', 'v1.b.m'], note: 'café' })
  t.same({ ...strictFormParser('__lc_state=v1.a.m&__lc_state=v1%2Eb.m&__lc_state=v1+c') }, { __lc_state: ['v1.a.m', 'v1.b.m', 'v1 c'] }, 'one taken as it is, the others decoded')
  t.same({ ...strictFormParser('__lc_state=%2E') }, { __lc_state: '.' })
  t.same({ ...strictFormParser('x__lc_state=1') }, { x__lc_state: '1' }, 'only the field itself')
  t.equal(strictFormParser('__lc_state=v1.a.m&q=%FF')[BAD_BODY], 'field 2 is not valid percent-encoded UTF-8')
  t.match(strictFormParser('__lc_state=v1 a')[BAD_BODY], /never has/)
})
