/**
 * `chipnav screen --batch parties.csv`: every row of a CSV screened on worker threads (one shared queue of
 * rows, all screening from the one saved index), with a progress bar on a terminal. Loaded by screen.ts only
 * when --batch is given, so screening one name does not load the CSV parser, the workers or the bar.
 */
import { availableParallelism } from 'node:os'
import cliProgress from 'cli-progress'
import type { EntityType, ListCode, SnapshotRef } from '../../screening/model.js'
import { readActiveSnapshotMetas, SNAPSHOT_MISSING_HINT } from '../../screening/snapshots/load-active-snapshots.js'
import { checkCountryCode } from '../../shared/country-code.js'
import { AppError, ERROR_CATALOGUE } from '../../shared/errors.js'
import { cliListWarnings, cliMaxListAge, listWarningLine } from '../list-age.js'
import { usageError } from '../run-command.js'
import { warnOnStderr } from './cli-screener.js'
import { screenRowsInWorkers, type BatchRow, type BatchResult } from './screen-batch-worker.js'
import { ENTITY_TYPES, readCsvRecords, toCsv, writeOutput } from './screening-io.js'

const BATCH_COLUMNS = ['hit', 'hitCount', 'topScore', 'topName', 'topMatchedName', 'topList', 'topEntryId', 'topReason', 'notice'] as const

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
  const records = readCsvRecords(o.file, { required: ['name'], option: '--batch' })
  const table = records.map((r) => r.row)
  const { rows, problems } = checkBatchRows(records)
  if (problems.length > 0 && rows.length === 0) {
    throw new AppError(problemCode(problems), { detail: `--batch: ${o.file}: no row can be screened (${problems.length} problem${problems.length === 1 ? '' : 's'}; rows are numbered as in a spreadsheet, the header is row 1)`, file: o.file, issues: problems.map(problemIssue) })
  }
  // fail before starting workers when nothing was imported (naming the rows that would not be screened anyway)
  if ((await readActiveSnapshotMetas(o.home)).length === 0) {
    throw new AppError('LIST_SNAPSHOT_MISSING', { detail: `no list snapshot has been imported in ${o.home}`, hint: SNAPSHOT_MISSING_HINT, ...(problems.length > 0 ? { issues: problems.map(problemIssue) } : {}) })
  }
  const workerCount = parseWorkers(o.workers, rows.length)
  const results = await runWorkers({ home: o.home, rows, lists: o.lists, threshold: o.threshold, workerCount })

  const problemOf = problemsByRow(problems)
  const outRows = table.map((r, i) => {
    const res = results[i]
    const problem = problemOf.get(i)
    if (problem) return { ...r, hit: '', hitCount: '', topScore: '', topName: '', topMatchedName: '', topList: '', topEntryId: '', topReason: '', notice: '', problem: `NOT SCREENED: ${problem.map(problemText).join('; ')}` }
    return {
      ...r,
      hit: res?.hit ?? false,
      hitCount: res?.hitCount ?? 0,
      topScore: res?.topScore?.toFixed(4) ?? '',
      topName: res?.topName ?? '',
      topMatchedName: res?.topMatchedName ?? '',
      topList: res?.topList ?? '',
      topEntryId: res?.topEntryId ?? '',
      topReason: res?.topReason ?? '',
      // a name in a script the lists barely hold: "hit=false" is not a clean result
      notice: (res?.notices ?? []).map((n) => `${n.code}: ${n.message}`).join(' | '),
    }
  })
  const listWarnings = cliListWarnings(results.snapshots ?? [], o.maxListAge)
  for (const w of listWarnings) process.stderr.write(`${listWarningLine(w)}\n`)
  const asJson = o.out !== undefined ? /\.json$/i.test(o.out) : o.isJson
  if (asJson) {
    const json = table.map((r, i) => {
      const res = results[i]
      const problem = problemOf.get(i)
      if (problem) return { ...r, row: records[i]!.line, screened: false, hit: null, problems: problem.map(({ field, value, message }) => ({ field, value, message })) }
      return {
        ...r,
        row: records[i]!.line,
        screened: true,
        hit: res?.hit ?? false,
        hitCount: res?.hitCount ?? 0,
        topScore: res?.topScore ?? null,
        topName: res?.topName ?? null,
        topMatchedName: res?.topMatchedName ?? null,
        topList: res?.topList ?? null,
        topEntryId: res?.topEntryId ?? null,
        topReason: res?.topReason ?? null,
        threshold: res?.threshold ?? null,
        ...(res?.notices ? { notices: res.notices } : {}),
      }
    })
    writeOutput(o.out, `${JSON.stringify({ snapshots: results.snapshots, listWarnings, results: json }, null, 2)}\n`)
  } else {
    const inputColumns = table.length > 0 ? Object.keys(table[0]!) : ['name']
    writeOutput(o.out, toCsv(outRows, [...inputColumns, ...BATCH_COLUMNS, ...(problems.length > 0 ? ['problem'] : [])]))
  }
  const hits = results.filter((r) => r?.hit).length
  const notClean = results.filter((r) => r?.notices?.length).length
  process.stderr.write(`screened ${rows.length} parties with ${workerCount} worker${workerCount === 1 ? '' : 's'}: ${hits} hit${hits === 1 ? '' : 's'}${notClean > 0 ? `, ${notClean} not cleanly screened (a name in a script the lists barely hold: see the notice column)` : ''}${o.out ? `, written to ${o.out}` : ''}\n`)
  if (problems.length > 0) reportRowsNotScreened(o.file, problemOf, records)
}

