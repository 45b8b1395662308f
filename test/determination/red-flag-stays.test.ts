/**
 * A red flag stayed for a time (data/red-flags/*.yaml `stays`): the Affiliates Rule's red flag 29
 * (kyc-owned-by-listed-party) is asked from 2025-09-29, not during the stay 2025-11-10 .. 2026-11-09, and again from 2026-11-10.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { redFlagsInForce } from '../../src/determination/red-flags.js'
import { loadRules } from '../../src/rules/load-rules.js'
import type { IsoDate } from '../../src/shared/iso-date.js'

const rules = loadRules()
const asked = (d: string) => redFlagsInForce(rules, d as IsoDate).some((f) => f.id === 'kyc-owned-by-listed-party')

test('red flag 29 is asked while the Affiliates Rule is in force, not during its stay (both sides of each date)', () => {
  assert.equal(asked('2025-09-28'), false)
  assert.equal(asked('2025-09-29'), true)
  assert.equal(asked('2025-11-09'), true)
  assert.equal(asked('2025-11-10'), false)
  assert.equal(asked('2026-11-09'), false)
  assert.equal(asked('2026-11-10'), true)
})
