/** "D:5 or Macau" and the AI Diffusion Rule's tiers read from data on the date asked, on both sides of each date. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { diffusionTierAt, isD5OrMacauAt } from '../../src/determination/country-groups.js'
import { loadRules } from '../../src/rules/load-rules.js'
import type { IsoDate } from '../../src/shared/iso-date.js'

const rules = loadRules()
const d = (s: string) => s as IsoDate

test('Macau is named beside D:5 from the rule that added it (2023-01-17), not before', () => {
  assert.equal(isD5OrMacauAt(rules, 'MO', d('2023-01-16')), false)
  assert.equal(isD5OrMacauAt(rules, 'MO', d('2023-01-17')), true)
  assert.equal(isD5OrMacauAt(rules, 'MO', d('2026-06-01')), true)
})

test('D:5 members count and leave on their dates (Cambodia left on 2026-02-03; Hong Kong is treated as China)', () => {
  assert.equal(isD5OrMacauAt(rules, 'KH', d('2026-02-02')), true)
  assert.equal(isD5OrMacauAt(rules, 'KH', d('2026-02-03')), false)
  assert.equal(isD5OrMacauAt(rules, 'HK', d('2024-01-01')), true)
  assert.equal(isD5OrMacauAt(rules, 'AE', d('2024-01-01')), false)
  assert.equal(isD5OrMacauAt(rules, undefined, d('2024-01-01')), false)
})

test('Macau is Tier 3 under the AI Diffusion Rule with the citation of the data it was read from', () => {
  const t = diffusionTierAt(rules, 'MO', d('2025-02-01'))
  assert.equal(t?.tier, 3)
  assert.equal(diffusionTierAt(rules, 'AE', d('2025-02-01'))?.tier, 2)
  assert.equal(diffusionTierAt(rules, 'MO', d('2024-12-31')), null)
})
