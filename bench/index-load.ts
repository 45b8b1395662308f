/**
 * Screening index load: how long a process takes from its start to a ready screener with every list
 * loaded, from the saved index (lists/indexes/*.idx) against loading entries.json and building; per phase
 * (imports, read, crc32 check, decode, screener, first query), wall and CPU time. Then a batch of 2,000
 * names end to end (2 workers sharing the index), and the CLI's `screen` and `check` as child processes.
 *
 *   node --import tsx bench/index-load.ts [--home DIR] [--batch 2000] [--runs 5]
 *
 * Without --home, imports every list in ../shared/data/lists (US, UN, OFSI) into a temp home first
 * (the import saves the index). Method and results: bench/README.md, "Screening index load".
 */
const processStartMs = performance.now() // ms since the process started (performance.timeOrigin)
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const REPO = fileURLToPath(new URL('../', import.meta.url))
const SHARED = fileURLToPath(new URL('../../shared/data/', import.meta.url))
const LISTS = [
  'trade_gov_csl_2022-04/consolidated.csv.gz', 'ofac_sdn_2024-05-03/sdn.csv', 'ofac_sdn_2026-06/add.csv', 'ofac_sdn_2026-06/alt.csv',
  'ofac_non_sdn_2025-12/cons_prim.csv', 'ofac_non_sdn_2025-12/cons_add.csv', 'ofac_non_sdn_2025-12/cons_alt.csv',
  'ofac_non_sdn_2025-12/cons_comments.csv', 'bis_dpl_2023-11/dpl.txt', 'un_sc_2026-02-27/UN_consolidated.xml', 'uk_ofsi_2025-04-14/ConList.xlsx',
]
const argOf = (name: string): string | undefined => {
  const i = process.argv.indexOf(name)
  return i >= 0 ? process.argv[i + 1] : undefined
}
const CHIP = 'nvidia-h100-sxm'
const BATCH = Number(argOf('--batch') ?? 2000)
const RUNS = Number(argOf('--runs') ?? 5)
const round = (x: number) => Math.round(x * 10) / 10
const cpuMs = (c: NodeJS.CpuUsage) => round((c.user + c.system) / 1000)
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

