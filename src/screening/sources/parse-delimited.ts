/**
 * Strict CSV/TSV reading shared by the list parsers: every record has exactly the expected number
 * of columns, or the import stops with LIST_PARSE_FAILED naming the file and line.
 */
import { parse } from 'csv-parse/sync'
import { AppError } from '../../shared/errors.js'

export type DelimitedRow = { line: number; fields: string[] }

export type ParseDelimitedOptions = {
  text: string
  file: string
  delimiter: ',' | '\t'
  /** the number of columns each record must have */
  columns: number
  /** skip the first record (the header) */
  hasHeader: boolean
}

export function parseDelimited({ text, file, delimiter, columns, hasHeader }: ParseDelimitedOptions): DelimitedRow[] {
  let records: Array<{ record: string[]; info: { lines: number } }>
  try {
    records = parse(text, {
      delimiter,
      info: true,
      relax_column_count: true,
      relax_quotes: delimiter === '\t',
      skip_empty_lines: true,
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>
  } catch (e) {
    const err = e as Error & { lines?: number }
    throw new AppError('LIST_PARSE_FAILED', {
      detail: `${file} is malformed near line ${err.lines ?? '?'}: ${err.message.replace(/^Invalid \w+:\s*/, '')}`,
      file,
      line: err.lines,
    })
  }
  const rows: DelimitedRow[] = []
  for (let i = hasHeader ? 1 : 0; i < records.length; i++) {
    const r = records[i]!
    const fields = r.record
    if (fields.length !== columns) {
      throw new AppError('LIST_PARSE_FAILED', {
        detail: `${file} line ${r.info.lines}: expected ${columns} columns, found ${fields.length}`,
        file,
        line: r.info.lines,
      })
    }
    rows.push({ line: r.info.lines, fields })
  }
  return rows
}

/** The header row of a delimited file, or undefined when the file is empty. */
export function readHeader(text: string, delimiter: ',' | '\t'): string[] | undefined {
  const end = text.search(/\r?\n/)
  const first = end === -1 ? text : text.slice(0, end)
  if (first.trim() === '') return undefined
  return first.split(delimiter).map((h) => h.trim().replace(/^"|"$/g, ''))
}

/** The number of fields in the first record (quotes respected), or 0 when the text is empty or malformed. */
export function firstRecordColumns(text: string, delimiter: ',' | '\t' = ','): number {
  const end = text.search(/\r?\n/)
  const first = end === -1 ? text : text.slice(0, end)
  try {
    const records = parse(first, { delimiter, relax_column_count: true, relax_quotes: true }) as string[][]
    return records[0]?.length ?? 0
  } catch {
    return 0
  }
}
