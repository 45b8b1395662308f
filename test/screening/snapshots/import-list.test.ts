import assert from 'node:assert/strict'
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import { gzipSync } from 'node:zlib'
import { listAges, staleListWarnings } from '../../../src/screening/snapshots/freshness.js'
import { importList } from '../../../src/screening/snapshots/import-list.js'
import { loadActiveSnapshots, readActiveSnapshotMetas } from '../../../src/screening/snapshots/load-active-snapshots.js'
import { updateLists } from '../../../src/screening/snapshots/update-lists.js'
import type { FetchLike } from '../../../src/screening/sources/list-source.js'
import { AppError } from '../../../src/shared/errors.js'
import { FIXTURES } from '../sources/fixtures.js'

const tmpRoots: string[] = []
after(() => {
  for (const d of tmpRoots) rmSync(d, { recursive: true, force: true })
})
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'chipnav-snap-'))
  tmpRoots.push(d)
  return d
}
const fx = (name: string) => join(FIXTURES, name)
const ALL_FIXTURES = ['consolidated.csv', 'sdn.csv', 'add.csv', 'alt.csv', 'cons_prim.csv', 'cons_add.csv', 'cons_alt.csv', 'cons_comments.csv', 'dpl.txt'].map(fx)
const isCode = (code: string) => (e: unknown) => e instanceof AppError && e.code === code

test('import detects each source, stores metadata and entries, and loadActiveSnapshots returns them', async () => {
  const home = tmp()
  const r = await importList({ home, files: ALL_FIXTURES, now: '2026-01-02T03:04:05.000Z' })
  assert.deepEqual(r.snapshots.map((s) => s.source).sort(), ['csl', 'dpl', 'nonsdn', 'sdn'])
  const csl = r.snapshots.find((s) => s.source === 'csl')!
  assert.equal(csl.totalRows, 10)
  assert.equal(csl.rowCounts.el, 1)
  assert.equal(csl.listDate, '2021-03-02')
  assert.equal(csl.importedAt, '2026-01-02T03:04:05.000Z')
  assert.match(csl.sha256, /^[0-9a-f]{64}$/)
  assert.equal(csl.files[0]?.name, 'consolidated.csv')
  const { entries, snapshots } = await loadActiveSnapshots(home)
  assert.equal(entries.length, 10 + 5 + 4 + 3)
  assert.deepEqual(snapshots.map((s) => s.source).sort(), ['csl', 'dpl', 'nonsdn', 'sdn'])
  assert.ok(entries.some((e) => e.sourceId === 'd05d55fa214aff19c1eb3270d54905e4e362d445' && e.list === 'el'))
})

test('with nothing imported, loadActiveSnapshots fails with LIST_SNAPSHOT_MISSING and a hint', async () => {
  await assert.rejects(loadActiveSnapshots(tmp()), (e: unknown) => isCode('LIST_SNAPSHOT_MISSING')(e) && /lists import/.test(String((e as AppError).details.hint)))
})

