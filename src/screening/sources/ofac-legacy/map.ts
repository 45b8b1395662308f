/** OFAC legacy rows, joined on `ent_num`, → ListEntry. Shared by `sdn/` and `nonsdn/`. */
import { countryCodeFromName } from '../../../shared/countries.js'
import type { EntryAddress, EntryName, ListCode, ListEntry, SourceId } from '../../model.js'
import { entityTypeFrom } from '../map-helpers.js'
import type { OfacAddressRow, OfacFiles, OfacPrimaryRow } from './parse.js'
import { parseRemarks } from './parse-remarks.js'
import { withBracketedNames } from '../bracketed-names.js'

export type MapOfacOptions = {
  files: OfacFiles
  source: SourceId
  /** which list a primary row is on (SDN: always 'sdn'; non-SDN: from its programs) */
  listOf: (row: OfacPrimaryRow) => ListCode
}

export function mapOfacFiles({ files, source, listOf }: MapOfacOptions): { entries: ListEntry[]; warnings: string[] } {
  const warnings: string[] = []
  const comments = new Map<string, string>()
  for (const f of files.comments) for (const c of f.rows) comments.set(c.entNum, (comments.get(c.entNum) ?? '') + c.text)
  const addresses = groupByEntNum(files.addresses.flatMap((f) => f.rows))
  const aliases = groupByEntNum(files.aliases.flatMap((f) => f.rows))

  const known = new Set(files.primary.rows.map((r) => r.entNum))
  const orphanAddresses = [...addresses.keys()].filter((k) => !known.has(k)).length
  const orphanAliases = [...aliases.keys()].filter((k) => !known.has(k)).length
  if (orphanAddresses > 0) warnings.push(`${orphanAddresses} ent_num(s) in the address file have no primary row (skipped)`)
  if (orphanAliases > 0) warnings.push(`${orphanAliases} ent_num(s) in the alias file have no primary row (skipped)`)

  const entries = files.primary.rows.map((row): ListEntry => {
    // sdn_comments.csv continues Remarks longer than 1,000 characters, mid-word: append as is
    const remarks = row.remarks === undefined && !comments.has(row.entNum) ? undefined : (row.remarks ?? '') + (comments.get(row.entNum) ?? '')
    const parsed = parseRemarks(remarks)
    const names: EntryName[] = [{ name: row.name, kind: 'primary' }]
    const seen = new Set([row.name.toLowerCase()])
    for (const a of aliases.get(row.entNum) ?? []) {
      if (seen.has(a.name.toLowerCase())) continue
      seen.add(a.name.toLowerCase())
      const strength = a.remarks === undefined ? undefined : /\bweak\b/i.test(a.remarks) ? 'weak' : /\bstrong\b/i.test(a.remarks) ? 'strong' : undefined
      names.push(strength ? { name: a.name, kind: a.kind, strength } : { name: a.name, kind: a.kind })
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
  return { entries, warnings }
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
