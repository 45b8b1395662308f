/**
 * `chipnav screen --batch parties.csv`: every row of a CSV screened on worker threads (one shared queue of
 * rows, all screening from the one saved index), with a progress bar on a terminal. Loaded by screen.ts only
 * when --batch is given, so screening one name does not load the CSV parser, the workers or the bar.
 */
import { availableParallelism } from 'node:os'
import cliProgress from 'cli-progress'
import type { EntityType, ListCode, SnapshotRef } from '../../screening/model.js'
import { readActiveSnapshotMetas, SNAPSHOT_MISSING_HINT } from '../../screening/snapshots/load-active-snapshots.js'
import { AppError } from '../../shared/errors.js'
import { cliListWarnings, cliMaxListAge, listWarningLine } from '../list-age.js'
import { usageError } from '../run-command.js'
import { warnOnStderr } from './cli-screener.js'
import { screenRowsInWorkers, type BatchRow, type BatchResult } from './screen-batch-worker.js'
import { parseCountry, parseEntityType, readCsvTable, toCsv, writeOutput } from './screening-io.js'

const BATCH_COLUMNS = ['hit', 'hitCount', 'topScore', 'topName', 'topList', 'topEntryId', 'topReason'] as const

export async function screenBatch(o: {
  home: string
  file: string
  out: string | undefined
  isJson: boolean
  lists: ListCode[] | undefined
  threshold: number | undefined
  workers: string | undefined
  maxListAge: string | undefined
}): Promise<void> {
  cliMaxListAge(o.maxListAge) // a bad setting fails before the workers start
  if (o.out !== undefined && !/\.(csv|json)$/i.test(o.out)) throw usageError(`--out must end in .csv or .json, got "${o.out}"`)
  const table = readCsvTable(o.file, { required: ['name'], option: '--batch' })
  const rows: BatchRow[] = table.map((r, i) => {
    const line = i + 2 // the header is line 1
    const name = r.name ?? ''
    if (name === '') throw usageError(`--batch: ${o.file} line ${line}: the name is empty`, { file: o.file, line })
    const country = parseCountry(r.country, `--batch ${o.file} line ${line} column country`)
    const type: EntityType | undefined = parseEntityType(r.type, `--batch ${o.file} line ${line} column type`)
    return { index: i, name, ...(country ? { country } : {}), ...(type ? { type } : {}) }
  })
  // fail before starting workers when nothing was imported
  if ((await readActiveSnapshotMetas(o.home)).length === 0) {
    throw new AppError('LIST_SNAPSHOT_MISSING', { detail: `no list snapshot has been imported in ${o.home}`, hint: SNAPSHOT_MISSING_HINT })
  }
  const workerCount = parseWorkers(o.workers, rows.length)
  const results = await runWorkers({ home: o.home, rows, lists: o.lists, threshold: o.threshold, workerCount })

  const outRows = table.map((r, i) => {
    const res = results[i]
    return {
      ...r,
      hit: res?.hit ?? false,
      hitCount: res?.hitCount ?? 0,
      topScore: res?.topScore?.toFixed(4) ?? '',
      topName: res?.topName ?? '',
      topList: res?.topList ?? '',
      topEntryId: res?.topEntryId ?? '',
      topReason: res?.topReason ?? '',
    }
  })
  const listWarnings = cliListWarnings(results.snapshots ?? [], o.maxListAge)
  for (const w of listWarnings) process.stderr.write(`${listWarningLine(w)}\n`)
  const asJson = o.out !== undefined ? /\.json$/i.test(o.out) : o.isJson
  if (asJson) {
    const json = table.map((r, i) => {
      const res = results[i]
      return {
        ...r,
        hit: res?.hit ?? false,
        hitCount: res?.hitCount ?? 0,
        topScore: res?.topScore ?? null,
        topName: res?.topName ?? null,
        topList: res?.topList ?? null,
        topEntryId: res?.topEntryId ?? null,
        topReason: res?.topReason ?? null,
        threshold: res?.threshold ?? null,
      }
    })
    writeOutput(o.out, `${JSON.stringify({ snapshots: results.snapshots, listWarnings, results: json }, null, 2)}\n`)
  } else {
    const inputColumns = table.length > 0 ? Object.keys(table[0]!) : ['name']
    writeOutput(o.out, toCsv(outRows, [...inputColumns, ...BATCH_COLUMNS]))
  }
  const hits = results.filter((r) => r?.hit).length
  process.stderr.write(`screened ${rows.length} parties with ${workerCount} worker${workerCount === 1 ? '' : 's'}: ${hits} hit${hits === 1 ? '' : 's'}${o.out ? `, written to ${o.out}` : ''}\n`)
}

function parseWorkers(value: string | undefined, rows: number): number {
  let n = availableParallelism()
  if (value !== undefined) {
    n = Number(value)
    if (!Number.isInteger(n) || n < 1 || n > 64) throw usageError(`--workers must be a whole number from 1 to 64, got "${value}"`)
  }
  return Math.max(1, Math.min(n, Math.ceil(rows / 50) || 1))
}

type BatchResults = Array<BatchResult | undefined> & { snapshots?: SnapshotRef[] }

/** Screen the rows on worker threads (all screening from the one saved index, shared; one shared queue of rows), with a progress bar on a terminal. */
async function runWorkers(o: { home: string; rows: BatchRow[]; lists: ListCode[] | undefined; threshold: number | undefined; workerCount: number }): Promise<BatchResults> {
  const bar = process.stderr.isTTY
    ? new cliProgress.SingleBar({ stream: process.stderr, format: 'screening [{bar}] {percentage}% | {value}/{total} parties | ETA {eta}s' }, cliProgress.Presets.shades_classic)
    : undefined
  bar?.start(o.rows.length, 0)
  let done = 0
  try {
    const run = await screenRowsInWorkers({ ...o, onProgress: (n) => bar?.update((done += n)), onWarning: warnOnStderr })
    const results: BatchResults = run.results
    results.snapshots = run.snapshots
    return results
  } finally {
    bar?.stop()
  }
}
