/** Small helpers the list mappers share. No list-specific knowledge lives here. */
import { isIsoDate } from '../../shared/iso-date.js'
import type { EntityType, ListEntry } from '../model.js'

/** "and " or "or " (lower case) opening a value after the first of an enumeration */
const ENUMERATION_CONJUNCTION = /^(?:and|or) (?=\S)/

/**
 * Split a multi-valued field ("a; b; c"), trimming and dropping empty parts. A field written as an English
 * enumeration ("A; B; and C", "A; or B") loses the conjunction before a value after the first: the value is "C",
 * not "and C" (the CSL's Entity List aliases: "…; SMIC Shanghai; and Semiconductor Mfg International Corp.").
 * Only the lower-case word, as an enumeration writes it: a value that is a name starting "And" or "AND" is kept.
 */
export function splitValues(s: string, separator: string | RegExp = ';'): string[] {
  return s
    .split(separator)
    .map((p, i) => (i > 0 ? p.trim().replace(ENUMERATION_CONJUNCTION, '') : p.trim()))
    .filter((p) => p !== '')
}

/** Text as published, trimmed, or undefined when empty or OFAC's null `-0-`. */
export function textOrUndefined(s: string | undefined): string | undefined {
  if (s === undefined) return undefined
  const t = s.trim()
  return t === '' || t === '-0-' ? undefined : t
}

const MONTHS: Record<string, string> = {
  jan: '01', feb: '02', mar: '03', apr: '04', may: '05', jun: '06', jul: '07', aug: '08', sep: '09', oct: '10', nov: '11', dec: '12',
}

/**
 * An ISO date from the spellings the lists use: `2019-05-21`, `05/21/2019` (BIS), `21 May 2019` (OFAC).
 * Undefined when the text is not one full date.
 */
export function toIsoDate(s: string | undefined): string | undefined {
  const t = s?.trim() ?? ''
  if (isIsoDate(t)) return t
  let m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t)
  if (m) {
    const iso = `${m[3]}-${m[1]!.padStart(2, '0')}-${m[2]!.padStart(2, '0')}`
    return isIsoDate(iso) ? iso : undefined
  }
  m = /^(\d{1,2}) ([A-Za-z]{3})[a-z]* (\d{4})$/.exec(t)
  if (m) {
    const month = MONTHS[m[2]!.toLowerCase()]
    const iso = month ? `${m[3]}-${month}-${m[1]!.padStart(2, '0')}` : ''
    return isIsoDate(iso) ? iso : undefined
  }
  return undefined
}

/** The entity type as the list writes it (`Individual`, `vessel`…), or undefined when it says nothing we know. */
export function entityTypeFrom(s: string): EntityType | undefined {
  switch (s.trim().toLowerCase()) {
    case 'individual':
      return 'individual'
    case 'entity':
      return 'entity'
    case 'vessel':
    case 'ship': // the UK lists' word
      return 'vessel'
    case 'aircraft':
      return 'aircraft'
    default:
      return undefined
  }
}

/** Rows per list code, e.g. `{ el: 2001, sdn: 10026 }`, keys sorted. */
export function countByList(entries: readonly ListEntry[]): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const e of entries) counts[e.list] = (counts[e.list] ?? 0) + 1
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : 1)))
}

/** The latest ISO date among the values, ignoring dates after `notAfter` (e.g. far-future expiry dates). */
export function maxIsoDate(dates: Iterable<string | undefined>, notAfter?: string): string | undefined {
  let max: string | undefined
  for (const d of dates) {
    if (d === undefined || (notAfter !== undefined && d > notAfter)) continue
    if (max === undefined || d > max) max = d
  }
  return max
}