/** One cell of the batch file that stops its row from being screened: the row (as a spreadsheet numbers it), the column, what it holds and why. */
export type RowProblem = { index: number; row: number; field: 'name' | 'country' | 'type'; value: string; message: string }

/**
 * The rows to screen, and every problem of the others — all of them, so one pass over the file says what to fix.
 * A row with a problem is not screened at all (a party screened without the country it was given, or as another
 * type, would be a different screening from the one asked for).
 */
export function checkBatchRows(records: ReadonlyArray<{ row: Record<string, string>; line: number }>): { rows: BatchRow[]; problems: RowProblem[] } {
  const rows: BatchRow[] = []
  const problems: RowProblem[] = []
  records.forEach(({ row: r, line }, index) => {
    const found: RowProblem[] = []
    const at = { index, row: line }
    const name = r.name ?? ''
    if (name === '') found.push({ ...at, field: 'name', value: '', message: "the name is empty: every row needs the party's name" })
    const country = r.country?.trim() ? checkCountryCode(r.country) : undefined
    if (country && !country.ok) found.push({ ...at, field: 'country', value: r.country!, message: `${country.message}; expected an ISO 3166-1 alpha-2 code such as CN, HK or DE, or an empty cell` })
    const type = r.type?.trim().toLowerCase()
    if (type && !(ENTITY_TYPES as readonly string[]).includes(type)) found.push({ ...at, field: 'type', value: r.type!, message: `${JSON.stringify(r.type)} is not a party type; expected one of ${ENTITY_TYPES.join(', ')}, or an empty cell` })
    if (found.length > 0) return void problems.push(...found)
    rows.push({ index, name, ...(country?.ok ? { country: country.code } : {}), ...(type ? { type: type as EntityType } : {}) })
  })
  return { rows, problems }
}

const problemText = (p: RowProblem) => `row ${p.row}, column ${p.field}: ${p.message}`
const problemIssue = (p: RowProblem) => ({ path: `row ${p.row} ${p.field}`, message: p.message })

function problemsByRow(problems: readonly RowProblem[]): Map<number, RowProblem[]> {
  const by = new Map<number, RowProblem[]>()
  for (const p of problems) by.set(p.index, [...(by.get(p.index) ?? []), p])
  return by
}

/** Every row not screened, on standard error, and exit 2: the output has them (marked NOT SCREENED), but a screening is not complete until they are fixed and screened. */
function reportRowsNotScreened(file: string, problemOf: ReadonlyMap<number, RowProblem[]>, records: ReadonlyArray<{ line: number }>): void {
  const rowNumbers = [...problemOf.keys()].map((i) => records[i]!.line)
  const problems = [...problemOf.values()].flat()
  process.stderr.write(`error ${problemCode(problems)}: ${rowNumbers.length} of ${records.length} rows of ${file} were not screened (rows are numbered as in a spreadsheet, the header is row 1): fix them and screen them again\n`)
  for (const p of problems) process.stderr.write(`  ${problemText(p)}\n`)
  process.exitCode = ERROR_CATALOGUE[problemCode(problems)].exit
}

/** INVALID_COUNTRY when a country cell is refused (as everywhere a country is), else VALIDATION_FAILED */
const problemCode = (problems: readonly RowProblem[]) => (problems.some((p) => p.field === 'country') ? 'INVALID_COUNTRY' : 'VALIDATION_FAILED')

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