test('a truncated or corrupt file changes nothing: the previous snapshot stays active', async () => {
  const home = tmp()
  const dir = tmp()
  await importList({ home, files: [fx('consolidated.csv')], now: '2026-01-01T00:00:00.000Z' })
  const before = await readActiveSnapshotMetas(home)
  const activeBefore = readFileSync(join(home, 'lists/active.json'), 'utf8')

  const gz = gzipSync(readFileSync(fx('consolidated.csv')))
  writeFileSync(join(dir, 'consolidated.csv.gz'), gz.subarray(0, gz.length - 50))
  await assert.rejects(importList({ home, files: [join(dir, 'consolidated.csv.gz')], now: '2026-01-02T00:00:00.000Z' }), isCode('LIST_PARSE_FAILED'))

  const lines = readFileSync(fx('consolidated.csv'), 'utf8').split('\n')
  writeFileSync(join(dir, 'consolidated.csv'), [...lines.slice(0, 4), 'broken,row', ...lines.slice(4)].join('\n'))
  await assert.rejects(
    importList({ home, files: [join(dir, 'consolidated.csv')], now: '2026-01-02T00:00:00.000Z' }),
    (e: unknown) => isCode('LIST_PARSE_FAILED')(e) && (e as AppError).details.line === 5,
  )

  // several sources in one import: a bad DPL file stops the good CSL file too
  writeFileSync(join(dir, 'dpl.txt'), 'not a dpl file\n')
  await assert.rejects(importList({ home, files: [fx('consolidated.csv'), join(dir, 'dpl.txt')], now: '2026-01-02T00:00:00.000Z' }))

  assert.equal(readFileSync(join(home, 'lists/active.json'), 'utf8'), activeBefore)
  assert.deepEqual(await readActiveSnapshotMetas(home), before)
  assert.deepEqual(readdirSync(join(home, 'lists/snapshots')), [before[0]!.id], 'no half-written snapshot is left')
})

test('a sharp drop in rows is refused with both numbers, and --force imports it; the previous snapshot is kept', async () => {
  const home = tmp()
  const dir = tmp()
  await importList({ home, files: [fx('consolidated.csv')], now: '2026-01-01T00:00:00.000Z' })
  const first = (await readActiveSnapshotMetas(home))[0]!
  // keep the header and the first 5 data rows (lines 2..6) of 10
  const lines = readFileSync(fx('consolidated.csv'), 'utf8').split('\n')
  writeFileSync(join(dir, 'consolidated.csv'), `${lines.slice(0, 6).join('\n')}\n`)
  await assert.rejects(importList({ home, files: [join(dir, 'consolidated.csv')], now: '2026-01-02T00:00:00.000Z' }), (e: unknown) => {
    assert.ok(isCode('LIST_ROW_COUNT_DROP')(e))
    assert.match((e as AppError).message, /the new files have 5 rows, the active snapshot has 10/)
    assert.equal((e as AppError).exitCode, 2)
    return true
  })
  assert.equal((await readActiveSnapshotMetas(home))[0]!.id, first.id)

  const r = await importList({ home, files: [join(dir, 'consolidated.csv')], now: '2026-01-02T00:00:00.000Z', shouldForce: true })
  assert.equal(r.snapshots[0]!.totalRows, 5)
  assert.equal(r.previous.csl?.id, first.id)
  const pointer = JSON.parse(readFileSync(join(home, 'lists/active.json'), 'utf8'))
  assert.equal(pointer.active.csl, r.snapshots[0]!.id)
  assert.equal(pointer.previous.csl, first.id)
  assert.ok(existsSync(join(home, 'lists/snapshots', first.id, 'entries.json')), 'the previous snapshot is kept')
  assert.equal((await loadActiveSnapshots(home)).entries.length, 5)
})

test('detection: an unknown file needs --source, a file of another source is refused', async () => {
  const home = tmp()
  const dir = tmp()
  copyFileSync(fx('sdn.csv'), join(dir, 'export-2026.csv'))
  await assert.rejects(importList({ home, files: [join(dir, 'export-2026.csv')], now: '2026-01-01T00:00:00.000Z' }), isCode('LIST_FORMAT_UNRECOGNIZED'))
  const r = await importList({ home, files: [join(dir, 'export-2026.csv')], source: 'sdn', now: '2026-01-01T00:00:00.000Z' })
  assert.equal(r.snapshots[0]!.totalRows, 5)
  await assert.rejects(importList({ home, files: [fx('dpl.txt')], source: 'sdn', now: '2026-01-01T00:00:00.000Z' }), /looks like a dpl file/)
  await assert.rejects(importList({ home, files: [join(dir, 'missing.csv')], now: '2026-01-01T00:00:00.000Z' }), isCode('FILE_NOT_FOUND'))
})

