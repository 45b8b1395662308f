/**
 * Reading OFSI's ConList: the XLSX with exceljs (asynchronous), the CSV with csv-parse. Both have
 * "Last Updated" and the date in row 1 and the header in row 2; rows below are name variants.
 */
import { parse } from 'csv-parse/sync'
import type ExcelJS from 'exceljs'
import { AppError } from '../../../shared/errors.js'
import { decodeText, type SourceFile } from '../source-file.js'
import { dayFirstToIso } from '../uk-dates.js'
import { assertZipWithinCap } from '../zip-guard.js'
import { checkOfsiHeader, type OfsiRow } from './map.js'

export type OfsiTable = { lastUpdated: string | undefined; rows: OfsiRow[] }

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04] as const

export function isXlsx(file: SourceFile): boolean {
  return ZIP_MAGIC.every((b, i) => file.bytes[i] === b)
}

export async function readOfsiXlsx(file: SourceFile): Promise<OfsiTable> {
  // a zip bomb is refused before exceljs inflates the workbook whole
  assertZipWithinCap(file.name, file.bytes)
  // loaded only when a workbook is read: exceljs costs ~0.4 s to import, which screening never needs
  const { default: Excel } = await import('exceljs')
  const workbook = new Excel.Workbook()
  try {
    await workbook.xlsx.load(Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength) as unknown as ArrayBuffer)
  } catch (e) {
    throw new AppError('LIST_PARSE_FAILED', { detail: `${file.name} is not a readable XLSX workbook (${(e as Error).message})`, file: file.name })
  }
  const sheet = workbook.worksheets[0]
  if (!sheet) throw new AppError('LIST_PARSE_FAILED', { detail: `${file.name} has no worksheet`, file: file.name })
  const table: string[][] = []
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const values: string[] = []
    for (let c = 1; c <= row.cellCount; c++) values.push(cellText(row.getCell(c)))
    table.push(values)
  })
  return toTable(table, file.name, (i) => i + 1)
}

export function readOfsiCsv(file: SourceFile): OfsiTable {
  let records: string[][]
  try {
    records = parse(decodeText(file), { relax_column_count: true, skip_empty_lines: true, bom: true }) as string[][]
  } catch (e) {
    throw new AppError('LIST_PARSE_FAILED', { detail: `${file.name}: ${(e as Error).message}`, file: file.name })
  }
  return toTable(records, file.name, (i) => i + 1)
}

function toTable(records: string[][], file: string, lineOf: (index: number) => number): OfsiTable {
  const first = records[0] ?? []
  if ((first[0] ?? '').trim() !== 'Last Updated') {
    throw new AppError('LIST_PARSE_FAILED', { detail: `${file}: row 1 should read "Last Updated" and the list's date (OFSI's ConList format)`, file, line: 1 })
  }
  const header = (records[1] ?? []).map((h) => h.trim())
  checkOfsiHeader(header, file)
  const rows: OfsiRow[] = []
  for (let i = 2; i < records.length; i++) {
    const values = records[i]!
    if (values.every((v) => v.trim() === '')) continue
    const fields: Record<string, string> = {}
    header.forEach((h, c) => (fields[h] = values[c] ?? ''))
    rows.push({ line: lineOf(i), fields })
  }
  return { lastUpdated: dayFirstToIso(first[1]), rows }
}

function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value
  if (v === null || v === undefined) return ''
  if (v instanceof Date) return v.toISOString().slice(0, 10)
  if (typeof v === 'object') return cell.text ?? ''
  return String(v)
}

