/** Transactions (stored determinations) and their approvals: a decision is its own audited row. */
import { AppError } from '../shared/errors.js'
import { sha256Hex } from '../shared/hash.js'
import { rowHash } from '../records/hash-chain.js'
import {
  ApproveTransactionInputSchema,
  approvalStatusOf,
  needsApproval,
  VERDICTS_NEEDING_APPROVAL,
  RecordDeterminationInputSchema,
  type ApprovalStatus,
  type ApproveTransactionInput,
  type License,
  type Page,
  type PageOptions,
  type RecordDeterminationInput,
  type RecordedDetermination,
  type StoredTransaction,
  type StoredTransactionWithApproval,
  type TransactionApproval,
  type TransactionDeal,
  type TransactionSummary,
  type TransactionSummaryWithApproval,
} from '../records/records-store.js'
import type { TransactionSupersession } from '../records/transaction-records.js'
import type { TransactionHold } from '../records/monitoring-records.js'
import type { DeterminationResult } from '../determination/types.js'
import { UNCOVERED_NAME_FLAG } from '../determination/screen-parties.js'
import { fromJson, toJson } from './json.js'
import { newId, notFound, parse, type CreatedRecord, type J, type Row, type StoreContext, type WriteContext } from './store-context.js'
import { insertParty } from './parties.js'
import { insertScreening } from './screenings.js'
import { decodeCursor, pageSize, toPage } from './paging.js'
import { checkDate } from './dates.js'
import { assertStorableText, jsonMayHoldBadText } from './text-guard.js'
import { licenseFromRow, licensePartyNames } from './licenses.js'
import { licenseCoverGaps } from '../records/license-cover.js'
import { pendingHitsOf } from '../records/transaction-hits.js'
import { activeHolds, holdFromRow } from './monitoring.js'

export const summaryFromRow = (r: Omit<Row<'transactions'>, 'input' | 'result' | keyof DealColumns>, j: J): TransactionSummary => ({
  id: r.id,
  reference: r.reference,
  asOf: r.as_of as TransactionSummary['asOf'],
  regime: r.regime,
  verdict: r.verdict,
  rulesVersion: r.rules_version,
  listSnapshots: fromJson(r.list_snapshots, j),
  partyIds: fromJson(r.party_ids, j),
  recordedAt: r.recorded_at,
  recordedBy: r.recorded_by,
})
export const transactionFromRow = (r: Row<'transactions'>, j: J): StoredTransaction => ({
  ...summaryFromRow(r, j),
  transaction: JSON.parse(r.input) as unknown,
  result: JSON.parse(r.result) as DeterminationResult,
})
/** The deal a stored transaction (the `input` column's text) is about; fields it lacks are null. */
export function dealOf(input: string): TransactionDeal {
  const t = JSON.parse(input) as { item?: { chip?: unknown; system?: unknown; spec?: { id?: unknown }; eccn?: unknown }; quantity?: unknown; to?: unknown; parties?: { role?: unknown; name?: unknown }[] } | null
  const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null)
  const item = t?.item
  const endUser = Array.isArray(t?.parties) ? t.parties.find((p) => p?.role === 'end-user') : undefined
  return {
    item: text(item?.chip) ?? text(item?.system) ?? text(item?.spec?.id) ?? text(item?.eccn),
    quantity: typeof t?.quantity === 'number' ? t.quantity : null,
    destination: text(t?.to),
    endUser: text(endUser?.name),
  }
}

type DealColumns = Pick<Row<'transactions'>, 'deal_item' | 'deal_quantity' | 'deal_destination' | 'deal_end_user'>
const dealColumns = (d: TransactionDeal): DealColumns => ({ deal_item: d.item, deal_quantity: d.quantity, deal_destination: d.destination, deal_end_user: d.endUser })
/** the deal as its columns keep it (written with the transaction: the list parses nothing) */
const dealFromRow = (r: DealColumns): TransactionDeal => ({ item: r.deal_item, quantity: r.deal_quantity === null ? null : Number(r.deal_quantity), destination: r.deal_destination, endUser: r.deal_end_user })

