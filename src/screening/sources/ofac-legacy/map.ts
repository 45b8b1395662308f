/** OFAC legacy rows, joined on `ent_num`, → ListEntry. Shared by `sdn/` and `nonsdn/`. */
import { countryCodeFromName } from '../../../shared/countries.js'
import { ALIAS_ONLY_REMARK, type EntryAddress, type EntryName, type ListCode, type ListEntry, type SourceId } from '../../model.js'
import { entityTypeFrom } from '../map-helpers.js'
import type { OfacAddressRow, OfacAliasRow, OfacFiles, OfacPrimaryRow } from './parse.js'
import { parseRemarks } from './parse-remarks.js'
import { withBracketedNames } from '../bracketed-names.js'

export type MapOfacOptions = {
  files: OfacFiles
  source: SourceId
  /** which list a primary row is on (SDN: always 'sdn'; non-SDN: from its programs) */
  listOf: (row: OfacPrimaryRow) => ListCode
  /** the list of a listing the alias file has and the primary file lacks (no programs to tell it by) */
  aliasOnlyList: ListCode
}

export type MappedOfacFiles = { entries: ListEntry[]; warnings: string[]; cautions: string[] }

export function mapOfacFiles({ files, source, listOf, aliasOnlyList }: MapOfacOptions): MappedOfacFiles {
  const warnings: string[] = []
  const comments = new Map<string, string>()
  for (const f of files.comments) for (const c of f.rows) comments.set(c.entNum, (comments.get(c.entNum) ?? '') + c.text)
  const addresses = groupByEntNum(files.addresses.flatMap((f) => f.rows))
  const aliases = groupByEntNum(files.aliases.flatMap((f) => f.rows))

  const known = new Set(files.primary.rows.map((r) => r.entNum))
  const aliasOnly = [...aliases.keys()].filter((k) => !known.has(k))
  const orphanAddresses = [...addresses.keys()].filter((k) => !known.has(k) && !aliases.has(k)).length
  // an officer would rather have a partial record screened than a listing silently missed: the alias names of a
  // listing the primary file lacks are indexed as an entry of unknown kind, marked as such
  const cautions: string[] = []
  if (aliasOnly.length > 0) {
    cautions.push(
      `the alias file has ${listings(aliasOnly.length)} the primary file lacks: the files are from different dates. Those listings are screened by their alias names only (kind, programs and remarks unknown; marked "alias-only row: primary record missing"). Import primary, address and alias files of the same date.`,
    )
  }
  if (orphanAddresses > 0) {
    cautions.push(`the address file has ${listings(orphanAddresses)} with neither a primary row nor an alias: they have no name and are not screened. Import primary, address and alias files of the same date.`)
  }

  const entries = files.primary.rows.map((row): ListEntry => {
    // sdn_comments.csv continues Remarks longer than 1,000 characters, mid-word: append as is
    const remarks = row.remarks === undefined && !comments.has(row.entNum) ? undefined : (row.remarks ?? '') + (comments.get(row.entNum) ?? '')
    const parsed = parseRemarks(remarks)
    const names: EntryName[] = [{ name: row.name, kind: 'primary' }]
    const seen = new Set([row.name.toLowerCase()])
    for (const a of aliases.get(row.entNum) ?? []) {
      if (seen.has(a.name.toLowerCase())) continue
      seen.add(a.name.toLowerCase())
      names.push(aliasName(a))
    }
    for (const a of parsed.aliases) {
      if (seen.has(a.name.toLowerCase())) continue
      seen.add(a.name.toLowerCase())
      names.push(a)
    }
    // OFAC writes -0- for entities; individuals, vessels and aircraft are named
    const type = row.type === undefined ? 'entity' : (entityTypeFrom(row.type) ?? null)
    const entry: ListEntry = {
      source,
      list: listOf(row),
      sourceId: row.entNum,
      type,
      names: withBracketedNames(names, type),
      addresses: (addresses.get(row.entNum) ?? []).map(mapOfacAddress).filter((a) => a.text !== ''),
      programs: row.programs,
      identifiers: parsed.identifiers,
      nationalities: parsed.nationalities,
      citizenships: parsed.citizenships,
      datesOfBirth: parsed.datesOfBirth,
      placesOfBirth: parsed.placesOfBirth,
    }
    if (remarks !== undefined && remarks.trim() !== '') entry.remarks = remarks.trim()
    if (row.title !== undefined) entry.title = row.title
    // vessel and aircraft details are kept as identifiers, as published
    const details: Array<[string, string | undefined]> = [
      ['Call Sign', row.callSign], ['Vessel Type', row.vesselType], ['Vessel Flag', row.vesselFlag],
      ['Vessel Owner', row.vesselOwner], ['Tonnage', row.tonnage], ['GRT', row.grt],
    ]
    for (const [type, value] of details) if (value !== undefined) entry.identifiers.push({ type, value })
    return entry
  })
  for (const entNum of aliasOnly) entries.push(aliasOnlyEntry(entNum, aliases.get(entNum) ?? [], addresses.get(entNum) ?? [], source, aliasOnlyList))
  return { entries, warnings, cautions }
}

/** A listing known only from the alias file: its alias names (the first standing in for the primary name), its addresses, and the remark that says so. */
function aliasOnlyEntry(entNum: string, rows: readonly OfacAliasRow[], addresses: readonly OfacAddressRow[], source: SourceId, list: ListCode): ListEntry {
  const names: EntryName[] = []
  const seen = new Set<string>()
  for (const a of rows) {
    if (seen.has(a.name.toLowerCase())) continue
    seen.add(a.name.toLowerCase())
    names.push(aliasName(a))
  }
  return {
    source,
    list,
    sourceId: entNum,
    type: null,
    names: withBracketedNames(names, null),
    addresses: addresses.map(mapOfacAddress).filter((a) => a.text !== ''),
    programs: [],
    remarks: ALIAS_ONLY_REMARK,
    identifiers: [],
    nationalities: [],
    citizenships: [],
    datesOfBirth: [],
    placesOfBirth: [],
  }
}

const listings = (n: number) => `${n.toLocaleString('en-US')} listing${n === 1 ? '' : 's'}`

/** An alias row as a name, with OFAC's weak/strong mark when its remarks give one. */
function aliasName(a: OfacAliasRow): EntryName {
  const strength = a.remarks === undefined ? undefined : /\bweak\b/i.test(a.remarks) ? 'weak' : /\bstrong\b/i.test(a.remarks) ? 'strong' : undefined
  return strength ? { name: a.name, kind: a.kind, strength } : { name: a.name, kind: a.kind }
}

function groupByEntNum<T extends { entNum: string }>(rows: T[]): Map<string, T[]> {
  const m = new Map<string, T[]>()
  for (const r of rows) {
    const list = m.get(r.entNum)
    if (list) list.push(r)
    else m.set(r.entNum, [r])
  }
  return m
}

/** "Zweierstrasse 35", "Zurich CH-8022", "Switzerland" → one address with ISO code CH. */
export function mapOfacAddress(row: OfacAddressRow): EntryAddress {
  const text = [row.address, row.cityStatePostal, row.country].filter((s): s is string => s !== undefined).join(', ')
  const address: EntryAddress = { text }
  if (row.address !== undefined) address.address = row.address
  if (row.cityStatePostal !== undefined) address.city = row.cityStatePostal
  if (row.country !== undefined) {
    address.country = row.country
    const code = countryCodeFromName(row.country)
    if (code !== undefined) address.countryCode = code
  }
  return address
}
