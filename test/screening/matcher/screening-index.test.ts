/**
 * The saved screening index answers exactly as a freshly built one: every hit, score and explanation,
 * for names of every list and variants of them, with and without filters. Also: the index is written at
 * import, a stale or damaged index is never used (rebuilt; damaged with a warning), and batch workers
 * screen from the one saved index.
 */
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { after, test } from 'node:test'
import { screenRowsInWorkers } from '../../../src/cli/commands/screen-batch-worker.js'
import { decodeIndexFile, encodeIndexFile, parseHeader, PRELUDE, readIndexFileKey, readPrelude, tableBytesOf } from '../../../src/screening/index/index-file.js'
import type { ListEntry } from '../../../src/screening/model.js'
import { buildScreener, entryKeyOf, screenerFrom, type ScreenerData, type ScreenQuery, type Screener } from '../../../src/screening/screener.js'
import { importList, importListFiles } from '../../../src/screening/snapshots/import-list.js'
import { loadActiveSnapshots, readActiveSnapshotMetas } from '../../../src/screening/snapshots/load-active-snapshots.js'
import { snapshotDir } from '../../../src/screening/snapshots/snapshot-paths.js'
import { isAppError } from '../../../src/shared/errors.js'
import { indexesDir, loadScreener, loadScreenerData, readScreeningIndex } from '../../../src/screening/snapshots/screening-index-store.js'
import { FIXTURES } from '../sources/fixtures.js'

const tmpRoots: string[] = []
after(() => {
  for (const d of tmpRoots) rmSync(d, { recursive: true, force: true })
})
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'chipnav-index-'))
  tmpRoots.push(d)
  return d
}
const fx = (name: string) => join(FIXTURES, name)
const US_FIXTURES = ['consolidated.csv', 'sdn.csv', 'add.csv', 'alt.csv', 'cons_prim.csv', 'cons_add.csv', 'cons_alt.csv', 'cons_comments.csv', 'dpl.txt'].map(fx)
const ALL_FIXTURES = [...US_FIXTURES, fx('UN_consolidated.xml'), fx('UK_Sanctions_List.xml')]

/** The names of the lists and variants of them: lower case, words reversed, a letter dropped, a word dropped. */
function queriesFrom(entries: readonly ListEntry[]): string[] {
  const out: string[] = []
  for (const e of entries) {
    for (const n of e.names) {
      const words = n.name.split(/\s+/).filter((w) => w !== '')
      out.push(n.name, n.name.toLowerCase(), [...words].reverse().join(' '))
      if (n.name.length > 6) out.push(n.name.slice(0, 3) + n.name.slice(4))
      if (words.length > 2) out.push(words.slice(0, -1).join(' '))
    }
  }
  return out.filter((q) => /[\p{L}\p{N}]/u.test(q))
}

/** A fresh screener and one from its data written to and read back from an index file. */
function bothWays(entries: ListEntry[], snapshots: Parameters<typeof buildScreener>[0]['snapshots'] = []): { fresh: Screener; loaded: Screener } {
  const fresh = buildScreener({ entries, snapshots })
  // encode a separately built copy, so the loaded screener shares nothing with the fresh one
  const { buildScreenerData } = SCREENER
  const bytes = encodeIndexFile({ test: true }, buildScreenerData(entries))
  const { value } = decodeIndexFile(bytes)
  return { fresh, loaded: screenerFrom({ data: value as ScreenerData, snapshots }) }
}
const SCREENER = await import('../../../src/screening/screener.js')

function assertSameAnswers(fresh: Screener, loaded: Screener, queries: ScreenQuery[]): void {
  for (const q of queries) {
    assert.deepStrictEqual(loaded.screen(q), fresh.screen(q), `screen ${JSON.stringify(q)}`)
    const { limit: _limit, includeBelow: _below, ...top } = q
    assert.deepStrictEqual(loaded.screenTop(top), fresh.screenTop(top), `screenTop ${JSON.stringify(q)}`)
  }
}

test('a screener from a saved index answers exactly as a fresh one (fixtures of every list, filters, countries)', async () => {
  const home = tmp()
  await importList({ home, files: ALL_FIXTURES, now: '2026-01-02T03:04:05.000Z' })
  const { entries, snapshots } = await loadActiveSnapshots(home)
  const { fresh, loaded } = bothWays(entries, snapshots)
  const names = queriesFrom(entries)
  assert.ok(names.length > 100, `${names.length} queries`)
  const only = new Set(entries.slice(0, 5).map((e) => entryKeyOf(e.list, e.sourceId)))
  const queries: ScreenQuery[] = names.flatMap((name, i) => [
    { name },
    { name, includeBelow: true, limit: 20 },
    ...(i % 3 === 0 ? [{ name, country: 'CN', includeBelow: true }, { name, lists: ['sdn', 'el'] as ScreenQuery['lists'] }] : []),
    ...(i % 5 === 0 ? [{ name, type: 'individual' as const, threshold: 0.6, includeBelow: true }, { name, onlyEntries: only, includeBelow: true }] : []),
  ])
  assertSameAnswers(fresh, loaded, queries)
  // the saved one, through the store, answers the same too: read whole, and opened from its file (read where used)
  const stored = await loadScreener(home)
  assertSameAnswers(fresh, stored, queries.slice(0, 300))
  const opened = await loadScreener(home, { readLazily: true })
  assertSameAnswers(fresh, opened, queries.slice(0, 300))
})