/**
 * What a transaction's row hash covers: its columns, and the sha256 of the stored transaction and answer text. The
 * deal columns are a copy of what the stored text says (migration 2026-12-10-transaction-deal added them after
 * rows were hashed, so they are not hashed themselves): a copy that disagrees with the text makes the record
 * differ, and the verification reports the row as edited.
 */
export const transactionHashRecord = (r: Row<'transactions'>, j: J) => {
  const record = hashRecordOf(summaryFromRow(r, j), r, r.result)
  const copy = dealFromRow(r)
  const said = dealOf(r.input)
  const isFaithful = copy.item === said.item && copy.quantity === said.quantity && copy.destination === said.destination && copy.endUser === said.endUser
  return isFaithful ? record : { ...record, dealColumnsDisagreeWithInput: true }
}
/** transactionHashRecord of a row whose summary is already read and whose deal columns are known to say what its input says */
const hashRecordOf = (summary: TransactionSummary, r: Pick<Row<'transactions'>, 'input'>, result: string | Uint8Array) => ({ ...summary, inputSha256: sha256Hex(r.input), resultSha256: sha256Hex(result) })

export const approvalFromRow = (r: Row<'transaction_approvals'>): TransactionApproval => ({
  transactionId: r.transaction_id,
  decision: r.decision as TransactionApproval['decision'],
  reason: r.reason,
  licenseId: r.license_id,
  licenseNumber: r.license_number,
  verdict: r.verdict,
  decidedBy: r.decided_by,
  decidedAt: r.decided_at,
})

export const supersessionFromRow = (r: Row<'transaction_supersessions'>): TransactionSupersession => ({
  transactionId: r.transaction_id,
  supersededBy: r.superseded_by,
  supersededAt: r.superseded_at,
  recordedBy: r.recorded_by,
})

/** TRANSACTION_SUPERSEDED: a re-check replaced transaction `id` by `by` (decide on and ship under that one). */
export function supersededError(id: string, s: Pick<TransactionSupersession, 'supersededBy' | 'supersededAt'>, what: string): AppError {
  return new AppError('TRANSACTION_SUPERSEDED', {
    detail: `transaction ${id} was superseded by ${s.supersededBy} (a re-check, ${s.supersededAt}): ${what}; use ${s.supersededBy}`,
    transactionId: id,
    supersededBy: s.supersededBy,
  })
}

/** The supersession of a transaction, or null (read inside a write, or alone). */
export async function supersessionOf(db: StoreContext['db'], transactionId: string): Promise<TransactionSupersession | null> {
  const r = await db.selectFrom('transaction_supersessions').selectAll().where('transaction_id', '=', transactionId).executeTakeFirst()
  return r ? supersessionFromRow(r) : null
}

/**
 * A re-check's replacement, in the write recording the replacement: the old transaction must exist, be undecided and
 * not yet superseded (the key makes a second supersession fail even when two re-checks race). Its active holds are
 * released (what ships now ships under the replacement, which carries its own hold while a hit is unreviewed).
 */
async function supersede(w: WriteContext, oldId: string, replacementId: string, actor: string): Promise<void> {
  const old = await w.db.selectFrom('transactions').select('id').where('id', '=', oldId).executeTakeFirst()
  if (!old) throw notFound('transaction', oldId)
  const done = await w.db.selectFrom('transaction_approvals').selectAll().where('transaction_id', '=', oldId).executeTakeFirst()
  if (done) throw new AppError('CONFLICT', { detail: `transaction ${oldId} was already ${done.decision} by ${done.decided_by}: a decided transaction is not re-checked`, status: done.decision })
  const already = await supersessionOf(w.db, oldId)
  if (already) throw supersededError(oldId, already, 'it is re-checked no more')
  const row: Row<'transaction_supersessions'> = { transaction_id: oldId, superseded_by: replacementId, superseded_at: w.at, recorded_by: actor }
  await w.db.insertInto('transaction_supersessions').values(row).execute()
  w.audit({ action: 'transaction.superseded', entityType: 'transaction-supersession', entityId: oldId, beforeHash: null, afterHash: rowHash(supersessionFromRow(row)), data: { transactionId: oldId, supersededBy: replacementId } })
  for (const h of await activeHolds(w.db, oldId)) {
    const reason = `superseded by ${replacementId} (re-check)`
    const after: TransactionHold = { ...h, releasedAt: w.at, releasedBy: actor, releaseReason: reason }
    await w.db.updateTable('transaction_holds').set({ released_at: w.at, released_by: actor, release_reason: reason }).where('id', '=', h.id).execute()
    w.audit({ action: 'transaction.hold-released', entityType: 'transaction-hold', entityId: h.id, beforeHash: rowHash(h), afterHash: rowHash(after), data: { transactionId: oldId, reason } })
  }
}

