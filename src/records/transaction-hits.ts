/**
 * A recorded transaction's screening hits in the review queue (review finding F14). Recording a transaction stores
 * each of its parties' unreviewed matches as a screening run of a stored party — the one the transaction names
 * (`partyIds`, same name case and spacing aside, same country), or one created for it — so the officer reviews them
 * where every hit is reviewed (the same hit records, `reviewHit`). A hit a stored review already decided for that
 * party (cleared, confirmed) is not queued again. The stored parties created are added to the transaction's
 * `partyIds`, so a re-check (`recheckTransaction`) applies the reviews made since; an approval is refused while a
 * hit of the determination is unreviewed (HIT_REVIEW_PENDING, store `approveTransaction`).
 */
import type { DeterminationResult, PartyHit, PartyOutcome } from '../determination/types.js'
import { AppError } from '../shared/errors.js'
import { sha256Hex } from '../shared/hash.js'
import { sameNameKey } from '../shared/text.js'
import { canonicalize } from './hash-chain.js'
import type { Actor, NewHit, RecordedDetermination, RecordsStore } from './records-store.js'
import { entryHashFromHit } from './screening-hits.js'

/** A match of a transaction party that no stored review decided: what an approval waits for. */
export type PendingHit = { role: string; name: string; country: string; list: string; entryId: string; primaryName: string; score: number }

/** The parties' own matches in a determination that carry no review (cleared or confirmed), in party order. */
export function pendingHitsOf(result: Pick<DeterminationResult, 'parties'>): PendingHit[] {
  return (result.parties ?? []).flatMap((p) =>
    (p.screening?.hits ?? []).filter((h) => h.review === undefined).map((h) => ({ role: p.role, name: p.name, country: p.country, list: h.list, entryId: h.entryId, primaryName: h.primaryName, score: h.score })),
  )
}

/** The list entry's content hash of a determination's hit (as a party screening stores it); by list and entry id when the screener gave no content. */
export function partyHitEntryHash(hit: PartyHit): string {
  if (hit.source === undefined || hit.type === undefined || hit.addresses === undefined || hit.countries === undefined) return sha256Hex(canonicalize({ list: hit.list, entryId: hit.entryId }))
  return entryHashFromHit({ ...hit, source: hit.source, type: hit.type, programs: hit.programs ?? [], addresses: hit.addresses, countries: hit.countries })
}

function newHitOf(hit: PartyHit, transactionId: string, party: PartyOutcome): NewHit {
  return {
    list: hit.list,
    entryId: hit.entryId,
    entryHash: partyHitEntryHash(hit),
    score: hit.score,
    primaryName: hit.primaryName,
    matchedName: hit.matchedName,
    ...(hit.snapshot ? { snapshotSha256: hit.snapshot.sha256 } : {}),
    detail: {
      source: hit.source ?? null,
      type: hit.type ?? null,
      programs: hit.programs ?? [],
      countries: hit.countries ?? [],
      addresses: hit.addresses ?? [],
      listedOn: hit.listedOn,
      federalRegisterNotice: hit.federalRegisterNotice,
      licenseRequirement: hit.licenseRequirement,
      licensePolicy: hit.licensePolicy,
      // where the hit came from: the transaction and the party's role in it
      transaction: { id: transactionId, role: party.role },
    },
  }
}

type Store = Pick<RecordsStore, 'getParty' | 'createParty' | 'recordScreening' | 'recordDetermination' | 'hitReviewsForParties'>

/**
 * The stored party of each transaction party with an unreviewed hit: one of `partyIds` with its name and country,
 * or a party created for it (audited as any party). Answers the party ids the transaction is recorded with.
 */
async function linkParties(store: Store, result: DeterminationResult, partyIds: readonly string[], actor: Actor): Promise<{ partyIds: string[]; byParty: Map<PartyOutcome, string> }> {
  const ids = [...partyIds]
  const stored = await Promise.all(partyIds.map((id) => store.getParty(id)))
  const byParty = new Map<PartyOutcome, string>()
  for (const p of result.parties ?? []) {
    if (!(p.screening?.hits ?? []).some((h) => h.review === undefined)) continue
    const same = stored.find((s) => sameNameKey(s.name) === sameNameKey(p.name) && s.country.toUpperCase() === p.country.toUpperCase())
    if (same) {
      byParty.set(p, same.id)
      continue
    }
    const created = await store.createParty({ name: p.name, country: p.country, ...(p.headquarters ? { headquarters: p.headquarters } : {}), actor })
    stored.push(created)
    ids.push(created.id)
    byParty.set(p, created.id)
  }
  return { partyIds: ids, byParty }
}