test('the index is written at import, used while its key matches, and rebuilt when the snapshots change', async () => {
  const home = tmp()
  await importList({ home, files: US_FIXTURES, now: '2026-01-02T03:04:05.000Z' })
  const first = readdirSync(indexesDir(home))
  assert.equal(first.length, 1, 'one index file after the import')
  assert.equal((await loadScreenerData(home)).origin, 'file')
  // a new snapshot set gets its own index (written by the import); the old one is removed
  await importList({ home, files: [fx('UN_consolidated.xml')], now: '2026-01-03T03:04:05.000Z' })
  const second = readdirSync(indexesDir(home))
  assert.equal(second.length, 1)
  assert.notEqual(second[0], first[0])
  const loaded = await loadScreenerData(home)
  assert.equal(loaded.origin, 'file')
  assert.ok(loaded.data.entries.length > 22, 'the UN entries are in the index')
  // a snapshot predating saved indexes (no file): built once, saved, then read
  rmSync(indexesDir(home), { recursive: true })
  assert.equal((await loadScreenerData(home)).origin, 'built')
  assert.equal((await loadScreenerData(home)).origin, 'file')
})

/** Body items (typed arrays, long strings) of a saved index: path, offset in the file, byte length. */
function itemsOf(bytes: Buffer): Array<{ path: string; at: number; bytes: number }> {
  const { headerBytes } = readPrelude(bytes)
  const header = parseHeader(bytes.subarray(PRELUDE, PRELUDE + headerBytes))
  const bodyStart = PRELUDE + headerBytes + tableBytesOf(header.blocks)
  const items: Array<{ path: string; at: number; bytes: number }> = []
  const walk = (n: unknown, path: string): void => {
    if (n === null || typeof n !== 'object') return
    if (Array.isArray(n)) return n.forEach((x, i) => walk(x, `${path}[${i}]`))
    const o = n as Record<string, unknown>
    if (o.$ta) {
      const [type, offset, length] = o.$ta as [string, number, number]
      return void items.push({ path, at: bodyStart + offset, bytes: length * (Number(/\d+/.exec(type)![0]) / 8) })
    }
    if (o.$s) return void items.push({ path, at: bodyStart + (o.$s as number[])[1]!, bytes: (o.$s as number[])[2]! })
    for (const [k, x] of Object.entries(o)) walk(x, k.startsWith('$') ? path : `${path}.${k}`)
  }
  walk(header.root, '$')
  return items
}

const flipped = (bytes: Buffer, at: number): Buffer => Buffer.from(bytes.map((b, i) => (i === at ? b ^ 0x01 : b)))

test('opened from its file, a block found damaged in a query is reported, the file removed and the query answered from the snapshots', async () => {
  const home = tmp()
  await importList({ home, files: US_FIXTURES, now: '2026-01-02T03:04:05.000Z' })
  const file = join(indexesDir(home), readdirSync(indexesDir(home))[0]!)
  const { entries, snapshots } = await loadActiveSnapshots(home)
  const fresh = buildScreener({ entries, snapshots })
  // the same index in 64-byte blocks (the fixtures' index is a few 4 KiB blocks), damaged in the middle of
  // the largest column of the entries: read only when a query decodes an entry whose value lies there
  const good = encodeIndexFile(readIndexFileKey(readFileSync(file)), (await loadScreenerData(home)).data, { blockBytes: 64 })
  const column = itemsOf(good).filter((i) => i.path.startsWith('$.entries')).sort((x, y) => y.bytes - x.bytes)[0]!
  assert.ok(column.bytes >= 512, `${column.path}: ${column.bytes} bytes`)
  writeFileSync(file, flipped(good, column.at + Math.floor(column.bytes / 2)))
  const warnings: string[] = []
  const screener = await loadScreener(home, { readLazily: true, onWarning: (m) => warnings.push(m) })
  assert.deepEqual(warnings, [], 'the header and block table are sound: opened')
  const queries: ScreenQuery[] = entries.map((e) => ({ name: e.names[0]!.name, includeBelow: true }))
  assertSameAnswers(fresh, screener, queries)
  assert.equal(warnings.length, 1, 'a query read the damaged block')
  assert.match(warnings[0]!, /not usable \(index file damaged \(crc32 of block \d+ differs\)\); rebuilding/)
  assert.equal(existsSync(file), false, 'the damaged file is removed')
  assert.equal((await loadScreenerData(home)).origin, 'built', 'the next process rebuilds it')
  assert.equal((await loadScreenerData(home)).origin, 'file')
})

