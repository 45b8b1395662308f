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
    assert.deepEqual(snapshotDate(ref({ source: 'sdn', listDate: '2026-12-02', listDateBasis: 'last-modified' })), { date: '2026-12-02', basis: 'last-modified' })
    // OFAC's legacy CSV imported from disk states no date: unknown, never the import date
    assert.deepEqual(snapshotDate(ref({ source: 'sdn' })), { date: null, basis: 'unknown' })
  })

  test('an undated snapshot imported today is not fresh: no age, and a warning under a limit naming the import date', () => {
    const undated = ref({ source: 'sdn', importedAt: '2026-12-07T08:00:00Z' })
    const [age] = listAges([undated], NOW)
    assert.deepEqual(age, { source: 'sdn', date: null, basis: 'unknown', ageDays: null, importedAt: '2026-12-07T08:00:00Z', maxAgeDays: 14, isStale: true })
    const [w] = staleListWarnings([undated], NOW)
    assert.equal(w?.kind, 'undated-list')
    assert.match(w!.message, /the SDN snapshot's publication date is unknown; imported 2026-12-07/)
    assert.match(w!.message, /--published/)
    assert.doesNotMatch(w!.message, /days old/)
    // without a limit there is nothing to judge: no warning, and the age still says unknown
    assert.deepEqual(staleListWarnings([{ ...undated, source: 'un' }], NOW), [])
    assert.equal(listAges([{ ...undated, source: 'un' }], NOW)[0]!.isStale, false)
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
    // review F15: the DPL has a 90-day limit by default (a 3-year-old DPL is stale); the UN, UK and EU lists none
    assert.equal(DEFAULT_MAX_LIST_AGE.dpl, 90)
    assert.equal(staleListWarnings([ref({ source: 'dpl', listDate: '2023-11-16' })], NOW).length, 1)
    const at90 = new Date(Date.parse(NOW.toISOString().slice(0, 10)) - 90 * 86_400_000).toISOString().slice(0, 10)
    const at91 = new Date(Date.parse(NOW.toISOString().slice(0, 10)) - 91 * 86_400_000).toISOString().slice(0, 10)
    assert.deepEqual(listAges([ref({ source: 'dpl', listDate: at90 }), ref({ source: 'dpl', listDate: at91 })], NOW).map((a) => [a.ageDays, a.isStale]), [[90, false], [91, true]])
    assert.equal(staleListWarnings([ref({ source: 'dpl', listDate: '2023-11-16' })], NOW, parseMaxListAge('dpl=none', 'x')).length, 0)
    for (const source of ['un', 'ofsi', 'eu'] as const) assert.equal(listAges([ref({ source, listDate: '2023-11-16' })], NOW)[0]!.maxAgeDays, undefined, source)
    assert.equal(staleListWarnings([ref({ source: 'un', listDate: '2023-11-16' })], NOW).length, 0)
    assert.deepEqual(parseMaxListAge('30', 'x'), { csl: 30, sdn: 30, nonsdn: 30, dpl: 30, un: 30, uk: 30, ofsi: 30, eu: 30 })
    assert.deepEqual(parseMaxListAge('csl=7,sdn=none', 'x'), { csl: 7, nonsdn: 14, dpl: 90 })
    assert.deepEqual(parseMaxListAge(undefined, 'x'), DEFAULT_MAX_LIST_AGE)
  })

  test('a bad setting is VALIDATION_FAILED naming the option', () => {
    for (const bad of ['-1', 'two', 'csl', 'xyz=3', 'csl=1.5']) {
      assert.throws(() => parseMaxListAge(bad, '--max-list-age'), (e: unknown) => e instanceof AppError && e.code === 'VALIDATION_FAILED' && e.details.issues?.[0]?.path === '--max-list-age', bad)
    }
  })
})