/**
 * The hold a recorded answer with unreviewed hits puts on its transaction (whatever its verdict, NLR included; not a
 * PROHIBITED one, which ships nothing anyway): nothing ships under it until a re-check after the review replaces it
 * (or an approver releases the hold). A red flag is resolved before the export goes ahead (15 CFR Part 732, Supp. 3).
 */
function screeningReviewHold(res: DeterminationResult): string | null {
  if (res.verdict === 'PROHIBITED') return null
  const pending = pendingHitsOf(res)
  // a party whose name is in a script the lists barely hold was not cleanly screened: its "no hit" says little
  const uncovered = [...new Set((res.flags ?? []).filter((f) => f.kind === 'not-screened' && f.id.startsWith(UNCOVERED_NAME_FLAG)).map((f) => f.party?.name ?? 'a party'))]
  if (pending.length === 0 && uncovered.length === 0) return null
  const n = (k: number, what: string) => `${k} ${what}${k === 1 ? '' : 's'}`
  const parts: string[] = []
  if (pending.length) {
    const relevant = pending.filter((h) => h.kind === 'licence-relevant').length
    const who = [...new Set(pending.map((h) => (h.matchedVia ? `${h.matchedVia.name} (owner of ${h.name})` : h.name)))].join(', ')
    parts.push(`screening review pending: ${n(pending.length, 'unreviewed hit')} (${relevant} licence-relevant, ${pending.length - relevant} red flag${pending.length - relevant === 1 ? '' : 's'}) on ${who}; review them in the queue, then re-check the transaction`)
  }
  if (uncovered.length) parts.push(`not cleanly screened: ${uncovered.join(', ')} (a name in a script the lists barely hold); screen the party's Latin-script (English or transliterated) name, then re-check with it or release this hold with the result`)
  return parts.join('; ')
}

