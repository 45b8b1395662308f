/**
 * A recorded transaction's screening hits in the review queue (review finding F14). Recording a transaction stores
 * each of its parties' unreviewed matches as a screening run of a stored party — the one the transaction names
 * (`partyIds`, same name case and spacing aside, same country), or one created for it — so the officer reviews them
 * where every hit is reviewed (the same hit records, `reviewHit`). A hit a stored review already decided for that
 * party (cleared, confirmed) is not queued again. The stored parties created are added to the transaction's
 * `partyIds`, so a re-check (`recheckTransaction`) applies the reviews made since; an approval is refused while a
 * hit of the determination is unreviewed (HIT_REVIEW_PENDING, store `approveTransaction`). The parties created, the
 * screenings and the transaction are one store write (`recordDetermination` with `newParties` and `screenings`).
 */
import type { DeterminationResult, PartyHit, PartyOutcome } from '../determination/types.js'
import { AppError } from '../shared/errors.js'
import { sha256Hex } from '../shared/hash.js'
import { sameNameKey } from '../shared/text.js'
import { canonicalize } from './hash-chain.js'
import { pendingHitsOf, unreviewed, type PendingHit } from './pending-hits.js'
import type { Actor, NewHit, NewParty, RecordedDetermination, RecordsStore, TransactionScreening } from './records-store.js'
import { entryHashFromHit } from './screening-hits.js'

export { pendingHitsOf, unreviewed, type PendingHit } from './pending-hits.js'

/** The list entry's content hash of a determination's hit (as a party screening stores it); by list and entry id when the screener gave no content. */
export function partyHitEntryHash(hit: PartyHit): string {
  if (hit.source === undefined || hit.type === undefined || hit.addresses === undefined || hit.countries === undefined) return sha256Hex(canonicalize({ list: hit.list, entryId: hit.entryId }))
  return entryHashFromHit({ ...hit, source: hit.source, type: hit.type, programs: hit.programs ?? [], addresses: hit.addresses, countries: hit.countries })
}

/** A determination's hit as the store records it (the store adds `detail.transaction`: the transaction and the party's role); `matchedVia`: the owner whose name matched. */
function newHitOf(hit: PartyHit, matchedVia: PendingHit['matchedVia']): NewHit {
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
      ...(matchedVia ? { matchedVia } : {}),
    },
  }
}

type Store = Pick<RecordsStore, 'getParty' | 'recordDetermination' | 'hitReviewsForParties'>

/** The party a transaction party's hits are queued under: a stored one, or one created with the transaction. */
type QueueUnder = TransactionScreening['party']

/**
 * Where each transaction party with an unreviewed hit is queued: one of `partyIds` with its name and country, or a
 * party to create with the transaction (one per name and country).
 */
async function queueTargets(store: Store, result: DeterminationResult, partyIds: readonly string[]): Promise<{ newParties: NewParty[]; under: Map<PartyOutcome, QueueUnder> }> {
  const stored = await Promise.all(partyIds.map((id) => store.getParty(id)))
  const newParties: NewParty[] = []
  const under = new Map<PartyOutcome, QueueUnder>()
  const same = (a: { name: string; country: string }, b: { name: string; country: string }) => sameNameKey(a.name) === sameNameKey(b.name) && a.country.toUpperCase() === b.country.toUpperCase()
  for (const p of result.parties ?? []) {
    if (unreviewed(p.screening).length === 0 && !(p.owners ?? []).some((o) => unreviewed(o.screening).length > 0)) continue
    const s = stored.find((x) => same(x, p))
    if (s) {
      under.set(p, { partyId: s.id })
      continue
    }
    let i = newParties.findIndex((x) => same({ name: x.name, country: String(x.country) }, p))
    if (i < 0) i = newParties.push({ name: p.name, country: p.country, ...(p.headquarters ? { headquarters: p.headquarters } : {}) }) - 1
    under.set(p, { newParty: i })
  }
  return { newParties, under }
}

export type RecordTransactionOptions = {
  transaction: unknown
  result: DeterminationResult
  reference?: string
  partyIds?: readonly string[]
  actor: Actor
}

/**
 * Records the determination with its parties' unreviewed hits queued for review, in ONE store write (all or nothing,
 * audit events included): the parties created for it, a screening run per party under its stored party (each hit's
 * `detail.transaction` names the transaction), then the transaction naming those parties.
 */
