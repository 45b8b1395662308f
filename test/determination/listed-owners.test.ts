/**
 * New-user review N1/N2: an owner on a restricted list is at least a red flag on every date (the basis is dated data:
 * Know Your Customer guidance, red flag 29 while the Affiliates Rule stands), its unreviewed match is pending review;
 * a large owner in a country the parent rules look at raises "is it the ultimate parent?"; the Affiliates Rule's reason
 * names whose policy applies and the answer without the owners.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { determine } from '../../src/determination/determine.js'
import { pendingHitsOf } from '../../src/records/pending-hits.js'
import { loadRules } from '../../src/rules/load-rules.js'
import { buildScreener } from '../../src/screening/screener.js'
import { FIXTURE_LIST_ENTRIES, FIXTURE_SNAPSHOT } from '../fixtures/determination-list-entries.js'

const rules = loadRules()
const screener = buildScreener({ entries: FIXTURE_LIST_ENTRIES, snapshots: [FIXTURE_SNAPSHOT] })
const LISTED = 'Huawei Technologies Co., Ltd.' // an Entity List entry of the fixture
const tx = (date: string, o: { chip?: string; to?: string; share?: number; ownerCountry?: string; parent?: string } = {}) => ({
  date,
  item: { chip: o.chip ?? 'nvidia-h20' },
  quantity: 100,
  to: o.to ?? 'SG',
  parties: [{ role: 'end-user', name: 'Lion City Cloud Pte Ltd', country: o.to ?? 'SG', headquarters: o.to ?? 'SG', ...(o.parent ? { ultimateParentHeadquarters: o.parent } : {}), owners: [{ name: LISTED, share: o.share ?? 0.6, ...(o.ownerCountry ? { country: o.ownerCountry } : {}) }] }],
})
const ownerFlag = (r: ReturnType<typeof determine>) => r.flags.find((f) => f.id === 'listed-owner-end-user')

test('an owner on the Entity List is a red flag on every date, its basis dated: KYC guidance, red flag 29 while the Affiliates Rule stands', () => {
  const cases: [string, number, RegExp][] = [
    ['2025-06-01', 0.6, /Know Your Customer guidance/],
    ['2025-09-28', 0.3, /Know Your Customer guidance/],
    ['2025-09-29', 0.3, /red flag 29/],
    ['2025-11-09', 0.3, /red flag 29/],
    ['2025-11-10', 0.6, /Know Your Customer guidance/],
    ['2026-03-01', 0.6, /Know Your Customer guidance/],
    ['2026-11-10', 0.3, /red flag 29/],
  ]
  for (const [date, share, basis] of cases) {
    const r = determine(tx(date, { share }), { rules, screener })
    const f = ownerFlag(r)
    assert.ok(f, `${date}: ${r.flags.map((x) => x.id).join(', ')}`)
    assert.equal(f.kind, 'red-flag')
    assert.match(f.text, /Huawei Technologies Co\., Ltd\. \(\d+ % owner\) matches Entity List entry/)
    assert.match(f.citations![0]!.cfr, basis, date)
    // the unreviewed owner match is pending review, as a flag's (the verdict does not change if it is cleared)
    const hit = r.pendingReview?.hits.find((h) => h.role === 'owner' && h.name === LISTED)
    assert.ok(hit, date)
    assert.equal(hit.kind, 'red-flag')
    assert.equal(r.pendingReview!.ifCleared.verdict, r.verdict)
    assert.equal(pendingHitsOf(r).find((h) => h.matchedVia?.name === LISTED)?.kind, 'red-flag')
  }
  // suspended with 60 %: the flag says the rule imposes nothing while suspended
  assert.match(ownerFlag(determine(tx('2026-03-01'), { rules, screener }))!.text, /60 %: the Affiliates Rule is suspended on 2026-03-01/)
})

test('while the Affiliates Rule is in force, a 60 % listed owner makes a requirement (licence-relevant pending hit), not the red flag', () => {
  const r = determine(tx('2025-10-01'), { rules, screener })
  assert.equal(r.verdict, 'LICENSE_REQUIRED')
  assert.equal(ownerFlag(r), undefined)
  const hit = r.pendingReview?.hits.find((h) => h.role === 'owner')
  assert.ok(hit)
  assert.equal(hit.kind, undefined)
  assert.equal(pendingHitsOf(r).find((h) => h.matchedVia?.name === LISTED)?.kind, 'licence-relevant')
})

test('the Affiliates Rule reason names whose policy applies (the owner, its entry, its policy) and the answer without the owners', () => {
  const r = determine(tx('2025-10-01', { chip: 'nvidia-h100-sxm', to: 'AE' }), { rules, screener })
  const reason = r.reasons.find((x) => x.ruleId === 'policies.affiliates-rule')!
  assert.match(reason.text, /most restrictive owner's policy applies — Huawei Technologies Co\., Ltd\.'s Entity List entry, presumption of denial/)
  assert.match(reason.text, /licence review policy "Presumption of denial\."/)
  assert.match(reason.text, /Without the listed owners, the answer would be LICENSE_REQUIRED, reviewed under a presumption of approval\./)
  // before the rule: no such reason; the owner is a red flag
  const before = determine(tx('2025-09-28', { chip: 'nvidia-h100-sxm', to: 'AE' }), { rules, screener })
  assert.ok(!before.reasons.some((x) => x.ruleId === 'policies.affiliates-rule'))
  assert.ok(ownerFlag(before))
})

test('a large owner in D:5 and no ultimate parent given: asked whether it is the parent, naming the rules that look at the parent', () => {
  // the H20 letter (2025-04-09) covers companies whose ultimate parent is in D:5
  const r = determine(tx('2025-06-01'), { rules, screener })
  assert.equal(r.verdict, 'NLR')
  const q = r.flags.find((f) => f.id === 'ultimate-parent-question-end-user-CN')!
  assert.ok(q)
  assert.match(q.text, /Is Huawei Technologies Co\., Ltd\. \(CN, per its list entry; 60 % owner\) the ultimate parent/)
  assert.match(q.text, /744\.23\(b\).*LICENSE_REQUIRED/)
  // before the letter nothing looks at an H20 buyer's parent; given a parent, or a small owner, nothing is asked
  assert.ok(!determine(tx('2025-04-08'), { rules, screener }).flags.some((f) => f.id.startsWith('ultimate-parent-question')))
  assert.ok(!determine(tx('2025-06-01', { parent: 'SG' }), { rules, screener }).flags.some((f) => f.id.startsWith('ultimate-parent-question')))
  assert.ok(!determine(tx('2025-06-01', { share: 0.3 }), { rules, screener }).flags.some((f) => f.id.startsWith('ultimate-parent-question')))
  // an H100 to the UAE: the headquarters policy looks at the parent (from 2023-11-17), an owner's given country counts without a match
  const h100 = determine({ ...tx('2026-03-01', { chip: 'nvidia-h100-sxm', to: 'AE' }), parties: [{ role: 'end-user', name: 'Gulf Compute LLC', country: 'AE', owners: [{ name: 'Some Holding Co', share: 0.7, country: 'CN' }] }] }, { rules, screener })
  assert.match(h100.flags.find((f) => f.id === 'ultimate-parent-question-end-user-CN')!.text, /\(CN, as given; 70 % owner\).*742\.6\(b\)\(10\).*presumption of denial/)
})
