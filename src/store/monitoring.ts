/**
 * The monitoring records in the store (issue 13): events + webhook deliveries (an outbox written in the
 * same transaction as what caused them), transaction holds (audited), and the per-party write of a delta
 * re-screen, idempotent by run and party. Functions take the database (reads) or a write context (writes:
 * the caller's transaction, with the audit chain head held); the Kysely store delegates to them.
 */
import { randomBytes } from 'node:crypto'
import { sql, type Kysely, type Selectable } from 'kysely'
import { AppError } from '../shared/errors.js'
import { rowHash } from '../records/hash-chain.js'
import type {
  DeliveryToSend,
  MonitorEvent,
  MonitorEventType,
  NewMonitorEvent,
  PartyRescreenInput,
  PartyRescreenOutcome,
  TransactionHold,
  Webhook,
  WebhookAttempt,
  WebhookDelivery,
} from '../records/monitoring-records.js'
import type { ScreeningHitRecord } from '../records/records-store.js'
import { fromJson, toJson } from './json.js'
import type { Database } from './schema.js'
import { goodGuyFromRow, hitFromRow, runFromRow } from './screenings.js'
import { newId, type WriteContext } from './store-context.js'

type Db = Kysely<Database>
type Row<T extends keyof Database> = Selectable<Database[T]>

// ---------------------------------------------------------------- rows → records

export const eventFromRow = (r: Row<'monitor_events'>, j: boolean): MonitorEvent => ({
  seq: Number(r.seq),
  type: r.type as MonitorEventType,
  at: r.at,
  subjectType: r.subject_type,
  subjectId: r.subject_id,
  data: fromJson<Record<string, unknown>>(r.data, j),
})

export const webhookFromRow = (r: Row<'webhooks'>, j: boolean): Webhook => ({
  id: r.id,
  url: r.url,
  events: fromJson<MonitorEventType[]>(r.events, j),
  isActive: Number(r.is_active) === 1,
  createdAt: r.created_at,
  createdBy: r.created_by,
})

export const deliveryFromRow = (r: Row<'webhook_deliveries'>): WebhookDelivery => ({
  id: r.id,
  webhookId: r.webhook_id,
  eventSeq: Number(r.event_seq),
  status: r.status as WebhookDelivery['status'],
  attempts: Number(r.attempts),
  lastStatusCode: r.last_status_code === null ? null : Number(r.last_status_code),
  lastError: r.last_error,
  nextAttemptAt: r.next_attempt_at,
  deliveredAt: r.delivered_at,
  createdAt: r.created_at,
})

export const attemptFromRow = (r: Row<'webhook_attempts'>): WebhookAttempt => ({
  id: r.id,
  deliveryId: r.delivery_id,
  attempt: Number(r.attempt),
  at: r.at,
  statusCode: r.status_code === null ? null : Number(r.status_code),
  error: r.error,
  durationMs: Number(r.duration_ms),
})

export const holdFromRow = (r: Row<'transaction_holds'>): TransactionHold => ({
  id: r.id,
  transactionId: r.transaction_id,
  partyId: r.party_id,
  hitId: r.hit_id,
  reason: r.reason,
  placedAt: r.placed_at,
  placedBy: r.placed_by,
  releasedAt: r.released_at,
  releasedBy: r.released_by,
  releaseReason: r.release_reason,
})

// ---------------------------------------------------------------- events and the webhook outbox

/**
 * Appends the events (a dedupe key already there is skipped) and, for each new one, a pending delivery to
 * every active webhook that wants its type: in the caller's transaction, so an event and its deliveries
 * are written together or not at all.
 */