test('entries.json edited after import is detected', async () => {
  const home = tmp()
  const r = await importList({ home, files: [fx('dpl.txt')], now: '2026-01-01T00:00:00.000Z' })
  const path = join(home, 'lists/snapshots', r.snapshots[0]!.id, 'entries.json')
  writeFileSync(path, readFileSync(path, 'utf8').replace('AARON', 'ERIN'))
  await assert.rejects(loadActiveSnapshots(home), /changed after import/)
})

test('lists update: a failed download writes nothing; successful downloads import every source at once', async () => {
  const home = tmp()
  const offline: FetchLike = async () => {
    throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ENOTFOUND' } })
  }
  await assert.rejects(updateLists({ home, fetch: offline, now: '2026-01-01T00:00:00.000Z' }), (e: unknown) => isCode('LIST_DOWNLOAD_FAILED')(e) && /ENOTFOUND/.test((e as Error).message))
  assert.equal(existsSync(join(home, 'lists')), false)

  const byName: Record<string, string> = {
    'consolidated.csv': 'consolidated.csv', 'sdn.csv': 'sdn.csv', 'add.csv': 'add.csv', 'alt.csv': 'alt.csv',
    'CONS_PRIM.CSV': 'cons_prim.csv', 'CONS_ADD.CSV': 'cons_add.csv', 'CONS_ALT.CSV': 'cons_alt.csv', 'CONS_COMMENTS.CSV': 'cons_comments.csv', 'dpl.txt': 'dpl.txt', 'consolidated.xml': 'UN_consolidated.xml',
  }
  const local: FetchLike = async (url) => {
    const file = byName[url.split('/').pop()!]
    if (!file) return { ok: false, status: 404, headers: new Headers(), arrayBuffer: async () => new ArrayBuffer(0) }
    const bytes = readFileSync(fx(file))
    return { ok: true, status: 200, headers: new Headers(), arrayBuffer: async () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) }
  }
  // a server error on one required file fails the whole update
  const failing: FetchLike = async (url, init) => (url.endsWith('dpl.txt') ? { ok: false, status: 503, statusText: 'Service Unavailable', headers: new Headers(), arrayBuffer: async () => new ArrayBuffer(0) } : local(url, init))
  await assert.rejects(updateLists({ home, fetch: failing, now: '2026-01-01T00:00:00.000Z' }), /dpl\.txt .*HTTP 503/)
  assert.equal(existsSync(join(home, 'lists/active.json')), false)

  const r = await updateLists({ home, fetch: local, now: '2026-01-01T00:00:00.000Z' })
  assert.deepEqual(r.snapshots.map((s) => s.source).sort(), ['csl', 'dpl', 'nonsdn', 'sdn', 'un'], 'by default the U.S. lists and the UN list (flagged for everyone)')
  assert.equal(r.snapshots.find((s) => s.source === 'sdn')?.files.length, 3, 'the optional sdn_comments.csv was absent (404) and skipped')
})

