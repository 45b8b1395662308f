/**
 * OFAC legacy CSV, shared by the SDN files (`sdn.csv`, `add.csv`, `alt.csv`, `sdn_comments.csv`) and the
 * non-SDN consolidated files (`cons_prim/add/alt/comments.csv`), which use the same layout (dat_spec.txt):
 * no header row, `-0-` for null, CRLF records, a trailing 0x1A byte. Files are joined on `ent_num`.
 */
import { AppError } from '../../../shared/errors.js'
import { parseDelimited } from '../parse-delimited.js'
import { decodeText, type SourceFile } from '../source-file.js'

export type OfacFileRole = 'primary' | 'address' | 'alias' | 'comments'

/** Columns per file role, as in OFAC's dat_spec.txt. */
export const OFAC_COLUMNS: Readonly<Record<OfacFileRole, readonly string[]>> = {
  primary: ['ent_num', 'SDN_Name', 'SDN_Type', 'Program', 'Title', 'Call_Sign', 'Vess_type', 'Tonnage', 'GRT', 'Vess_flag', 'Vess_owner', 'Remarks'],
  address: ['Ent_num', 'Add_num', 'Address', 'City/State/Province/Postal Code', 'Country', 'Add_remarks'],
  alias: ['ent_num', 'alt_num', 'alt_type', 'alt_name', 'alt_remarks'],
  comments: ['ent_num', 'Remarks_Extended'],
}

export type OfacPrimaryRow = {
  line: number
  entNum: string
  name: string
  type?: string
  programs: string[]
  title?: string
  callSign?: string
  vesselType?: string
  tonnage?: string
  grt?: string
  vesselFlag?: string
  vesselOwner?: string
  remarks?: string
}
export type OfacAddressRow = { line: number; entNum: string; addNum: string; address?: string; cityStatePostal?: string; country?: string; remarks?: string }
export type OfacAliasRow = { line: number; entNum: string; altNum: string; kind: 'aka' | 'fka' | 'nka'; name: string; remarks?: string }
export type OfacCommentRow = { line: number; entNum: string; text: string }

export type OfacFiles = {
  primary: { file: string; rows: OfacPrimaryRow[] }
  addresses: { file: string; rows: OfacAddressRow[] }[]
  aliases: { file: string; rows: OfacAliasRow[] }[]
  comments: { file: string; rows: OfacCommentRow[] }[]
}

/** OFAC's null is `-0-` (written `-0- `); empty text is null too. */
function nul(s: string | undefined): string | undefined {
  const t = s?.trim() ?? ''
  return t === '' || t === '-0-' ? undefined : t
}

function fail(file: string, line: number, detail: string): never {
  throw new AppError('LIST_PARSE_FAILED', { detail: `${file} line ${line}: ${detail}`, file, line })
}

function entNumOf(file: string, line: number, s: string | undefined): string {
  const t = s?.trim() ?? ''
  if (!/^\d+$/.test(t)) fail(file, line, `ent_num must be a number, found "${t}"`)
  return t
}

export function parseOfacPrimary(file: SourceFile): OfacPrimaryRow[] {
  const seen = new Set<string>()
  return parseDelimited({ text: decodeText(file), file: file.name, delimiter: ',', columns: 12, hasHeader: false }).map(({ line, fields: f }) => {
    const entNum = entNumOf(file.name, line, f[0])
    if (seen.has(entNum)) fail(file.name, line, `ent_num ${entNum} appears twice`)
    seen.add(entNum)
    const name = nul(f[1])
    if (name === undefined) fail(file.name, line, `ent_num ${entNum} has no name`)
    const program = nul(f[3])
    const row: OfacPrimaryRow = { line, entNum, name, programs: program ? splitPrograms(program) : [] }
    const optional: Array<[keyof OfacPrimaryRow, string | undefined]> = [
      ['type', nul(f[2])], ['title', nul(f[4])], ['callSign', nul(f[5])], ['vesselType', nul(f[6])], ['tonnage', nul(f[7])],
      ['grt', nul(f[8])], ['vesselFlag', nul(f[9])], ['vesselOwner', nul(f[10])], ['remarks', nul(f[11])],
    ]
    for (const [k, v] of optional) if (v !== undefined) (row as Record<string, unknown>)[k] = v
    return row
  })
}

