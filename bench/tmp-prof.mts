import { readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import { LIST_SOURCES } from '/work/main/src/screening/sources/sources.ts'
import { buildScreener } from '/work/main/src/screening/screener.ts'
const D = '/work/shared/data/lists/'
const sets: Record<string, string[]> = { csl: ['trade_gov_csl_2022-04/consolidated.csv.gz'], sdn: ['ofac_sdn_2024-05-03/sdn.csv','ofac_sdn_2026-06/add.csv','ofac_sdn_2026-06/alt.csv'], nonsdn: ['ofac_non_sdn_2025-12/cons_prim.csv','ofac_non_sdn_2025-12/cons_add.csv','ofac_non_sdn_2025-12/cons_alt.csv','ofac_non_sdn_2025-12/cons_comments.csv'], dpl: ['bis_dpl_2023-11/dpl.txt'] }
const entries = LIST_SOURCES.flatMap((s) => s.parseFiles(sets[s.id]!.map((p) => ({ name: p.split('/').pop()!, bytes: readFileSync(D + p) }))).entries)
let t0 = performance.now()
const sc = buildScreener({ entries, snapshots: [] })
console.log('build', performance.now() - t0, 'rss', process.memoryUsage().rss / 1e6)
const rows = (parse(readFileSync('/work/shared/data/matching/yente/negatives_us.csv', 'utf8'), { columns: true }) as any[]).slice(0, 3000)
t0 = performance.now()
const times: number[] = []
let c = 0
for (const r of rows) { const a = performance.now(); c += sc.screen({ name: r.full_name, limit: 10 }).candidatesConsidered; times.push(performance.now() - a) }
const slow = rows.map((r, i) => [times[i], r.full_name]).sort((a: any, b: any) => b[0] - a[0]).slice(0, 12); console.log(slow)
times.sort((a, b) => a - b)
console.log('p90', times[Math.floor(times.length*0.9)], 'p95', times[Math.floor(times.length*0.95)], 'p98', times[Math.floor(times.length*0.98)]); console.log('per query', (performance.now() - t0) / rows.length, 'p50', times[times.length >> 1], 'p99', times[Math.floor(times.length * 0.99)], 'cand', c / rows.length)
