/**
 * How old each active list snapshot is, and a warning when one is older than allowed. A stale list
 * screens "no hit" for parties listed since: the Entity List grows every few weeks.
 *
 * A snapshot is judged by its list date (list-dating.ts: a publication date the files state, the publisher's
 * HTTP Last-Modified date, the latest listing date in the files, a date the importer stated, or the day it was
 * downloaded from the official source). Files imported from disk that state no date (OFAC's legacy CSV) have an
 * unknown publication date: the import date says nothing of the list's age (a 2024 file imported today is a 2024
 * list), so no age is given, and a list with an age limit gets an `undated-list` warning instead of passing as fresh.
 *
 * The maximum age is configuration (CHIPNAV_LIST_MAX_AGE_DAYS, `--max-list-age`), not regulation.
 * The clock is an argument: `now` comes from the composition root.
 */
import { AppError } from '../../shared/errors.js'
import type { SnapshotDateBasis, SnapshotRef, SourceId } from '../model.js'
import { SOURCE_IDS } from '../sources/source-ids.js'

/** days; a source without a limit is never reported stale */
export type MaxListAge = Partial<Record<SourceId, number>>

/**
 * 14 days for the CSL and OFAC's files (they change weekly). 90 days for the DPL, a U.S. list BIS adds to through the
 * year: a file imported from disk is dated by its latest row `Last_Update`, which lags the file itself (in the
 * 2023-11 DPL file the longest gap between successive update dates, 2021-2023, is 78 days), so its limit is wider
 * than the CSL's. The UN, UK and EU lists have none by default: their age is "not judged" (doctor, `lists status`,
 * the dashboard), never called current. All are configuration: CHIPNAV_LIST_MAX_AGE_DAYS, `--max-list-age`.
 */
export const DEFAULT_MAX_LIST_AGE: Readonly<MaxListAge> = Object.freeze({ csl: 14, sdn: 14, nonsdn: 14, dpl: 90 })

/** How a list's age without a limit reads: it is not judged (neither current nor stale). */
export const AGE_NOT_JUDGED = 'age not judged: no age limit is set for this list (CHIPNAV_LIST_MAX_AGE_DAYS)'

/** where the date a snapshot is judged by comes from; `unknown`: the files state no date and were not downloaded */
export type ListDateBasis = SnapshotDateBasis | 'unknown'

export type ListAge = {
  source: SourceId
  /** the date the snapshot is judged by (YYYY-MM-DD); null when its publication date is unknown */
  date: string | null
  basis: ListDateBasis
  /** whole days from `date` to today; null when the date is unknown */
  ageDays: number | null
  /** when the snapshot was imported (ISO 8601 UTC) */
  importedAt: string
  /** undefined: no limit for this source */
  maxAgeDays: number | undefined
  /** over its limit, or under a limit with an unknown publication date (it cannot be shown to be within it) */
  isStale: boolean
}

export type StaleListWarning = {
  /** stale-list: older than its limit; undated-list: its publication date is unknown, so its age cannot be judged */
  kind: 'stale-list' | 'undated-list'
  source: SourceId
  date: string | null
  basis: ListDateBasis
  ageDays: number | null
  importedAt: string
  maxAgeDays: number
  message: string
}

const SOURCES: readonly SourceId[] = SOURCE_IDS
const DAY_MS = 86_400_000

/** How each basis reads after a date, in a warning or `lists status`. */
export const BASIS_WORDS: Record<ListDateBasis, string> = {
  published: 'publication date stated in the file',
  'last-modified': "the publisher's Last-Modified date for the downloaded files",
  'latest-entry': 'latest listing date in the file; the file states no publication date',
  declared: 'publication date stated by the importer',
  downloaded: 'day it was downloaded from the official source, which gave no date',
  unknown: 'publication date unknown',
}

type SnapshotDates = Pick<SnapshotRef, 'source' | 'listDate' | 'listDateBasis' | 'importedAt'>

/** The date a snapshot is judged by, and where it comes from; date null when its publication date is unknown. */
export function snapshotDate(s: SnapshotDates): { date: string | null; basis: ListDateBasis } {
  if (s.listDate !== undefined) return { date: s.listDate.slice(0, 10), basis: s.listDateBasis ?? 'latest-entry' }
  return { date: null, basis: 'unknown' }
}

