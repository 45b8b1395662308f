/**
 * BIS Denied Persons List `dpl.txt`: tab-separated, quoted fields, a header row of 12 columns.
 * Dates: Effective_Date and Expiration_Date are MM/DD/YYYY, Last_Update is YYYY-MM-DD.
 */
import { AppError } from '../../../shared/errors.js'
import { parseDelimited, readHeader } from '../parse-delimited.js'
import { decodeText, type SourceFile } from '../source-file.js'

export const DPL_COLUMNS = [
  'Name', 'Street_Address', 'City', 'State', 'Country', 'Postal_Code', 'Effective_Date', 'Expiration_Date',
  'Standard_Order', 'Last_Update', 'Action', 'FR_Citation',
] as const

export type DplColumn = (typeof DPL_COLUMNS)[number]
export type DplRow = { file: string; line: number; fields: Record<DplColumn, string> }

export function isDplHeader(firstLine: string): boolean {
  return readHeader(firstLine, '\t')?.join('\t') === DPL_COLUMNS.join('\t')
}

export function parseDplFile(file: SourceFile): DplRow[] {
  const text = decodeText(file)
  if (!isDplHeader(text)) {
    throw new AppError('LIST_PARSE_FAILED', {
      detail: `${file.name} line 1: the header is not the DPL header (${DPL_COLUMNS.join(', ')}), tab-separated`,
      file: file.name,
      line: 1,
    })
  }
  return parseDelimited({ text, file: file.name, delimiter: '\t', columns: DPL_COLUMNS.length, hasHeader: true }).map(({ line, fields }) => {
    const record = {} as Record<DplColumn, string>
    DPL_COLUMNS.forEach((c, i) => {
      record[c] = (fields[i] ?? '').trim()
    })
    if (record.Name === '') {
      throw new AppError('LIST_PARSE_FAILED', { detail: `${file.name} line ${line}: empty Name`, file: file.name, line })
    }
    for (const c of ['Effective_Date', 'Expiration_Date'] as const) {
      if (record[c] !== '' && !/^\d{1,2}\/\d{1,2}\/\d{4}$/.test(record[c])) {
        throw new AppError('LIST_PARSE_FAILED', {
          detail: `${file.name} line ${line}: ${c} must be MM/DD/YYYY, found "${record[c]}"`,
          file: file.name,
          line,
        })
      }
    }
    return { file: file.name, line, fields: record }
  })
}