export async function appendEventsIn(db: Db, at: string, j: boolean, events: NewMonitorEvent[]): Promise<{ events: MonitorEvent[]; deliveryIds: string[] }> {
  if (events.length === 0) return { events: [], deliveryIds: [] }
  const hooks = (await db.selectFrom('webhooks').selectAll().where('is_active', '=', 1).execute()).map((r) => webhookFromRow(r, j))
  const written: MonitorEvent[] = []
  const deliveryIds: string[] = []
  for (const e of events) {
    const row = await db
      .insertInto('monitor_events')
      .values({ type: e.type, at, subject_type: e.subjectType, subject_id: e.subjectId, dedupe_key: e.dedupeKey, data: toJson(e.data) })
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .returningAll()
      .executeTakeFirst()
    if (!row) continue
    const event = eventFromRow(row, j)
    written.push(event)
    for (const h of hooks) {
      if (h.events.length > 0 && !h.events.includes(event.type)) continue
      const id = newId('dlv')
      await db.insertInto('webhook_deliveries').values({ id, webhook_id: h.id, event_seq: event.seq, status: 'pending', attempts: 0, last_status_code: null, last_error: null, next_attempt_at: at, delivered_at: null, created_at: at }).execute()
      deliveryIds.push(id)
    }
  }
  return { events: written, deliveryIds }
}

export async function getDeliveryToSend(db: Db, j: boolean, id: string): Promise<DeliveryToSend | null> {
  const d = await db.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirst()
  if (!d) return null
  const h = await db.selectFrom('webhooks').selectAll().where('id', '=', d.webhook_id).executeTakeFirst()
  const e = await db.selectFrom('monitor_events').selectAll().where('seq', '=', Number(d.event_seq)).executeTakeFirst()
  if (!h || !e) return null
  return { delivery: deliveryFromRow(d), webhook: { ...webhookFromRow(h, j), secret: h.secret }, event: eventFromRow(e, j) }
}

export async function recordDeliveryAttemptIn(
  db: Db,
  at: string,
  input: { deliveryId: string; ok: boolean; statusCode: number | null; error: string | null; durationMs: number; nextAttemptAt: string | null },
): Promise<WebhookDelivery> {
  const d = await db.selectFrom('webhook_deliveries').selectAll().where('id', '=', input.deliveryId).executeTakeFirst()
  if (!d) throw new AppError('NOT_FOUND', { detail: `no webhook delivery has id ${input.deliveryId}`, entity: 'webhook delivery', id: input.deliveryId })
  const attempt = Number(d.attempts) + 1
  await db.insertInto('webhook_attempts').values({ id: newId('att'), delivery_id: d.id, attempt, at, status_code: input.statusCode, error: input.error, duration_ms: Math.round(input.durationMs) }).execute()
  const status = input.ok ? 'delivered' : input.nextAttemptAt === null ? 'failed' : 'pending'
  const set = {
    status,
    attempts: attempt,
    last_status_code: input.statusCode,
    last_error: input.error,
    next_attempt_at: input.nextAttemptAt ?? d.next_attempt_at,
    delivered_at: input.ok ? at : null,
  }
  await db.updateTable('webhook_deliveries').set(set).where('id', '=', d.id).execute()
  return deliveryFromRow({ ...d, ...set })
}

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64url')}`
}

// ---------------------------------------------------------------- holds

/** The hold a monitoring hit puts on a transaction: checked by the shipment write (see checkShipmentHold). */
export async function activeHolds(db: Db, transactionId: string): Promise<TransactionHold[]> {
  return (await db.selectFrom('transaction_holds').selectAll().where('transaction_id', '=', transactionId).where('released_at', 'is', null).orderBy('id').execute()).map(holdFromRow)
}

export async function refuseShipmentOnHold(db: Db, transactionId: string): Promise<void> {
  const holds = await activeHolds(db, transactionId)
  if (holds.length === 0) return
  const h = holds[0]!
  throw new AppError('TRANSACTION_ON_HOLD', {
    detail: `transaction ${transactionId} is on hold since ${h.placedAt}: ${h.reason}. Nothing ships under it until the hits are reviewed and the hold is released (a re-check after the review replaces a transaction held at recording; an approver releases a hold: chipnav holds release ${transactionId} --reason …)`,
    transactionId,
    holdIds: holds.map((x) => x.id),
  })
}

