/** CSL rows → ListEntry. One entry per row; the row's `source` column names the list it is on. */
import { countryCodeFromName, countryName } from '../../../shared/countries.js'
import { AppError } from '../../../shared/errors.js'
import type { EntryAddress, EntryIdentifier, EntryName, EntityType, ListCode, ListEntry } from '../../model.js'
import { entityTypeFrom, splitValues, textOrUndefined, toIsoDate } from '../map-helpers.js'
import type { CslRow } from './parse.js'
import { withBracketedNames } from '../bracketed-names.js'

/**
 * The CSL `source` column ends its list name with the abbreviation in parentheses, e.g.
 * "Entity List (EL) - Bureau of Industry and Security". trade.gov abbreviation → our list code.
 */
const LIST_CODE_BY_ABBREVIATION: Readonly<Record<string, ListCode>> = {
  EL: 'el',
  MEU: 'meu',
  UVL: 'uvl',
  DPL: 'dpl',
  SDN: 'sdn',
  SSI: 'ssi',
  FSE: 'fse',
  PLC: 'plc',
  CAP: 'cap',
  CMIC: 'cmic',
  'NS-CMIC': 'cmic',
  'NS-MBS': 'ns-mbs',
  'NS-MBS LIST': 'ns-mbs',
  MBS: 'ns-mbs',
  ISN: 'isn',
  DTC: 'dtc',
}

/**
 * Lists whose every party is an entity by definition, so an empty `type` means 'entity'. The Military
 * End-User List names only entities (15 CFR 744 Supp. 7). The Entity List, DPL, UVL, ISN and DTC also
 * name individuals, so their empty types stay null: the type is never guessed from words in a name.
 */
const ENTITY_ONLY_LISTS: ReadonlySet<ListCode> = new Set<ListCode>(['meu', 'cmic'])

export function listCodeFromCslSource(source: string): ListCode | undefined {
  const m = /\(([^)]+)\)/.exec(source)
  if (!m) return undefined
  return LIST_CODE_BY_ABBREVIATION[m[1]!.trim().toUpperCase()] ?? 'other'
}

export function mapCslRow(row: CslRow): ListEntry {
  const f = row.fields
  const list = listCodeFromCslSource(f.source)
  const name = f.name.trim()
  if (list === undefined || name === '') {
    throw new AppError('LIST_PARSE_FAILED', {
      detail: `${row.file} line ${row.line}: ${list === undefined ? `unknown source "${f.source}"` : 'empty name'}`,
      file: row.file,
      line: row.line,
    })
  }
  const type: EntityType | null = entityTypeFrom(f.type) ?? (f.type.trim() === '' && ENTITY_ONLY_LISTS.has(list) ? 'entity' : null)
  const names: EntryName[] = [{ name, kind: 'primary' }]
  for (const alias of splitValues(f.alt_names)) if (alias !== name) names.push({ name: alias, kind: 'aka' })
  const entry: ListEntry = {
    source: 'csl',
    list,
    sourceId: textOrUndefined(f._id) ?? textOrUndefined(f.entity_number) ?? `${row.file}:${row.line}`,
    type,
    names: withBracketedNames(names, type),
    addresses: splitValues(f.addresses).map(mapCslAddress),
    programs: splitValues(f.programs),
    identifiers: splitValues(f.ids).map(mapCslIdentifier),
    nationalities: splitValues(f.nationalities),
    citizenships: splitValues(f.citizenships),
    datesOfBirth: splitValues(f.dates_of_birth),
    placesOfBirth: splitValues(f.places_of_birth),
  }
  const optional = {
    federalRegisterNotice: textOrUndefined(f.federal_register_notice),
    listedOn: toIsoDate(f.start_date),
    licenseRequirement: textOrUndefined(f.license_requirement),
    licensePolicy: textOrUndefined(f.license_policy),
    remarks: textOrUndefined(f.remarks),
    title: textOrUndefined(f.title),
    sourceListUrl: textOrUndefined(f.source_list_url),
  }
  for (const [k, v] of Object.entries(optional)) if (v !== undefined) (entry as Record<string, unknown>)[k] = v
  return entry
}

/** "L6 799 Pacific Hwy, Chatswood, New South Wales, 2067, AU": the last part is an ISO alpha-2 code. */
export function mapCslAddress(text: string): EntryAddress {
  const parts = text.split(',').map((p) => p.trim())
  const last = parts[parts.length - 1] ?? ''
  const countryCode = countryCodeFromName(last)
  const address: EntryAddress = { text }
  if (countryCode !== undefined) {
    address.countryCode = countryCode
    address.country = countryName(countryCode) ?? last
  }
  return address
}

/**
 * "QA, 28940000602, National ID No." or "JO, 2014-08-30, 2009-08-31, K475336, Passport": optional
 * country code, optional dates, the value, the type last. The earlier date is taken as the issue date.
 */
export function mapCslIdentifier(text: string): EntryIdentifier {
  const parts = text.split(',').map((p) => p.trim())
  const type = parts.pop() ?? ''
  let country: string | undefined
  if (parts.length > 1 && /^[A-Z]{2}$/.test(parts[0]!)) country = parts.shift()
  const dates = parts.filter((p) => toIsoDate(p) !== undefined).map((p) => toIsoDate(p)!).sort()
  const value = parts.filter((p) => toIsoDate(p) === undefined).join(', ')
  const id: EntryIdentifier = { type, value }
  if (country !== undefined) id.country = country
  if (dates.length >= 1) id.issued = dates[0]!
  if (dates.length >= 2) id.expires = dates[dates.length - 1]!
  return id
}
