/**
 * Candidate pruning against exhaustive scoring (issue 10): the screener scores a candidate only when
 * the best score it could reach (the index's shared-weight bound) reaches the threshold. This bench
 * screens the same names with the pruning screener and with `isExhaustive` (every candidate the index
 * returns is scored) and counts the matches at or above the threshold that pruning loses, and the CPU
 * time per query of each (process.cpuUsage, one thread: comparable on a loaded box).
 *
 *   node --import tsx bench/screening-pruning.ts [--queries 3000] [--cpu-only] [--errors]
 *
 * Queries: `--queries` names each from negatives_global_dev.csv (with their country), negatives_us.csv,
 * and the perturbed Entity List names (bench/perturb-names.ts, seed 10); thresholds 0.7 and 0.8.
 * Results: bench/README.md, "Screening quality v2".
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'csv-parse/sync'
import { buildScreener, type Screener } from '../src/screening/screener.js'
import { importListFiles } from '../src/screening/snapshots/import-list.js'
import { loadActiveSnapshots } from '../src/screening/snapshots/load-active-snapshots.js'
import type { SourceFile } from '../src/screening/sources/source-file.js'
import { countryCodeFromName } from '../src/shared/countries.js'
import { perturbEntityList } from './perturb-names.js'

const SHARED = fileURLToPath(new URL('../../shared/data/', import.meta.url))
const LISTS = [
  'trade_gov_csl_2022-04/consolidated.csv.gz', 'ofac_sdn_2024-05-03/sdn.csv', 'ofac_sdn_2026-06/add.csv', 'ofac_sdn_2026-06/alt.csv',
  'ofac_non_sdn_2025-12/cons_prim.csv', 'ofac_non_sdn_2025-12/cons_add.csv', 'ofac_non_sdn_2025-12/cons_alt.csv',
  'ofac_non_sdn_2025-12/cons_comments.csv', 'bis_dpl_2023-11/dpl.txt',
]
const QUERIES = process.argv.includes('--queries') ? Number(process.argv[process.argv.indexOf('--queries') + 1]) : 3000
const THRESHOLDS = [0.7, 0.8]

type Query = { set: string; name: string; country?: string }

function readCsv(path: string): Record<string, string>[] {
  return parse(readFileSync(path, 'utf8'), { columns: true, skip_empty_lines: true, relax_column_count: true }) as Record<string, string>[]
}

function people(file: string, set: string): Query[] {
  return readCsv(join(SHARED, 'matching/yente', file))
    .slice(0, QUERIES)
    .map((r) => {
      const country = countryCodeFromName(r.country ?? r.nationality ?? '')
      return { set, name: (r.full_name ?? r.name)!, ...(country ? { country } : {}) }
    })
}

const key = (h: { list: string; entryId: string }): string => `${h.list}:${h.entryId}`

async function main(): Promise<void> {
  if (!existsSync(join(SHARED, 'lists'))) {
    console.log(`skipped: ${SHARED}lists is absent`)
    return
  }
  const load = loadavg()
  const home = mkdtempSync(join(tmpdir(), 'chipnav-pruning-'))
  try {
    const files: SourceFile[] = LISTS.map((p) => ({ name: p.split('/').pop()!, bytes: readFileSync(join(SHARED, 'lists', p)) }))
    await importListFiles({ home, files, now: new Date().toISOString() })
    const loaded = await loadActiveSnapshots(home)
    const pruned = buildScreener(loaded)
    const exhaustive = buildScreener({ ...loaded, isExhaustive: true })
    const perturbed = perturbEntityList(loaded.entries).slice(0, QUERIES).map((p) => ({ set: 'perturbed EL', name: p.name }))
    const queries: Query[] = [...people('negatives_global_dev.csv', 'global negatives'), ...people('negatives_us.csv', 'US negatives'), ...perturbed]

    const cpu = (s: Screener, t: number): number => {
      for (const q of queries.slice(0, 200)) s.screen({ ...q, threshold: t }) // warm-up
      const c0 = process.cpuUsage()
      for (const q of queries) s.screen({ ...q, threshold: t })
      const c = process.cpuUsage(c0)
      return (c.user + c.system) / 1000 / queries.length
    }
    console.log(`${queries.length} queries (${QUERIES} per set); load average at start ${load.map((x) => x.toFixed(1)).join(' ')}`)
    console.log('| threshold | set | matches (exhaustive) | lost by pruning | lost % |\n|---|---|---|---|---|')
    const lostExamples: string[] = []
    for (const t of process.argv.includes('--cpu-only') ? [] : THRESHOLDS) {
      const bySet = new Map<string, { all: number; lost: number }>()
      for (const q of queries) {
        const want = exhaustive.screen({ ...q, threshold: t }).hits.filter((h) => h.isMatch).map(key)
        const got = new Set(pruned.screen({ ...q, threshold: t }).hits.filter((h) => h.isMatch).map(key))
        const s = bySet.get(q.set) ?? { all: 0, lost: 0 }
        s.all += want.length
        for (const k of want)
          if (!got.has(k)) {
            s.lost++
            if (lostExamples.length < 40) lostExamples.push(`${t} ${q.name} → ${k}`)
          }
        bySet.set(q.set, s)
      }
      let all = 0
      let lost = 0
      for (const [set, s] of bySet) {
        all += s.all
        lost += s.lost
        console.log(`| ${t} | ${set} | ${s.all} | ${s.lost} | ${((100 * s.lost) / Math.max(1, s.all)).toFixed(2)} % |`)
      }
      console.log(`| ${t} | all | ${all} | ${lost} | ${((100 * lost) / Math.max(1, all)).toFixed(2)} % |`)
    }
    // CPU per query, alternated so both see the same load
    const rounds: [number, number][] = []
    for (let r = 0; r < 2; r++) rounds.push([cpu(pruned, 0.8), cpu(exhaustive, 0.8)])
    console.log(`\nCPU ms/query at 0.8 (two alternated rounds): pruned ${rounds.map((r) => r[0].toFixed(3)).join(' / ')}, exhaustive ${rounds.map((r) => r[1].toFixed(3)).join(' / ')}; load average at end ${loadavg().map((x) => x.toFixed(1)).join(' ')}`)
    if (process.argv.includes('--errors')) for (const l of lostExamples) console.log('LOST ' + l)
  } finally {
    rmSync(home, { recursive: true, force: true })
  }
}

await main()
