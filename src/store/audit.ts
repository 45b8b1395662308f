/** The audit trail: listing events and verifying the chain and every audited row. */
import type { Kysely } from 'kysely'
import { AuditEventSchema, type AuditEvent, type AuditedEntity } from '../records/audit-events.js'
import { checkChain, GENESIS_HASH, rowHash } from '../records/hash-chain.js'
import { type AuditProblemKind, type AuditVerification, type ListAuditEventsOptions, type Page } from '../records/records-store.js'
import { fromJson } from './json.js'
import type { Database } from './schema.js'
import { type J, type Row, type StoreContext } from './store-context.js'
import { decodeCursor, pageSize, toPage } from './paging.js'
import { partyFromRow } from './parties.js'
import { runFromRow, hitFromRow, goodGuyFromRow } from './screenings.js'
import { transactionHashRecord, approvalFromRow } from './transactions.js'
import { licenseFromRow, shipmentFromRow } from './licenses.js'
import { allocationFromRow } from './allocations.js'
import { blobRecordFromRow, documentFromRow } from './documents.js'
import { techAccessFromRow } from './tech-access.js'
import { apiKeyFromRow } from './api-keys.js'

export const eventFromRow = (r: Row<'audit_events'>, j: J): AuditEvent =>
  ({
    seq: Number(r.seq),
    at: r.at,
    actor: r.actor,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    beforeHash: r.before_hash,
    afterHash: r.after_hash,
    data: fromJson(r.data, j),
    prevHash: r.prev_hash,
    hash: r.hash,
  }) as AuditEvent

/** Every audited table: its entity type, key column and the record its row hash is taken over. */
export const AUDITED_TABLES: { entity: AuditedEntity; table: keyof Database; key: string; toRecord: (r: any, j: J) => unknown }[] = [
  { entity: 'party', table: 'parties', key: 'id', toRecord: partyFromRow },
  { entity: 'screening-run', table: 'screening_runs', key: 'id', toRecord: runFromRow },
  { entity: 'screening-hit', table: 'screening_hits', key: 'id', toRecord: hitFromRow },
  { entity: 'good-guy', table: 'good_guys', key: 'id', toRecord: goodGuyFromRow },
  { entity: 'transaction', table: 'transactions', key: 'id', toRecord: transactionHashRecord },
  { entity: 'transaction-approval', table: 'transaction_approvals', key: 'transaction_id', toRecord: approvalFromRow },
  { entity: 'license', table: 'licenses', key: 'id', toRecord: licenseFromRow },
  { entity: 'shipment', table: 'shipments', key: 'id', toRecord: shipmentFromRow },
  { entity: 'allocation', table: 'allocations', key: 'id', toRecord: allocationFromRow },
  { entity: 'blob', table: 'blobs', key: 'sha256', toRecord: blobRecordFromRow },
  { entity: 'document', table: 'documents', key: 'id', toRecord: documentFromRow },
  { entity: 'tech-access', table: 'tech_access', key: 'id', toRecord: techAccessFromRow },
  { entity: 'api-key', table: 'api_keys', key: 'id', toRecord: apiKeyFromRow },
]

export async function listAuditEvents(ctx: StoreContext, options: ListAuditEventsOptions = {}): Promise<Page<AuditEvent>> {
  const limit = pageSize(options.limit)
  const after = decodeCursor(options.cursor)
  let q = ctx.db.selectFrom('audit_events').selectAll().orderBy('seq').limit(limit + 1)
  if (options.entityType !== undefined) q = q.where('entity_type', '=', options.entityType)
  if (options.entityId !== undefined) q = q.where('entity_id', '=', options.entityId)
  if (after !== null) q = q.where('seq', '>', Number(after))
  return toPage(await q.execute(), limit, (r) => Number(r.seq), (r) => eventFromRow(r, ctx.j))
}