/** Each snapshot's age on `now` and whether it is over its limit (or, undated, cannot be shown within it). */
export function listAges(snapshots: readonly SnapshotDates[], now: Date, maxAge: MaxListAge = DEFAULT_MAX_LIST_AGE): ListAge[] {
  return snapshots.map((s) => {
    const { date, basis } = snapshotDate(s)
    const ageDays = date === null ? null : Math.max(0, Math.floor((Date.parse(now.toISOString().slice(0, 10)) - Date.parse(date)) / DAY_MS))
    const maxAgeDays = maxAge[s.source]
    const isStale = maxAgeDays !== undefined && (ageDays === null || ageDays > maxAgeDays)
    return { source: s.source, date, basis, ageDays, importedAt: s.importedAt, maxAgeDays, isStale }
  })
}

/** A snapshot's age in words: "15 days old (dated 2026-11-22, …)", or "publication date unknown; imported 2026-12-07". */
export function describeListAge(a: Pick<ListAge, 'date' | 'basis' | 'ageDays' | 'importedAt'>): string {
  if (a.date === null) return `publication date unknown; imported ${a.importedAt.slice(0, 10)} (the files state no date)`
  return `${a.ageDays} days old (dated ${a.date}, ${BASIS_WORDS[a.basis]})`
}

/**
 * A warning for each snapshot older than its limit, naming the list, its date and where the date comes from; and for
 * each snapshot under a limit whose publication date is unknown, saying so and when it was imported.
 */
export function staleListWarnings(snapshots: readonly SnapshotDates[], now: Date, maxAge: MaxListAge = DEFAULT_MAX_LIST_AGE): StaleListWarning[] {
  return listAges(snapshots, now, maxAge)
    .filter((a) => a.isStale)
    .map((a) => {
      const base = { source: a.source, date: a.date, basis: a.basis, ageDays: a.ageDays, importedAt: a.importedAt, maxAgeDays: a.maxAgeDays! }
      const list = a.source.toUpperCase()
      if (a.date === null) {
        return {
          kind: 'undated-list' as const,
          ...base,
          message: `the ${list} snapshot's publication date is unknown; imported ${a.importedAt.slice(0, 10)}: its files state no date, so its age cannot be judged against the ${a.maxAgeDays}-day limit and parties listed since its publication are not found. Update the lists (chipnav lists update), or import again giving the publisher's date (chipnav lists import --published YYYY-MM-DD).`,
        }
      }
      return {
        kind: 'stale-list' as const,
        ...base,
        message: `the ${list} snapshot is dated ${a.date} (${BASIS_WORDS[a.basis]}): ${a.ageDays} days old, over the ${a.maxAgeDays}-day limit; parties listed since are not found. Update the lists (chipnav lists update).`,
      }
    })
}

/**
 * The maximum ages from a setting: "30" (every source), "csl=14,sdn=7,dpl=60" (per source, the
 * others keep their default), "dpl=none" (no limit). `field` names the option or variable in errors.
 */
export function parseMaxListAge(value: string | undefined, field: string, base: MaxListAge = DEFAULT_MAX_LIST_AGE): MaxListAge {
  if (value === undefined || value.trim() === '') return { ...base }
  const bad = (message: string) => new AppError('VALIDATION_FAILED', { detail: `${field} "${value}": ${message}`, issues: [{ path: field, message }] })
  const days = (v: string): number | undefined => {
    if (v === 'none') return undefined
    const n = Number(v)
    if (!Number.isInteger(n) || n < 0) throw bad(`expected a whole number of days or "none", got "${v}"`)
    return n
  }
  const out: MaxListAge = { ...base }
  if (!value.includes('=')) {
    const n = days(value.trim())
    for (const s of SOURCES) {
      if (n === undefined) delete out[s]
      else out[s] = n
    }
    return out
  }
  for (const part of value.split(',')) {
    const [k, v, ...rest] = part.split('=').map((x) => x.trim())
    if (!k || v === undefined || rest.length > 0) throw bad('expected days, or source=days pairs such as "csl=14,sdn=7"')
    if (!(SOURCES as readonly string[]).includes(k)) throw bad(`unknown list "${k}"; expected ${SOURCES.join(', ')}`)
    const n = days(v)
    if (n === undefined) delete out[k as SourceId]
    else out[k as SourceId] = n
  }
  return out
}
