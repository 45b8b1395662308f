/** Documents: content-addressed blobs, retention (15 CFR 762.6), legal hold, certificate alerts. */
import { AppError } from '../shared/errors.js'
import { sha256Hex } from '../shared/hash.js'
import { rowHash } from '../records/hash-chain.js'
import {
  AddDocumentInputSchema,
  SetLegalHoldInputSchema,
  type Actor,
  type AddDocumentInput,
  type DocumentAlert,
  type DocumentKind,
  type DocumentRecord,
  type Page,
  type PageOptions,
  type SetLegalHoldInput,
} from '../records/records-store.js'
import { fromJson, toJson } from './json.js'
import { newId, notFound, parse, type J, type Row, type StoreContext } from './store-context.js'
import { decodeCursor, pageSize, toPage } from './paging.js'
import { addDays, addYears, checkDate, dayNumber, daysBetween, laterDate } from './dates.js'

export const blobRecordFromRow = (r: Row<'blobs'>) => ({ sha256: r.sha256, size: Number(r.size), createdAt: r.created_at, contentSha256: sha256Hex(r.bytes) })

export const documentFromRow = (r: Row<'documents'>, j: J): DocumentRecord => ({
  id: r.id,
  kind: r.kind as DocumentKind,
  sha256: r.sha256,
  size: Number(r.size),
  filename: r.filename,
  mediaType: r.media_type,
  partyId: r.party_id,
  transactionId: r.transaction_id,
  licenseId: r.license_id,
  eventOn: r.event_on as DocumentRecord['eventOn'],
  expiresOn: r.expires_on as DocumentRecord['expiresOn'],
  verification: fromJson(r.verification, j) ?? null,
  isOnLegalHold: Number(r.is_on_legal_hold) === 1,
  note: r.note,
  createdAt: r.created_at,
  createdBy: r.created_by,
})

export async function addDocument(ctx: StoreContext, input: AddDocumentInput): Promise<DocumentRecord> {
  const d = parse(AddDocumentInputSchema, input)
  const sha256 = sha256Hex(d.bytes)
  return ctx.write(d.actor, async (w) => {
    // the records a document supports must exist (NOT_FOUND), checked in the write
    const links = [
      ['party', 'parties', d.partyId],
      ['transaction', 'transactions', d.transactionId],
      ['licence', 'licenses', d.licenseId],
    ] as const
    for (const [what, table, id] of links) {
      if (id !== undefined && !(await w.db.selectFrom(table).select('id').where('id', '=', id).executeTakeFirst())) throw notFound(what, id)
    }
    const blob = await w.db.selectFrom('blobs').select('sha256').where('sha256', '=', sha256).executeTakeFirst()
    if (!blob) {
      const b: Row<'blobs'> = { sha256, size: d.bytes.byteLength, bytes: Buffer.from(d.bytes.buffer, d.bytes.byteOffset, d.bytes.byteLength), created_at: w.at }
      await w.db.insertInto('blobs').values(b).execute()
      w.audit({ action: 'blob.added', entityType: 'blob', entityId: sha256, beforeHash: null, afterHash: rowHash({ sha256, size: b.size, createdAt: w.at, contentSha256: sha256 }), data: null })
    }
    const row: Row<'documents'> = {
      id: newId('doc'),
      kind: d.kind,
      sha256,
      size: d.bytes.byteLength,
      filename: d.filename ?? null,
      media_type: d.mediaType,
      party_id: d.partyId ?? null,
      transaction_id: d.transactionId ?? null,
      license_id: d.licenseId ?? null,
      event_on: d.eventOn,
      expires_on: d.expiresOn ?? null,
      verification: d.verification === undefined ? null : toJson(d.verification),
      is_on_legal_hold: d.isOnLegalHold ? 1 : 0,
      note: d.note ?? null,
      created_at: w.at,
      created_by: d.actor,
    }
    await w.db.insertInto('documents').values(row).execute()
    const doc = documentFromRow(row, false)
    w.audit({ action: 'document.added', entityType: 'document', entityId: row.id, beforeHash: null, afterHash: rowHash(doc), data: { sha256 } })
    return doc
  })
}

export async function getDocument(ctx: StoreContext, id: string): Promise<{ document: DocumentRecord; bytes: Uint8Array }> {
  const r = await ctx.db.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirst()
  if (!r) throw notFound('document', id)
  const b = await ctx.db.selectFrom('blobs').select('bytes').where('sha256', '=', r.sha256).executeTakeFirst()
  if (!b) throw new AppError('INTERNAL', { detail: `the content ${r.sha256} of document ${id} is missing` })
  return { document: documentFromRow(r, ctx.j), bytes: new Uint8Array(b.bytes) }
}

export async function listDocuments(ctx: StoreContext, options: PageOptions & { kind?: DocumentKind; partyId?: string; transactionId?: string } = {}): Promise<Page<DocumentRecord>> {
  const limit = pageSize(options.limit)
  const after = decodeCursor(options.cursor)
  let q = ctx.db.selectFrom('documents').selectAll().orderBy('id').limit(limit + 1)
  if (options.kind !== undefined) q = q.where('kind', '=', options.kind)
  if (options.partyId !== undefined) q = q.where('party_id', '=', options.partyId)
  if (options.transactionId !== undefined) q = q.where('transaction_id', '=', options.transactionId)
  if (after !== null) q = q.where('id', '>', after)
  return toPage(await q.execute(), limit, (r) => r.id, (r) => documentFromRow(r, ctx.j))
}

