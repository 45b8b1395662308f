import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { SnapshotRef } from '../../../src/screening/model.js'
import { DEFAULT_MAX_LIST_AGE, listAges, parseMaxListAge, snapshotDate, staleListWarnings } from '../../../src/screening/snapshots/freshness.js'
import { AppError } from '../../../src/shared/errors.js'

const ref = (o: Partial<SnapshotRef> & Pick<SnapshotRef, 'source'>): SnapshotRef => ({ sha256: 'a'.repeat(64), importedAt: '2026-12-01T09:00:00Z', rowCounts: {}, ...o })
const NOW = new Date('2026-12-07T12:00:00Z')

describe('list freshness', () => {
  test('the date a snapshot is judged by, and where it comes from', () => {
    assert.deepEqual(snapshotDate(ref({ source: 'csl', listDate: '2022-04-21', listDateBasis: 'latest-entry' })), { date: '2022-04-21', basis: 'latest-entry' })
    assert.deepEqual(snapshotDate(ref({ source: 'csl', listDate: '2026-12-05', listDateBasis: 'published' })), { date: '2026-12-05', basis: 'published' })
    // OFAC's legacy CSV states no date: the import date, said so
    assert.deepEqual(snapshotDate(ref({ source: 'sdn' })), { date: '2026-12-01', basis: 'imported' })
  })

  test('on both sides of the limit: 14 days is fresh, 15 is stale (CSL and OFAC by default)', () => {
    const at14 = ref({ source: 'csl', listDate: '2026-11-23' })
    const at15 = ref({ source: 'csl', listDate: '2026-11-22' })
    assert.deepEqual(listAges([at14, at15], NOW).map((a) => [a.ageDays, a.isStale]), [[14, false], [15, true]])
    assert.equal(staleListWarnings([at14], NOW).length, 0)
    const [w] = staleListWarnings([at15], NOW)
    assert.equal(w?.source, 'csl')
    assert.match(w!.message, /CSL snapshot is dated 2026-11-22 \(latest listing date in the file; the file states no publication date\): 15 days old, over the 14-day limit/)
    assert.equal(DEFAULT_MAX_LIST_AGE.sdn, 14)
    assert.equal(DEFAULT_MAX_LIST_AGE.nonsdn, 14)
  })

  test('a source without a limit is never stale; limits are set per list or for all', () => {
    assert.equal(staleListWarnings([ref({ source: 'dpl', listDate: '2023-11-16' })], NOW).length, 0)
    assert.equal(staleListWarnings([ref({ source: 'dpl', listDate: '2023-11-16' })], NOW, parseMaxListAge('dpl=90', 'x')).length, 1)
    assert.deepEqual(parseMaxListAge('30', 'x'), { csl: 30, sdn: 30, nonsdn: 30, dpl: 30, un: 30, uk: 30, ofsi: 30, eu: 30 })
    assert.deepEqual(parseMaxListAge('csl=7,sdn=none', 'x'), { csl: 7, nonsdn: 14 })
    assert.deepEqual(parseMaxListAge(undefined, 'x'), DEFAULT_MAX_LIST_AGE)
  })

  test('a bad setting is VALIDATION_FAILED naming the option', () => {
    for (const bad of ['-1', 'two', 'csl', 'xyz=3', 'csl=1.5']) {
      assert.throws(() => parseMaxListAge(bad, '--max-list-age'), (e: unknown) => e instanceof AppError && e.code === 'VALIDATION_FAILED' && e.details.issues?.[0]?.path === '--max-list-age', bad)
    }
  })
})
