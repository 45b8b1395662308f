/**
 * One answer per name over a whole file (issue 10 point 3): every name of negatives_global_dev screened by the
 * single-name path (`screen`, as `chipnav screen`, the API and determinations) and by the batch path
 * (`screenTop`, in process, and `screenRowsInWorkers`, the worker threads of `chipnav screen --batch`), at the
 * default threshold, each with the country its row gives and without one. Run from the repo root:
 *
 *   node --import tsx bench/batch-agreement.ts [--limit N] [--workers N] [--errors]
 *
 * A name disagrees when the paths differ in the match count, in whether it is a hit, or, for a hit, in the top
 * entry or the name of it that matched (`topMatchedName`). The shared lists are imported into a scratch home
 * (as `chipnav lists import`), so the worker threads screen from the saved index, as in production.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'csv-parse/sync'
import { screenRowsInWorkers } from '../src/cli/commands/screen-batch-worker.js'
import { buildScreener, type ScreenQuery } from '../src/screening/screener.js'
import { importListFiles } from '../src/screening/snapshots/import-list.js'
import { loadActiveSnapshots } from '../src/screening/snapshots/load-active-snapshots.js'
import { countryCodeFromName } from '../src/shared/countries.js'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const DATA = resolve(ROOT, '../shared/data')
const args = process.argv.slice(2)
const arg = (k: string): string | undefined => (args.includes(k) ? args[args.indexOf(k) + 1] : undefined)
const FILES = [
  'trade_gov_csl_2022-04/consolidated.csv.gz', 'ofac_sdn_2024-05-03/sdn.csv', 'ofac_sdn_2026-06/add.csv', 'ofac_sdn_2026-06/alt.csv',
  'ofac_non_sdn_2025-12/cons_prim.csv', 'ofac_non_sdn_2025-12/cons_add.csv', 'ofac_non_sdn_2025-12/cons_alt.csv',
  'ofac_non_sdn_2025-12/cons_comments.csv', 'bis_dpl_2023-11/dpl.txt',
]
const NEGATIVES = join(DATA, 'matching/yente/negatives_global_dev.csv')

if (!existsSync(NEGATIVES)) {
  console.error(`skipped: ${NEGATIVES} is absent (the shared evaluation data is not on this machine)`)
  process.exit(0)
}

const home = mkdtempSync(join(tmpdir(), 'chipnav-agreement-'))
try {
  await importListFiles({ home, files: FILES.map((p) => ({ name: p.split('/').pop()!, bytes: readFileSync(join(DATA, 'lists', p)) })), now: '2026-12-01T00:00:00Z' })
  const screener = buildScreener(await loadActiveSnapshots(home))
  const rows = (parse(readFileSync(NEGATIVES, 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[])
    .map((r) => ({ name: r.full_name!, country: countryCodeFromName(r.nationality ?? '') }))
    .slice(0, Number(arg('--limit') ?? Infinity))
  const queries: Omit<ScreenQuery, 'limit' | 'includeBelow'>[] = [...rows.map((r) => ({ name: r.name, ...(r.country ? { country: r.country } : {}) })), ...rows.map((r) => ({ name: r.name }))]
  const differ: string[] = []
  let hits = 0
  const t0 = performance.now()
  const single = queries.map((q) => {
    const s = screener.screen(q)
    const top = s.hits[0]?.isMatch ? s.hits[0] : undefined
    if (top) hits++
    return { hitCount: s.hitCount, top: top ? `${top.list}:${top.entryId} "${top.matchedName}"` : '-' }
  })
  const t1 = performance.now()
  queries.forEach((q, i) => {
    const b = screener.screenTop(q)
    const top = b.top?.isMatch ? `${b.top.list}:${b.top.entryId} "${b.top.matchedName}"` : '-'
    if (b.hitCount !== single[i]!.hitCount || top !== single[i]!.top) differ.push(`in process | ${q.name} | ${q.country ?? ''} | single ${single[i]!.hitCount} ${single[i]!.top} | batch ${b.hitCount} ${top}`)
  })
  const t2 = performance.now()
  const run = await screenRowsInWorkers({ home, rows: queries.map((q, index) => ({ index, ...q })), workerCount: Number(arg('--workers') ?? 2) })
  const t3 = performance.now()
  queries.forEach((q, i) => {
    const b = run.results[i]!
    const top = b.hit ? `${b.topList}:${b.topEntryId} "${b.topMatchedName}"` : '-'
    if (b.hitCount !== single[i]!.hitCount || top !== single[i]!.top) differ.push(`worker threads | ${q.name} | ${q.country ?? ''} | single ${single[i]!.hitCount} ${single[i]!.top} | batch ${b.hitCount} ${top}`)
  })
  console.log(`negatives_global_dev: ${rows.length} names, each with its row's country and without: ${queries.length} queries, ${hits} hits at the default threshold`)
  console.log(`single-name ${((t1 - t0) / 1000).toFixed(1)} s, batch in process ${((t2 - t1) / 1000).toFixed(1)} s, batch on worker threads ${((t3 - t2) / 1000).toFixed(1)} s`)
  console.log(`disagreements: ${differ.length} (in process ${differ.filter((d) => d.startsWith('in')).length}, worker threads ${differ.filter((d) => d.startsWith('worker')).length})`)
  if (args.includes('--errors')) for (const d of differ) console.log(d)
  if (differ.length > 0) process.exitCode = 1
} finally {
  rmSync(home, { recursive: true, force: true })
}
