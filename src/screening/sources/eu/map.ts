/**
 * EU consolidated financial sanctions list (the Financial Sanctions Files, FSF) → ListEntry, from either
 * of its two official formats: the CSV (`;`-separated UTF-8 with a byte-order mark, one row per name,
 * address, birth date, identification or citizenship, joined on `Entity_LogicalId`) and the XML
 * (`export` / `sanctionEntity` with `nameAlias`, `address`, `birthdate`, `identification`,
 * `citizenship` and `regulation` children). Built from the EU's format documentation and fixtures
 * written from it: no full official file has been read yet (see README).
 */
import { countryCodeFromName, countryName } from '../../../shared/countries.js'
import type { EntityType, EntryAddress, EntryIdentifier, EntryName, ListEntry } from '../../model.js'
import { dayFirstToIso } from '../uk-dates.js'
import { withBracketedNames } from '../bracketed-names.js'

/** One sanctioned subject as both formats describe it, before it becomes a ListEntry. */
export type EuSubject = {
  logicalId: string
  euReference?: string
  unReference?: string
  subjectType?: string
  designationDate?: string
  remark?: string
  programmes: string[]
  publicationUrls: string[]
  names: Array<{ wholeName: string; strong?: boolean; function?: string; title?: string }>
  addresses: Array<{ street?: string; city?: string; zipCode?: string; region?: string; place?: string; countryIso?: string; country?: string }>
  birthDates: string[]
  birthPlaces: string[]
  identifications: EntryIdentifier[]
  citizenships: string[]
}

export function emptySubject(logicalId: string): EuSubject {
  return { logicalId, programmes: [], publicationUrls: [], names: [], addresses: [], birthDates: [], birthPlaces: [], identifications: [], citizenships: [] }
}

export function mapEuSubject(s: EuSubject): ListEntry {
  const names: EntryName[] = []
  const seen = new Set<string>()
  for (const n of s.names) {
    const key = n.wholeName.toLowerCase()
    if (n.wholeName.trim() === '' || seen.has(key)) continue
    seen.add(key)
    const name: EntryName = { name: n.wholeName, kind: names.length === 0 ? 'primary' : 'aka' }
    if (n.strong === false) name.strength = 'weak'
    else if (n.strong === true && names.length > 0) name.strength = 'strong'
    names.push(name)
  }
  const entry: ListEntry = {
    source: 'eu',
    list: 'eu',
    sourceId: s.euReference ?? `eu-${s.logicalId}`,
    type: entityType(s.subjectType),
    names: withBracketedNames(names, entityType(s.subjectType)),
    addresses: s.addresses.map(address).filter((a): a is EntryAddress => a !== undefined),
    programs: unique(s.programmes),
    identifiers: s.identifications,
    nationalities: [],
    citizenships: unique(s.citizenships),
    datesOfBirth: unique(s.birthDates),
    placesOfBirth: unique(s.birthPlaces),
  }
  if (s.unReference) entry.unReference = s.unReference
  const listed = dayFirstToIso(s.designationDate)
  if (listed) entry.listedOn = listed
  if (s.publicationUrls[0]) entry.noticeUrl = s.publicationUrls[0]
  if (s.remark) entry.remarks = s.remark
  const title = s.names.map((n) => n.title).find((t) => t && t.trim() !== '')
  if (title) entry.title = title
  return entry
}

/** The EU's subject types: `person`/`P`, `enterprise`/`E` (organisations); vessels are not a type of their own. */
function entityType(t: string | undefined): EntityType | null {
  switch ((t ?? '').trim().toLowerCase()) {
    case 'person':
    case 'p':
      return 'individual'
    case 'enterprise':
    case 'e':
      return 'entity'
    default:
      return null
  }
}

function address(a: EuSubject['addresses'][number]): EntryAddress | undefined {
  const country = a.country ?? (a.countryIso ? countryName(a.countryIso) : undefined)
  const parts = [a.street, a.place, a.city, a.region, a.zipCode, country].filter((x): x is string => x !== undefined && x.trim() !== '')
  if (parts.length === 0) return undefined
  const out: EntryAddress = { text: parts.join(', ') }
  if (a.street) out.address = a.street
  if (a.city) out.city = a.city
  if (a.region) out.state = a.region
  if (a.zipCode) out.postalCode = a.zipCode
  if (country) out.country = country
  const code = a.countryIso && a.countryIso !== '00' ? a.countryIso.toUpperCase() : country ? countryCodeFromName(country) : undefined
  if (code) out.countryCode = code
  return out
}

function unique(xs: string[]): string[] {
  return [...new Set(xs.map((x) => x.trim()).filter((x) => x !== ''))]
}
