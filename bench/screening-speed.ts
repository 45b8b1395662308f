/**
 * Screening speed: index build time, single-query latency (p50/p99), batch throughput with 2 workers, RSS.
 * Data: the real list snapshots in ../shared/data/lists (CSL 2022-04, SDN 2024-05 + add/alt 2026-06,
 * non-SDN 2025-12, DPL 2023-11). Queries: names from yente negatives_us.csv (people not on any list) and
 * aliases drawn from the lists themselves (hits), shuffled with a fixed seed.
 *
 *   node --import tsx bench/screening-speed.ts [--queries 3000] [--batch 20000] [--all-lists]
 *
 * `--all-lists` adds the UN Security Council XML (2026-02-27) and OFSI's ConList.xlsx (2025-04-14) to the U.S. lists.
 *
 * Method and latest results: bench/README.md, "Screening speed".
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { screenRowsInWorkers, type BatchRow, type BatchTiming } from '../src/cli/commands/screen-batch-worker.js'
import { buildScreener } from '../src/screening/screener.js'
import { importListFiles } from '../src/screening/snapshots/import-list.js'
import { loadActiveSnapshots } from '../src/screening/snapshots/load-active-snapshots.js'
import type { SourceFile } from '../src/screening/sources/source-file.js'
import { rng } from './seeded-random.js'

const SHARED = fileURLToPath(new URL('../../shared/data/', import.meta.url))
const LISTS = [
  'trade_gov_csl_2022-04/consolidated.csv.gz', 'ofac_sdn_2024-05-03/sdn.csv', 'ofac_sdn_2026-06/add.csv', 'ofac_sdn_2026-06/alt.csv',
  'ofac_non_sdn_2025-12/cons_prim.csv', 'ofac_non_sdn_2025-12/cons_add.csv', 'ofac_non_sdn_2025-12/cons_alt.csv',
  'ofac_non_sdn_2025-12/cons_comments.csv', 'bis_dpl_2023-11/dpl.txt',
  ...(process.argv.includes('--all-lists') ? ['un_sc_2026-02-27/UN_consolidated.xml', 'uk_ofsi_2025-04-14/ConList.xlsx'] : []),
]

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name)
  return i >= 0 ? Number(process.argv[i + 1]) : fallback
}
const QUERIES = arg('--queries', 3000)
const BATCH = arg('--batch', 20000)

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`

async function main(): Promise<void> {
  if (!existsSync(join(SHARED, 'lists'))) {
    console.log(`skipped: ${SHARED}lists is absent`)
    return
  }
  const loadStart = loadavg()
  const home = mkdtempSync(join(tmpdir(), 'chipnav-bench-'))
  try {
    // 1. import (parse + map + write snapshot) — reported, not part of the index-build target
    const files: SourceFile[] = LISTS.map((p) => ({ name: p.split('/').pop()!, bytes: readFileSync(join(SHARED, 'lists', p)) }))
    let t = performance.now()
    await importListFiles({ home, files, now: new Date().toISOString() })
    const importMs = performance.now() - t

    // 2. load the snapshot, then build the index
    t = performance.now()
    const { entries, snapshots } = await loadActiveSnapshots(home)
    const loadMs = performance.now() - t
    t = performance.now()
    const screener = buildScreener({ entries, snapshots })
    const buildMs = performance.now() - t
    const rssAfterBuild = process.memoryUsage().rss

    // 3. queries: half people from the yente negatives, half list names (primary or alias)
    const random = rng(42)
    const negatives = readFileSync(join(SHARED, 'matching/yente/negatives_us.csv'), 'utf8')
      .split('\n')
      .slice(1)
      .map((l) => l.split(',')[0]!.trim())
      .filter((n) => n !== '')
    const listNames = entries.flatMap((e) => e.names.map((n) => n.name))
    const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!
    const queries = Array.from({ length: QUERIES }, (_, i) => (i % 2 === 0 ? pick(negatives) : pick(listNames)))

    for (const q of queries.slice(0, 200)) screener.screen({ name: q }) // warm-up
    const times: number[] = []
    let hits = 0
    for (const q of queries) {
      const s = performance.now()
      const r = screener.screen({ name: q })
      times.push(performance.now() - s)
      if (r.hits.length > 0) hits++
    }
    times.sort((a, b) => a - b)
    const rssAfterQueries = process.memoryUsage().rss

    // 4. batch with 2 workers through the CLI's worker (each worker opens the saved index the main thread
    // shares with them, makes its screener and screens its rows with screenTop, i.e. limit 1 with includeBelow and no explanation)
    const batchNames = Array.from({ length: BATCH }, (_, i) => (i % 2 === 0 ? pick(negatives) : pick(listNames)))
    const runBatch = async (n: number): Promise<{ wallMs: number; timings: BatchTiming[] }> => {
      const rows: BatchRow[] = batchNames.slice(0, n).map((name, index) => ({ index, name }))
      const s = performance.now()
      const run = await screenRowsInWorkers({ home, rows, workerCount: 2 })
      return { wallMs: performance.now() - s, timings: run.timings }
    }
    const small = Math.floor(BATCH / 4)
    const runSmall = await runBatch(small)
    const runFull = await runBatch(BATCH)
    const tFull = runFull.wallMs
    const endToEnd = BATCH / (tFull / 1000)
    const marginal = (BATCH - small) / ((tFull - runSmall.wallMs) / 1000)
    // steady state: each worker's own rate (its rows ÷ its time from ready to its last row), summed, as the
    // two screen side by side from the moment the second one is ready
    const screening = runFull.timings.reduce((sum, t) => sum + t.rows / (t.screenMs / 1000), 0)
    // the same after each worker's first chunks (WARM_UP_ROWS rows: its JIT warm-up and first record decoding)
    const afterWarmUp = runFull.timings.reduce((sum, t) => sum + (t.rows - t.warmUpRows) / ((t.screenMs - t.warmUpMs) / 1000), 0)

    const names = entries.reduce((n, e) => n + e.names.length, 0)
    const loadEnd = loadavg()
    console.log(
      JSON.stringify(
        {
          date: new Date().toISOString().slice(0, 10),
          node: process.version,
          // the box is shared: 1-minute load average when the run started and ended
          loadAverage: [+loadStart[0]!.toFixed(1), +loadEnd[0]!.toFixed(1)],
          entries: entries.length,
          names,
          importMs: Math.round(importMs),
          snapshotLoadMs: Math.round(loadMs),
          indexBuildMs: Math.round(buildMs),
          queries: QUERIES,
          queriesWithHits: hits,
          p50Ms: +quantile(times, 0.5).toFixed(3),
          p99Ms: +quantile(times, 0.99).toFixed(3),
          maxMs: +times[times.length - 1]!.toFixed(3),
          batchNames: BATCH,
          batchWallMs: Math.round(tFull),
          batchNamesPerSecEndToEnd: Math.round(endToEnd),
          // steady state, as reported by the workers: the sum of each worker's rows ÷ its screening time (after its build)
          batchNamesPerSecSteadyState: Math.round(screening),
          // the same from each worker's row WARM_UP_ROWS on (the rows before it, and their ms, left out)
          batchNamesPerSecAfterWarmUp: Math.round(afterWarmUp),
          batchWorkerWarmUp: runFull.timings.map((t) => `${t.warmUpRows} rows in ${Math.round(t.warmUpMs)} ms, then ${t.rows - t.warmUpRows} in ${Math.round(t.screenMs - t.warmUpMs)} ms`),
          // steady state estimated from wall times: the marginal rate between the small and the full run
          batchNamesPerSecMarginal: Math.round(marginal),
          batchWorkerBuildMs: Math.round(Math.max(...runFull.timings.map((t) => t.buildMs))),
          batchWorkerRows: runFull.timings.map((t) => t.rows),
          rssAfterBuild: mb(rssAfterBuild),
          rssAfterQueries: mb(rssAfterQueries),
        },
        null,
        2,
      ),
    )
  } finally {
    rmSync(home, { recursive: true, force: true })
  }
}

await main()
