import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { parseRefreshInterval, refreshListsOnce, DEFAULT_LIST_REFRESH_MS } from '../../src/monitoring/list-refresh.js'
import type { NewMonitorEvent } from '../../src/records/monitoring-records.js'
import { readActiveSnapshotMetas } from '../../src/screening/snapshots/load-active-snapshots.js'
import type { FetchLike } from '../../src/screening/sources/list-source.js'
import { AppError } from '../../src/shared/errors.js'
import { FIXTURES } from '../screening/sources/fixtures.js'

const homes: string[] = []
after(() => homes.forEach((h) => rmSync(h, { recursive: true, force: true })))

// the official file names the downloads use → the fixture files
const BY_NAME: Record<string, string> = {
  'consolidated.csv': 'consolidated.csv', 'sdn.csv': 'sdn.csv', 'add.csv': 'add.csv', 'alt.csv': 'alt.csv',
  'CONS_PRIM.CSV': 'cons_prim.csv', 'CONS_ADD.CSV': 'cons_add.csv', 'CONS_ALT.CSV': 'cons_alt.csv', 'CONS_COMMENTS.CSV': 'cons_comments.csv', 'dpl.txt': 'dpl.txt', 'consolidated.xml': 'UN_consolidated.xml',
}
const local = (broken?: string): FetchLike => async (url) => {
  const name = url.split('?')[0]!.split('/').pop()!
  const file = BY_NAME[name]
  if (!file) return { ok: false, status: 404, statusText: 'Not Found', headers: { get: () => null }, arrayBuffer: async () => new ArrayBuffer(0) }
  const bytes = name === broken ? new TextEncoder().encode('not a list') : readFileSync(join(FIXTURES, file))
  return { ok: true, status: 200, headers: { get: () => null }, arrayBuffer: async () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer }
}

test('a scheduled refresh imports the official files; a failed one keeps the last good snapshots and raises list.refresh-failed', async () => {
  const home = mkdtempSync(join(tmpdir(), 'chipnav-refresh-'))
  homes.push(home)
  const events: NewMonitorEvent[] = []
  const store = { appendEvents: async (e: NewMonitorEvent[]) => (events.push(...e), { events: [], deliveryIds: [] }) }
  const ok = await refreshListsOnce({ home, fetch: local(), now: () => new Date('2026-12-07T00:00:00Z'), store })
  assert.equal(ok.ok, true)
  const before = (await readActiveSnapshotMetas(home)).map((m) => m.id).sort()
  assert.deepEqual((await readActiveSnapshotMetas(home)).map((m) => m.source).sort(), ['csl', 'dpl', 'nonsdn', 'sdn', 'un'])
  assert.equal(events.length, 0)

  const failed = await refreshListsOnce({ home, fetch: local('dpl.txt'), now: () => new Date('2026-12-08T00:00:00Z'), store })
  assert.equal(failed.ok, false)
  assert.deepEqual((await readActiveSnapshotMetas(home)).map((m) => m.id).sort(), before, 'the last good snapshots stay active')
  assert.equal(events.length, 1)
  assert.equal(events[0]!.type, 'list.refresh-failed')
  assert.match(String(events[0]!.data.detail), /dpl/)
})

test('CHIPNAV_LIST_REFRESH: daily by default, "off", durations; nonsense is refused naming the variable', () => {
  assert.equal(parseRefreshInterval(undefined), DEFAULT_LIST_REFRESH_MS)
  assert.equal(parseRefreshInterval('off'), null)
  assert.equal(parseRefreshInterval('6h'), 6 * 3_600_000)
  assert.equal(parseRefreshInterval('30m'), 30 * 60_000)
  assert.throws(() => parseRefreshInterval('soon'), (e: unknown) => e instanceof AppError && /CHIPNAV_LIST_REFRESH/.test(e.message))
  assert.throws(() => parseRefreshInterval('5s'), /at least a minute/)
})
