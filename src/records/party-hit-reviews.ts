/**
 * The hit reviews of the stored parties a transaction is recorded with, as determine() takes them
 * (`hitReviews`): each with the stored party's name and country, by which a transaction party is known to be that party.
 */
import type { HitReviewInput } from '../determination/hit-reviews.js'
import type { RecordsStore } from './records-store.js'

export async function hitReviewsOf(store: Pick<RecordsStore, 'getParty' | 'hitReviewsForParties'>, partyIds: readonly string[]): Promise<HitReviewInput[]> {
  if (partyIds.length === 0) return []
  const reviews = await store.hitReviewsForParties(partyIds)
  if (reviews.length === 0) return []
  const parties = new Map<string, { name: string; country: string }>()
  for (const id of new Set(reviews.map((r) => r.partyId))) parties.set(id, await store.getParty(id))
  return reviews.map((r) => ({ ...r, partyName: parties.get(r.partyId)!.name, partyCountry: parties.get(r.partyId)!.country }))
}
