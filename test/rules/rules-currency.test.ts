/** How current the rules data is: answers dated after the oldest parameter review say so (determinations and access checks). */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { checkAccess } from '../../src/access/check-access.js'
import { determine } from '../../src/determination/determine.js'
import { loadRules, type Rules } from '../../src/rules/load-rules.js'
import { rulesCurrency } from '../../src/rules/rules-currency.js'
import { addDays } from '../../src/store/dates.js'

const rules = loadRules()
const { reviewedThrough } = rulesCurrency(rules)
const dayAfter = addDays(reviewedThrough, 1)
const flagOf = (flags: { kind: string; id: string; text: string }[]) => flags.find((f) => f.id === 'rules-reviewed-through')

test('the data is current through the oldest review date of its parameters, not the newest', () => {
  const dates = [...rules.parameters.values()].map((p) => p.reviewed).sort()
  assert.equal(reviewedThrough, dates[0])
  assert.equal(rulesCurrency(rules).newestReview, dates.at(-1))
  assert.ok(rulesCurrency(rules).oldest.every((id) => rules.parameters.get(id)?.reviewed === reviewedThrough))
  // one parameter reviewed earlier moves the date back
  const older = new Map(rules.parameters)
  const [id, p] = [...older.entries()][0]!
  older.set(id, { ...p, reviewed: '2020-01-01' as never })
  assert.equal(rulesCurrency({ ...rules, parameters: older } as Rules).reviewedThrough, '2020-01-01')
})

test('a determination on the review date carries no caveat; the day after (and a future date) says which date the rules stand at', () => {
  const tx = (date: string) => ({ date, item: { chip: 'nvidia-h100-sxm' }, quantity: 8, to: 'DE' })
  assert.equal(flagOf(determine(tx(reviewedThrough), { rules }).flags), undefined)
  for (const date of [dayAfter, '2099-06-01']) {
    const f = flagOf(determine(tx(date), { rules }).flags)
    assert.ok(f, date)
    assert.equal(f.kind, 'rules-currency')
    assert.match(f.text, new RegExp(`published through ${reviewedThrough} .*; this answer is for ${date}`))
  }
  assert.equal(flagOf(determine(tx('2024-01-10'), { rules }).flags), undefined)
})

test('an access check after the review date carries the same caveat', () => {
  const check = (date: string) => ({ date, who: { kind: 'person', name: 'Engineer A', citizenships: ['CN'] }, what: { kind: 'technology', eccn: '3E001' }, where: { country: 'US' } })
  assert.equal(flagOf(checkAccess(check(reviewedThrough), { rules }).flags), undefined)
  assert.ok(flagOf(checkAccess(check(dayAfter), { rules }).flags))
})