export async function recordDetermination(ctx: StoreContext, input: RecordDeterminationInput): Promise<RecordedDetermination> {
  // the store's text guard (text-guard.ts), which the facade leaves to this function: the transaction and its answer
  // are checked as the JSON text they are stored as, and the arguments walked only when that text may hold a bad string
  const inputJson = toJson(input.transaction)
  const resultJson = toJson(input.result)
  assertStorableText(jsonMayHoldBadText(inputJson) || jsonMayHoldBadText(resultJson) ? [input] : [{ ...input, transaction: null, result: null }])
  const d = parse(RecordDeterminationInputSchema, input)
  const res = d.result as DeterminationResult
  checkDate(res.date, 'result.date')
  const row: Row<'transactions'> = {
    id: newId('txn'),
    reference: d.reference ?? null,
    as_of: res.date,
    regime: res.regime,
    verdict: res.verdict,
    rules_version: res.rulesVersion,
    list_snapshots: toJson(res.listSnapshots ?? []),
    party_ids: toJson(d.partyIds),
    // d.transaction and d.result are the objects given (RecordDeterminationInputSchema copies neither)
    input: inputJson,
    result: resultJson,
    recorded_at: '',
    recorded_by: d.actor,
    deal_item: null,
    deal_quantity: null,
    deal_destination: null,
    deal_end_user: null,
  }
  // read from the text as stored (what the verification compares them with)
  Object.assign(row, dealColumns(dealOf(row.input)))
  // the answer's UTF-8 bytes, encoded once: its hash, PostgreSQL's parameter and the API's answer take them as they are
  const resultUtf8 = Buffer.from(resultJson, 'utf8')
  const created = (at: string): CreatedRecord<RecordedDetermination> => {
    row.recorded_at = at
    // the row's hash as transactionHashRecord takes it (its deal columns were just read from its input), the summary read once
    const summary = summaryFromRow(row, false)
    return {
      table: 'transactions',
      row,
      utf8: { result: resultUtf8 },
      event: { action: 'transaction.recorded', entityType: 'transaction', entityId: row.id, beforeHash: null, afterHash: rowHash(hashRecordOf(summary, row, resultUtf8)), data: { verdict: row.verdict, ...(res.recheckOf ? { recheckOf: res.recheckOf.transactionId } : {}) } },
      result: { ...summary, resultJson: row.result, resultUtf8 },
    }
  }
  const holdReason = screeningReviewHold(res)
  const supersedes = res.recheckOf?.transactionId
  // a transaction's row never changes (its approval is a row of its own): one statement on PostgreSQL
  if (d.screenings.length === 0 && d.newParties.length === 0 && holdReason === null && supersedes === undefined) return ctx.create(d.actor, created)
  // with its parties' hits to queue: one write, all or nothing — the parties created, the screenings and the
  // transaction, with their audit events in that order (a failure anywhere leaves none of them)
  for (const sc of d.screenings) {
    if ('newParty' in sc.party && sc.party.newParty >= d.newParties.length) throw new AppError('VALIDATION_FAILED', { detail: `a screening names new party ${sc.party.newParty}; only ${d.newParties.length} are given`, issues: [{ path: 'screenings.party.newParty', message: 'not an index of newParties' }] })
  }
  // (a re-check's replacement and the hold of unreviewed hits are written with it, after it)
  return ctx.write(d.actor, async (w) => {
    const newIds: string[] = []
    for (const p of d.newParties) newIds.push((await insertParty(w, p)).id)
    let firstHit: { partyId: string; hitId: string } | null = null
    for (const sc of d.screenings) {
      const partyId = 'partyId' in sc.party ? sc.party.partyId : newIds[sc.party.newParty]!
      // each hit names the transaction it came from and the party's role in it
      const hits = sc.hits.map((h) => ({ ...h, detail: { ...(h.detail as object | undefined), transaction: { id: row.id, role: sc.role } } }))
      const run = await insertScreening(w, { partyId, query: sc.query, threshold: sc.threshold, snapshots: sc.snapshots, hits, actor: d.actor })
      if (firstHit === null && run.hits[0]) firstHit = { partyId, hitId: run.hits[0].id }
    }
    row.party_ids = toJson([...d.partyIds, ...newIds])
    const c = created(w.at)
    await w.db.insertInto('transactions').values(row).execute()
    w.audit(c.event)
    if (supersedes !== undefined) await supersede(w, supersedes, row.id, d.actor)
    if (holdReason !== null) {
      const hold: Row<'transaction_holds'> = { id: newId('hold'), transaction_id: row.id, party_id: firstHit?.partyId ?? null, hit_id: firstHit?.hitId ?? null, reason: holdReason, placed_at: w.at, placed_by: d.actor, released_at: null, released_by: null, release_reason: null }
      await w.db.insertInto('transaction_holds').values(hold).execute()
      w.audit({ action: 'transaction.held', entityType: 'transaction-hold', entityId: hold.id, beforeHash: null, afterHash: rowHash(holdFromRow(hold)), data: { transactionId: row.id, reason: holdReason } })
    }
    return c.result
  })
}

export async function getTransaction(ctx: StoreContext, id: string): Promise<StoredTransactionWithApproval> {
  const r = await ctx.db.selectFrom('transactions').selectAll().where('id', '=', id).executeTakeFirst()
  if (!r) throw notFound('transaction', id)
  const a = await ctx.db.selectFrom('transaction_approvals').selectAll().where('transaction_id', '=', id).executeTakeFirst()
  const approval = a ? approvalFromRow(a) : null
  const supersededBy = (await supersessionOf(ctx.db, id))?.supersededBy ?? null
  return { ...transactionFromRow(r, ctx.j), approvalStatus: approvalStatusOf(r.verdict, approval, supersededBy), approval, supersededBy }
}

