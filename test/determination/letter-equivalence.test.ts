/** A letter's "equivalent capabilities" clause: `all` needs every threshold (unknown values named), `any` one. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { equivalenceFlag } from '../../src/determination/requirements/letters.js'

const both = { tpp: 4800, interconnectGBps: 600, match: 'all' as const }
const either = { memoryBandwidthGBps: 4000, interconnectGBps: 900, match: 'any' as const }
const item = (tpp: number | null, interconnect: number | null, bandwidth: number | null) => ({ maxChipTpp: tpp, interconnectGBps: interconnect, maxChipDramBandwidth: bandwidth })

test('all: TPP alone is not enough', () => {
  assert.equal(equivalenceFlag(both, item(5000, 64, 864)), null)
})
test('all: both reached', () => {
  assert.match(equivalenceFlag(both, item(5000, 600, null)) ?? '', /interconnect 600 GB\/s >= 600, TPP 5000 >= 4800/)
})
test('all: one reached and the other unknown is flagged, naming the unknown', () => {
  assert.match(equivalenceFlag(both, item(5000, null, null)) ?? '', /TPP 5000 >= 4800; interconnect unknown \(threshold 600 GB\/s\)/)
})
test('all: nothing known is not flagged', () => {
  assert.equal(equivalenceFlag(both, item(null, null, null)), null)
})
test('any: one reached is enough; none reached is not flagged', () => {
  assert.match(equivalenceFlag(either, item(null, 100, 4000)) ?? '', /memory bandwidth 4000 GB\/s >= 4000/)
  assert.equal(equivalenceFlag(either, item(null, 899, 3999)), null)
})
