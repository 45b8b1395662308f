/**
 * Properties of classification that must hold for every chip, not only the catalogue (fast-check, fixed
 * seed, bounded runs): on a fixed date, raising TPP (more TOPS on the same die) or performance density
 * (the same TPP on a smaller die) never lowers the control status (outside < 3A090.b < 3A090.a), and
 * classifying is a function of the specification, the date and the rules.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import { classifyItem, type ClassificationResult } from '../../src/classification/classify-item.js'
import { loadRules } from '../../src/rules/load-rules.js'
import type { IsoDate } from '../../src/shared/iso-date.js'

const rules = loadRules()
const SEED = 11
const RUNS = 150
/** dates under each version of 3A090: the 2022 text and the 2023 text */
const DATES = ['2023-06-01', '2024-06-01', '2026-01-15'] as IsoDate[]
const RANK: Record<string, number> = { none: 0, '3A090.b': 1, '3A090.a': 2 }

const rankOf = (r: ClassificationResult) => RANK[r.eccn ?? 'none'] ?? assert.fail(`unexpected ECCN ${r.eccn}`)

const chip = (o: { date: IsoDate; tops: number; bitLength: number; areaMm2: number; datacenter: boolean; interconnectGBps: number }) =>
  classifyItem(
    {
      id: 'prop-chip',
      kind: 'chip',
      throughput: [{ precision: o.bitLength === 8 ? 'int8' : 'fp16', bitLength: o.bitLength, tops: o.tops, sparse: false }],
      dies: [{ areaMm2: o.areaMm2, nonPlanar: true }],
      interconnectGBps: o.interconnectGBps,
      datacenter: o.datacenter,
    },
    { rules, asOf: o.date },
  )

const base = fc.record({
  date: fc.constantFrom(...DATES),
  bitLength: fc.constantFrom(8, 16),
  datacenter: fc.boolean(),
  interconnectGBps: fc.constantFrom(0, 400, 900),
})

describe('classification properties', () => {
  test('monotone in TPP: more TOPS on the same die never lowers the status', () => {
    fc.assert(
      fc.property(base, fc.double({ min: 1, max: 5000, noNaN: true }), fc.double({ min: 1, max: 5000, noNaN: true }), fc.double({ min: 50, max: 1500, noNaN: true }), (b, t1, t2, areaMm2) => {
        const [lo, hi] = t1 <= t2 ? [t1, t2] : [t2, t1]
        const a = chip({ ...b, tops: lo, areaMm2 })
        const c = chip({ ...b, tops: hi, areaMm2 })
        assert.ok(a.determined && c.determined)
        assert.ok(rankOf(a) <= rankOf(c), `${b.date}: ${lo} TOPS → ${a.eccn}, ${hi} TOPS → ${c.eccn}`)
      }),
      { seed: SEED, numRuns: RUNS },
    )
  })

  test('monotone in performance density: the same TPP on a smaller die never lowers the status', () => {
    fc.assert(
      fc.property(base, fc.double({ min: 1, max: 5000, noNaN: true }), fc.double({ min: 20, max: 2000, noNaN: true }), fc.double({ min: 20, max: 2000, noNaN: true }), (b, tops, x, y) => {
        const [small, large] = x <= y ? [x, y] : [y, x]
        const dense = chip({ ...b, tops, areaMm2: small })
        const sparse = chip({ ...b, tops, areaMm2: large })
        assert.ok(rankOf(sparse) <= rankOf(dense), `${b.date}: ${tops} TOPS on ${large} mm² → ${sparse.eccn}, on ${small} mm² → ${dense.eccn}`)
      }),
      { seed: SEED, numRuns: RUNS },
    )
  })

  test('a function of the specification, the date and the rules: the same input gives the same answer', () => {
    fc.assert(
      fc.property(base, fc.double({ min: 0, max: 5000, noNaN: true }), fc.double({ min: 1, max: 2000, noNaN: true }), (b, tops, areaMm2) => {
        assert.deepEqual(chip({ ...b, tops, areaMm2 }), chip({ ...structuredClone(b), tops, areaMm2 }))
      }),
      { seed: SEED, numRuns: 50 },
    )
  })
})
