/**
 * Issue 16 bench: the UN, UK (OFSI ConList) and EU lists beside the U.S. lists. Reports parse time per source,
 * index build time and RSS with every list loaded, single-query latency, and recall on perturbed UN and UK
 * names (the same perturbations and seed as the Entity List recall in screening-quality.ts).
 *
 *   node --import tsx bench/international-lists.ts
 *
 * Batch throughput with every list: `bench/screening-speed.ts --all-lists`. Method and results: bench/README.md.
 */
import { existsSync, readFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ListEntry, SnapshotRef } from '../src/screening/model.js'
import { buildScreener, type ScreeningHit } from '../src/screening/screener.js'
import { listSource } from '../src/screening/sources/sources.js'
import type { SourceId } from '../src/screening/model.js'
import { perturbEntityList, PERTURB_KINDS } from './perturb-names.js'

const SHARED = fileURLToPath(new URL('../../shared/data/lists/', import.meta.url))
const FIXTURES = fileURLToPath(new URL('../test/fixtures/lists/', import.meta.url))
const FILES: [SourceId, string[]][] = [
  ['csl', [join(SHARED, 'trade_gov_csl_2022-04/consolidated.csv.gz')]],
  ['sdn', ['ofac_sdn_2024-05-03/sdn.csv', 'ofac_sdn_2026-06/add.csv', 'ofac_sdn_2026-06/alt.csv'].map((p) => join(SHARED, p))],
  ['nonsdn', ['cons_prim.csv', 'cons_add.csv', 'cons_alt.csv', 'cons_comments.csv'].map((p) => join(SHARED, 'ofac_non_sdn_2025-12', p))],
  ['dpl', [join(SHARED, 'bis_dpl_2023-11/dpl.txt')]],
  ['un', [join(SHARED, 'un_sc_2026-02-27/UN_consolidated.xml')]],
  ['ofsi', [join(SHARED, 'uk_ofsi_2025-04-14/ConList.xlsx')]],
  ['eu', [join(FIXTURES, 'eu-fsf.xml')]],
]
const T = 0.8

async function main(): Promise<void> {
  if (!existsSync(SHARED)) {
    console.log(`skipped: ${SHARED} is absent`)
    return
  }
  const load0 = loadavg()[0]!
  const entries: ListEntry[] = []
  const snapshots: SnapshotRef[] = []
  const parse: Record<string, string> = {}
  for (const [id, paths] of FILES) {
    const files = paths.map((p) => ({ name: p.split('/').pop()!, bytes: readFileSync(p) }))
    const t = performance.now()
    const src = listSource(id)
    const parsed = src.parseFilesAsync ? await src.parseFilesAsync(files) : src.parseFiles(files)
    parse[id] = `${(performance.now() - t).toFixed(0)} ms, ${parsed.entries.length} entries`
    entries.push(...parsed.entries)
    snapshots.push({ source: id, sha256: 'bench', importedAt: '1970-01-01T00:00:00Z', rowCounts: {} })
  }
  let t = performance.now()
  const screener = buildScreener({ entries, snapshots })
  const buildMs = performance.now() - t
  const rss = process.memoryUsage().rss

  const latencies: number[] = []
  const recall: Record<string, { n: number; found: number }> = {}
  for (const list of ['un', 'uk']) {
    const variants = perturbEntityList(entries, 10, new Set([list]))
    let found = 0
    for (const v of variants) {
      const e = v.entry
      const isThis = (h: ScreeningHit) => (h.source === e.source && h.entryId === e.sourceId) || (h.alsoPublishedIn ?? []).some((c) => c.source === e.source && c.entryId === e.sourceId)
      t = performance.now()
      const res = screener.screen({ name: v.name, threshold: 0.5, limit: 50 })
      latencies.push(performance.now() - t)
      const top = res.hits[0]
      const mine = res.hits.find(isThis)
      if (top && mine && mine.score >= T && mine.score >= top.score - 0.02) found++
    }
    recall[list] = { n: variants.length, found }
  }
  latencies.sort((a, b) => a - b)
  const q = (x: number) => latencies[Math.min(latencies.length - 1, Math.floor(x * latencies.length))]!.toFixed(2)
  console.log(JSON.stringify({
    load: [load0, loadavg()[0]],
    parse,
    entries: entries.length,
    indexBuildMs: Math.round(buildMs),
    rssMb: Math.round(rss / 1048576),
    queries: latencies.length,
    p50Ms: q(0.5),
    p99Ms: q(0.99),
    perturbedRecall: Object.fromEntries(Object.entries(recall).map(([k, v]) => [k, `${v.found}/${v.n} = ${((100 * v.found) / v.n).toFixed(2)} %`])),
    kinds: PERTURB_KINDS,
  }, null, 2))
}

await main()