export async function recordTransactionWithHits(store: Store, o: RecordTransactionOptions): Promise<RecordedDetermination> {
  const { newParties, under } = await queueTargets(store, o.result, o.partyIds ?? [])
  const screenings: TransactionScreening[] = [...under].flatMap(([p, party]) => {
    // the party's own matches, then each owner's (screened by name in the determination: a listed owner is a risk of
    // the party's own, so its matches are queued under the party, `detail.matchedVia` naming the owner, as monitoring does)
    const runs = [{ query: { name: p.name, country: p.country }, screening: p.screening, via: undefined as PendingHit['matchedVia'] }, ...(p.owners ?? []).map((o) => ({ query: { name: o.name }, screening: o.screening, via: { role: 'owner' as const, name: o.name } }))]
    return runs
      .filter((r) => unreviewed(r.screening).length > 0)
      .map((r) => {
        const s = r.screening!
        return {
          party,
          role: p.role,
          query: r.query,
          threshold: s.threshold,
          snapshots: s.snapshots.map((x) => ({ source: x.source, sha256: x.sha256, ...(x.importedAt ? { importedAt: x.importedAt } : {}), ...(x.listDate ? { listDate: x.listDate } : {}) })),
          hits: unreviewed(s).map((h) => newHitOf(h, r.via)),
        }
      })
  })
  return store.recordDetermination({ transaction: o.transaction, result: o.result, ...(o.reference !== undefined ? { reference: o.reference } : {}), partyIds: [...(o.partyIds ?? [])], newParties, screenings, actor: o.actor })
}

/** What a re-check adds to the new determination: the one it replaces, and what that one said. */
export type RecheckOf = NonNullable<DeterminationResult['recheckOf']>

/**
 * Re-determines a stored transaction with the hit reviews of its stored parties as they are now, on its own date
 * and regime, and records the answer as a new transaction (`result.recheckOf` names the old one; its reference and
 * parties are kept) that supersedes the old one in the same store write (`supersededBy`: out of the approval queue,
 * decided on and shipped under no more; its holds released: the new one is held while a hit is still unreviewed). `determineWith` runs determine() with the caller's rules and lists and the hit reviews of the
 * stored parties it is given (party-hit-reviews.ts). CONFLICT when the stored transaction was already approved or
 * rejected, TRANSACTION_SUPERSEDED when it was re-checked before; LIST_SNAPSHOT_MISSING when it was screened and no list is loaded now.
 */
export async function recheckTransaction(
  store: Store & Pick<RecordsStore, 'getTransaction'>,
  o: { transactionId: string; actor: Actor; determineWith: (transaction: unknown, regime: string, partyIds: readonly string[]) => Promise<DeterminationResult> },
): Promise<RecordedDetermination & { recheckOf: RecheckOf }> {
  const old = await store.getTransaction(o.transactionId)
  if (old.approval) throw new AppError('CONFLICT', { detail: `transaction ${old.id} was already ${old.approval.decision} by ${old.approval.decidedBy}: a decided transaction is not re-checked`, status: old.approval.decision })
  // (the store checks both again in the write that records the replacement and supersedes the old one)
  if (old.supersededBy !== null) throw new AppError('TRANSACTION_SUPERSEDED', { detail: `transaction ${old.id} was superseded by ${old.supersededBy}: re-check ${old.supersededBy} instead`, transactionId: old.id, supersededBy: old.supersededBy })
  const recheckOf: RecheckOf = { transactionId: old.id, verdict: old.verdict, recordedAt: old.recordedAt, pendingHits: pendingHitsOf(old.result).length }
  const result = { ...(await o.determineWith(old.transaction, old.regime, old.partyIds)), recheckOf }
  if (old.listSnapshots.length > 0 && (result.listSnapshots ?? []).length === 0) {
    // without lists its parties would read as not screened: the hits would be dropped, not reviewed
    throw new AppError('LIST_SNAPSHOT_MISSING', { detail: `transaction ${old.id} was screened against list snapshots and no list is loaded now: import the lists before re-checking it` })
  }
  const recorded = await recordTransactionWithHits(store, { transaction: old.transaction, result, ...(old.reference !== null ? { reference: old.reference } : {}), partyIds: old.partyIds, actor: o.actor })
  return { ...recorded, recheckOf }
}
