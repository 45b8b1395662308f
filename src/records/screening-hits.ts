/**
 * From a screening result to what the store records. A hit's `entryHash` is the content hash of the
 * list entry as the hit shows it (names, type, programs, addresses, countries, dates, Entity List
 * licence fields), not of the score or the query: when the entry changes in a new snapshot, the hash
 * changes and a cleared (good-guy) alert re-opens.
 */
import type { ScreeningHit, ScreeningResult } from '../screening/screener.js'
import { sha256Hex } from '../shared/hash.js'
import { canonicalize } from './hash-chain.js'
import type { NewHit, RecordScreeningInput } from './records-store.js'

/** The parts of a hit that describe its list entry (what a review decided about). */
export type EntryContent = {
  list: string
  source: string
  entryId: string
  primaryName: string
  type: string | null
  programs: readonly string[]
  listedOn?: string | undefined
  federalRegisterNotice?: string | undefined
  licenseRequirement?: string | undefined
  licensePolicy?: string | undefined
  addresses: readonly string[]
  countries: readonly string[]
}

export function entryHashFromHit<T extends EntryContent>(hit: T): string {
  return sha256Hex(
    canonicalize({
      list: hit.list,
      source: hit.source,
      entryId: hit.entryId,
      primaryName: hit.primaryName,
      type: hit.type,
      programs: [...hit.programs].sort(),
      listedOn: hit.listedOn ?? null,
      federalRegisterNotice: hit.federalRegisterNotice ?? null,
      licenseRequirement: hit.licenseRequirement ?? null,
      licensePolicy: hit.licensePolicy ?? null,
      addresses: [...hit.addresses].sort(),
      countries: [...hit.countries].sort(),
    }),
  )
}

export function newHitFromScreeningHit(hit: ScreeningHit): NewHit {
  return {
    list: hit.list,
    entryId: hit.entryId,
    entryHash: entryHashFromHit(hit),
    score: hit.score,
    primaryName: hit.primaryName,
    matchedName: hit.matchedName,
    ...(hit.snapshot ? { snapshotSha256: hit.snapshot.sha256 } : {}),
    detail: {
      source: hit.source,
      matchedNameKind: hit.matchedNameKind,
      type: hit.type,
      programs: hit.programs,
      countries: hit.countries,
      addresses: hit.addresses,
      listedOn: hit.listedOn,
      federalRegisterNotice: hit.federalRegisterNotice,
      licenseRequirement: hit.licenseRequirement,
      licensePolicy: hit.licensePolicy,
      explanation: hit.explanation,
    },
  }
}

export type ScreeningToRecordOptions = { result: ScreeningResult; partyId?: string; actor: string }

/** The recordScreening input for a screening result (only hits at or above the threshold are recorded). */
export function screeningToRecord({ result, partyId, actor }: ScreeningToRecordOptions): RecordScreeningInput {
  return {
    ...(partyId !== undefined ? { partyId } : {}),
    query: { name: result.query.name, ...(result.query.country ? { country: result.query.country } : {}), ...(result.query.type ? { type: result.query.type } : {}) },
    threshold: result.threshold,
    snapshots: result.snapshots.map((s) => ({ source: s.source, sha256: s.sha256, importedAt: s.importedAt, ...(s.listDate ? { listDate: s.listDate } : {}) })),
    hits: result.hits.filter((h) => h.isMatch).map(newHitFromScreeningHit),
    actor,
  }
}