export type RecordTransactionOptions = {
  transaction: unknown
  result: DeterminationResult
  reference?: string
  partyIds?: readonly string[]
  actor: Actor
}

/**
 * Records the determination with its parties' unreviewed hits queued for review. The stored parties are linked (or
 * created) first, so the transaction names them; the hits are queued after it is stored (each hit's `detail.transaction`
 * names it). A failure between the writes leaves the transaction with hits not queued: the approval still refuses it
 * (HIT_REVIEW_PENDING is read from the stored answer), and a re-check queues them.
 */
export async function recordTransactionWithHits(store: Store, o: RecordTransactionOptions): Promise<RecordedDetermination> {
  const { partyIds, byParty } = await linkParties(store, o.result, o.partyIds ?? [], o.actor)
  const recorded = await store.recordDetermination({ transaction: o.transaction, result: o.result, ...(o.reference !== undefined ? { reference: o.reference } : {}), partyIds, actor: o.actor })
  for (const [p, partyId] of byParty) {
    const s = p.screening!
    await store.recordScreening({
      partyId,
      query: { name: p.name, country: p.country },
      threshold: s.threshold,
      snapshots: s.snapshots.map((x) => ({ source: x.source, sha256: x.sha256, importedAt: x.importedAt ?? recorded.recordedAt, ...(x.listDate ? { listDate: x.listDate } : {}) })),
      hits: s.hits.filter((h) => h.review === undefined).map((h) => newHitOf(h, recorded.id, p)),
      actor: o.actor,
    })
  }
  return recorded
}

/** What a re-check adds to the new determination: the one it replaces, and what that one said. */
export type RecheckOf = NonNullable<DeterminationResult['recheckOf']>

/**
 * Re-determines a stored transaction with the hit reviews of its stored parties as they are now, on its own date
 * and regime, and records the answer as a new transaction (`result.recheckOf` names the old one; its reference and
 * parties are kept). `determineWith` runs determine() with the caller's rules and lists and the hit reviews of the
 * stored parties it is given (party-hit-reviews.ts). CONFLICT when the stored transaction was already approved or
 * rejected; LIST_SNAPSHOT_MISSING when it was screened and no list is loaded now.
 */
export async function recheckTransaction(
  store: Store & Pick<RecordsStore, 'getTransaction'>,
  o: { transactionId: string; actor: Actor; determineWith: (transaction: unknown, regime: string, partyIds: readonly string[]) => Promise<DeterminationResult> },
): Promise<RecordedDetermination & { recheckOf: RecheckOf }> {
  const old = await store.getTransaction(o.transactionId)
  if (old.approval) throw new AppError('CONFLICT', { detail: `transaction ${old.id} was already ${old.approval.decision} by ${old.approval.decidedBy}: a decided transaction is not re-checked`, status: old.approval.decision })
  const recheckOf: RecheckOf = { transactionId: old.id, verdict: old.verdict, recordedAt: old.recordedAt, pendingHits: pendingHitsOf(old.result).length }
  const result = { ...(await o.determineWith(old.transaction, old.regime, old.partyIds)), recheckOf }
  if (old.listSnapshots.length > 0 && (result.listSnapshots ?? []).length === 0) {
    // without lists its parties would read as not screened: the hits would be dropped, not reviewed
    throw new AppError('LIST_SNAPSHOT_MISSING', { detail: `transaction ${old.id} was screened against list snapshots and no list is loaded now: import the lists before re-checking it` })
  }
  const recorded = await recordTransactionWithHits(store, { transaction: old.transaction, result, ...(old.reference !== null ? { reference: old.reference } : {}), partyIds: old.partyIds, actor: o.actor })
  return { ...recorded, recheckOf }
}
