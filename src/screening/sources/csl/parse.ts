/**
 * trade.gov Consolidated Screening List (CSL): `consolidated.csv`, `.tsv` or `.json`, optionally gzipped.
 * The CSV/TSV header has 29 columns (csl-importers `shared/output.py`); multi-valued fields use "; ".
 * The JSON form is `{ results: [...] }` with the same field names, `addresses` and `ids` as objects.
 */
import { AppError } from '../../../shared/errors.js'
import { parseDelimited, readHeader } from '../parse-delimited.js'
import { baseFormatName, decodeText, type SourceFile } from '../source-file.js'

export const CSL_COLUMNS = [
  '_id', 'source', 'entity_number', 'type', 'programs', 'name', 'title', 'addresses', 'federal_register_notice',
  'start_date', 'end_date', 'standard_order', 'license_requirement', 'license_policy', 'call_sign', 'vessel_type',
  'gross_tonnage', 'gross_registered_tonnage', 'vessel_flag', 'vessel_owner', 'remarks', 'source_list_url',
  'alt_names', 'citizenships', 'dates_of_birth', 'nationalities', 'places_of_birth', 'source_information_url', 'ids',
] as const

export type CslColumn = (typeof CSL_COLUMNS)[number]

/** One CSL row, every field as text (the JSON form is flattened to the CSV conventions). */
export type CslRow = { file: string; line: number; fields: Record<CslColumn, string> }

export type CslFormat = 'csv' | 'tsv' | 'json'

/** The format from the name (`consolidated.tsv.gz` → tsv), else from the first character or header. */
export function detectCslFormat(file: SourceFile, text: string): CslFormat | undefined {
  const name = baseFormatName(file.name)
  if (name.endsWith('.json')) return 'json'
  if (name.endsWith('.tsv')) return 'tsv'
  if (name.endsWith('.csv')) return 'csv'
  const start = text.trimStart()
  if (start.startsWith('{') || start.startsWith('[')) return 'json'
  if (start.startsWith('_id\t')) return 'tsv'
  if (start.startsWith('_id,')) return 'csv'
  return undefined
}

export function parseCslFile(file: SourceFile): CslRow[] {
  const text = decodeText(file)
  const format = detectCslFormat(file, text)
  if (format === 'json') return parseCslJson(file.name, text)
  if (format === undefined) {
    throw new AppError('LIST_FORMAT_UNRECOGNIZED', { detail: `${file.name} is not a CSL csv, tsv or json file`, file: file.name })
  }
  const delimiter = format === 'tsv' ? '\t' : ','
  const header = readHeader(text, delimiter)
  const expected = CSL_COLUMNS.join(',')
  if (header === undefined || header.join(',') !== expected) {
    throw new AppError('LIST_PARSE_FAILED', {
      detail: `${file.name} line 1: the header is not the 29-column CSL header (${CSL_COLUMNS.length} columns starting _id,source,entity_number)`,
      file: file.name,
      line: 1,
    })
  }
  return parseDelimited({ text, file: file.name, delimiter, columns: CSL_COLUMNS.length, hasHeader: true }).map(
    ({ line, fields }) => ({ file: file.name, line, fields: toRecord(fields) }),
  )
}

function toRecord(fields: string[]): Record<CslColumn, string> {
  const out = {} as Record<CslColumn, string>
  CSL_COLUMNS.forEach((c, i) => {
    out[c] = fields[i] ?? ''
  })
  return out
}

function parseCslJson(file: string, text: string): CslRow[] {
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch (e) {
    throw new AppError('LIST_PARSE_FAILED', { detail: `${file} is not valid JSON: ${(e as Error).message}`, file, line: 1 })
  }
  const results = Array.isArray(doc) ? doc : (doc as { results?: unknown } | null)?.results
  if (!Array.isArray(results)) {
    throw new AppError('LIST_PARSE_FAILED', { detail: `${file}: expected an object with a "results" array`, file, line: 1 })
  }
  return results.map((r, i) => {
    if (r === null || typeof r !== 'object' || Array.isArray(r)) {
      throw new AppError('LIST_PARSE_FAILED', { detail: `${file} results[${i}] is not an object`, file, line: i + 1 })
    }
    const o = r as Record<string, unknown>
    const fields = {} as Record<CslColumn, string>
    for (const c of CSL_COLUMNS) fields[c] = flattenJsonField(c, o[c], file, i)
    if (fields._id === '' && typeof o.id === 'string') fields._id = o.id
    return { file, line: i + 1, fields }
  })
}

/** JSON values → the CSV conventions: lists joined with "; ", address and id objects as comma lists. */
function flattenJsonField(column: CslColumn, v: unknown, file: string, index: number): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  if (Array.isArray(v)) return v.map((item) => flattenJsonItem(column, item, file, index)).filter((s) => s !== '').join('; ')
  throw new AppError('LIST_PARSE_FAILED', { detail: `${file} results[${index}].${column} has an unexpected type`, file, line: index + 1 })
}

function flattenJsonItem(column: CslColumn, item: unknown, file: string, index: number): string {
  if (typeof item === 'string') return item
  if (item === null || typeof item !== 'object') return item === null ? '' : String(item)
  const o = item as Record<string, unknown>
  const str = (k: string) => (typeof o[k] === 'string' ? (o[k] as string).trim() : '')
  if (column === 'addresses') return [str('address'), str('city'), str('state'), str('postal_code'), str('country')].filter(Boolean).join(', ')
  if (column === 'ids') return [str('country'), str('issue_date'), str('expiration_date'), str('number'), str('type')].filter(Boolean).join(', ')
  throw new AppError('LIST_PARSE_FAILED', { detail: `${file} results[${index}].${column} holds an object`, file, line: index + 1 })
}