test('a damaged index file is rebuilt with a warning and the answers stay the same (read whole, or opened from its file: a damaged header, block table or size found when opened)', async () => {
  const home = tmp()
  await importList({ home, files: US_FIXTURES, now: '2026-01-02T03:04:05.000Z' })
  const file = join(indexesDir(home), readdirSync(indexesDir(home))[0]!)
  const good = readFileSync(file)
  const { entries, snapshots } = await loadActiveSnapshots(home)
  const fresh = buildScreener({ entries, snapshots })
  const { headerBytes } = readPrelude(good)
  const damages: Array<[string, Buffer, { isWholeOnly?: boolean }?]> = [
    // read whole, every byte is checked at once; opened from the file, a block no query reads is never read
    ['one byte flipped', flipped(good, good.length - 100), { isWholeOnly: true }],
    ['a header byte flipped', flipped(good, PRELUDE + 10)],
    ['a block table byte flipped', flipped(good, PRELUDE + headerBytes + 2)],
    ['an array the screener reads when it is made damaged', flipped(good, itemsOf(good).find((i) => i.path === '$.canonical')!.at)],
    ['truncated', good.subarray(0, good.length - 7)],
    ['not an index', Buffer.from('hello')],
  ]
  for (const readLazily of [false, true]) {
    for (const [what, bytes, { isWholeOnly = false } = {}] of damages) {
      if (readLazily && isWholeOnly) continue
      writeFileSync(file, bytes)
      const warnings: string[] = []
      const screener = await loadScreener(home, { readLazily, onWarning: (m) => warnings.push(m) })
      assert.equal(warnings.length, 1, what)
      assert.match(warnings[0]!, /not usable .*rebuilding/, what)
      assertSameAnswers(fresh, screener, [{ name: entries[0]!.names[0]!.name, includeBelow: true }, { name: 'Huawei Technologies', includeBelow: true }])
      assert.equal((await loadScreenerData(home)).origin, 'file', `${what}: the rebuilt index was saved`)
    }
  }
})

test('read for worker threads, the index file is read straight into shared memory and checked as ever', async () => {
  const home = tmp()
  await importList({ home, files: US_FIXTURES, now: '2026-01-02T03:04:05.000Z' })
  const file = join(indexesDir(home), readdirSync(indexesDir(home))[0]!)
  const good = readFileSync(file)
  const r = await readScreeningIndex(home, { shared: true })
  assert.equal(r.origin, 'file')
  assert.ok(r.bytes!.buffer instanceof SharedArrayBuffer, 'in a SharedArrayBuffer')
  assert.equal(r.bytes!.byteLength, r.bytes!.buffer.byteLength, 'the whole buffer')
  assert.ok(good.equals(r.bytes!), 'the bytes of the file')
  // a damaged file: refused and rebuilt with a warning, as when read into a Buffer
  writeFileSync(file, flipped(good, good.length - 100))
  const warnings: string[] = []
  const rebuilt = await readScreeningIndex(home, { shared: true, onWarning: (m) => warnings.push(m) })
  assert.equal(rebuilt.origin, 'built')
  assert.match(warnings.join('\n'), /not usable .*rebuilding/)
  assert.ok(good.equals(rebuilt.bytes!), 'rebuilt as it was')
})

test('an index built from other snapshots or code is never used: its key must match', async () => {
  const home = tmp()
  await importList({ home, files: US_FIXTURES, now: '2026-01-02T03:04:05.000Z' })
  const file = join(indexesDir(home), readdirSync(indexesDir(home))[0]!)
  // same name, another key (as if written by other code): rebuilt with a warning, never read
  const { data } = await loadScreenerData(home)
  writeFileSync(file, encodeIndexFile({ format: 2, code: 'other', snapshots: [] }, data))
  const warnings: string[] = []
  const r = await loadScreenerData(home, { onWarning: (m) => warnings.push(m) })
  assert.equal(r.origin, 'built')
  assert.match(warnings.join('\n'), /other snapshots or code/)
  // opened from its file, the same
  writeFileSync(file, encodeIndexFile({ format: 2, code: 'other', snapshots: [] }, data))
  const lazyWarnings: string[] = []
  await loadScreener(home, { readLazily: true, onWarning: (m) => lazyWarnings.push(m) })
  assert.match(lazyWarnings.join('\n'), /other snapshots or code/)
})