export async function listTransactions(ctx: StoreContext, options: PageOptions & { approvalStatus?: ApprovalStatus; isOnHold?: boolean } = {}): Promise<Page<TransactionSummaryWithApproval>> {
  const limit = pageSize(options.limit)
  const after = decodeCursor(options.cursor)
  let q = ctx.db
    .selectFrom('transactions as t')
    .leftJoin('transaction_approvals as a', 'a.transaction_id', 't.id')
    .leftJoin('transaction_supersessions as s', 's.transaction_id', 't.id')
    .select('s.superseded_by as s_superseded_by')
    .select(['t.id', 't.reference', 't.as_of', 't.regime', 't.verdict', 't.rules_version', 't.list_snapshots', 't.party_ids', 't.recorded_at', 't.recorded_by', 't.deal_item', 't.deal_quantity', 't.deal_destination', 't.deal_end_user'])
    .select([
      'a.transaction_id as a_transaction_id',
      'a.decision as a_decision',
      'a.reason as a_reason',
      'a.license_id as a_license_id',
      'a.license_number as a_license_number',
      'a.verdict as a_verdict',
      'a.decided_by as a_decided_by',
      'a.decided_at as a_decided_at',
    ])
    .orderBy('t.id')
    .limit(limit + 1)
  const needing = [...VERDICTS_NEEDING_APPROVAL]
  switch (options.approvalStatus) {
    case undefined:
      break
    case 'approved':
    case 'rejected':
      q = q.where('a.decision', '=', options.approvalStatus)
      break
    case 'pending':
      q = q.where('a.transaction_id', 'is', null).where('s.transaction_id', 'is', null).where('t.verdict', 'in', needing)
      break
    case 'superseded':
      q = q.where('a.transaction_id', 'is', null).where('s.transaction_id', 'is not', null)
      break
    case 'prohibited':
      q = q.where('s.transaction_id', 'is', null).where('t.verdict', '=', 'PROHIBITED')
      break
    case 'not-required':
      q = q.where('s.transaction_id', 'is', null).where('t.verdict', 'not in', [...needing, 'PROHIBITED'])
      break
    default:
      throw new AppError('VALIDATION_FAILED', { detail: `approvalStatus "${String(options.approvalStatus)}" is not known`, issues: [{ path: 'approvalStatus', message: 'not a known approval status' }] })
  }
  // on hold: a hold placed by a list change or by unreviewed hits at recording, and not released (whatever the approval: an approved one ships nothing)
  if (options.isOnHold) q = q.where('t.id', 'in', ctx.db.selectFrom('transaction_holds').select('transaction_id').where('released_at', 'is', null))
  if (after !== null) q = q.where('t.id', '>', after)
  return toPage(await q.execute(), limit, (r) => r.id, (r) => {
    const approval =
      r.a_transaction_id === null
        ? null
        : approvalFromRow({ transaction_id: r.a_transaction_id, decision: r.a_decision!, reason: r.a_reason!, license_id: r.a_license_id, license_number: r.a_license_number, verdict: r.a_verdict!, decided_by: r.a_decided_by!, decided_at: r.a_decided_at! })
    const supersededBy = r.s_superseded_by ?? null
    return { ...summaryFromRow(r, ctx.j), ...dealFromRow(r), approvalStatus: approvalStatusOf(r.verdict, approval, supersededBy), approval, supersededBy }
  })
}

/**
 * Why a licence does not cover a transaction (empty when it does): its validity against the transaction's date, its
 * destinations, its ECCNs against the item's. The approval check, and the shipment check of a transaction approved
 * with no licence named while that was still allowed (licenses.ts, checkShipmentHold).
 */
