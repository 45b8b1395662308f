/** Option parsing and CSV in/out shared by `lists`, `screen` and `match`. Bad input → exit 2, naming the option. */
import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { requireCountryCode } from '../../shared/country-code.js'
import { AppError } from '../../shared/errors.js'
import type { EntityType, ListCode, SourceId } from '../../screening/model.js'
import { isSourceId, SOURCE_IDS } from '../../screening/sources/source-ids.js'
import { usageError } from '../run-command.js'

export const LIST_CODES: readonly ListCode[] = [
  'el', 'meu', 'uvl', 'dpl', 'sdn', 'nonsdn', 'ssi', 'fse', 'plc', 'cap', 'cmic', 'ns-mbs', 'isn', 'dtc', 'other',
]
export const ENTITY_TYPES: readonly EntityType[] = ['individual', 'entity', 'vessel', 'aircraft']

/** moved to src/cli/home.ts (CHIPNAV_HOME, ./.chipnav or the per-user data folder) */
export { resolveHome } from '../home.js'

export function parseListCodes(value: string | undefined, option = '--lists'): ListCode[] | undefined {
  if (value === undefined) return undefined
  const codes = value.split(',').map((s) => s.trim().toLowerCase()).filter((s) => s !== '')
  if (codes.length === 0) throw usageError(`${option} needs at least one list code`, { expected: LIST_CODES })
  const unknown = codes.filter((c) => !(LIST_CODES as readonly string[]).includes(c))
  if (unknown.length > 0) throw usageError(`${option}: unknown list code ${unknown.map((u) => `"${u}"`).join(', ')}`, { expected: LIST_CODES })
  return codes as ListCode[]
}

export function parseSources(value: string | undefined, option = '--source'): SourceId[] | undefined {
  if (value === undefined) return undefined
  const ids = value.split(',').map((s) => s.trim().toLowerCase()).filter((s) => s !== '')
  const unknown = ids.filter((s) => !isSourceId(s))
  if (ids.length === 0 || unknown.length > 0) {
    throw new AppError('LIST_SOURCE_UNKNOWN', { detail: `${option}: unknown list source ${unknown.map((u) => `"${u}"`).join(', ') || '""'}`, expected: SOURCE_IDS })
  }
  return ids as SourceId[]
}

export function parseThreshold(value: string | undefined, option = '--threshold'): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) {
    throw usageError(`${option} must be a number from 0 to 1 (e.g. 0.85), got "${value}"`)
  }
  return n
}

export function parseCountry(value: string | undefined, option = '--country'): string | undefined {
  if (value === undefined || value.trim() === '') return undefined
  return requireCountryCode(value, option)
}

export function parseEntityType(value: string | undefined, option = '--type'): EntityType | undefined {
  if (value === undefined || value.trim() === '') return undefined
  const t = value.trim().toLowerCase()
  if (!(ENTITY_TYPES as readonly string[]).includes(t)) throw usageError(`${option} must be one of ${ENTITY_TYPES.join(', ')}, got "${value}"`)
  return t as EntityType
}

/** the CSV parser, loaded when a file is read (screening one name needs none) */
const csvParse = (): typeof import('csv-parse/sync').parse => (createRequire(import.meta.url)('csv-parse/sync') as typeof import('csv-parse/sync')).parse

/** A CSV file with a header row, as records; the required columns must be present. */
export function readCsvTable(path: string, o: { required: string[]; option: string }): Array<Record<string, string>> {
  return readCsvRecords(path, o).map((r) => r.row)
}

/**
 * A CSV file with a header row, as records with the line each starts on (the header is line 1, as a spreadsheet
 * numbers its rows; blank lines count); the required columns must be present.
 */
export function readCsvRecords(path: string, { required, option }: { required: string[]; option: string }): Array<{ row: Record<string, string>; line: number }> {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch {
    throw new AppError('FILE_NOT_FOUND', { detail: `${option}: cannot read ${path}`, file: path })
  }
  let records: Array<{ record: Record<string, string>; info: { lines: number } }>
  try {
    records = csvParse()(text, { columns: (h: string[]) => h.map((c) => c.trim()), skip_empty_lines: true, bom: true, trim: true, info: true }) as unknown as typeof records
  } catch (e) {
    throw usageError(`${option}: ${path} is not a valid CSV file: ${(e as Error).message}`, { file: path })
  }
  const header = records.length > 0 ? Object.keys(records[0]!.record) : (readHeaderLine(text) ?? [])
  const missing = required.filter((c) => !header.includes(c))
  if (missing.length > 0) throw usageError(`${option}: ${path} has no ${missing.join(', ')} column (header: ${header.join(',') || 'empty'})`, { file: path })
  // the parser counts the line a record ends on: a quoted cell over several lines started that many lines before
  const linesInside = (r: Record<string, string>) => Object.values(r).reduce((n, v) => n + (v.match(/\r\n|\n|\r/g)?.length ?? 0), 0)
  return records.map(({ record, info }) => ({ row: record, line: info.lines - linesInside(record) }))
}

function readHeaderLine(text: string): string[] | undefined {
  const first = text.split(/\r?\n/)[0]
  return first === undefined || first.trim() === '' ? undefined : first.split(',').map((s) => s.trim())
}

function csvCell(v: unknown): string {
  const s = v === undefined || v === null ? '' : String(v)
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

export function toCsv(rows: ReadonlyArray<Record<string, unknown>>, columns: readonly string[]): string {
  return [columns.map(csvCell).join(','), ...rows.map((r) => columns.map((c) => csvCell(r[c])).join(','))].join('\n') + '\n'
}

/** Write to a file, or to stdout when no path is given. */
export function writeOutput(path: string | undefined, text: string): void {
  if (path === undefined) {
    process.stdout.write(text)
    return
  }
  try {
    writeFileSync(path, text)
  } catch (e) {
    throw usageError(`--out: cannot write ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { file: path })
  }
}
