/** Listed-party reasons are grouped by rule and party (the structured `party`), not by their text. */
import assert from 'node:assert/strict'
import test from 'node:test'
import { groupReasonsByParty } from '../../src/determination/group-reasons.js'

const el = (name: string, role: string, entry: string) => ({ ruleId: 'lists.el', text: `${name} (${role}) matches Entity List entry "${entry}"`, party: { role, name } })

test('one reason per rule and party, the rest in order behind it; reasons without a party stand alone', () => {
  const reasons = [
    { ruleId: 'subject-to-ear', text: 'subject' },
    el('Acme', 'end-user', 'A'),
    el('Acme', 'end-user', 'B'),
    el('Acme', 'ultimate-consignee', 'C'),
    { ruleId: 'lists.el', text: 'Acme (end-user) matches Entity List entry "D" (an older record with no party)' },
    { ruleId: 'lists.meu', text: 'Acme (end-user) matches MEU', party: { role: 'end-user', name: 'Acme' } },
    el('Acme', 'end-user', 'E'),
  ]
  const grouped = groupReasonsByParty(reasons)
  assert.deepEqual(grouped.map((g) => [g.reason.text.slice(0, 40), g.more.length]), [
    ['subject', 0],
    ['Acme (end-user) matches Entity List entr', 2],
    ['Acme (ultimate-consignee) matches Entity', 0],
    ['Acme (end-user) matches Entity List entr', 0],
    ['Acme (end-user) matches MEU', 0],
  ])
  assert.deepEqual(grouped[1]!.more.map((r) => r.text.slice(-2)), ['B"', 'E"'])
})

test('a party whose name contains " matches " is still one party', () => {
  const name = 'Perfect Matches Ltd'
  const g = groupReasonsByParty([el(name, 'end-user', 'X'), el(name, 'end-user', 'Y')])
  assert.equal(g.length, 1)
  assert.equal(g[0]!.more.length, 1)
})
