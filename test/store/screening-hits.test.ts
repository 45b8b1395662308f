/** The entry hash that ties a good-guy clearance to a list entry's content: it moves with the entry, not with the query or score. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { entryHashFromHit, screeningToRecord } from '../../src/records/screening-hits.js'
import type { ScreeningHit, ScreeningResult } from '../../src/screening/screener.js'

const hit = {
  score: 0.93,
  isMatch: true,
  list: 'el',
  source: 'csl',
  entryId: 'e-1',
  primaryName: 'Example Technology Co., Ltd.',
  matchedName: 'Example Technology Co., Ltd.',
  matchedNameKind: 'primary',
  type: 'entity',
  programs: ['EAR'],
  addresses: ['1 Road, Shenzhen, CN'],
  countries: ['CN'],
  explanation: { summary: 'all words match' },
  snapshot: { source: 'csl', sha256: 'a'.repeat(64), importedAt: '2025-01-01T00:00:00Z', rowCounts: {} },
} as unknown as ScreeningHit

test('the entry hash ignores score and matched alias, and changes when the entry content changes', () => {
  const h = entryHashFromHit(hit)
  assert.equal(entryHashFromHit({ ...hit, score: 0.81, matchedName: 'EXAMPLE TECH' }), h)
  assert.notEqual(entryHashFromHit({ ...hit, addresses: ['2 Other Road, Shenzhen, CN'] }), h)
  assert.notEqual(entryHashFromHit({ ...hit, licensePolicy: 'Presumption of denial' }), h)
})

test('screeningToRecord keeps only hits at or above the threshold, with the snapshot hash', () => {
  const result = { query: { name: 'Example Tech', country: 'CN' }, threshold: 0.8, hits: [hit, { ...hit, entryId: 'e-2', isMatch: false }], candidatesConsidered: 2, snapshots: [hit.snapshot] } as unknown as ScreeningResult
  const r = screeningToRecord({ result, partyId: 'pty_1', actor: 'a' })
  assert.deepEqual(r.hits.map((h) => [h.entryId, h.snapshotSha256]), [['e-1', 'a'.repeat(64)]])
  assert.equal(r.partyId, 'pty_1')
})
