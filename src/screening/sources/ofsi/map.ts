/**
 * HM Treasury OFSI Consolidated List ("ConList", 2022 format: XLSX or CSV) → ListEntry. The file has
 * one row per name variant; rows with the same Group ID are one listing. Names are written in six
 * parts (Name 1-5 given names, Name 6 the surname or the organisation's name); "Alias Type" says
 * whether a row is the primary name, a spelling variation, an AKA or an FKA, and "Alias Quality"
 * (UN listings) whether the alias is good or low quality.
 */
import { countryCodeFromName } from '../../../shared/countries.js'
import { AppError } from '../../../shared/errors.js'
import type { EntityType, EntryAddress, EntryIdentifier, EntryName, ListEntry } from '../../model.js'
import { entityTypeFrom } from '../map-helpers.js'
import { dayFirstToIso } from '../uk-dates.js'
import { withBracketedNames } from '../bracketed-names.js'

/** The columns the mapper reads; the file must have them all (its header row is checked). */
export const OFSI_COLUMNS = [
  'Name 6', 'Name 1', 'Name 2', 'Name 3', 'Name 4', 'Name 5', 'Title', 'Name Non-Latin Script', 'DOB', 'Town of Birth',
  'Country of Birth', 'Nationality', 'Passport Number', 'Passport Details', 'National Identification Number',
  'National Identification Details', 'Position', 'Address 1', 'Address 2', 'Address 3', 'Address 4', 'Address 5',
  'Address 6', 'Post/Zip Code', 'Country', 'Other Information', 'Group Type', 'Alias Type', 'Regime', 'Listed On',
  'Last Updated', 'Group ID',
] as const

export type OfsiRow = { line: number; fields: Record<string, string> }

/** OFSI's public guidance page for the Consolidated List (each entry is cited by its Group ID against it). */
export const OFSI_LIST_PAGE = 'https://www.gov.uk/government/publications/financial-sanctions-consolidated-list-of-targets'

export function checkOfsiHeader(header: string[], file: string): void {
  const missing = OFSI_COLUMNS.filter((c) => !header.includes(c))
  if (missing.length > 0) {
    throw new AppError('LIST_PARSE_FAILED', { detail: `${file}: the header row lacks ${missing.join(', ')} (expected OFSI's 2022-format ConList)`, file })
  }
}

export function mapOfsiRows(rows: OfsiRow[], file: string): ListEntry[] {
  const groups = new Map<string, OfsiRow[]>()
  for (const row of rows) {
    const id = row.fields['Group ID']?.trim() ?? ''
    if (!/^\d+$/.test(id)) throw new AppError('LIST_PARSE_FAILED', { detail: `${file} line ${row.line}: Group ID "${id}" is not a number`, file, line: row.line })
    const g = groups.get(id)
    if (g) g.push(row)
    else groups.set(id, [row])
  }
  return [...groups].map(([id, group]) => mapGroup(id, group))
}