export async function releaseHoldsIn(w: WriteContext, input: { transactionId: string; reason: string; actor: string }): Promise<TransactionHold[]> {
  const holds = await activeHolds(w.db, input.transactionId)
  if (holds.length === 0) throw new AppError('CONFLICT', { detail: `transaction ${input.transactionId} has no active hold`, transactionId: input.transactionId })
  const out: TransactionHold[] = []
  for (const h of holds) {
    const after: TransactionHold = { ...h, releasedAt: w.at, releasedBy: input.actor, releaseReason: input.reason }
    await w.db.updateTable('transaction_holds').set({ released_at: w.at, released_by: input.actor, release_reason: input.reason }).where('id', '=', h.id).execute()
    w.audit({ action: 'transaction.hold-released', entityType: 'transaction-hold', entityId: h.id, beforeHash: rowHash(h), afterHash: rowHash(after), data: { transactionId: h.transactionId, reason: input.reason } })
    out.push(after)
  }
  return out
}

/**
 * The open transactions of a party: recorded with it among their parties, not rejected, not prohibited
 * (what could still ship). A text match on the JSON array, then checked exactly.
 */
async function openTransactionsOfParty(db: Db, j: boolean, partyId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('transactions')
    .leftJoin('transaction_approvals', 'transaction_approvals.transaction_id', 'transactions.id')
    .select(['transactions.id as id', 'transactions.verdict as verdict', 'transactions.party_ids as party_ids', 'transaction_approvals.decision as decision'])
    .where(sql<boolean>`cast(transactions.party_ids as text) like ${`%${JSON.stringify(partyId)}%`}`)
    .execute()
  return rows.filter((r) => fromJson<string[]>(r.party_ids, j).includes(partyId) && r.verdict !== 'PROHIBITED' && r.decision !== 'rejected').map((r) => r.id)
}

// ---------------------------------------------------------------- one party's delta re-screen

const entryKey = (list: string, entryId: string) => `${list}\u0000${entryId}`

/**
 * Records one party's re-screen against the entries a new snapshot added or changed, in the caller's
 * write transaction, once per run (a mark keyed by run + party makes a retried job a no-op):
 * - a match on an entry the party has no hit for → a new open hit (a new alert, event `hit.new`);
 * - a match on an entry behind a cleared hit whose content hash changed → that hit re-opened
 *   (`hit.reopened`) and its good-guy entry dropped; an unchanged hash stays cleared;
 * - open and confirmed hits are kept as they are;
 * - open hits on entries removed from the lists → closed (status cleared, statusSource `entry-removed`);
 * - a new or re-opened hit puts each open transaction of the party on hold (audited, `transaction.held`).
 */