async function main(): Promise<void> {
  const t0 = performance.now()
  const cpu0 = process.cpuUsage()
  const { checkIndexFile, decodeIndexFile } = await import('../src/screening/index/index-file.js')
  const { buildScreenerData, screenerFrom } = await import('../src/screening/screener.js')
  const { indexesDir, loadScreener, loadScreenerData } = await import('../src/screening/snapshots/screening-index-store.js')
  const { loadActiveSnapshots, readActiveSnapshotMetas } = await import('../src/screening/snapshots/load-active-snapshots.js')
  const importsMs = performance.now() - t0
  const importsCpu = process.cpuUsage(cpu0)

  let home = argOf('--home')
  let tempHome: string | undefined
  if (home === undefined) {
    if (!existsSync(join(SHARED, 'lists'))) {
      console.log(`skipped: ${SHARED}lists is absent (or give --home with imported lists)`)
      return
    }
    const { importListFiles } = await import('../src/screening/snapshots/import-list.js')
    home = tempHome = mkdtempSync(join(tmpdir(), 'chipnav-index-bench-'))
    await importListFiles({ home, files: LISTS.map((p) => ({ name: p.split('/').pop()!, bytes: readFileSync(join(SHARED, 'lists', p)) })), now: new Date().toISOString() })
  }
  try {
    const loadStart = loadavg()[0]!
    await loadScreenerData(home) // make sure the index of the active snapshots is saved
    const file = join(indexesDir(home), readdirSync(indexesDir(home)).find((f) => f.endsWith('.idx'))!)

    // 1. from the saved index, by phase (median of RUNS; each run opens everything anew)
    const phases: Record<string, number[]> = { readMs: [], crcMs: [], decodeMs: [], screenerMs: [], firstQueryMs: [], totalMs: [], totalCpuMs: [], storeMs: [], lazyOpenAndFirstQueryMs: [], lazyOpenAndFirstQueryCpuMs: [] }
    for (let r = 0; r < RUNS; r++) {
      const c = process.cpuUsage()
      let t = performance.now()
      const start = t
      const bytes = readFileSync(file)
      phases.readMs!.push(performance.now() - t)
      t = performance.now()
      checkIndexFile(bytes)
      phases.crcMs!.push(performance.now() - t)
      t = performance.now()
      const { value } = decodeIndexFile(bytes, { isChecked: true })
      phases.decodeMs!.push(performance.now() - t)
      t = performance.now()
      const metas = await readActiveSnapshotMetas(home)
      const screener = screenerFrom({ data: value as Parameters<typeof screenerFrom>[0]['data'], snapshots: metas.map((m) => ({ source: m.source, sha256: m.sha256, importedAt: m.importedAt, rowCounts: m.rowCounts })) })
      phases.screenerMs!.push(performance.now() - t)
      t = performance.now()
      screener.screen({ name: 'Huawei Technologies', country: 'CN' })
      phases.firstQueryMs!.push(performance.now() - t)
      phases.totalMs!.push(performance.now() - start)
      phases.totalCpuMs!.push(cpuMs(process.cpuUsage(c)))
      // the same through the store (snapshot metas, key with the code hash, read, checks, decode)
      t = performance.now()
      await loadScreenerData(home)
      phases.storeMs!.push(performance.now() - t)
      // opened from its file as the CLI does (readLazily): header and block table, then the first query's reads
      const cl = process.cpuUsage()
      t = performance.now()
      const lazy = await loadScreener(home, { readLazily: true })
      lazy.screen({ name: 'Huawei Technologies', country: 'CN' })
      phases.lazyOpenAndFirstQueryMs!.push(performance.now() - t)
      phases.lazyOpenAndFirstQueryCpuMs!.push(cpuMs(process.cpuUsage(cl)))
    }
    const fromFile = Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, round(median(v))]))

    // 2. as before: load entries.json and build
    let c = process.cpuUsage()
    let t = performance.now()
    const { entries, snapshots } = await loadActiveSnapshots(home)
    const snapshotLoadMs = performance.now() - t
    t = performance.now()
    const built = screenerFrom({ data: buildScreenerData(entries), snapshots })
    const buildMs = performance.now() - t
    const buildCpuMs = cpuMs(process.cpuUsage(c))
    t = performance.now()
    built.screen({ name: 'Huawei Technologies', country: 'CN' })
    const builtFirstQueryMs = performance.now() - t

    // 3. a batch end to end: 2 workers sharing the saved index
    const names = entries.flatMap((e, i) => (i % 7 === 0 ? e.names.slice(0, 1).map((n) => n.name) : []))
    const rows = Array.from({ length: BATCH }, (_, index) => ({ index, name: names[(index * 7919) % names.length]! }))
    const { screenRowsInWorkers } = await import('../src/cli/commands/screen-batch-worker.js')
    c = process.cpuUsage()
    t = performance.now()
    const run = await screenRowsInWorkers({ home, rows, workerCount: 2 })
    const batchWallMs = performance.now() - t

    // 4. the CLI as a user runs it (compiled build when dist/ exists, else through tsx)
    // bin/chipnav.js runs dist/ when it exists, else the sources through tsx
    const cli = ['node', join(REPO, 'bin/chipnav.js')]
    const runner = existsSync(join(REPO, 'dist/cli/main.js')) ? 'compiled (dist/)' : 'sources through tsx'
    const timeCli = (args: string[]): number => {
      const times: number[] = []
      for (let r = 0; r < 3; r++) {
        const s = performance.now()
        try {
          execFileSync(cli[0]!, [...cli.slice(1), ...args], { cwd: REPO, env: { ...process.env, CHIPNAV_HOME: home }, stdio: 'pipe' })
        } catch (e) {
          // check exits non-zero when a licence is required: the output is what was asked for
          if ((e as { status?: number }).status === undefined || (e as { status: number }).status > 10) throw e
        }
        times.push(performance.now() - s)
      }
      return round(median(times))
    }
    const cliScreenMs = timeCli(['screen', 'Huawei Technologies'])
    const cliCheckMs = timeCli(['check', '--item', CHIP, '--to', 'AE', '--party', 'end-user:Huawei Technologies:AE', '--party', 'consignee:Gulf Data Hub LLC:AE', '--date', '2026-06-01'])
    const cliVersionMs = timeCli(['--version'])

    console.log(
      JSON.stringify(
        {
          date: new Date().toISOString().slice(0, 10),
          node: process.version,
          loadAverage: [round(loadStart), round(loadavg()[0]!)],
          entries: entries.length,
          indexFileMB: round(readFileSync(file).length / 1e6),
          processStartToMainMs: round(processStartMs),
          moduleImportsMs: round(importsMs),
          moduleImportsCpuMs: cpuMs(importsCpu),
          fromSavedIndex: fromFile,
          processStartToScreenerReadyMs: round(processStartMs + importsMs + fromFile.totalMs!),
          asBefore: { snapshotLoadMs: round(snapshotLoadMs), buildMs: round(buildMs), loadAndBuildCpuMs: buildCpuMs, firstQueryMs: round(builtFirstQueryMs) },
          batch: { names: BATCH, workers: 2, wallMs: round(batchWallMs), mainThreadIndexMs: round(run.indexMs), workers_: run.timings.map((w) => ({ openMs: round(w.loadMs), screenerMs: round(w.buildMs), screenMs: round(w.screenMs), rows: w.rows })) },
          cli: { runner, screenMs: cliScreenMs, checkMs: cliCheckMs, versionMs: cliVersionMs },
        },
        null,
        2,
      ),
    )
  } finally {
    if (tempHome) rmSync(tempHome, { recursive: true, force: true })
  }
}

await main()