function mapGroup(groupId: string, rows: OfsiRow[]): ListEntry {
  const type = entityTypeFrom(rows[0]!.fields['Group Type'] ?? '') ?? null
  const primaryRow = rows.find((r) => (r.fields['Alias Type'] ?? '').toLowerCase() === 'primary name') ?? rows[0]!
  const names: EntryName[] = []
  for (const r of [primaryRow, ...rows.filter((x) => x !== primaryRow)]) {
    const name = fullName(r.fields, type)
    if (name === '') continue
    const aliasType = (r.fields['Alias Type'] ?? '').trim()
    const kind = r === primaryRow ? 'primary' : /^fka$/i.test(aliasType) ? 'fka' : 'aka'
    const n: EntryName = { name, kind }
    if (aliasType !== '' && r !== primaryRow) n.quality = aliasType
    const q = (r.fields['Alias Quality'] ?? '').toLowerCase()
    if (q.startsWith('low')) n.strength = 'weak'
    else if (q.startsWith('good')) n.strength = 'strong'
    names.push(n)
    const nonLatin = r.fields['Name Non-Latin Script']?.trim()
    if (nonLatin) names.push({ name: nonLatin, kind: 'aka', quality: 'non-Latin script' })
  }
  const f = primaryRow.fields
  const other = rows.map((r) => r.fields['Other Information'] ?? '').find((t) => t.trim() !== '') ?? ''
  const entry: ListEntry = {
    source: 'ofsi',
    list: 'uk',
    sourceId: groupId,
    type,
    names: withBracketedNames(dedupe(names), type),
    addresses: dedupeBy(rows.map((r) => address(r.fields)).filter((a): a is EntryAddress => a !== undefined), (a) => a.text),
    programs: unique(rows.map((r) => r.fields['Regime'] ?? '')),
    identifiers: dedupeBy(rows.flatMap((r) => identifiers(r.fields)), (i) => `${i.type}:${i.value}`),
    nationalities: unique(rows.flatMap((r) => splitList(r.fields['Nationality']))),
    citizenships: [],
    datesOfBirth: unique(rows.map((r) => r.fields['DOB'] ?? '')).map((d) => dayFirstToIso(d) ?? d),
    placesOfBirth: unique(rows.map((r) => [r.fields['Town of Birth'], r.fields['Country of Birth']].filter((x) => x && x.trim()).join(', '))),
    noticeUrl: OFSI_LIST_PAGE,
  }
  const listedOn = dayFirstToIso(f['Listed On'])
  if (listedOn) entry.listedOn = listedOn
  const un = /\(UN Ref\):\s*([A-Za-z]{2}[a-z]\.\d+)/.exec(other)
  if (un) entry.unReference = un[1]!
  const title = f['Title']?.trim()
  if (title) entry.title = title
  const remarks = [f['Position']?.trim(), other.trim()].filter(Boolean).join(' | ')
  if (remarks) entry.remarks = remarks
  return entry
}

/** A person's name in reading order (given names, then the surname in Name 6); an organisation's name is Name 6. */
function fullName(f: Record<string, string>, type: EntityType | null): string {
  const parts = type === 'individual' ? ['Name 1', 'Name 2', 'Name 3', 'Name 4', 'Name 5', 'Name 6'] : ['Name 6', 'Name 1', 'Name 2', 'Name 3', 'Name 4', 'Name 5']
  return parts.map((k) => f[k]?.trim() ?? '').filter((x) => x !== '').join(' ')
}

function address(f: Record<string, string>): EntryAddress | undefined {
  const lines = ['Address 1', 'Address 2', 'Address 3', 'Address 4', 'Address 5', 'Address 6'].map((k) => f[k]?.trim() ?? '').filter((x) => x !== '')
  const postal = f['Post/Zip Code']?.trim() ?? ''
  const country = f['Country']?.trim() ?? ''
  const text = [...lines, postal, country].filter((x) => x !== '').join(', ')
  if (text === '') return undefined
  const out: EntryAddress = { text }
  if (lines.length) out.address = lines.join(', ')
  if (postal) out.postalCode = postal
  if (country) {
    out.country = country
    const code = countryCodeFromName(country)
    if (code) out.countryCode = code
  }
  return out
}

function identifiers(f: Record<string, string>): EntryIdentifier[] {
  const out: EntryIdentifier[] = []
  const passport = f['Passport Number']?.trim()
  if (passport) out.push({ type: 'Passport', value: passport, ...(f['Passport Details']?.trim() ? { country: f['Passport Details']!.trim() } : {}) })
  const national = f['National Identification Number']?.trim()
  if (national) out.push({ type: 'National Identification Number', value: national, ...(f['National Identification Details']?.trim() ? { country: f['National Identification Details']!.trim() } : {}) })
  return out
}

/** OFSI numbers several values in one cell: "(1) Russia (2) Ukraine". */
function splitList(s: string | undefined): string[] {
  const t = s?.trim() ?? ''
  if (t === '') return []
  const parts = t.split(/\(\d+\)\s*/).map((p) => p.trim()).filter(Boolean)
  return parts.length ? parts : [t]
}

function unique(xs: string[]): string[] {
  return [...new Set(xs.map((x) => x.trim()).filter((x) => x !== ''))]
}

function dedupe(names: EntryName[]): EntryName[] {
  return dedupeBy(names, (n) => n.name.toLowerCase())
}

function dedupeBy<T>(xs: T[], key: (x: T) => string): T[] {
  const seen = new Set<string>()
  return xs.filter((x) => {
    const k = key(x)
    if (seen.has(k)) return false
    seen.add(k)
    return true
  })
}