export async function approveTransaction(ctx: StoreContext, input: ApproveTransactionInput): Promise<TransactionApproval> {
  const a = parse(ApproveTransactionInputSchema, input)
  if (a.decision === 'rejected' && a.licenseId !== undefined) {
    throw new AppError('VALIDATION_FAILED', { detail: 'a rejection names no licence', issues: [{ path: 'licenseId', message: 'only an approval is tied to a licence' }] })
  }
  return ctx.write(a.actor, async (w) => {
    const t = await w.db.selectFrom('transactions').select(['id', 'verdict', 'as_of', 'recorded_by']).where('id', '=', a.transactionId).executeTakeFirst()
    if (!t) throw notFound('transaction', a.transactionId)
    if (ctx.fourEyes && t.recorded_by === a.actor) {
      throw new AppError('FOUR_EYES_REQUIRED', { detail: `transaction ${t.id} was recorded by ${a.actor}: another user or key decides on it (the four-eyes rule)`, transactionId: t.id, recordedBy: t.recorded_by })
    }
    const done = await w.db.selectFrom('transaction_approvals').selectAll().where('transaction_id', '=', t.id).executeTakeFirst()
    if (done) {
      throw new AppError('APPROVAL_ALREADY_DECIDED', { detail: `transaction ${t.id} was already ${done.decision} by ${done.decided_by} at ${done.decided_at}; decisions are final`, decision: done.decision, decidedBy: done.decided_by, decidedAt: done.decided_at })
    }
    const superseded = await supersessionOf(w.db, t.id)
    if (superseded) throw supersededError(t.id, superseded, `it is ${a.decision === 'approved' ? 'approved' : 'rejected'} no more: decide on the transaction that replaces it`)
    if (t.verdict === 'PROHIBITED' || (needsApproval(t.verdict) && a.decision === 'approved')) await refusePendingHits(w.db, ctx.j, t.id, t.verdict)
    if (t.verdict === 'PROHIBITED') throw new AppError('TRANSACTION_PROHIBITED', { detail: `transaction ${t.id} is prohibited: it can be neither approved nor rejected`, verdict: t.verdict })
    if (!needsApproval(t.verdict)) throw new AppError('APPROVAL_NOT_REQUIRED', { detail: `transaction ${t.id} has the verdict ${t.verdict}: only ${VERDICTS_NEEDING_APPROVAL.join(' or ')} is approved`, verdict: t.verdict })
    // an approval is what lets shipments go: one that names no licence would let a transaction that needs a
    // licence ship under any licence at all, even one the check below refuses (a licence exception needs none)
    if (a.decision === 'approved' && t.verdict === 'LICENSE_REQUIRED' && a.licenseId === undefined) {
      throw new AppError('APPROVAL_NEEDS_LICENSE', {
        detail: `transaction ${t.id} has the verdict LICENSE_REQUIRED: approve it under the recorded licence that covers it (licenseId), or reject it`,
        transactionId: t.id,
        verdict: t.verdict,
        issues: [{ path: 'licenseId', message: 'name the recorded licence that covers this transaction (it needs a licence)' }],
      })
    }

    let license: License | null = null
    if (a.licenseId !== undefined) {
      const l = await w.db.selectFrom('licenses').selectAll().where('id', '=', a.licenseId).executeTakeFirst()
      if (!l) throw notFound('licence', a.licenseId)
      license = licenseFromRow(l, ctx.j)
      // what the determination says about the transaction (kept whole as written)
      const tr = await w.db.selectFrom('transactions').select('result').where('id', '=', t.id).executeTakeFirstOrThrow()
      const gaps = licenseCoverGaps(license, t.as_of, JSON.parse(tr.result) as Pick<DeterminationResult, 'to' | 'item' | 'quantity' | 'parties'>, { partyNames: await licensePartyNames(w.db, license) })
      if (gaps.length > 0) {
        throw new AppError('LICENSE_DOES_NOT_COVER', { detail: `licence ${license.number} does not cover transaction ${t.id}: ${gaps.join('; ')}`, licenseId: license.id, transactionId: t.id, problems: gaps })
      }
    }

    const row: Row<'transaction_approvals'> = {
      transaction_id: t.id,
      decision: a.decision,
      reason: a.reason,
      license_id: license?.id ?? null,
      license_number: license?.number ?? null,
      verdict: t.verdict,
      decided_by: a.actor,
      decided_at: w.at,
    }
    await w.db.insertInto('transaction_approvals').values(row).execute()
    const approval = approvalFromRow(row)
    const data = { verdict: t.verdict, licenseId: row.license_id, reason: a.reason }
    w.audit(
      a.decision === 'approved'
        ? { action: 'transaction.approved', entityType: 'transaction-approval', entityId: t.id, beforeHash: null, afterHash: rowHash(approval), data }
        : { action: 'transaction.rejected', entityType: 'transaction-approval', entityId: t.id, beforeHash: null, afterHash: rowHash(approval), data },
    )
    return approval
  })
}

