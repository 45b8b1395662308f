/**
 * How old each active list snapshot is, and a warning when one is older than allowed. A stale list
 * screens "no hit" for parties listed since: the Entity List grows every few weeks.
 *
 * The date a snapshot is judged by: the publication date when its files state one; else the latest
 * listing or update date in the files (the CSL's `start_date`, the DPL's `Last_Update`: the list is
 * at least that recent); else the date it was imported (OFAC's legacy CSV files carry no date, and
 * `lists update` imports the file it just downloaded). Every answer says which.
 *
 * The maximum age is configuration (CHIPNAV_LIST_MAX_AGE_DAYS, `--max-list-age`), not regulation.
 * The clock is an argument: `now` comes from the composition root.
 */
import { AppError } from '../../shared/errors.js'
import type { SnapshotRef, SourceId } from '../model.js'
import { SOURCE_IDS } from '../sources/source-ids.js'

/** days; a source without a limit is never reported stale */
export type MaxListAge = Partial<Record<SourceId, number>>

/**
 * 14 days for the CSL and OFAC's files (they change weekly). The DPL has no default: its date is
 * the latest `Last_Update` of a row, which stays months old in a current file; nor have the UN, UK
 * and EU lists (set one with CHIPNAV_LIST_MAX_AGE_DAYS).
 */
export const DEFAULT_MAX_LIST_AGE: Readonly<MaxListAge> = Object.freeze({ csl: 14, sdn: 14, nonsdn: 14 })

export type ListDateBasis = 'published' | 'latest-entry' | 'imported'

export type ListAge = {
  source: SourceId
  /** the date the snapshot is judged by (YYYY-MM-DD) */
  date: string
  basis: ListDateBasis
  ageDays: number
  /** undefined: no limit for this source */
  maxAgeDays: number | undefined
  isStale: boolean
}

export type StaleListWarning = {
  kind: 'stale-list'
  source: SourceId
  date: string
  basis: ListDateBasis
  ageDays: number
  maxAgeDays: number
  message: string
}

const SOURCES: readonly SourceId[] = SOURCE_IDS
const DAY_MS = 86_400_000

const BASIS_WORDS: Record<ListDateBasis, string> = {
  published: 'publication date stated in the file',
  'latest-entry': 'latest listing date in the file; the file states no publication date',
  imported: 'import date; the files state no date',
}

type SnapshotDates = Pick<SnapshotRef, 'source' | 'listDate' | 'listDateBasis' | 'importedAt'>

/** The date a snapshot is judged by, and where it comes from. */
export function snapshotDate(s: SnapshotDates): { date: string; basis: ListDateBasis } {
  if (s.listDate !== undefined) return { date: s.listDate.slice(0, 10), basis: s.listDateBasis ?? 'latest-entry' }
  return { date: s.importedAt.slice(0, 10), basis: 'imported' }
}

/** Each snapshot's age on `now` and whether it is over its limit. */
export function listAges(snapshots: readonly SnapshotDates[], now: Date, maxAge: MaxListAge = DEFAULT_MAX_LIST_AGE): ListAge[] {
  return snapshots.map((s) => {
    const { date, basis } = snapshotDate(s)
    const ageDays = Math.max(0, Math.floor((Date.parse(now.toISOString().slice(0, 10)) - Date.parse(date)) / DAY_MS))
    const maxAgeDays = maxAge[s.source]
    return { source: s.source, date, basis, ageDays, maxAgeDays, isStale: maxAgeDays !== undefined && ageDays > maxAgeDays }
  })
}

/** A warning for each snapshot older than its limit, naming the list, its date and where the date comes from. */
export function staleListWarnings(snapshots: readonly SnapshotDates[], now: Date, maxAge: MaxListAge = DEFAULT_MAX_LIST_AGE): StaleListWarning[] {
  return listAges(snapshots, now, maxAge)
    .filter((a) => a.isStale)
    .map((a) => ({
      kind: 'stale-list',
      source: a.source,
      date: a.date,
      basis: a.basis,
      ageDays: a.ageDays,
      maxAgeDays: a.maxAgeDays!,
      message: `the ${a.source.toUpperCase()} snapshot is dated ${a.date} (${BASIS_WORDS[a.basis]}): ${a.ageDays} days old, over the ${a.maxAgeDays}-day limit; parties listed since are not found. Update the lists (chipnav lists update).`,
    }))
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
