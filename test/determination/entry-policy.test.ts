/**
 * An Entity List entry's review policy split by item scope is read for the item (data/policies/review/
 * entity-list-entry-policy.yaml), generally: the phrases in the data, not one entry's text.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { determine } from '../../src/determination/determine.js'
import { ENTRY_POLICY_RULE, readEntryPolicy, type EntryPolicyReading } from '../../src/determination/entry-policy.js'
import { parameterAt } from '../../src/rules/parameter-at.js'
import { loadRules } from '../../src/rules/load-rules.js'
import { buildScreener } from '../../src/screening/screener.js'
import type { IsoDate } from '../../src/shared/iso-date.js'
import { listEntry } from '../helpers/list-entry.js'
import { FIXTURE_SNAPSHOT } from '../fixtures/determination-list-entries.js'

const rules = loadRules()
const reading = parameterAt<EntryPolicyReading>(rules, ENTRY_POLICY_RULE, '2024-06-01' as IsoDate)!.value!
// the texts as the CSL carries them (trade_gov_csl_2022-04), with its split words
const SMIC = 'Presumption of denial for items uniquely required for production of semiconducto rs at advanced technology nodes (10 nanometers and below, including extreme ultraviolet technology); Case by case for all other items'
const CCL_EAR99 = 'Case-by-case for all items listed on the CCL. Presumption of approval for EAR99 items'
const RU_ECCNS = 'Case-by-case review for ECCNs 1A004.c, 1A004.d, 1A995, 1A999.a, 1D003, 2A983, 2D983, and 2E983, and for EAR99 items described in the Note to ECCN 1A995; case-by-case review for items necessary to detect, identify and treat infectious disease; and presumption of denial for all other items subject to the EAR.'
const SPACE = 'Policy of denial; Case-by-case basis for U.S. Government supported space programs.'

test('a policy split by item scope: an AI chip or server is not an item "uniquely required for production of semiconductors" → case by case', () => {
  for (const eccn of [null, '3A090.a', '4A090.a']) {
    const a = readEntryPolicy(SMIC, reading, eccn)
    assert.equal(a.policy, 'case-by-case', String(eccn))
    assert.deepEqual(a.open, [])
    assert.equal(a.notCovering.length, 1)
  }
})

test('CCL vs EAR99: a 3A090 item is on the CCL; an item outside 3A090 may be either, so the stricter applies and the other is open', () => {
  assert.equal(readEntryPolicy(CCL_EAR99, reading, '3A090.b').policy, 'case-by-case')
  const unknown = readEntryPolicy(CCL_EAR99, reading, null)
  assert.equal(unknown.policy, 'case-by-case')
  assert.deepEqual(unknown.open.map((o) => o.policy), ['presumption-of-approval'])
})

test('named ECCNs: a 3A090 item is not among them; the end-use clause stays open; "all other items" decides', () => {
  const a = readEntryPolicy(RU_ECCNS, reading, '3A090.a')
  assert.equal(a.policy, 'presumption-of-denial')
  assert.deepEqual(a.open.map((o) => o.policy), ['case-by-case'])
  assert.equal(readEntryPolicy(RU_ECCNS, reading, '1A004.c').policy, 'case-by-case')
})

test('policy of denial with a programme carve-out: the strict policy, the carve-out open; a referral is read as no policy', () => {
  const a = readEntryPolicy(SPACE, reading, '3A090.a')
  assert.equal(a.policy, 'policy-of-denial')
  assert.match(a.open[0]!.clause, /space programs/)
  assert.equal(readEntryPolicy('See §746.5(b) of the EAR.', reading, '3A090.a').policy, null)
  assert.equal(readEntryPolicy('Presumption of denial.', reading, null).policy, 'presumption-of-denial')
})

test('determine(): an H20 for SMIC is case by case under the entry; an H100 stays under 742.6\'s presumption of denial', () => {
  const screener = buildScreener({
    entries: [listEntry({ source: 'csl', list: 'el', sourceId: 'el-smic-fixture', type: 'entity', names: [{ name: 'Semiconductor Manufacturing International Corporation', kind: 'primary' }], addresses: [{ country: 'China', countryCode: 'CN', text: 'Shanghai, China' }], federalRegisterNotice: '85 FR 83420', listedOn: '2020-12-18', licenseRequirement: 'For all items subject to the EAR.', licensePolicy: SMIC })],
    snapshots: [FIXTURE_SNAPSHOT],
  })
  const tx = (chip: string) => ({ date: '2024-06-01', item: { chip }, quantity: 10, to: 'CN', parties: [{ role: 'end-user', name: 'Semiconductor Manufacturing International Corporation', country: 'CN' }] })
  const h20 = determine(tx('nvidia-h20'), { rules, screener })
  assert.equal(h20.verdict, 'LICENSE_REQUIRED')
  assert.equal(h20.reviewPolicy, 'case-by-case')
  assert.match(h20.reasons.find((r) => r.ruleId === 'lists.el')!.text, /for an item outside 3A090\/4A090: case by case, by the clause "Case by case for all other items"/)
  const h100 = determine(tx('nvidia-h100-sxm'), { rules, screener })
  assert.equal(h100.reviewPolicy, 'presumption-of-denial')
})
