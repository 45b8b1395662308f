/** The screener's interface: the query, its answers, the options and the data a screener is made of. */
import type { CandidateIndexData } from './index/build-candidate-index.js'
import type { RecordList } from './index/record-list.js'
import type { EntityType, ListCode, ListEntry, SnapshotRef } from './model.js'
import type { NameScore } from './score/types.js'
import type { TopHitPreference } from './top-hit-preference.js'
import type { ScreeningNotice } from './name-scripts.js'

export type { ScreeningNotice } from './name-scripts.js'

export type ScreenQuery = {
  name: string
  /** ISO 3166-1 alpha-2 */
  country?: string
  type?: EntityType
  lists?: ListCode[]
  threshold?: number
  /**
   * With includeBelow, the most hits returned in all (default 10). Every match (score at or above
   * the threshold) is always returned, whatever the limit: a limit only shortens what is printed.
   */
  limit?: number
  /** also return the best hits under the threshold, down to 0.5 (marked isMatch: false) */
  includeBelow?: boolean
  /**
   * only these entries, by `entryKeyOf` (delta re-screening: the entries a new snapshot added or changed,
   * scored exactly as a full screening scores them, with the IDF of the whole snapshot); never cached
   */
  onlyEntries?: ReadonlySet<string>
}

/** An entry's key for `ScreenQuery.onlyEntries`: its list and the list's own id. */
export const entryKeyOf = (list: string, sourceId: string): string => `${list}\u0000${sourceId}`

export type ScreeningHit = {
  score: number
  isMatch: boolean
  list: ListCode
  source: ListEntry['source']
  /** the list's own id (sourceId) */
  entryId: string
  primaryName: string
  /** the list name that matched, as published (for a part of a compound name, the whole published name) */
  matchedName: string
  matchedNameKind: 'primary' | 'aka' | 'fka' | 'nka'
  type: EntityType | null
  programs: string[]
  listedOn?: string
  federalRegisterNotice?: string
  licenseRequirement?: string
  licensePolicy?: string
  addresses: string[]
  countries: string[]
  explanation: NameScore & { summary: string }
  /** the snapshot the entry came from (by entry.source) */
  snapshot: SnapshotRef | undefined
  /**
   * The same listing as published in other files loaded (the CSL republishes OFAC's SDN and non-SDN
   * rows under the same entity number): reported once, as OFAC's own entry, with the copies here.
   */
  alsoPublishedIn?: { source: ListEntry['source']; list: ListCode; entryId: string; snapshot: SnapshotRef | undefined }[]
  /** a link to the official notice of the listing (UN, UK and EU lists) */
  noticeUrl?: string
  /** the UN Security Council reference number, on UN listings and on UK/EU entries carrying one */
  unReference?: string
  /** when the name that matched is only in a copy (e.g. an alias in an older CSL), that copy's source */
  matchedNameSource?: ListEntry['source']
  /** why this hit is shown first although another scored a little higher (the top-hit preference) */
  shownFirstBecause?: string
  /**
   * The hit was found through a Latin form chipnav made of a name in Chinese characters (han-latin-forms.ts): the
   * form screened and how it was made (pinyin, translated words). An inference, to be reviewed like any hit.
   */
  matchedThrough?: { form: string; how: string }
}

export type ScreeningResult = {
  query: ScreenQuery
  threshold: number
  /**
   * Every match (score at or above the threshold), best first (a licence-relevant list first on a
   * near tie, see `shownFirstBecause`); with includeBelow, then the best hits under the threshold
   */
  hits: ScreeningHit[]
  /** how many entries match (score at or above the threshold): all of them are in `hits` */
  hitCount: number
  /** names scored after candidate retrieval */
  candidatesConsidered: number
  snapshots: SnapshotRef[]
  /**
   * What the answer could not see (absent when nothing): NAME_SCRIPT_UNCOVERED when the name is (in part) in a
   * script the loaded lists hold few names in, so "no hit" is not a clean result (name-scripts.ts)
   */
  notices?: ScreeningNotice[]
}

/** The top hit of one query and the number of matches, without explanations (batch screening). */
export type ScreeningTop = {
  threshold: number
  /** how many entries match: the same as `screen(q).hitCount` */
  hitCount: number
  /** the first hit `screen({ ...q, includeBelow: true })` returns; undefined when no entry scored at least BELOW_FLOOR (or the threshold, if lower) */
  top?: {
    score: number
    isMatch: boolean
    list: ListCode
    entryId: string
    primaryName: string
    /** the name of the entry that scored (an alias, a spelling, a name read from brackets): `ScreeningHit.matchedName` */
    matchedName: string
    shownFirstBecause?: string
  }
  /** the same notices as `screen(q).notices` */
  notices?: ScreeningNotice[]
}

export interface Screener {
  screen(q: ScreenQuery): ScreeningResult
  /**
   * The match count and the first hit of `screen({ ...q, includeBelow: true })`, scored exactly as
   * there, without building explanations (the batch path).
   */
  screenTop(q: Omit<ScreenQuery, 'limit' | 'includeBelow'>): ScreeningTop
  readonly snapshots: SnapshotRef[]
  readonly entryCount: number
}

export type BuildScreenerOptions = {
  entries: ListEntry[]
  snapshots: SnapshotRef[]
  /** which list is shown first on a near tie (default DEFAULT_TOP_HIT_PREFERENCE) */
  topHitPreference?: TopHitPreference
  /** score every candidate the index returns, without the score bound (slow: tests check the bound drops no match) */
  isExhaustive?: boolean
  /**
   * index only these entries (by `entryKeyOf`): a delta re-screen's small screener. Names are weighed with
   * the IDF of all `entries` and scored as on the screener of all of them with `onlyEntries`, while a query
   * walks only the postings of these entries' names (so it finds at least what `onlyEntries` finds there:
   * no common token of the whole index is skipped)
   */
  indexOnly?: ReadonlySet<string>
}

/**
 * What a screener is made of, as data: the candidate index, the entries (read one at a time) and
 * which entries are copies of one listing. Built once per set of snapshots and saved
 * (snapshots/screening-index-store.ts); `screenerFrom` answers the same from a fresh or a loaded one.
 */
export type ScreenerData = {
  index: CandidateIndexData
  entries: RecordList<ListEntry>
  /** canonical[i]: the entry that reports entry i's listing (i itself unless i is a copy) */
  canonical: Int32Array
}

export type ScreenerFromOptions = Omit<BuildScreenerOptions, 'entries' | 'indexOnly'> & { data: ScreenerData }