/** 15 CFR 762.6: kept five years from the latest of the export, re-export, transshipment, diversion or other end of the transaction. */
export async function deleteDocument(ctx: StoreContext, input: { id: string; asOf: string; actor: Actor }): Promise<{ retainUntil: string }> {
  checkDate(input.asOf, 'asOf')
  // never later than the store's own clock: a caller cannot move past retention with a future date
  const today = ctx.now().slice(0, 10)
  const asOf = dayNumber(input.asOf) < dayNumber(today) ? input.asOf : today
  return ctx.write(input.actor, async (w) => {
    const r = await w.db.selectFrom('documents').selectAll().where('id', '=', input.id).executeTakeFirst()
    if (!r) throw notFound('document', input.id)
    let latest = r.event_on
    if (r.transaction_id !== null) {
      const t = await w.db.selectFrom('transactions').select('as_of').where('id', '=', r.transaction_id).executeTakeFirst()
      if (t) latest = laterDate(latest, t.as_of)
    }
    if (r.transaction_id !== null || r.license_id !== null) {
      let q = w.db.selectFrom('shipments').select((eb) => eb.fn.max('shipped_on').as('last'))
      q = q.where((eb) => {
        const ors = []
        if (r.transaction_id !== null) ors.push(eb('transaction_id', '=', r.transaction_id))
        if (r.license_id !== null) ors.push(eb('license_id', '=', r.license_id))
        return eb.or(ors)
      })
      const s = await q.executeTakeFirst()
      const last = s?.last as string | null | undefined
      if (last) latest = laterDate(latest, last)
    }
    const retainUntil = addYears(latest, 5)
    if (Number(r.is_on_legal_hold) === 1) throw new AppError('RETENTION_ACTIVE', { detail: `document ${r.id} is on legal hold (an agency asked for it, 15 CFR 762.6(b)) and cannot be deleted`, isOnLegalHold: true, retainUntil, latestEvent: latest })
    if (dayNumber(asOf) < dayNumber(retainUntil)) throw new AppError('RETENTION_ACTIVE', { detail: `document ${r.id} must be kept until ${retainUntil} (five years from ${latest}, 15 CFR 762.6)`, retainUntil, latestEvent: latest })
    await w.db.deleteFrom('documents').where('id', '=', r.id).execute()
    w.audit({ action: 'document.deleted', entityType: 'document', entityId: r.id, beforeHash: rowHash(documentFromRow(r, ctx.j)), afterHash: null, data: { retainUntil } })
    const other = await w.db.selectFrom('documents').select('id').where('sha256', '=', r.sha256).limit(1).executeTakeFirst()
    if (!other) {
      const b = await w.db.selectFrom('blobs').selectAll().where('sha256', '=', r.sha256).executeTakeFirst()
      if (b) {
        await w.db.deleteFrom('blobs').where('sha256', '=', r.sha256).execute()
        w.audit({ action: 'blob.deleted', entityType: 'blob', entityId: r.sha256, beforeHash: rowHash(blobRecordFromRow(b)), afterHash: null, data: null })
      }
    }
    return { retainUntil }
  })
}

/** 15 CFR 762.6(b): a record an agency asked for is kept (never deleted) until the hold is lifted. */
export async function setLegalHold(ctx: StoreContext, input: SetLegalHoldInput): Promise<DocumentRecord> {
  const h = parse(SetLegalHoldInputSchema, input)
  return ctx.write(h.actor, async (w) => {
    const r = await w.db.selectFrom('documents').selectAll().where('id', '=', h.documentId).executeTakeFirst()
    if (!r) throw notFound('document', h.documentId)
    const before = documentFromRow(r, ctx.j)
    if (before.isOnLegalHold === h.isOnLegalHold) {
      throw new AppError('CONFLICT', { detail: h.isOnLegalHold ? `document ${r.id} is already on legal hold` : `document ${r.id} is not on legal hold`, isOnLegalHold: before.isOnLegalHold })
    }
    await w.db.updateTable('documents').set({ is_on_legal_hold: h.isOnLegalHold ? 1 : 0 }).where('id', '=', r.id).execute()
    const after: DocumentRecord = { ...before, isOnLegalHold: h.isOnLegalHold }
    const hashes = { entityType: 'document' as const, entityId: r.id, beforeHash: rowHash(before), afterHash: rowHash(after), data: { reason: h.reason } }
    w.audit(h.isOnLegalHold ? { action: 'document.legal-hold-placed', ...hashes } : { action: 'document.legal-hold-lifted', ...hashes })
    return after
  })
}

export async function listDocumentAlerts(ctx: StoreContext, input: { asOf: string; withinDays?: number }): Promise<DocumentAlert[]> {
  checkDate(input.asOf, 'asOf')
  const withinDays = input.withinDays ?? 30
  if (!Number.isInteger(withinDays) || withinDays < 0 || withinDays > 3660) {
    throw new AppError('VALIDATION_FAILED', { detail: 'withinDays must be a whole number of days from 0 to 3660', issues: [{ path: 'withinDays', message: 'expected an integer from 0 to 3660' }] })
  }
  const horizon = addDays(input.asOf, withinDays)
  const rows = await ctx.db
    .selectFrom('documents')
    .leftJoin('parties', 'parties.id', 'documents.party_id')
    .select(['documents.id as id', 'documents.expires_on as expires_on', 'documents.filename as filename', 'documents.party_id as party_id', 'parties.name as party_name'])
    .where('documents.kind', '=', 'end-user-certificate')
    .where('documents.expires_on', 'is not', null)
    .where('documents.expires_on', '<=', horizon)
    .orderBy('documents.expires_on')
    .orderBy('documents.id')
    .execute()
  return rows.map((r) => {
    const daysLeft = daysBetween(input.asOf, r.expires_on!)
    return { documentId: r.id, filename: r.filename, partyId: r.party_id, partyName: r.party_name ?? null, kind: r.expires_on! < input.asOf ? 'euc-expired' : 'euc-expiring', expiresOn: r.expires_on!, daysLeft }
  })
}
