/**
 * FCDO UK Sanctions List (XML) → ListEntry. Built from the FCDO's published format (a `Designation`
 * per listing: `UniqueID`, `OFSIGroupID`, `UNReferenceNumber`, `Names/Name` with `Name1`-`Name6`,
 * `NameType` and `AliasStrength`, `NonLatinNames`, `RegimeName`, `IndividualEntityShip`, `Addresses`,
 * `IndividualDetails`, `DateDesignated`, `LastUpdated`). No full official file has been read yet: the
 * tests use fixtures written from that description.
 */
import { countryCodeFromName } from '../../../shared/countries.js'
import type { EntityType, EntryAddress, EntryIdentifier, EntryName, ListEntry } from '../../model.js'
import { entityTypeFrom } from '../map-helpers.js'
import { dayFirstToIso } from '../uk-dates.js'
import { children, text, texts, type XmlNode } from '../xml-helpers.js'
import { withBracketedNames } from '../bracketed-names.js'

export const UK_LIST_PAGE = 'https://www.gov.uk/government/publications/the-uk-sanctions-list'

export const UK_REPEATED = new Set([
  'Designation', 'Name', 'NonLatinName', 'Address', 'Individual', 'DOB', 'Nationality', 'Location', 'Position',
  'RegimeName', 'PassportNumber', 'NationalIdentifierNumber', 'Passport', 'NationalIdentifier',
])

export function mapUkDesignation(d: XmlNode): ListEntry {
  const type = entityTypeFrom(text(d, 'IndividualEntityShip') ?? '') ?? null
  const names: EntryName[] = []
  const nameNodes = children(d['Names'], 'Name')
  const primaryNode = nameNodes.find((n) => (text(n, 'NameType') ?? '').toLowerCase() === 'primary name') ?? nameNodes[0]
  for (const n of primaryNode ? [primaryNode, ...nameNodes.filter((x) => x !== primaryNode)] : []) {
    const full = text(n, 'Name') ?? fullName(n, type)
    if (!full) continue
    const nameType = text(n, 'NameType')
    const out: EntryName = { name: full, kind: n === primaryNode ? 'primary' : /fka|formerly/i.test(nameType ?? '') ? 'fka' : 'aka' }
    if (nameType && n !== primaryNode) out.quality = nameType
    const strength = (text(n, 'AliasStrength') ?? '').toLowerCase()
    if (strength.startsWith('weak') || strength.startsWith('low')) out.strength = 'weak'
    else if (strength.startsWith('strong') || strength.startsWith('good')) out.strength = 'strong'
    names.push(out)
  }
  for (const nl of children(d['NonLatinNames'], 'NonLatinName')) {
    const name = text(nl, 'NameNonLatinScript')
    if (name) names.push({ name, kind: 'aka', quality: 'non-Latin script' })
  }
  const individual = children(d['IndividualDetails'], 'Individual')
  const unique = text(d, 'UniqueID') ?? '?'
  const entry: ListEntry = {
    source: 'uk',
    list: 'uk',
    sourceId: unique,
    type,
    names: withBracketedNames(dedupeNames(names), type),
    addresses: children(d['Addresses'], 'Address').map(address).filter((a): a is EntryAddress => a !== undefined),
    programs: texts(d, 'RegimeName'),
    identifiers: identifiers(individual),
    nationalities: individual.flatMap((i) => texts(i['Nationalities'], 'Nationality')),
    citizenships: [],
    datesOfBirth: individual.flatMap((i) => texts(i['DOBs'], 'DOB')).map((x) => dayFirstToIso(x) ?? x),
    placesOfBirth: individual.flatMap((i) => children(i['BirthDetails'], 'Location')).map((l) => [text(l, 'TownOfBirth'), text(l, 'CountryOfBirth')].filter(Boolean).join(', ')).filter((x) => x !== ''),
    noticeUrl: UK_LIST_PAGE,
  }
  const un = text(d, 'UNReferenceNumber')
  if (un) entry.unReference = un
  const listedOn = dayFirstToIso(text(d, 'DateDesignated'))
  if (listedOn) entry.listedOn = listedOn
  const title = individual.map((i) => text(i, 'Title')).find(Boolean)
  if (title) entry.title = title
  const remarks = [text(d, 'SanctionsImposed'), text(d, 'OtherInformation'), text(d, 'UKStatementofReasons')].filter(Boolean).join(' | ')
  if (remarks) entry.remarks = remarks
  return entry
}

function fullName(n: XmlNode, type: EntityType | null): string {
  const keys = type === 'individual' ? ['Name1', 'Name2', 'Name3', 'Name4', 'Name5', 'Name6'] : ['Name6', 'Name1', 'Name2', 'Name3', 'Name4', 'Name5']
  return keys.map((k) => text(n, k)).filter(Boolean).join(' ')
}

function address(a: XmlNode): EntryAddress | undefined {
  const lines = ['AddressLine1', 'AddressLine2', 'AddressLine3', 'AddressLine4', 'AddressLine5', 'AddressLine6'].map((k) => text(a, k)).filter((x): x is string => x !== undefined)
  const postal = text(a, 'AddressPostalCode')
  const country = text(a, 'AddressCountry')
  const all = [...lines, postal, country].filter((x): x is string => x !== undefined)
  if (all.length === 0) return undefined
  const out: EntryAddress = { text: all.join(', ') }
  if (lines.length) out.address = lines.join(', ')
  if (postal) out.postalCode = postal
  if (country) {
    out.country = country
    const code = countryCodeFromName(country)
    if (code) out.countryCode = code
  }
  return out
}

function identifiers(individual: XmlNode[]): EntryIdentifier[] {
  const out: EntryIdentifier[] = []
  for (const i of individual) {
    for (const p of children(i['PassportDetails'], 'Passport')) {
      const value = text(p, 'PassportNumber')
      if (value) out.push({ type: 'Passport', value, ...(text(p, 'PassportAdditionalInformation') ? { country: text(p, 'PassportAdditionalInformation')! } : {}) })
    }
    for (const p of children(i['NationalIdentifierDetails'], 'NationalIdentifier')) {
      const value = text(p, 'NationalIdentifierNumber')
      if (value) out.push({ type: 'National Identification Number', value })
    }
  }
  return out
}

function dedupeNames(names: EntryName[]): EntryName[] {
  const seen = new Set<string>()
  return names.filter((n) => {
    const k = n.name.toLowerCase()
    if (seen.has(k)) return false
    seen.add(k)
    return true
  })
}
