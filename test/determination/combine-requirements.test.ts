/**
 * 15 CFR 740.8(b) as dated data (policies.license-exceptions.part-744-746-restriction): which licence exceptions a
 * part 744/746 requirement takes away on each date, and the headquarters-rule carve-out. The requirement families
 * never offer an exception on a part 744 requirement other than the headquarters rule, so the dates are pinned here
 * with requirements built by hand, on both sides of each effective date.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { combineRequirements } from '../../src/determination/combine-requirements.js'
import type { RequirementOutcome } from '../../src/determination/requirement-context.js'
import type { LicenseExceptionId } from '../../src/determination/types.js'
import { loadRules } from '../../src/rules/load-rules.js'
import type { IsoDate } from '../../src/shared/iso-date.js'

const rules = loadRules()
const d = (s: string) => s as IsoDate

/** a requirement that an exception covers, and a part 744 requirement that is itself covered by an exception the restriction does not name (HBM) */
function pair(exception: LicenseExceptionId, part744RuleId = 'test.part-744'): RequirementOutcome[] {
  const covered = (ruleId: string, id: LicenseExceptionId, part744: boolean): RequirementOutcome => ({ ruleId, text: ruleId, citations: [], part744, exceptions: [{ id, for: ruleId, conditions: [], citations: [] }], policy: { value: 'case-by-case', ruleId, citations: [] } })
  return [covered('test.destination', exception, false), covered(part744RuleId, 'HBM', true)]
}
const chosen = (rs: RequirementOutcome[], asOf: string) => {
  const c = combineRequirements(rs, { rules, asOf: d(asOf) })
  return `${c.verdict}${c.exceptions.length ? ` ${c.exceptions.map((e) => e.id).join(',')}` : ''}`
}

test('before 2023-11-17 no restriction is in force; from then a part 744 requirement takes NAC away', () => {
  assert.equal(chosen(pair('NAC'), '2023-11-16'), 'LICENSE_EXCEPTION NAC,HBM')
  assert.equal(chosen(pair('NAC'), '2023-11-17'), 'LICENSE_REQUIRED')
})

test('ACA is taken away from 2024-04-04 (the day it was split from NAC), not before', () => {
  assert.equal(chosen(pair('ACA'), '2024-04-03'), 'LICENSE_EXCEPTION ACA,HBM')
  assert.equal(chosen(pair('ACA'), '2024-04-04'), 'LICENSE_REQUIRED')
})

test('LPP and AIA are taken away from 2025-01-13 (the AI Diffusion Rule, effective before its publication)', () => {
  for (const id of ['LPP', 'AIA'] as const) {
    assert.equal(chosen(pair(id), '2025-01-12'), `LICENSE_EXCEPTION ${id},HBM`)
    assert.equal(chosen(pair(id), '2025-01-13'), 'LICENSE_REQUIRED')
  }
})

test('an exception the restriction does not name (HBM) stays available', () => {
  assert.equal(chosen(pair('HBM'), '2025-06-01'), 'LICENSE_EXCEPTION HBM,HBM')
})

test('the headquarters rule (744.23(a)(3)) is a part 744 requirement that 740.8(b) exempts', () => {
  assert.equal(chosen(pair('NAC', 'policies.license-requirements.headquarters-rule'), '2024-06-01'), 'LICENSE_EXCEPTION NAC,HBM')
})

test('the restriction cites 740.8(b) with the source of each dated version', () => {
  const c = combineRequirements([], { rules, asOf: d('2024-06-01') })
  assert.equal(c.verdict, 'NLR')
  const p = rules.parameters.get('policies.license-exceptions.part-744-746-restriction')!
  assert.deepEqual(p.values.map((v) => [v.effective, v.source]).sort(), [['2023-11-17', 'fr-2023-23055'], ['2024-04-04', 'fr-2024-07004'], ['2025-01-13', 'fr-2025-00636']])
  assert.ok(p.values.every((v) => v.cfr.startsWith('15 CFR 740.8(b)')))
})
