import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { SnapshotRef } from '../../../src/screening/model.js'
import { withScreenCache } from '../../../src/screening/screen-cache.js'
import { buildScreener, type ScreeningResult, type ScreenQuery, type Screener } from '../../../src/screening/screener.js'
import { listEntry } from '../../helpers/list-entry.js'

const ENTRIES = [
  listEntry({ sourceId: 'el-1', names: [{ name: 'Hangzhou Hikvision Digital Technology Co., Ltd.', kind: 'primary' }, { name: 'Hikvision', kind: 'aka' }], addresses: [{ text: 'Hangzhou, CN', countryCode: 'CN' }] }),
  listEntry({ source: 'sdn', list: 'sdn', sourceId: '306', names: [{ name: 'BANCO NACIONAL DE CUBA', kind: 'primary' }, { name: 'BNC', kind: 'aka' }] }),
]
const SNAPSHOTS: SnapshotRef[] = [{ source: 'csl', sha256: 'a'.repeat(64), importedAt: '2026-11-01T00:00:00Z', rowCounts: { el: 1 } }]

/** counts the calls that reach the real screener */
function counting(inner: Screener): Screener & { calls: number } {
  const s = {
    calls: 0,
    snapshots: inner.snapshots,
    entryCount: inner.entryCount,
    screenTop: inner.screenTop,
    screen(q: ScreenQuery): ScreeningResult {
      s.calls++
      return inner.screen(q)
    },
  }
  return s
}

describe('withScreenCache', () => {
  const plain = buildScreener({ entries: ENTRIES, snapshots: SNAPSHOTS })

  test('answers as the screener does, and asks it once per distinct query', () => {
    const inner = counting(plain)
    const cached = withScreenCache(inner)
    const q = { name: 'Hikvision', country: 'CN' }
    const first = cached.screen(q)
    assert.deepEqual(first, plain.screen(q))
    assert.equal(cached.screen({ ...q }), first)
    assert.equal(inner.calls, 1)
    // every field of the query is part of the key
    cached.screen({ ...q, country: 'US' })
    cached.screen({ ...q, threshold: 0.9 })
    cached.screen({ ...q, limit: 1 })
    cached.screen({ ...q, includeBelow: true })
    cached.screen({ ...q, lists: ['el'] })
    cached.screen({ ...q, type: 'entity' })
    assert.equal(inner.calls, 7)
    assert.equal(cached.entryCount, plain.entryCount)
    assert.equal(cached.snapshots, plain.snapshots)
  })

  test('shared answers are frozen, so no caller can change another one', () => {
    const cached = withScreenCache(plain)
    const r = cached.screen({ name: 'Banco Nacional de Cuba' })
    assert.ok(r.hits.length > 0)
    assert.throws(() => (r.hits as unknown[]).push({}), TypeError)
    assert.throws(() => {
      ;(r.hits[0] as { score: number }).score = 0
    }, TypeError)
  })

  test('drops the least recently used answer beyond maxEntries', () => {
    const inner = counting(plain)
    const cached = withScreenCache(inner, { maxEntries: 2 })
    cached.screen({ name: 'a' })
    cached.screen({ name: 'b' })
    cached.screen({ name: 'a' }) // a is now the most recent
    cached.screen({ name: 'c' }) // b goes
    assert.equal(inner.calls, 3)
    cached.screen({ name: 'a' })
    assert.equal(inner.calls, 3)
    cached.screen({ name: 'b' })
    assert.equal(inner.calls, 4)
  })
})