/**
 * HIT_REVIEW_PENDING when the stored answer holds a match of its parties (or of their owners) no review decided
 * (transaction-hits.ts): an approval would pass over it, and a PROHIBITED verdict that rests on it is not final. The
 * problem tells a **licence-relevant hit pending** (a requirement of the answer rests on it: it holds if confirmed)
 * from a **red flag pending** (a match that sets no requirement — a list whose match is a red flag only, a
 * jurisdiction the organisation is not bound by, an owner below the Affiliates Rule's share): both hold an approval,
 * since a red flag is resolved before the export goes ahead (15 CFR Part 732, Supp. 3, "Know your customer"), but a
 * red flag alone does not keep a PROHIBITED answer from being final. Names each hit, with its open hit in the review
 * queue when there is one (one decided since the answer asks for a re-check).
 */
async function refusePendingHits(db: StoreContext['db'], j: J, transactionId: string, verdict: string): Promise<void> {
  const tr = await db.selectFrom('transactions').select(['result', 'party_ids']).where('id', '=', transactionId).executeTakeFirstOrThrow()
  const all = pendingHitsOf(JSON.parse(tr.result) as DeterminationResult)
  const licenceRelevant = all.filter((h) => h.kind === 'licence-relevant')
  const pending = verdict === 'PROHIBITED' ? licenceRelevant : all
  if (pending.length === 0) return
  const partyIds = fromJson<string[]>(tr.party_ids, j)
  const open = partyIds.length === 0 ? [] : await db.selectFrom('screening_hits').select(['id', 'list', 'entry_id', 'party_id']).where('party_id', 'in', partyIds).where('status', '=', 'open').orderBy('id').execute()
  const hits = pending.map((p) => ({ ...p, hitId: open.find((o) => o.list === p.list && o.entry_id === p.entryId)?.id ?? null }))
  const said = (h: (typeof hits)[number]) => `${h.matchedVia ? `${h.matchedVia.name} (owner of ${h.name}, ${h.role})` : `${h.name} (${h.role})`} ~ ${h.list.toUpperCase()} "${h.primaryName}" (${h.entryId}, score ${h.score.toFixed(2)}; ${h.hitId ? `open hit ${h.hitId}` : 'reviewed since: re-check'})`
  const count = (n: number) => (n === 1 ? 'a screening hit' : `${n} screening hits`)
  const relevant = hits.filter((h) => h.kind === 'licence-relevant')
  const flags = hits.filter((h) => h.kind === 'red-flag')
  const parts = [
    ...(relevant.length > 0 ? [`licence-relevant hit pending: the answer rests on ${count(relevant.length)} no one reviewed (${relevant.map(said).join('; ')})`] : []),
    ...(flags.length > 0 ? [`red flag pending: ${count(flags.length)} that set${flags.length === 1 ? 's' : ''} no licence requirement but must be resolved before a decision (${flags.map(said).join('; ')})`] : []),
  ]
  throw new AppError('HIT_REVIEW_PENDING', {
    detail: `transaction ${transactionId} (${verdict}): ${parts.join('; ')}. Clear or confirm ${hits.length === 1 ? 'it' : 'them'} in the review queue, then re-check the transaction (POST /v1/transactions/${transactionId}/recheck): the new determination is decided`,
    transactionId,
    verdict,
    licenceRelevant: relevant.length,
    redFlags: flags.length,
    hits,
  })
}
