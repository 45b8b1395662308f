/**
 * One answer per name: the single-name path (`screen`, the API, screenings, determinations), the batch
 * path (`screenTop` on worker threads) and every limit / includeBelow give the same matches for the
 * same name, country and threshold. Candidate pruning depends on the threshold only.
 */
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { screenRowsInWorkers } from '../../../src/cli/commands/screen-batch-worker.js'
import { withScreenCache } from '../../../src/screening/screen-cache.js'
import { buildScreener, type Screener, type ScreenQuery } from '../../../src/screening/screener.js'
import { importListFiles } from '../../../src/screening/snapshots/import-list.js'
import { loadActiveSnapshots } from '../../../src/screening/snapshots/load-active-snapshots.js'
import type { SourceFile } from '../../../src/screening/sources/source-file.js'
import { SHARED_DATA } from '../../helpers/paths.js'
import { fixture, sharedList, SHARED_LISTS } from '../sources/fixtures.js'

const FIXTURE_FILES = ['consolidated.csv', 'sdn.csv', 'add.csv', 'alt.csv', 'cons_prim.csv', 'cons_add.csv', 'cons_alt.csv', 'cons_comments.csv', 'dpl.txt']
const SHARED_FILES = [
  'trade_gov_csl_2022-04/consolidated.csv.gz', 'ofac_sdn_2024-05-03/sdn.csv', 'ofac_sdn_2026-06/add.csv', 'ofac_sdn_2026-06/alt.csv',
  'ofac_non_sdn_2025-12/cons_prim.csv', 'ofac_non_sdn_2025-12/cons_add.csv', 'ofac_non_sdn_2025-12/cons_alt.csv',
  'ofac_non_sdn_2025-12/cons_comments.csv', 'bis_dpl_2023-11/dpl.txt',
]
const NEGATIVES_GLOBAL = join(SHARED_DATA, 'matching/yente/negatives_global_dev.csv')

type Key = string
const keysOf = (hits: { list: string; entryId: string; isMatch: boolean }[]): Key[] => hits.filter((h) => h.isMatch).map((h) => `${h.list}:${h.entryId}`).sort()

/** Every single-name variant of a query, and the batch answer, must agree; returns the disagreements. */
function disagreements(screener: Screener, queries: Omit<ScreenQuery, 'limit' | 'includeBelow'>[]): string[] {
  const cached = withScreenCache(screener)
  const out: string[] = []
  for (const q of queries) {
    const single = screener.screen(q)
    const want = keysOf(single.hits)
    if (single.hitCount !== want.length) out.push(`${q.name}: hitCount ${single.hitCount}, ${want.length} matches listed`)
    for (const variant of [{ limit: 1 }, { limit: 1, includeBelow: true }, { includeBelow: true }, { limit: 100 }]) {
      const got = keysOf(cached.screen({ ...q, ...variant }).hits)
      if (got.join() !== want.join()) out.push(`${q.name} ${JSON.stringify(variant)}: [${got}] ≠ [${want}]`)
    }
    const top = screener.screenTop(q)
    if (top.hitCount !== want.length) out.push(`${q.name}: batch hitCount ${top.hitCount} ≠ ${want.length}`)
    if ((top.top?.isMatch ? `${top.top.list}:${top.top.entryId}` : undefined) !== (single.hits[0]?.isMatch ? `${single.hits[0].list}:${single.hits[0].entryId}` : undefined)) {
      out.push(`${q.name}: batch top ${top.top?.entryId} ≠ single top ${single.hits[0]?.entryId}`)
    } else if (top.top?.isMatch && top.top.matchedName !== single.hits[0]!.matchedName) {
      // the batch output's topMatchedName is the name `screen` explains the hit by
      out.push(`${q.name}: batch matched name ${JSON.stringify(top.top.matchedName)} ≠ single ${JSON.stringify(single.hits[0]!.matchedName)}`)
    }
  }
  return out
}

async function importInto(home: string, files: SourceFile[]): Promise<void> {
  await importListFiles({ home, files, now: '2026-12-01T00:00:00Z' })
}

