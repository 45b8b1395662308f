/**
 * The batch screening file of the Screening page (no DOM): one party per row, `name[,country,type]` — by the header's
 * column names when the first row is a header naming a `name` column (extra columns such as an id are kept aside),
 * else in that order. Every row is checked before anything is screened, and every problem is kept, each with its row
 * (numbered as a spreadsheet numbers them: a header is row 1), column, what the cell holds and what was expected; the
 * good rows are screened, the others shown and downloaded as not screened.
 */
import { checkCountryCode } from '../../../src/shared/country-code.js'

export const PARTY_TYPES = ['individual', 'entity', 'vessel', 'aircraft'] as const
export type PartyType = (typeof PARTY_TYPES)[number]

export type BatchRow = { row: number; name: string; country?: string; type?: PartyType }
export type BatchCell = { row: number; field: 'name' | 'country' | 'type'; value: string; message: string }
/** a row that is not screened, with what it holds (as written) and each of its problems */
export type BatchRowProblem = { row: number; name: string; country: string; type: string; problems: BatchCell[] }

/** The cells of one CSV line (quotes allowed, "" for a quote), trimmed. */
function cellsOf(line: string): string[] {
  return [...line.matchAll(/("([^"]|"")*"|[^,]*)(,|$)/g)].map((m) => m[1]!.replace(/^"|"$/g, '').replace(/""/g, '"').trim())
}

export function parseBatchCsv(text: string): { rows: BatchRow[]; notScreened: BatchRowProblem[] } {
  const rows: BatchRow[] = []
  const notScreened: BatchRowProblem[] = []
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/)
  const header = cellsOf(lines[0] ?? '').map((c) => c.toLowerCase())
  const hasHeader = header.includes('name')
  const column = (name: string, position: number) => (hasHeader ? header.indexOf(name) : position)
  const [nameAt, countryAt, typeAt] = [column('name', 0), column('country', 1), column('type', 2)]
  lines.forEach((line, i) => {
    if ((hasHeader && i === 0) || line.trim() === '') return
    const row = i + 1
    const cells = cellsOf(line)
    const cell = (at: number) => (at >= 0 ? (cells[at] ?? '') : '')
    const [name, country, type] = [cell(nameAt), cell(countryAt), cell(typeAt)]
    const problems: BatchCell[] = []
    if (name === '') problems.push({ row, field: 'name', value: '', message: "the name is empty: every row needs the party's name" })
    const checked = country === '' ? undefined : checkCountryCode(country)
    if (checked && !checked.ok) problems.push({ row, field: 'country', value: country, message: `${checked.message}; expected an ISO 3166-1 alpha-2 code such as CN, HK or DE, or an empty cell` })
    const t = type.toLowerCase()
    if (t !== '' && !(PARTY_TYPES as readonly string[]).includes(t)) problems.push({ row, field: 'type', value: type, message: `"${type}" is not a party type; expected one of ${PARTY_TYPES.join(', ')}, or an empty cell` })
    if (problems.length > 0) notScreened.push({ row, name, country, type, problems })
    else rows.push({ row, name, ...(checked?.ok ? { country: checked.code } : {}), ...(t ? { type: t as PartyType } : {}) })
  })
  return { rows, notScreened }
}

/** A row's problems in words: "row 7, column country: …; row 7, column type: …". */
export const problemsText = (problems: readonly BatchCell[]) => problems.map((p) => `row ${p.row}, column ${p.field}: ${p.message}`).join('; ')
