/**
 * A determination is a function of its inputs and the rules version (fast-check, fixed seed): the same
 * transaction, determined again (from a deep copy, with the same rules and list snapshot), gives the same
 * answer, field for field, and names the rules version it used.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import { determine } from '../../src/determination/determine.js'
import { END_USE_CATEGORIES, PARTY_ROLES } from '../../src/determination/transaction-schema.js'
import { loadRules } from '../../src/rules/load-rules.js'
import { buildScreener } from '../../src/screening/screener.js'
import { FIXTURE_LIST_ENTRIES, FIXTURE_SNAPSHOT } from '../fixtures/determination-list-entries.js'

const rules = loadRules()
const screener = buildScreener({ entries: FIXTURE_LIST_ENTRIES, snapshots: [FIXTURE_SNAPSHOT] })
const chips = [...rules.catalogue.keys()].slice(0, 40)

const party = fc.record({
  role: fc.constantFrom(...PARTY_ROLES),
  name: fc.constantFrom('Example Cloud LLC', 'Huawei Technologies', 'Acme GmbH', 'Shenzhen Reseller Co'),
  country: fc.constantFrom('AE', 'CN', 'MY', 'DE', 'IN', 'HK', 'US'),
  headquarters: fc.option(fc.constantFrom('CN', 'AE', 'US'), { nil: undefined }),
})
const transaction = fc.record({
  date: fc.constantFrom('2022-10-06', '2022-10-07', '2023-11-16', '2023-11-17', '2024-06-01', '2025-01-15', '2025-05-13', '2026-02-01'),
  item: fc.oneof(fc.constantFrom(...chips).map((chip) => ({ chip })), fc.constantFrom('3A090.a', '4A090.a', '3A090.b').map((eccn) => ({ eccn }))),
  quantity: fc.integer({ min: 1, max: 100_000 }),
  to: fc.constantFrom('AE', 'CN', 'MY', 'DE', 'IN', 'HK', 'SA', 'VN'),
  parties: fc.array(party, { maxLength: 3 }).map((ps) => ps.map((p) => Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)))),
  endUse: fc.record({ categories: fc.subarray([...END_USE_CATEGORIES], { maxLength: 2 }) }),
})

describe('determination properties', () => {
  for (const regime of ['as-enforced', 'as-published'] as const) {
    test(`a determination is a function of its inputs and the rules version (${regime})`, () => {
      fc.assert(
        fc.property(transaction, (tx) => {
          let first
          try {
            first = determine(tx, { rules, regime, screener })
          } catch (e) {
            // a date before a rule was in force is refused the same way each time
            assert.throws(() => determine(structuredClone(tx), { rules, regime, screener }), { message: (e as Error).message })
            return
          }
          const again = determine(structuredClone(tx), { rules, regime, screener })
          assert.deepEqual(again, first)
          assert.equal(first.rulesVersion, rules.version)
        }),
        { seed: 11, numRuns: 60 },
      )
    })
  }
})
