/** DPL rows → ListEntry. The DPL has no id column, so the id is a stable hash of the row's identity. */
import { countryCodeFromName, countryName } from '../../../shared/countries.js'
import { sha256Hex } from '../../../shared/hash.js'
import type { EntryAddress, ListEntry } from '../../model.js'
import { maxIsoDate, textOrUndefined, toIsoDate } from '../map-helpers.js'
import type { DplRow } from './parse.js'
import { withBracketedNames } from '../bracketed-names.js'

/**
 * One entry per row. The DPL names both people and companies without saying which, so `type` is null:
 * it is never guessed from words in the name.
 */
export function mapDplRows(rows: DplRow[]): ListEntry[] {
  const seen = new Map<string, number>()
  return rows.map((row) => {
    const f = row.fields
    const identity = [f.Name, f.Street_Address, f.City, f.State, f.Country, f.Postal_Code, f.Effective_Date, f.FR_Citation].join('\u001f')
    let id = `dpl-${sha256Hex(identity).slice(0, 16)}`
    const n = (seen.get(id) ?? 0) + 1
    seen.set(id, n)
    if (n > 1) id = `${id}-${n}`
    const entry: ListEntry = {
      source: 'dpl',
      list: 'dpl',
      sourceId: id,
      type: null,
      names: withBracketedNames([{ name: f.Name, kind: 'primary' }], null),
      addresses: [mapDplAddress(row)],
      programs: [],
      identifiers: [],
      nationalities: [],
      citizenships: [],
      datesOfBirth: [],
      placesOfBirth: [],
    }
    const optional = {
      federalRegisterNotice: textOrUndefined(f.FR_Citation),
      listedOn: toIsoDate(f.Effective_Date),
      remarks: [f.Action, f.Expiration_Date && `Expires ${toIsoDate(f.Expiration_Date) ?? f.Expiration_Date}`, f.Standard_Order === 'Y' ? 'Standard order' : '']
        .filter(Boolean)
        .join('; ') || undefined,
    }
    for (const [k, v] of Object.entries(optional)) if (v !== undefined) (entry as Record<string, unknown>)[k] = v
    return entry
  })
}

function mapDplAddress(row: DplRow): EntryAddress {
  const f = row.fields
  const code = f.Country === '' ? undefined : countryCodeFromName(f.Country)
  const text = [f.Street_Address, f.City, f.State, f.Postal_Code, f.Country].filter((s) => s !== '').join(', ')
  const address: EntryAddress = { text }
  if (f.Street_Address !== '') address.address = f.Street_Address
  if (f.City !== '') address.city = f.City
  if (f.State !== '') address.state = f.State
  if (f.Postal_Code !== '') address.postalCode = f.Postal_Code
  if (f.Country !== '') address.country = (code && countryName(code)) ?? f.Country
  if (code !== undefined) address.countryCode = code
  return address
}

/** The list date: the latest Last_Update in the file, ignoring dates after `today` (the 2023 file has a 3033-09-30). */
export function dplListDate(rows: DplRow[], today?: string): string | undefined {
  return maxIsoDate(rows.map((r) => toIsoDate(r.fields.Last_Update)), today)
}
