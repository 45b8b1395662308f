/**
 * Replaying a stored decision: run the stored transaction again (same `asOf`) and compare the answer
 * with what was stored. A difference with the same rulesVersion and list snapshots is a regression; a
 * difference with new data is a change in the law or the lists, named field by field.
 *
 * The recorded authorisations (VEU and the like) an answer consults are records, not rules data: they are not in
 * `rulesVersion`. They are never edited or deleted, so the ones an answer could see are those recorded by the time
 * it was stored: a replay uses those (`splitAuthorisations`), so an authorisation recorded later is no difference,
 * and says apart what the authorisations recorded since would change (`authorisationFlagChanges`).
 */
import type { DeterminationResult, Flag } from '../determination/types.js'
import { canonicalJson } from '../shared/hash.js'

/** The authorisations in force on the replayed date: those recorded by `recordedAt` (ISO 8601 UTC, compared as text), and those recorded since. */
export function splitAuthorisations<A extends { createdAt: string }>(inForce: readonly A[], recordedAt: string): { asRecorded: A[]; recordedSince: A[] } {
  return { asRecorded: inForce.filter((a) => a.createdAt <= recordedAt), recordedSince: inForce.filter((a) => a.createdAt > recordedAt) }
}

export type FlagSummary = Pick<Flag, 'kind' | 'id' | 'text'>
const flagKey = (f: Pick<Flag, 'kind' | 'id'>) => `${f.kind}:${f.id}`

/** The flags an answer would gain or lose with the authorisations recorded since (`withRecordedSince` against `asRecorded`). */
export function authorisationFlagChanges(asRecorded: DeterminationResult, withRecordedSince: DeterminationResult): { added: FlagSummary[]; removed: FlagSummary[] } {
  const before = new Set(asRecorded.flags.map(flagKey))
  const after = new Set(withRecordedSince.flags.map(flagKey))
  const summary = (f: Flag): FlagSummary => ({ kind: f.kind, id: f.id, text: f.text })
  return { added: withRecordedSince.flags.filter((f) => !before.has(flagKey(f))).map(summary), removed: asRecorded.flags.filter((f) => !after.has(flagKey(f))).map(summary) }
}

export type DeterminationDifference = { field: string; stored: unknown; now: unknown }

export type DeterminationComparison = {
  /** same verdict, exceptions, review policy, reasons, flags and allocations */
  isSame: boolean
  /** same rules data and the same list snapshots (so any difference is not explained by new data) */
  isSameData: boolean
  differences: DeterminationDifference[]
}

const FIELDS: { field: string; pick: (r: DeterminationResult) => unknown }[] = [
  { field: 'verdict', pick: (r) => r.verdict },
  { field: 'reviewPolicy', pick: (r) => r.reviewPolicy },
  { field: 'licenseExceptions', pick: (r) => r.licenseExceptions.map((e) => e.id).sort() },
  { field: 'reasons', pick: (r) => r.reasons.map((x) => x.ruleId).sort() },
  { field: 'flags', pick: (r) => r.flags.map((f) => `${f.kind}:${f.id}`).sort() },
  { field: 'item.eccn', pick: (r) => r.item.eccn },
  { field: 'toTreatedAs', pick: (r) => r.toTreatedAs },
  { field: 'allocations', pick: (r) => r.allocations ?? null },
  { field: 'rulesVersion', pick: (r) => r.rulesVersion },
  { field: 'listSnapshots', pick: (r) => r.listSnapshots.map((s) => `${s.source}:${s.sha256}`).sort() },
]

export function compareDeterminations(stored: DeterminationResult, now: DeterminationResult): DeterminationComparison {
  const differences: DeterminationDifference[] = []
  for (const { field, pick } of FIELDS) {
    const a = pick(stored)
    const b = pick(now)
    if (canonicalJson(a) !== canonicalJson(b)) differences.push({ field, stored: a, now: b })
  }
  const isSameData = !differences.some((d) => d.field === 'rulesVersion' || d.field === 'listSnapshots')
  return { isSame: differences.every((d) => d.field === 'rulesVersion' || d.field === 'listSnapshots'), isSameData, differences }
}