describe('the date a snapshot is recorded with (list-dating.ts)', () => {
  const served = (lastModified: Record<string, string>): FetchLike => async (url) => {
    const name = url.split('/').pop()!
    if (!['sdn.csv', 'add.csv', 'alt.csv'].includes(name)) return { ok: false, status: 404, headers: new Headers(), arrayBuffer: async () => new ArrayBuffer(0) }
    const bytes = readFileSync(fx(name))
    const headers = new Headers(lastModified[name] ? { 'last-modified': lastModified[name]! } : {})
    return { ok: true, status: 200, headers, arrayBuffer: async () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) }
  }

  test("OFAC's CSV imported from disk states no date: the publication date is unknown, not the import date", async () => {
    const home = tmp()
    const r = await importList({ home, files: ['sdn.csv', 'add.csv', 'alt.csv'].map(fx), now: '2026-12-07T09:00:00.000Z' })
    const sdn = r.snapshots[0]!
    assert.equal(sdn.listDate, undefined)
    assert.equal(sdn.listDateBasis, undefined)
    const [age] = listAges(await readActiveSnapshotMetas(home), new Date('2026-12-07T12:00:00Z'))
    assert.deepEqual({ date: age!.date, basis: age!.basis, ageDays: age!.ageDays, isStale: age!.isStale }, { date: null, basis: 'unknown', ageDays: null, isStale: true })
  })

  test('--published: the date the importer read from the publisher, checked against today and the files', async () => {
    const home = tmp()
    const r = await importList({ home, files: ['sdn.csv', 'add.csv', 'alt.csv'].map(fx), now: '2026-12-07T09:00:00.000Z', published: '2026-12-04' })
    assert.deepEqual([r.snapshots[0]!.listDate, r.snapshots[0]!.listDateBasis], ['2026-12-04', 'declared'])
    const refused = (published: string, message: RegExp) =>
      assert.rejects(importList({ home: tmp(), files: [fx('consolidated.csv')], now: '2026-12-07T09:00:00.000Z', published }), (e: unknown) => isCode('VALIDATION_FAILED')(e) && (e as AppError).details.issues?.[0]?.path === 'published' && message.test((e as Error).message))
    await refused('2026-12-08', /after today/)
    await refused('07/12/2026', /YYYY-MM-DD/)
    // the fixture CSL lists an entry on 2021-03-02: it cannot have been published before
    await refused('2021-01-01', /after the date given/)
    const csl = await importList({ home: tmp(), files: [fx('consolidated.csv')], now: '2026-12-07T09:00:00.000Z', published: '2026-12-06' })
    assert.deepEqual([csl.snapshots[0]!.listDate, csl.snapshots[0]!.listDateBasis], ['2026-12-06', 'declared'])
  })

  test("lists update records the publisher's Last-Modified date (the oldest of the source's files), each file's URL and date", async () => {
    const home = tmp()
    const r = await updateLists({ home, fetch: served({ 'sdn.csv': 'Wed, 02 Dec 2026 18:04:11 GMT', 'add.csv': 'Tue, 01 Dec 2026 10:00:00 GMT', 'alt.csv': 'Wed, 02 Dec 2026 18:04:11 GMT' }), now: '2026-12-07T09:00:00.000Z', sources: ['sdn'] })
    const sdn = r.snapshots[0]!
    assert.deepEqual([sdn.listDate, sdn.listDateBasis], ['2026-12-01', 'last-modified'])
    const sdnFile = sdn.files.find((f) => f.name === 'sdn.csv')!
    assert.equal(sdnFile.url, 'https://www.treasury.gov/ofac/downloads/sdn.csv')
    assert.equal(sdnFile.lastModified, '2026-12-02T18:04:11.000Z')
    // a 2024 file served today is a 2024 list
    const old = await updateLists({ home: tmp(), fetch: served({ 'sdn.csv': 'Mon, 01 Jul 2024 00:00:00 GMT' }), now: '2026-12-07T09:00:00.000Z', sources: ['sdn'] })
    assert.deepEqual([old.snapshots[0]!.listDate, old.snapshots[0]!.listDateBasis], ['2024-07-01', 'last-modified'])
    assert.equal(staleListWarnings(old.snapshots, new Date('2026-12-07T12:00:00Z'))[0]?.kind, 'stale-list')
  })

  test('a download that gives no date is dated the day the official source served it; a Last-Modified after today is ignored', async () => {
    const r = await updateLists({ home: tmp(), fetch: served({ 'sdn.csv': 'Fri, 01 Jan 2100 00:00:00 GMT' }), now: '2026-12-07T09:00:00.000Z', sources: ['sdn'] })
    assert.deepEqual([r.snapshots[0]!.listDate, r.snapshots[0]!.listDateBasis], ['2026-12-07', 'downloaded'])
  })
})