/** "SDGT] [IRGC" → ["SDGT", "IRGC"]: OFAC joins several programs with "] [". */
export function splitPrograms(s: string): string[] {
  return s
    .replace(/^\[|\]$/g, '')
    .split(/\]\s*\[/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
}

export function parseOfacAddresses(file: SourceFile): OfacAddressRow[] {
  return parseDelimited({ text: decodeText(file), file: file.name, delimiter: ',', columns: 6, hasHeader: false }).map(({ line, fields: f }) => {
    const row: OfacAddressRow = { line, entNum: entNumOf(file.name, line, f[0]), addNum: f[1]?.trim() ?? '' }
    const optional: Array<[keyof OfacAddressRow, string | undefined]> = [
      ['address', nul(f[2])], ['cityStatePostal', nul(f[3])], ['country', nul(f[4])], ['remarks', nul(f[5])],
    ]
    for (const [k, v] of optional) if (v !== undefined) (row as Record<string, unknown>)[k] = v
    return row
  })
}

export function parseOfacAliases(file: SourceFile): OfacAliasRow[] {
  return parseDelimited({ text: decodeText(file), file: file.name, delimiter: ',', columns: 5, hasHeader: false }).map(({ line, fields: f }) => {
    const entNum = entNumOf(file.name, line, f[0])
    const kind = (f[2] ?? '').trim().toLowerCase().replace(/\./g, '')
    if (kind !== 'aka' && kind !== 'fka' && kind !== 'nka') fail(file.name, line, `alt_type must be aka, fka or nka, found "${f[2]?.trim()}"`)
    const name = nul(f[3])
    if (name === undefined) fail(file.name, line, `alias ${f[1]?.trim()} of ent_num ${entNum} has no name`)
    const row: OfacAliasRow = { line, entNum, altNum: f[1]?.trim() ?? '', kind, name }
    const remarks = nul(f[4])
    if (remarks !== undefined) row.remarks = remarks
    return row
  })
}

export function parseOfacComments(file: SourceFile): OfacCommentRow[] {
  return parseDelimited({ text: decodeText(file), file: file.name, delimiter: ',', columns: 2, hasHeader: false }).map(({ line, fields: f }) => ({
    line,
    entNum: entNumOf(file.name, line, f[0]),
    text: f[1] ?? '',
  }))
}

/** The role of a file from its first record's column count, for files whose names say nothing. */
export function roleFromColumnCount(count: number): OfacFileRole | undefined {
  for (const [role, cols] of Object.entries(OFAC_COLUMNS)) if (cols.length === count) return role as OfacFileRole
  return undefined
}

/** Sort files into roles and parse them all; exactly one primary file is required. */
export function parseOfacFiles(files: Array<{ file: SourceFile; role: OfacFileRole }>, source: string): OfacFiles {
  const primaries = files.filter((f) => f.role === 'primary')
  if (primaries.length !== 1) {
    throw new AppError('VALIDATION_FAILED', {
      detail: `${source} needs exactly one primary file (${source === 'sdn' ? 'sdn.csv' : 'cons_prim.csv'}); got ${primaries.length}`,
      files: files.map((f) => f.file.name),
    })
  }
  const primary = primaries[0]!.file
  return {
    primary: { file: primary.name, rows: parseOfacPrimary(primary) },
    addresses: files.filter((f) => f.role === 'address').map(({ file }) => ({ file: file.name, rows: parseOfacAddresses(file) })),
    aliases: files.filter((f) => f.role === 'alias').map(({ file }) => ({ file: file.name, rows: parseOfacAliases(file) })),
    comments: files.filter((f) => f.role === 'comments').map(({ file }) => ({ file: file.name, rows: parseOfacComments(file) })),
  }
}