describe('one answer per name: fixture lists', () => {
  const home = mkdtempSync(join(tmpdir(), 'chipnav-one-answer-'))
  let screener: Screener
  let names: string[] = []
  before(async () => {
    await importInto(home, FIXTURE_FILES.map(fixture))
    const loaded = await loadActiveSnapshots(home)
    screener = buildScreener(loaded)
    // every list name, each with its words reversed and its last word dropped, plus names on no list
    const listNames = loaded.entries.flatMap((e) => e.names.map((n) => n.name))
    names = [...listNames, ...listNames.map((n) => n.split(/\s+/).reverse().join(' ')), ...listNames.map((n) => n.split(/\s+/).slice(0, -1).join(' ')).filter((n) => /\p{L}/u.test(n))]
    names.push('Huawei tech', 'Bank of Cuba', 'Wholly Unrelated Bakery', '桂英 王', 'Mohammed Ali', 'Global Trading Co')
  })
  after(() => rmSync(home, { recursive: true, force: true }))

  test('every limit, includeBelow and the batch path give the same matches, at several thresholds and with a country', () => {
    for (const threshold of [0.5, 0.7, 0.8, 0.9]) {
      const problems = disagreements(screener, names.flatMap((name) => [{ name, threshold }, { name, threshold, country: 'CN' }]))
      assert.deepEqual(problems, [], `threshold ${threshold}`)
    }
  })

  // Exact on the fixtures. On the real lists the score bound still drops a few matches (it counts only
  // the query words the index credits, and the scorer also aligns words the index does not find:
  // two-edit spellings such as "Rahzad"/"Shahzad", initials, acronyms): bench/screening-pruning.ts and
  // bench/README.md ("Pruning") give the figures and the exact variant measured and not landed.
  test('the pruning drops no match on the fixtures: the same matches as scoring every candidate', async () => {
    const exhaustive = buildScreener({ ...(await loadActiveSnapshots(home)), isExhaustive: true })
    for (const name of names) {
      for (const threshold of [0.6, 0.8]) assert.deepEqual(keysOf(screener.screen({ name, threshold }).hits), keysOf(exhaustive.screen({ name, threshold }).hits), `${name} at ${threshold}`)
    }
  })

  test('batch on worker threads agrees with single-name screening', async () => {
    const rows = names.map((name, index) => ({ index, name }))
    const run = await screenRowsInWorkers({ home, rows, workerCount: 2 })
    for (const row of rows) {
      const single = screener.screen({ name: row.name })
      const batch = run.results[row.index]!
      assert.equal(batch.hitCount, single.hitCount, row.name)
      assert.equal(batch.hit, single.hitCount > 0, row.name)
      if (batch.hit) assert.equal(`${batch.topList}:${batch.topEntryId}`, `${single.hits[0]!.list}:${single.hits[0]!.entryId}`, row.name)
      if (batch.hit) assert.equal(batch.topMatchedName, single.hits[0]!.matchedName, row.name)
    }
  })
})

const realSkip = !existsSync(SHARED_LISTS) || !existsSync(NEGATIVES_GLOBAL) ? `the shared lists or ${NEGATIVES_GLOBAL} are absent; this test reads them and runs in CI` : false

describe('one answer per name: the real lists and negatives_global_dev', { skip: realSkip }, () => {
  const home = mkdtempSync(join(tmpdir(), 'chipnav-one-answer-real-'))
  let screener: Screener
  let names: string[] = []
  before(async () => {
    await importInto(home, SHARED_FILES.map(sharedList))
    const loaded = await loadActiveSnapshots(home)
    screener = buildScreener(loaded)
    const people = readFileSync(NEGATIVES_GLOBAL, 'utf8').split('\n').slice(1).map((l) => l.split(',')[0]!.trim()).filter((n) => n !== '')
    // 3,000 people from many cultures, 1,000 list names (every 29th), the names of the issue
    const listNames = loaded.entries.flatMap((e) => e.names.map((n) => n.name)).filter((_, i) => i % 29 === 0).slice(0, 1000)
    names = [...people.slice(0, 3000), ...listNames, '桂英 王', 'Huawei Technologies']
  })
  after(() => rmSync(home, { recursive: true, force: true }))

  test('single-name and batch screening give the same matches for 4,000 names', () => {
    assert.deepEqual(disagreements(screener, names.map((name) => ({ name }))), [])
  })

  test('batch on worker threads agrees with single-name screening (1,000 names)', async () => {
    const rows = names.slice(2500, 3500).map((name, index) => ({ index, name }))
    const run = await screenRowsInWorkers({ home, rows, workerCount: 2 })
    const differ = rows.filter((row) => run.results[row.index]!.hitCount !== screener.screen({ name: row.name }).hitCount).map((r) => r.name)
    assert.deepEqual(differ, [])
  })

  test('"Huawei Technologies" lists every matching entry, not the first ten', () => {
    const r = screener.screen({ name: 'Huawei Technologies' })
    // 47 entries in the 2022 CSL: the CMIC row and 46 Entity List rows (the index finds "Technology" by its first
    // letters), 11 of them the company of one country ("Huawei Technologies Japan K.K.": a place after the name)
    assert.equal(r.hitCount, 47)
    assert.equal(r.hits.filter((h) => h.isMatch).length, r.hitCount)
    assert.ok(r.hits.filter((h) => h.list === 'el').length > 10)
  })
})
