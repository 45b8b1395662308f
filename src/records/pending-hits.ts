/**
 * The matches of a stored answer that no officer reviewed: what an approval of a recorded transaction waits for
 * (transaction-hits.ts, store `approveTransaction`) and what the web transaction page lists for review. Types only
 * from the determination, so the web UI imports it as it is.
 */
import type { DeterminationResult, PartyHit, PartyScreeningResult } from '../determination/types.js'

/**
 * A match of a transaction party that no stored review decided. `matchedVia`: the party's owner whose name matched
 * (not the party's own). `kind`: `licence-relevant` when a requirement of the answer rests on it (`result.pendingReview`:
 * it holds if the match is confirmed), `red-flag` when the match sets no requirement (a list whose match is a red flag
 * only, a jurisdiction the organisation is not bound by, an owner below the Affiliates Rule's share): it is still
 * reviewed before a decision (README, "Hits of a recorded transaction").
 */
export type PendingHit = { role: string; name: string; country: string; list: string; entryId: string; primaryName: string; score: number; matchedVia?: { role: 'owner'; name: string }; kind: 'licence-relevant' | 'red-flag' }

/** The parties' own and their owners' matches in a determination that carry no review (cleared or confirmed), in party order. */
export function pendingHitsOf(result: Pick<DeterminationResult, 'parties' | 'pendingReview'>): PendingHit[] {
  // the matches the answer's requirements rest on, by who matched (a party, or an owner as role 'owner') and entry
  const relevant = new Set((result.pendingReview?.hits ?? []).map((h) => `${h.role}\u0000${h.name}\u0000${h.list}\u0000${h.entryId}`))
  const kindOf = (role: string, name: string, h: PartyHit): PendingHit['kind'] => (relevant.has(`${role}\u0000${name}\u0000${h.list}\u0000${h.entryId}`) ? 'licence-relevant' : 'red-flag')
  return (result.parties ?? []).flatMap((p) => {
    const base = { role: p.role, name: p.name, country: p.country }
    const own = unreviewed(p.screening).map((h): PendingHit => ({ ...base, ...hitFields(h), kind: kindOf(p.role, p.name, h) }))
    const owners = (p.owners ?? []).flatMap((o) => unreviewed(o.screening).map((h): PendingHit => ({ ...base, ...hitFields(h), matchedVia: { role: 'owner', name: o.name }, kind: kindOf('owner', o.name, h) })))
    return [...own, ...owners]
  })
}

/** A screening's matches that carry no review. */
export const unreviewed = (s: PartyScreeningResult | null | undefined): PartyHit[] => (s?.hits ?? []).filter((h) => h.review === undefined)
const hitFields = (h: PartyHit) => ({ list: h.list, entryId: h.entryId, primaryName: h.primaryName, score: h.score })
