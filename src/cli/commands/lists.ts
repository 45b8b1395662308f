/** `chipnav lists update | import | status`: list snapshots under CHIPNAV_HOME. */
import type { Command } from 'commander'
import { importList, type ImportResult } from '../../screening/snapshots/import-list.js'
import { readActiveSnapshotMetas } from '../../screening/snapshots/load-active-snapshots.js'
import type { SnapshotMeta } from '../../screening/snapshots/snapshot-store.js'
import { updateLists } from '../../screening/snapshots/update-lists.js'
import type { FetchLike } from '../../screening/sources/list-source.js'
import { LIST_SOURCES } from '../../screening/sources/sources.js'
import { DEFAULT_LIST_REFRESH_MS, parseRefreshInterval, refreshListsOnce } from '../../monitoring/list-refresh.js'
import { cliJurisdictions } from '../context.js'
import { action, usageError } from '../run-command.js'
import { cliMaxListAge, MAX_LIST_AGE_HELP } from '../list-age.js'
import { AGE_NOT_JUDGED, BASIS_WORDS, describeListAge, listAges, type ListAge } from '../../screening/snapshots/freshness.js'
import { parseSources } from './screening-io.js'
import { enUsNumber } from '../../shared/format-number.js'

export type ListsDeps = { home: () => string; now: () => string; fetch: FetchLike }

export function registerLists(program: Command, deps: ListsDeps): void {
  const lists = program.command('lists').description('Import, update and inspect restricted-party list snapshots')

  lists
    .command('update')
    .description('Download the official list files and import them (all or nothing): the U.S. lists (CSL, OFAC SDN and non-SDN, BIS DPL), the UN list, and the UK and EU lists when CHIPNAV_JURISDICTIONS names them')
    .option('--source <ids>', 'only these sources, comma-separated: csl,sdn,nonsdn,dpl,un,uk,eu,ofsi')
    .option('--force', 'import even when a list has far fewer rows than the active snapshot')
    .option('--watch [interval]', 'keep running: update again every interval (24h, 6h, 30m; default CHIPNAV_LIST_REFRESH or daily); a failed update keeps the last good snapshots and records a list.refresh-failed event')
    .option('--json', 'print the imported snapshots as JSON')
    .action(
      action(async (opts: { source?: string; force?: boolean; watch?: string | boolean; json?: boolean }) => {
        if (opts.watch !== undefined && opts.watch !== false) return watchLists(deps, opts.watch === true ? process.env.CHIPNAV_LIST_REFRESH : opts.watch)
        const sources = parseSources(opts.source)
        const result = await updateLists({
          home: deps.home(),
          fetch: deps.fetch,
          now: deps.now(),
          ...(sources ? { sources } : { jurisdictions: cliJurisdictions() }),
          ...(opts.force ? { shouldForce: true } : {}),
          onProgress: (m) => process.stderr.write(`${m}\n`),
        })
        printImport(result, opts.json)
      }),
    )

  lists
    .command('import')
    .description('Import list files (consolidated.csv[.gz]/.tsv/.json, sdn.csv add.csv alt.csv sdn_comments.csv, cons_*.csv, dpl.txt, the UN consolidated XML, the UK Sanctions List XML, OFSI ConList.xlsx/.csv, the EU FSF CSV or XML)')
    .argument('<files...>', 'list files; the source is detected from names and headers')
    .option('--source <id>', 'the source of all files: csl, sdn, nonsdn, dpl, un, uk, ofsi or eu')
    .option('--force', 'import even when a list has far fewer rows than the active snapshot')
    .option('--published <date>', "the publication date (YYYY-MM-DD) read from the publisher, for files that state none (OFAC's CSV); without it their publication date is unknown and screening warns")
    .option('--json', 'print the imported snapshots as JSON')
    .action(
      action(async (files: string[], opts: { source?: string; force?: boolean; published?: string; json?: boolean }) => {
        const sources = parseSources(opts.source)
        if (sources && sources.length > 1) throw usageError('--source takes one source for `lists import` (csl, sdn, nonsdn, dpl, un, uk, ofsi or eu)')
        const result = await importList({
          home: deps.home(),
          files,
          now: deps.now(),
          ...(sources?.[0] ? { source: sources[0] } : {}),
          ...(opts.force ? { shouldForce: true } : {}),
          ...(opts.published !== undefined ? { published: opts.published } : {}),
        })
        printImport(result, opts.json)
      }),
    )

  lists
    .command('status')
    .description('Show each active snapshot: source, list date, import time, sha256, rows per list')
    .option('--json', 'print JSON')
    .option('--max-list-age <days>', MAX_LIST_AGE_HELP)
    .action(
      action(async (opts: { json?: boolean; maxListAge?: string }) => {
        const maxAge = cliMaxListAge(opts.maxListAge)
        const home = deps.home()
        const metas = await readActiveSnapshotMetas(home)
        const ages = listAges(metas, new Date(deps.now()), maxAge)
        if (opts.json) {
          process.stdout.write(`${JSON.stringify({ home, snapshots: metas.map((m, i) => ({ ...statusOf(m), age: ages[i] })) }, null, 2)}\n`)
          return
        }
        if (metas.length === 0) {
          process.stdout.write(`no list snapshot in ${home}; run \`chipnav lists import <file>...\` or \`chipnav lists update\`\n`)
          return
        }
        process.stdout.write(`list snapshots in ${home}\n`)
        metas.forEach((m, i) => process.stdout.write(formatMeta(m, ages[i]!)))
      }),
    )
}

