/**
 * UN Security Council Consolidated List (XML, `CONSOLIDATED_LIST` with `INDIVIDUALS` and `ENTITIES`)
 * → ListEntry. Alias quality is kept: "Low" aliases are weak evidence (the matcher discounts them),
 * "Good" ones strong; "a.k.a."/"f.k.a." are the list's older spellings of the alias kind.
 */
import { countryCodeFromName } from '../../../shared/countries.js'
import type { EntryAddress, EntryIdentifier, EntryName, ListEntry } from '../../model.js'
import { children, text, texts, type XmlNode } from '../xml-helpers.js'
import { withBracketedNames } from '../bracketed-names.js'

/** The page the Security Council publishes the list on: each entry's reference number is cited against it. */
export const UN_LIST_PAGE = 'https://main.un.org/securitycouncil/en/content/un-sc-consolidated-list'

export const UN_REPEATED = new Set([
  'INDIVIDUAL', 'ENTITY', 'VALUE', 'INDIVIDUAL_ALIAS', 'ENTITY_ALIAS', 'INDIVIDUAL_ADDRESS', 'ENTITY_ADDRESS',
  'INDIVIDUAL_DATE_OF_BIRTH', 'INDIVIDUAL_PLACE_OF_BIRTH', 'INDIVIDUAL_DOCUMENT', 'NAME_ORIGINAL_SCRIPT',
])

export function mapUnList(root: XmlNode): { entries: ListEntry[]; generated: string | undefined } {
  const list = (root['CONSOLIDATED_LIST'] ?? {}) as XmlNode
  const entries: ListEntry[] = []
  for (const node of children(list['INDIVIDUALS'], 'INDIVIDUAL')) entries.push(mapUnNode(node, 'individual'))
  for (const node of children(list['ENTITIES'], 'ENTITY')) entries.push(mapUnNode(node, 'entity'))
  return { entries, generated: text(list, '@dateGenerated')?.slice(0, 10) }
}

function mapUnNode(node: XmlNode, type: 'individual' | 'entity'): ListEntry {
  const prefix = type === 'individual' ? 'INDIVIDUAL' : 'ENTITY'
  const ref = text(node, 'REFERENCE_NUMBER') ?? `dataid-${text(node, 'DATAID') ?? '?'}`
  const primary = ['FIRST_NAME', 'SECOND_NAME', 'THIRD_NAME', 'FOURTH_NAME']
    .map((k) => text(node, k))
    .filter((x): x is string => x !== undefined)
    .join(' ')
  // an entity's name field sometimes holds two names joined by " ; " (the second an alias)
  const [first = '', ...others] = type === 'entity' ? primary.split(/\s+;\s+/) : [primary]
  const names: EntryName[] = [{ name: first, kind: 'primary' }, ...others.map((name): EntryName => ({ name, kind: 'aka' }))]
  for (const a of children(node, `${prefix}_ALIAS`)) {
    const alias = text(a, 'ALIAS_NAME')
    if (alias === undefined) continue
    const quality = text(a, 'QUALITY')
    const q = quality?.toLowerCase()
    const name: EntryName = { name: alias, kind: q === 'f.k.a.' ? 'fka' : 'aka' }
    if (q === 'low') name.strength = 'weak'
    else if (q === 'good') name.strength = 'strong'
    if (quality !== undefined) name.quality = quality
    names.push(name)
  }
  for (const original of texts(node, 'NAME_ORIGINAL_SCRIPT')) names.push({ name: original, kind: 'aka', quality: 'original script' })

  const entry: ListEntry = {
    source: 'un',
    list: 'un',
    sourceId: ref,
    type,
    names: withBracketedNames(dedupeNames(names), type),
    addresses: children(node, `${prefix}_ADDRESS`).map(mapAddress).filter((a): a is EntryAddress => a !== undefined),
    programs: texts(node, 'UN_LIST_TYPE'),
    identifiers: children(node, `${prefix}_DOCUMENT`).map(mapDocument).filter((d): d is EntryIdentifier => d !== undefined),
    nationalities: texts(node['NATIONALITY'], 'VALUE'),
    citizenships: [],
    datesOfBirth: children(node, 'INDIVIDUAL_DATE_OF_BIRTH').map(mapBirthDate).filter((d): d is string => d !== undefined),
    placesOfBirth: children(node, 'INDIVIDUAL_PLACE_OF_BIRTH')
      .map((p) => ['CITY', 'STATE_PROVINCE', 'COUNTRY'].map((k) => text(p, k)).filter(Boolean).join(', '))
      .filter((p) => p !== ''),
    unReference: ref,
    noticeUrl: UN_LIST_PAGE,
  }
  const listedOn = text(node, 'LISTED_ON')?.slice(0, 10)
  if (listedOn) entry.listedOn = listedOn
  const title = texts(node['TITLE'], 'VALUE').join('; ')
  if (title) entry.title = title
  const remarks = [texts(node['DESIGNATION'], 'VALUE').join('; '), text(node, 'COMMENTS1')].filter(Boolean).join(' | ')
  if (remarks) entry.remarks = remarks
  return entry
}

function mapAddress(a: XmlNode): EntryAddress | undefined {
  const parts = { address: text(a, 'STREET'), city: text(a, 'CITY'), state: text(a, 'STATE_PROVINCE'), postalCode: text(a, 'ZIP_CODE'), country: text(a, 'COUNTRY') }
  const textParts = [parts.address, parts.city, parts.state, parts.postalCode, parts.country].filter((x): x is string => x !== undefined)
  if (textParts.length === 0) return undefined
  const out: EntryAddress = { text: textParts.join(', ') }
  for (const [k, v] of Object.entries(parts)) if (v !== undefined) (out as Record<string, string>)[k] = v
  const code = parts.country ? countryCodeFromName(parts.country) : undefined
  if (code) out.countryCode = code
  return out
}

function mapDocument(d: XmlNode): EntryIdentifier | undefined {
  const value = text(d, 'NUMBER')
  if (value === undefined) return undefined
  const out: EntryIdentifier = { type: text(d, 'TYPE_OF_DOCUMENT') ?? 'document', value }
  const country = text(d, 'ISSUING_COUNTRY') ?? text(d, 'COUNTRY_OF_ISSUE')
  if (country) out.country = country
  const issued = text(d, 'DATE_OF_ISSUE')
  if (issued) out.issued = issued
  return out
}

function mapBirthDate(d: XmlNode): string | undefined {
  const date = text(d, 'DATE')?.slice(0, 10)
  if (date) return date
  const year = text(d, 'YEAR')
  if (year) return year
  const from = text(d, 'FROM_YEAR')
  const to = text(d, 'TO_YEAR')
  return from && to ? `${from}-${to}` : from ?? to
}

function dedupeNames(names: EntryName[]): EntryName[] {
  const seen = new Set<string>()
  return names.filter((n) => {
    const key = n.name.toLowerCase()
    if (n.name.trim() === '' || seen.has(key)) return false
    seen.add(key)
    return true
  })
}