export async function verifyAudit(ctx: StoreContext): Promise<AuditVerification> {
  const problems: AuditVerification['problems'] = []
  const add = (kind: AuditProblemKind, detail: string, extra: { table?: string; entityId?: string; eventSeq?: number } = {}) => {
    if (problems.length < 100) problems.push({ kind, detail, ...extra })
  }
  let firstBadEventId: number | undefined
  // 1. the chain, page by page; the latest after-hash of each entity
  const latest = new Map<string, string | null>()
  let prev = { seq: 0, hash: GENESIS_HASH }
  let checked = 0
  let isChainOk = true
  const PAGE = 5000
  for (;;) {
    const rows = await ctx.db.selectFrom('audit_events').selectAll().where('seq', '>', prev.seq).orderBy('seq').limit(PAGE).execute()
    if (rows.length === 0) break
    const events: AuditEvent[] = []
    for (const r of rows) {
      const e = eventFromRow(r, ctx.j)
      const ok = AuditEventSchema.safeParse(e)
      if (!ok.success && isChainOk) {
        isChainOk = false
        firstBadEventId = e.seq
        add('event-edited', `event ${e.seq} is not a valid audit event`, { eventSeq: e.seq })
      }
      events.push(e)
      latest.set(`${e.entityType}\u0000${e.entityId}`, e.afterHash)
    }
    checked += events.length
    if (isChainOk) {
      const c = checkChain(events, prev)
      if (!c.ok) {
        isChainOk = false
        firstBadEventId = c.seq
        add(c.kind, c.detail, { eventSeq: c.seq })
      }
    }
    const last = events[events.length - 1]!
    prev = { seq: last.seq, hash: last.hash }
  }
  const head = await ctx.db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst()
  if (!head || Number(head.seq) !== prev.seq || head.hash !== prev.hash) {
    add('head-mismatch', `the chain ends at event ${prev.seq} but its head says ${head ? Number(head.seq) : 'nothing'}: events were deleted or added at the end`, { eventSeq: prev.seq })
    if (firstBadEventId === undefined) firstBadEventId = Math.min(prev.seq, head ? Number(head.seq) : prev.seq) + 1
  }

  // 2. every row of every audited table against the latest after-hash of its entity
  let rowsChecked = 0
  const seen = new Set<string>()
  const anyDb = ctx.db as unknown as Kysely<any>
  for (const t of AUDITED_TABLES) {
    let after: string | null = null
    for (;;) {
      let q = anyDb.selectFrom(t.table).selectAll().orderBy(t.key).limit(t.table === 'blobs' ? 50 : 1000)
      if (after !== null) q = q.where(t.key, '>', after)
      const rows: Record<string, unknown>[] = await q.execute()
      if (rows.length === 0) break
      for (const r of rows) {
        const id = String(r[t.key])
        const k = `${t.entity}\u0000${id}`
        seen.add(k)
        rowsChecked++
        const expected = latest.get(k)
        if (expected === undefined) add('row-inserted', `${t.table} row ${id} has no audit event: it was inserted outside chipnav`, { table: t.table, entityId: id })
        else if (expected === null) add('row-inserted', `${t.table} row ${id} was deleted according to the audit trail but exists`, { table: t.table, entityId: id })
        else if (rowHash(t.toRecord(r, ctx.j)) !== expected) add('row-edited', `${t.table} row ${id} does not match its last audited state: it was edited outside chipnav`, { table: t.table, entityId: id })
      }
      after = String(rows[rows.length - 1]![t.key])
    }
  }
  for (const [k, h] of latest) {
    if (h !== null && !seen.has(k)) {
      const [entity, id] = k.split('\u0000') as [string, string]
      add('row-deleted', `${entity} ${id} is in the audit trail but its row is gone: it was deleted outside chipnav`, { table: entity, entityId: id })
    }
  }
  const first = problems[0]
  return {
    ok: problems.length === 0,
    checked,
    rowsChecked,
    ...(firstBadEventId !== undefined ? { firstBadEventId } : {}),
    ...(first ? { problem: first.detail } : {}),
    head: { seq: prev.seq, hash: prev.hash },
    problems,
  }
}