/** `lists update --watch`: refresh on a schedule until stopped; failures are reported and recorded, never fatal. */
async function watchLists(deps: ListsDeps, interval: string | undefined): Promise<void> {
  const ms = parseRefreshInterval(interval, '--watch') ?? DEFAULT_LIST_REFRESH_MS
  const { openCliStore } = await import('./store-config.js')
  const store = await openCliStore()
  const options = {
    home: deps.home(),
    fetch: deps.fetch,
    now: () => new Date(deps.now()),
    store,
    jurisdictions: cliJurisdictions(),
    log: (level: 'info' | 'warn', message: string, data?: Record<string, unknown>) => process.stderr.write(`${new Date().toISOString()} ${level} ${message}${data ? ` ${JSON.stringify(data)}` : ''}\n`),
  }
  process.stderr.write(`updating the lists now and every ${Math.round(ms / 60_000)} min (Ctrl-C stops)\n`)
  for (;;) {
    await refreshListsOnce(options)
    await new Promise((r) => setTimeout(r, ms))
  }
}

function statusOf(m: SnapshotMeta) {
  return {
    source: m.source,
    id: m.id,
    listDate: m.listDate ?? null,
    listDateBasis: m.listDateBasis ?? null,
    importedAt: m.importedAt,
    sha256: m.sha256,
    totalRows: m.totalRows,
    rowCounts: m.rowCounts,
    files: m.files,
    warnings: m.warnings,
    cautions: m.cautions ?? [],
  }
}

function formatMeta(m: SnapshotMeta, age: ListAge): string {
  const counts = Object.entries(m.rowCounts)
    .map(([k, v]) => `${k} ${enUsNumber(v)}`)
    .join(', ')
  return [
    `${m.source}  ${LIST_SOURCES.find((s) => s.id === m.source)?.title ?? ''}  (${m.id})`,
    `  list date  ${m.listDate ?? 'unknown: the files state none'}`,
    `  imported   ${m.importedAt}`,
    `  age        ${describeListAge(age)}${age.maxAgeDays === undefined ? `, ${AGE_NOT_JUDGED}` : age.date === null ? `: UNDATED, cannot be judged against the ${age.maxAgeDays}-day limit` : age.isStale ? `: STALE, over the ${age.maxAgeDays}-day limit` : `, limit ${age.maxAgeDays} days`}`,
    `  sha256     ${m.sha256}`,
    `  rows       ${enUsNumber(m.totalRows)}: ${counts}`,
    `  files      ${m.files.map((f) => `${f.name} (${f.sha256.slice(0, 16)}…${f.lastModified !== undefined ? `, Last-Modified ${f.lastModified}` : ''})`).join(', ')}`,
    ...(m.cautions ?? []).map((w) => `  WARNING    ${w}`),
    ...m.warnings.map((w) => `  note       ${w}`),
    '',
  ].join('\n')
}

function printImport(result: ImportResult, isJson = false): void {
  if (isJson) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
    return
  }
  for (const m of result.snapshots) {
    const before = result.previous[m.source]
    const change = before ? ` (was ${enUsNumber(before.totalRows)})` : ''
    const dated = m.listDate !== undefined ? `dated ${m.listDate} (${BASIS_WORDS[m.listDateBasis ?? 'latest-entry']})` : 'publication date unknown (the files state none; give --published YYYY-MM-DD)'
    process.stdout.write(`imported ${m.source}: ${enUsNumber(m.totalRows)} rows${change}, ${dated}, sha256 ${m.sha256}\n`)
    for (const w of m.cautions ?? []) process.stdout.write(`  WARNING: ${w}\n`)
    for (const w of m.warnings) process.stdout.write(`  note: ${w}\n`)
  }
}
