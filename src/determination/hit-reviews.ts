/**
 * Officers' reviews of screening hits, applied to a transaction's parties. A transaction recorded with stored parties
 * (`partyIds`) names parties whose hits an approver may already have decided: **cleared** (a different person or
 * company; the store keeps it as a good-guy entry while the list entry's content is unchanged) or **confirmed** (a
 * true match). A transaction party is that stored party when their names are the same, case and spacing aside, and
 * their countries are the same (the store keeps a good-guy decision per party, or per name and country: a clearance of
 * "Acme Ltd" in AE says nothing about an "Acme Ltd" in CN, which may be the listed company); a review applies to the party's hit on the same list entry whose content hash is the one reviewed. A cleared hit then
 * drives no requirement, and a condition flag says who cleared it, when and why; a confirmed hit keeps its
 * requirement and needs no second review. A hit whose entry changed since, or a hit the screener gives without its
 * entry's content, is left as it is: it must be reviewed again.
 */
import type { PartyHitReview } from '../records/party-records.js'
import { entryHashFromHit } from '../records/screening-hits.js'
import type { ScreenedParty } from './requirement-context.js'
import type { Flag, PartyHit, PartyScreeningResult } from './types.js'
import { sameNameKey } from '../shared/text.js'

/** A stored review, with the name and country of the stored party it was made for (the store's `hitReviewsForParties`). */
export type HitReviewInput = PartyHitReview & { partyName: string; partyCountry: string }


/** The content hash of a hit's list entry, or null when the screener did not give the entry's content. */
function contentHash(hit: PartyHit): string | null {
  if (hit.source === undefined || hit.type === undefined || hit.addresses === undefined || hit.countries === undefined) return null
  return entryHashFromHit({ ...hit, source: hit.source, type: hit.type, programs: hit.programs ?? [], addresses: hit.addresses, countries: hit.countries })
}

/**
 * The screened parties with each reviewed hit annotated (`hit.review`), new objects (screening answers are shared and
 * frozen); a flag for each cleared hit. Parties no review names are returned as they are.
 */
export function applyHitReviews(screened: readonly ScreenedParty[], reviews: readonly HitReviewInput[], flags: Flag[]): ScreenedParty[] {
  if (reviews.length === 0) return [...screened]
  return screened.map((s) => {
    const mine = reviews.filter((r) => sameNameKey(r.partyName) === sameNameKey(s.party.name) && r.partyCountry.toUpperCase() === s.party.country.toUpperCase())
    if (mine.length === 0) return s
    const reviewed = (screening: PartyScreeningResult | null, owner?: string) => (screening ? { ...screening, hits: screening.hits.map((hit) => reviewedHit(mine, hit, s.party, owner, flags)) } : screening)
    // the owners' matches too: a recorded transaction queues them under the party (records/transaction-hits.ts), and a
    // review is kept per stored party and list entry, whichever of its names matched
    const owners = s.outcome.owners.map((o) => ({ ...o, screening: reviewed(o.screening, o.name) }))
    return { party: s.party, outcome: { ...s.outcome, screening: reviewed(s.outcome.screening), owners } }
  })
}

/** The hit (of the party, or of its owner `owner`) with the stored review that applies to it (same list entry, same content), and its flag when it was cleared. */
function reviewedHit(mine: readonly HitReviewInput[], hit: PartyHit, party: { role: string; name: string }, owner: string | undefined, flags: Flag[]): PartyHit {
  const candidates = mine.filter((r) => r.list === hit.list && r.entryId === hit.entryId)
  if (candidates.length === 0) return hit
  const hash = contentHash(hit)
  const review = hash === null ? undefined : candidates.filter((r) => r.entryHash === hash).sort((a, b) => b.reviewedAt.localeCompare(a.reviewedAt))[0]
  if (!review) return hit
  if (review.status === 'cleared') {
    const who = owner === undefined ? `${party.name} (${party.role})` : `${owner} (owner of ${party.name}, ${party.role})`
    flags.push({
      kind: 'condition',
      id: `hit-cleared-${party.role}-${owner === undefined ? '' : 'owner-'}${hit.list}-${hit.entryId}`,
      party: { role: party.role, name: party.name },
      text: `${who} matches ${hit.list.toUpperCase()} entry "${hit.primaryName}" (${hit.entryId}, score ${hit.score.toFixed(2)}), but that match was cleared for stored party ${review.partyId} by ${review.reviewedBy} on ${review.reviewedAt.slice(0, 10)} ("${review.reason}", hit ${review.hitId}); the entry is unchanged since, so it decides nothing here.`,
    })
  }
  return { ...hit, review: { status: review.status, hitId: review.hitId, partyId: review.partyId, reviewedBy: review.reviewedBy, reviewedAt: review.reviewedAt, reason: review.reason } }
}

/** Whether a hit was cleared for this party (it decides nothing). */
export const isCleared = (hit: PartyHit) => hit.review?.status === 'cleared'