export async function applyPartyRescreenIn(w: WriteContext, j: boolean, input: PartyRescreenInput): Promise<PartyRescreenOutcome & { events: NewMonitorEvent[] }> {
  const none: PartyRescreenOutcome & { events: NewMonitorEvent[] } = { skipped: true, newHitIds: [], reopenedHitIds: [], closedHitIds: [], heldTransactionIds: [], deliveryIds: [], events: [] }
  const mark = await w.db.insertInto('rescreen_marks').values({ run_id: input.runId, party_id: input.partyId, at: w.at, outcome: toJson({}) }).onConflict((oc) => oc.columns(['run_id', 'party_id']).doNothing()).returning('party_id').executeTakeFirst()
  if (!mark) return none
  const out = { ...none, skipped: false }
  const existing = await w.db.selectFrom('screening_hits').selectAll().where('party_id', '=', input.partyId).orderBy('id').execute()
  const byEntry = new Map<string, Row<'screening_hits'>[]>()
  for (const r of existing) {
    const k = entryKey(r.list, r.entry_id)
    const list = byEntry.get(k)
    if (list) list.push(r)
    else byEntry.set(k, [r])
  }

  const fresh = input.hits.filter((h) => {
    const rows = byEntry.get(entryKey(h.list, h.entryId)) ?? []
    return !rows.some((r) => r.status === 'open' || r.status === 'confirmed' || r.status === 'cleared')
  })
  // cleared hits whose entry changed: the newest cleared hit per entry, when no open/confirmed one exists
  const reopen: { row: Row<'screening_hits'>; newHash: string }[] = []
  for (const h of input.hits) {
    const rows = byEntry.get(entryKey(h.list, h.entryId)) ?? []
    if (rows.some((r) => r.status === 'open' || r.status === 'confirmed')) continue
    const cleared = rows.filter((r) => r.status === 'cleared' && r.status_source !== 'entry-removed').at(-1)
    if (cleared && cleared.entry_hash !== h.entryHash) reopen.push({ row: cleared, newHash: h.entryHash })
  }

  if (fresh.length > 0) {
    const runRow: Row<'screening_runs'> = {
      id: newId('scr'),
      party_id: input.partyId,
      subject_key: input.partyId,
      query: toJson(input.query),
      threshold: input.threshold,
      snapshots: toJson(input.snapshots),
      hit_count: fresh.length,
      recorded_at: w.at,
      recorded_by: input.actor,
    }
    await w.db.insertInto('screening_runs').values(runRow).execute()
    const run = runFromRow(runRow, false)
    w.audit({ action: 'screening.recorded', entityType: 'screening-run', entityId: run.id, beforeHash: null, afterHash: rowHash(run), data: { hitCount: fresh.length } })
    for (const h of fresh) {
      const row: Row<'screening_hits'> = {
        id: newId('hit'),
        run_id: runRow.id,
        party_id: input.partyId,
        subject_key: input.partyId,
        list: h.list,
        entry_id: h.entryId,
        entry_hash: h.entryHash,
        score: h.score,
        primary_name: h.primaryName,
        matched_name: h.matchedName,
        snapshot_sha256: h.snapshotSha256 ?? null,
        detail: h.detail === undefined && h.matchedVia === undefined ? null : toJson(h.matchedVia ? { ...(h.detail as object | undefined), matchedVia: h.matchedVia } : h.detail),
        status: 'open',
        status_source: null,
        reason: null,
        reviewed_by: null,
        reviewed_at: null,
        created_at: w.at,
      }
      await w.db.insertInto('screening_hits').values(row).execute()
      const hit = hitFromRow(row, false)
      w.audit({ action: 'hit.recorded', entityType: 'screening-hit', entityId: hit.id, beforeHash: null, afterHash: rowHash(hit), data: { status: hit.status, statusSource: hit.statusSource } })
      out.newHitIds.push(hit.id)
      out.events.push({ type: 'hit.new', subjectType: 'screening-hit', subjectId: hit.id, dedupeKey: `hit.new:${input.runId}:${input.partyId}:${h.list}:${h.entryId}`, data: { partyId: input.partyId, hitId: hit.id, list: h.list, entryId: h.entryId, primaryName: h.primaryName, score: h.score, runId: input.runId, ...(h.matchedVia ? { matchedVia: h.matchedVia } : {}) } })
    }
  }

  for (const { row, newHash } of reopen) {
    const gg = await w.db.selectFrom('good_guys').selectAll().where('subject_key', '=', row.subject_key).where('list', '=', row.list).where('entry_id', '=', row.entry_id).executeTakeFirst()
    if (gg) {
      await w.db.deleteFrom('good_guys').where('id', '=', gg.id).execute()
      w.audit({ action: 'good-guy.removed', entityType: 'good-guy', entityId: gg.id, beforeHash: rowHash(goodGuyFromRow(gg)), afterHash: null, data: { reason: 'the list entry changed' } })
    }
    const before = hitFromRow(row, j)
    await w.db.updateTable('screening_hits').set({ status: 'open', status_source: 'entry-changed', entry_hash: newHash }).where('id', '=', row.id).execute()
    const after: ScreeningHitRecord = { ...before, status: 'open', statusSource: 'entry-changed', entryHash: newHash }
    w.audit({ action: 'hit.reopened', entityType: 'screening-hit', entityId: row.id, beforeHash: rowHash(before), afterHash: rowHash(after), data: { entryHash: newHash } })
    out.reopenedHitIds.push(row.id)
    out.events.push({ type: 'hit.reopened', subjectType: 'screening-hit', subjectId: row.id, dedupeKey: `hit.reopened:${input.runId}:${row.id}`, data: { partyId: input.partyId, hitId: row.id, list: row.list, entryId: row.entry_id, primaryName: row.primary_name, previousEntryHash: row.entry_hash, entryHash: newHash, runId: input.runId } })
  }

  const removed = new Set(input.removed.map((r) => entryKey(r.list, r.entryId)))
  for (const r of existing) {
    if (r.status !== 'open' || !removed.has(entryKey(r.list, r.entry_id))) continue
    const before = hitFromRow(r, j)
    const reason = `entry removed: ${r.list.toUpperCase()} ${r.entry_id} is no longer on the list (re-screen run ${input.runId})`
    await w.db.updateTable('screening_hits').set({ status: 'cleared', status_source: 'entry-removed', reason, reviewed_by: input.actor, reviewed_at: w.at }).where('id', '=', r.id).execute()
    const after: ScreeningHitRecord = { ...before, status: 'cleared', statusSource: 'entry-removed', reason, reviewedBy: input.actor, reviewedAt: w.at }
    w.audit({ action: 'hit.closed', entityType: 'screening-hit', entityId: r.id, beforeHash: rowHash(before), afterHash: rowHash(after), data: { reason } })
    out.closedHitIds.push(r.id)
  }

  const cause = out.newHitIds[0] ?? out.reopenedHitIds[0]
  // the new hits are in the order of input.hits: the first one's parent or owner, when it matched under theirs
  const causeVia = out.newHitIds.length > 0 ? fresh[0]?.matchedVia : undefined
  if (cause !== undefined) {
    for (const txId of await openTransactionsOfParty(w.db, j, input.partyId)) {
      if ((await activeHolds(w.db, txId)).length > 0) continue
      const reason = `a ${out.newHitIds.length > 0 ? 'new' : 're-opened'} screening hit (${cause}) on party ${input.partyId}${causeVia ? ` (its ${causeVia.role === 'owner' ? 'owner' : 'ultimate parent'} "${causeVia.name}")` : ''} after a list update (re-screen run ${input.runId})`
      const row: Row<'transaction_holds'> = { id: newId('hold'), transaction_id: txId, party_id: input.partyId, hit_id: cause, reason, placed_at: w.at, placed_by: input.actor, released_at: null, released_by: null, release_reason: null }
      await w.db.insertInto('transaction_holds').values(row).execute()
      const hold = holdFromRow(row)
      w.audit({ action: 'transaction.held', entityType: 'transaction-hold', entityId: hold.id, beforeHash: null, afterHash: rowHash(hold), data: { transactionId: txId, reason } })
      out.heldTransactionIds.push(txId)
      out.events.push({ type: 'transaction.held', subjectType: 'transaction', subjectId: txId, dedupeKey: `transaction.held:${input.runId}:${txId}`, data: { transactionId: txId, partyId: input.partyId, hitId: cause, holdId: hold.id, reason, runId: input.runId } })
    }
  }
  await w.db
    .updateTable('rescreen_marks')
    .set({ outcome: toJson({ newHits: out.newHitIds.length, reopened: out.reopenedHitIds.length, closed: out.closedHitIds.length, held: out.heldTransactionIds.length }) })
    .where('run_id', '=', input.runId)
    .where('party_id', '=', input.partyId)
    .execute()
  return out
}