test('opened from its file, the index is used only with the metadata texts it was built from: an edited meta.json is checked again', async () => {
  const home = tmp()
  await importList({ home, files: US_FIXTURES, now: '2026-01-02T03:04:05.000Z' })
  const metas = await readActiveSnapshotMetas(home)
  const metaFile = join(snapshotDir(home, metas[0]!.id), 'meta.json')
  const original = readFileSync(metaFile, 'utf8')
  const before = readdirSync(indexesDir(home))
  // not valid metadata (a row count is text): refused as ever, never read past the schema
  writeFileSync(metaFile, original.replace(/"totalRows": \d+/, '"totalRows": "many"'))
  await assert.rejects(loadScreener(home, { readLazily: true }), (e: unknown) => isAppError(e) && e.code === 'LIST_PARSE_FAILED')
  // valid but other text (re-formatted): checked, and the index rebuilt for it
  writeFileSync(metaFile, JSON.stringify(JSON.parse(original)))
  const warnings: string[] = []
  const screener = await loadScreener(home, { readLazily: true, onWarning: (m) => warnings.push(m) })
  assert.equal(screener.snapshots.length, metas.length)
  assert.notDeepEqual(readdirSync(indexesDir(home)), before, 'rebuilt for the new text')
  assert.equal((await loadScreenerData(home)).origin, 'file', 'and saved')
})

test('batch workers screen from the one saved index, with the answers of a fresh screener', async () => {
  const home = tmp()
  await importList({ home, files: ALL_FIXTURES, now: '2026-01-02T03:04:05.000Z' })
  const { entries, snapshots } = await loadActiveSnapshots(home)
  const fresh = buildScreener({ entries, snapshots })
  const names = queriesFrom(entries).slice(0, 400)
  const run = await screenRowsInWorkers({ home, rows: names.map((name, index) => ({ index, name })), workerCount: 2 })
  names.forEach((name, i) => {
    const top = fresh.screenTop({ name }).top
    assert.equal(run.results[i]?.topScore, top?.score, name)
    assert.equal(run.results[i]?.topEntryId, top?.entryId, name)
  })
})

const SHARED = fileURLToPath(new URL('../../../../shared/data/', import.meta.url))
const REAL_LISTS = [
  'trade_gov_csl_2022-04/consolidated.csv.gz', 'ofac_sdn_2024-05-03/sdn.csv', 'ofac_sdn_2026-06/add.csv', 'ofac_sdn_2026-06/alt.csv',
  'ofac_non_sdn_2025-12/cons_prim.csv', 'ofac_non_sdn_2025-12/cons_add.csv', 'ofac_non_sdn_2025-12/cons_alt.csv',
  'ofac_non_sdn_2025-12/cons_comments.csv', 'bis_dpl_2023-11/dpl.txt', 'un_sc_2026-02-27/UN_consolidated.xml',
]
const hasShared = existsSync(join(SHARED, 'lists')) && existsSync(join(SHARED, 'matching/yente/negatives_us.csv'))

test('on the real lists, the saved index and a fresh build give the same hits and scores for 3,000 names', { skip: hasShared ? false : `skipped: ${SHARED}lists or matching/yente/negatives_us.csv is absent` }, async () => {
  const home = tmp()
  await importListFiles({ home, files: REAL_LISTS.map((p) => ({ name: p.split('/').pop()!, bytes: readFileSync(join(SHARED, 'lists', p)) })), now: '2026-01-02T03:04:05.000Z' })
  const stored = await loadScreenerData(home)
  assert.equal(stored.origin, 'file', 'the import saved the index')
  const { entries, snapshots } = await loadActiveSnapshots(home)
  const fresh = buildScreener({ entries, snapshots })
  const loaded = screenerFrom({ data: stored.data, snapshots: stored.snapshots })
  // every 20th list name and its variants, and people on no list
  const listNames = queriesFrom(entries.filter((_, i) => i % 20 === 0)).slice(0, 2000)
  const negatives = readFileSync(join(SHARED, 'matching/yente/negatives_us.csv'), 'utf8')
    .split('\n')
    .slice(1, 1001)
    .map((l) => l.split(',')[0]!.trim())
    .filter((n) => n !== '')
  const queries: ScreenQuery[] = [...listNames, ...negatives].map((name, i) => (i % 4 === 0 ? { name, country: 'RU', includeBelow: true } : { name, includeBelow: i % 2 === 0 }))
  assert.ok(queries.length >= 2900, `${queries.length} queries`)
  assertSameAnswers(fresh, loaded, queries)
  // opened from its file (the CLI's way: long strings in UTF-16 and Latin-1 decoded a piece at a time)
  assertSameAnswers(fresh, await loadScreener(home, { readLazily: true }), queries.filter((_, i) => i % 3 === 0))
})
