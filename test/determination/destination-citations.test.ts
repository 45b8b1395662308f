/**
 * Review finding F3: under the October 2022 rule each destination's licence requirement cites the rule that put it
 * there (data/policies/license-requirements/ac-2022-destinations.yaml, `memberCitations`): China 87 FR 62186 (2022-10-07)
 * on both sides of 2023-01-17, Macau 88 FR 2821 (the 2023 rule) from its first day.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { determine } from '../../src/determination/determine.js'
import { loadRules } from '../../src/rules/load-rules.js'
import { memberCitationAt } from '../../src/rules/parameter-at.js'
import type { IsoDate } from '../../src/shared/iso-date.js'

const rules = loadRules()
const RULE = 'policies.license-requirements.ac-2022-destinations'
const requirement = (to: string, date: string) => determine({ date, item: { chip: 'nvidia-h100-sxm' }, quantity: 8, to }, { rules }).reasons.find((r) => r.ruleId === RULE)

for (const date of ['2023-01-16', '2023-01-17', '2023-11-01']) {
  test(`China (and Hong Kong as China) on ${date} is cited to 87 FR 62186, not the Macau rule`, () => {
    for (const to of ['CN', 'HK']) {
      const r = requirement(to, date)!
      assert.ok(r, `${to} ${date}: a 2022 destination requirement`)
      const c = r.citations[0]!
      assert.equal(c.source.citation, '87 FR 62186')
      assert.equal(c.effective, '2022-10-07')
      assert.equal(c.cfr, '15 CFR 742.6(a)(6)(iii) (2022)')
      assert.doesNotMatch(JSON.stringify(r.citations), /88 FR 2821/)
    }
  })
}

test('Macau: no requirement on 2023-01-16; from 2023-01-17 it is cited to 88 FR 2821', () => {
  assert.equal(requirement('MO', '2023-01-16'), undefined)
  for (const date of ['2023-01-17', '2023-11-01']) {
    const c = requirement('MO', date)!.citations[0]!
    assert.equal(c.source.citation, '88 FR 2821')
    assert.equal(c.effective, '2023-01-17')
  }
})

test('a member without its own citation gets the dated entry\'s', () => {
  assert.equal(memberCitationAt(rules, RULE, '2023-06-01' as IsoDate, 'MO')!.source.id, 'fr-2023-00888')
  assert.equal(memberCitationAt(rules, RULE, '2022-12-01' as IsoDate, 'CN')!.source.id, 'fr-2022-21658')
  assert.equal(memberCitationAt(rules, RULE, '2022-10-06' as IsoDate, 'CN'), undefined)
})
