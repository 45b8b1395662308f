/**
 * The RecordsStore over Kysely: one implementation for SQLite and PostgreSQL. Every write runs in one
 * database transaction that first takes the audit chain head (the write lock), does its changes, then
 * appends one hash-chained audit event per changed row and moves the head, and commits: a write and
 * its audit events are kept or lost together.
 */
import { randomBytes } from 'node:crypto'
import { sql, type Kysely, type Selectable } from 'kysely'
import type { z } from 'zod'
import { AppError } from '../shared/errors.js'
import { inputErrorFromZod } from '../shared/country-code.js'
import { sha256Hex } from '../shared/hash.js'
import { isIsoDate } from '../shared/iso-date.js'
import { AuditEventSchema, type AuditEvent, type AuditEventDraft, type AuditedEntity } from '../records/audit-events.js'
import { checkChain, eventHash, GENESIS_HASH, rowHash } from '../records/hash-chain.js'
import { hashApiKey } from '../records/api-key-hash.js'
import {
  ActorSchema,
  AddDocumentInputSchema,
  ApproveTransactionInputSchema,
  approvalStatusOf,
  needsApproval,
  VERDICTS_NEEDING_APPROVAL,
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  NewLicenseSchema,
  NewPartySchema,
  RecordAllocationInputSchema,
  RecordDeterminationInputSchema,
  RecordScreeningInputSchema,
  RecordShipmentInputSchema,
  RecordTechAccessInputSchema,
  ReviewHitInputSchema,
  SetLegalHoldInputSchema,
  API_KEY_ROLES,
  type Actor,
  type AddDocumentInput,
  type Allocation,
  type AllocationLedgerQuery,
  type AllocationPeriod,
  type ApiKey,
  type ApiKeyRole,
  type ApprovalStatus,
  type ApproveTransactionInput,
  type AuditProblemKind,
  type AuditVerification,
  type DocumentAlert,
  type DocumentKind,
  type DocumentRecord,
  type HitStatus,
  type License,
  type ListAllocationsOptions,
  type ListAuditEventsOptions,
  type NewLicense,
  type NewParty,
  type Page,
  type PageOptions,
  type Party,
  type RecordAllocationInput,
  type RecordDeterminationInput,
  type RecordScreeningInput,
  type RecordShipmentInput,
  type RecordTechAccessInput,
  type RecordsStore,
  type ReviewHitInput,
  type ScreeningHitRecord,
  type ScreeningRun,
  type ScreeningRunWithHits,
  type SetLegalHoldInput,
  type Shipment,
  type StoredTransaction,
  type StoredTransactionWithApproval,
  type TechAccess,
  type TransactionApproval,
  type TransactionSummary,
  type TransactionSummaryWithApproval,
} from '../records/records-store.js'
import type { Ledger } from '../determination/transaction-schema.js'
import type { DeterminationResult } from '../determination/types.js'
import type { StoreCapabilities, StoreDialect } from './dialect.js'
import { fromJson, toJson } from './json.js'
import type { Database } from './schema.js'

type Db = Kysely<Database>
type Row<T extends keyof Database> = Selectable<Database[T]>

export type KyselyStoreOptions = {
  /** the clock for recordedAt / audit timestamps (ISO 8601 UTC) */
  now?: () => string
}

// ---------------------------------------------------------------- small helpers

function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input)
  if (!r.success) throw inputErrorFromZod('the record is not valid', r.error.issues)
  return r.data
}

let lastIdTime = 0
let idCounter = 0
/** Time-ordered ids: prefix, 12 hex of milliseconds, 4 hex of a per-millisecond counter, 16 hex random. */
export function newId(prefix: string): string {
  const t = Date.now()
  if (t === lastIdTime) idCounter++
  else {
    lastIdTime = t
    idCounter = 0
  }
  return `${prefix}_${t.toString(16).padStart(12, '0')}${(idCounter & 0xffff).toString(16).padStart(4, '0')}${randomBytes(8).toString('hex')}`
}

function encodeCursor(key: string | number): string {
  return Buffer.from(String(key), 'utf8').toString('base64url')
}
function decodeCursor(cursor: string | null | undefined): string | null {
  if (cursor === null || cursor === undefined || cursor === '') return null
  const s = Buffer.from(cursor, 'base64url').toString('utf8')
  if (s === '') throw new AppError('VALIDATION_FAILED', { detail: 'the cursor is not valid', issues: [{ path: 'cursor', message: 'not a cursor this API returned' }] })
  return s
}
function pageSize(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_PAGE_SIZE
  if (!Number.isInteger(limit) || limit < 1) throw new AppError('VALIDATION_FAILED', { detail: 'limit must be a positive integer', issues: [{ path: 'limit', message: 'expected a positive integer' }] })
  return Math.min(limit, MAX_PAGE_SIZE)
}
function toPage<R, T>(rows: R[], limit: number, key: (r: R) => string | number, map: (r: R) => T): Page<T> {
  const more = rows.length > limit
  const slice = more ? rows.slice(0, limit) : rows
  const last = slice[slice.length - 1]
  return { items: slice.map(map), nextCursor: more && last !== undefined ? encodeCursor(key(last)) : null }
}

/** `YYYY-MM-DD` + n years (29 February → 1 March when the target year has none). */
export function addYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(y + years, m - 1, d)).toISOString().slice(0, 10)
}
function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10)
}
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)
}

function subjectKeyOf(partyId: string | undefined, name: string, country: string | undefined): string {
  if (partyId !== undefined) return partyId
  return `name:${name.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim()}|${(country ?? '').toUpperCase()}`
}

function checkDate(value: string, path: string): void {
  if (!isIsoDate(value)) throw new AppError('INVALID_DATE', { detail: `${path} "${value}" is not a date: expected YYYY-MM-DD`, issues: [{ path, message: 'expected a date written YYYY-MM-DD' }] })
}

const notFound = (what: string, id: string) => new AppError('NOT_FOUND', { detail: `no ${what} has id ${id}`, entity: what, id })
const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v))

function isSqliteBusy(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code
  return typeof code === 'string' && (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_'))
}

// ---------------------------------------------------------------- row → record mappers (the same for write-time hashing and verify)

type J = boolean // whether JSON columns come already parsed

const partyFromRow = (r: Row<'parties'>, j: J): Party => ({
  id: r.id,
  name: r.name,
  country: r.country,
  headquarters: r.headquarters,
  ultimateParent: fromJson(r.ultimate_parent, j) ?? null,
  ownership: fromJson(r.ownership, j),
  identifiers: fromJson(r.identifiers, j),
  isBlocked: Number(r.is_blocked) === 1,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
})

const runFromRow = (r: Row<'screening_runs'>, j: J): ScreeningRun => ({
  id: r.id,
  partyId: r.party_id,
  subjectKey: r.subject_key,
  query: fromJson(r.query, j),
  threshold: Number(r.threshold),
  snapshots: fromJson(r.snapshots, j),
  hitCount: Number(r.hit_count),
  recordedAt: r.recorded_at,
  recordedBy: r.recorded_by,
})

const hitFromRow = (r: Row<'screening_hits'>, j: J): ScreeningHitRecord => ({
  id: r.id,
  runId: r.run_id,
  partyId: r.party_id,
  subjectKey: r.subject_key,
  list: r.list,
  entryId: r.entry_id,
  entryHash: r.entry_hash,
  score: Number(r.score),
  primaryName: r.primary_name,
  matchedName: r.matched_name,
  snapshotSha256: r.snapshot_sha256,
  detail: fromJson(r.detail, j),
  status: r.status as HitStatus,
  statusSource: r.status_source as ScreeningHitRecord['statusSource'],
  reason: r.reason,
  reviewedBy: r.reviewed_by,
  reviewedAt: r.reviewed_at,
  createdAt: r.created_at,
})

const goodGuyFromRow = (r: Row<'good_guys'>) => ({
  id: r.id,
  subjectKey: r.subject_key,
  list: r.list,
  entryId: r.entry_id,
  entryHash: r.entry_hash,
  hitId: r.hit_id,
  reason: r.reason,
  clearedBy: r.cleared_by,
  clearedAt: r.cleared_at,
})

const summaryFromRow = (r: Omit<Row<'transactions'>, 'input' | 'result'>, j: J): TransactionSummary => ({
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
const transactionFromRow = (r: Row<'transactions'>, j: J): StoredTransaction => ({
  ...summaryFromRow(r, j),
  transaction: JSON.parse(r.input) as unknown,
  result: JSON.parse(r.result) as DeterminationResult,
})
/** What a transaction's row hash covers: its columns, and the sha256 of the stored transaction and answer text. */
const transactionHashRecord = (r: Row<'transactions'>, j: J) => ({ ...summaryFromRow(r, j), inputSha256: sha256Hex(r.input), resultSha256: sha256Hex(r.result) })

const approvalFromRow = (r: Row<'transaction_approvals'>): TransactionApproval => ({
  transactionId: r.transaction_id,
  decision: r.decision as TransactionApproval['decision'],
  reason: r.reason,
  licenseId: r.license_id,
  licenseNumber: r.license_number,
  verdict: r.verdict,
  decidedBy: r.decided_by,
  decidedAt: r.decided_at,
})

/** Whether a licence's ECCN names the transaction's: the same, or its parent entry ('3A090' names '3A090.a'). */
const eccnCovers = (licensed: string, eccn: string) => {
  const a = licensed.trim().toUpperCase()
  const b = eccn.trim().toUpperCase()
  return a === b || b.startsWith(`${a}.`)
}

/**
 * The hold a licence decision puts on a shipment linked to a transaction: a transaction that needs a
 * licence or a licence exception ships only once an approver approved it, and only against the licence
 * the approval names (when it names one); a rejected or PROHIBITED transaction never ships. Read inside
 * the shipment's write transaction, which holds the audit chain head, so no decision can slip in between
 * this check and the depletion.
 */
async function checkShipmentHold(db: Db, transactionId: string, license: License): Promise<void> {
  const t = await db.selectFrom('transactions').select(['id', 'verdict']).where('id', '=', transactionId).executeTakeFirst()
  if (!t) throw notFound('transaction', transactionId)
  const a = await db.selectFrom('transaction_approvals').selectAll().where('transaction_id', '=', t.id).executeTakeFirst()
  const approval = a ? approvalFromRow(a) : null
  const approvalStatus = approvalStatusOf(t.verdict, approval)
  const about = { transactionId: t.id, verdict: t.verdict, approvalStatus }
  switch (approvalStatus) {
    case 'not-required':
      return
    case 'prohibited':
      throw new AppError('SHIPMENT_PROHIBITED', { detail: `transaction ${t.id} is prohibited (verdict PROHIBITED): nothing may ship under it`, ...about })
    case 'pending':
      throw new AppError('APPROVAL_PENDING', { detail: `transaction ${t.id} has the verdict ${t.verdict} and awaits an approver's decision: record the approval (POST /v1/transactions/${t.id}/approval) before shipping`, ...about })
    case 'rejected':
      throw new AppError('TRANSACTION_REJECTED', { detail: `transaction ${t.id} was rejected by ${approval!.decidedBy} at ${approval!.decidedAt}: nothing may ship under it`, ...about, decidedBy: approval!.decidedBy, decidedAt: approval!.decidedAt })
    case 'approved':
      if (approval!.licenseId !== null && approval!.licenseId !== license.id) {
        throw new AppError('APPROVED_UNDER_OTHER_LICENSE', {
          detail: `transaction ${t.id} was approved under licence ${approval!.licenseNumber ?? approval!.licenseId}, not ${license.number}: ship it against that licence`,
          ...about,
          approvedLicenseId: approval!.licenseId,
          approvedLicenseNumber: approval!.licenseNumber,
          licenseId: license.id,
        })
      }
      return
  }
}

/** The years a Tier 2 allocation sum runs over: the period given (which must contain `year`), else `year` alone. */
function allocationPeriodOf(year: number, period: AllocationPeriod | undefined): AllocationPeriod {
  const p = period ?? { from: year, to: year }
  if (year < p.from || year > p.to) throw new AppError('VALIDATION_FAILED', { detail: `year ${year} is outside the allocation period ${p.from}-${p.to}`, issues: [{ path: 'period', message: `must contain the year ${year}` }] })
  return p
}

const licenseFromRow = (r: Row<'licenses'>, j: J): License => ({
  id: r.id,
  number: r.number,
  items: fromJson(r.items, j),
  eccns: fromJson(r.eccns, j),
  destinations: fromJson(r.destinations, j),
  parties: fromJson(r.parties, j),
  authorizedQuantity: r.authorized_quantity === null ? null : Number(r.authorized_quantity),
  authorizedValue: r.authorized_value === null ? null : Number(r.authorized_value),
  authorizedTpp: r.authorized_tpp === null ? null : Number(r.authorized_tpp),
  usedQuantity: Number(r.used_quantity),
  usedValue: Number(r.used_value),
  usedTpp: Number(r.used_tpp),
  validFrom: r.valid_from as License['validFrom'],
  validTo: r.valid_to as License['validTo'],
  conditions: fromJson(r.conditions, j),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
})

const shipmentFromRow = (r: Row<'shipments'>): Shipment => ({
  id: r.id,
  licenseId: r.license_id,
  transactionId: r.transaction_id,
  quantity: Number(r.quantity),
  value: Number(r.value),
  tpp: Number(r.tpp),
  shippedOn: r.shipped_on as Shipment['shippedOn'],
  destination: r.destination,
  consignee: r.consignee,
  recordedAt: r.recorded_at,
  recordedBy: r.recorded_by,
})

const allocationFromRow = (r: Row<'allocations'>): Allocation => ({
  id: r.id,
  kind: r.kind as Allocation['kind'],
  country: r.country,
  consignee: r.consignee,
  year: Number(r.year),
  tpp: Number(r.tpp),
  transactionId: r.transaction_id,
  recordedAt: r.recorded_at,
  recordedBy: r.recorded_by,
})

const blobRecordFromRow = (r: Row<'blobs'>) => ({ sha256: r.sha256, size: Number(r.size), createdAt: r.created_at, contentSha256: sha256Hex(r.bytes) })

const documentFromRow = (r: Row<'documents'>, j: J): DocumentRecord => ({
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

const techAccessFromRow = (r: Row<'tech_access'>): TechAccess => ({
  id: r.id,
  subject: r.subject,
  nationality: r.nationality,
  location: r.location,
  resource: r.resource,
  eccn: r.eccn,
  accessedAt: r.accessed_at,
  note: r.note,
  recordedAt: r.recorded_at,
  recordedBy: r.recorded_by,
})

const apiKeyFromRow = (r: Row<'api_keys'>): ApiKey => ({
  id: r.id,
  role: r.role as ApiKeyRole,
  label: r.label,
  keyHash: r.key_hash,
  prefix: r.prefix,
  createdAt: r.created_at,
  createdBy: r.created_by,
  revokedAt: r.revoked_at,
})

const eventFromRow = (r: Row<'audit_events'>, j: J): AuditEvent =>
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
const AUDITED_TABLES: { entity: AuditedEntity; table: keyof Database; key: string; toRecord: (r: any, j: J) => unknown }[] = [
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

// ---------------------------------------------------------------- the write transaction

type WriteContext = {
  db: Db
  /** the transaction's timestamp (every event and record of this write carries it) */
  at: string
  audit(draft: AuditEventDraft): void
}

const AUDIT_INSERT_CHUNK = 500

export class KyselyStore implements RecordsStore {
  readonly dialect: 'sqlite' | 'postgres'
  readonly #db: Db
  readonly #caps: StoreCapabilities
  readonly #j: boolean
  readonly #now: () => string

  constructor(dialect: StoreDialect, options: KyselyStoreOptions = {}) {
    this.dialect = dialect.name
    this.#db = dialect.db
    this.#caps = dialect.capabilities
    this.#j = dialect.capabilities.isJsonParsedByDriver
    this.#now = options.now ?? (() => new Date().toISOString())
  }

  /** Runs `fn` in one write transaction with the audit chain head locked; appends its audit events before commit. */
  async #write<T>(actor: Actor, fn: (w: WriteContext) => Promise<T>): Promise<T> {
    parse(ActorSchema, actor)
    try {
      return await this.#db.connection().execute(async (conn) => {
        await sql.raw(this.#caps.beginWriteSql).execute(conn)
        let isDone = false
        try {
          const headQuery = conn.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1)
          const head = await (this.#caps.supportsForUpdate ? headQuery.forUpdate() : headQuery).executeTakeFirstOrThrow()
          const at = this.#now()
          let seq = Number(head.seq)
          let hash = head.hash
          const rows: Database['audit_events'][] = []
          const ctx: WriteContext = {
            db: conn,
            at,
            audit: (draft) => {
              seq += 1
              const data = draft.data === null ? null : (JSON.parse(toJson(draft.data)) as AuditEvent['data'])
              const content = { seq, at, actor, action: draft.action, entityType: draft.entityType, entityId: draft.entityId, beforeHash: draft.beforeHash, afterHash: draft.afterHash, data } as Omit<AuditEvent, 'prevHash' | 'hash'>
              const h = eventHash(hash, content)
              rows.push({ seq, at, actor, action: draft.action, entity_type: draft.entityType, entity_id: draft.entityId, before_hash: draft.beforeHash, after_hash: draft.afterHash, data: data === null ? null : toJson(data), prev_hash: hash, hash: h })
              hash = h
            },
          }
          const result = await fn(ctx)
          for (let i = 0; i < rows.length; i += AUDIT_INSERT_CHUNK) {
            await conn.insertInto('audit_events').values(rows.slice(i, i + AUDIT_INSERT_CHUNK)).execute()
          }
          if (rows.length > 0) await conn.updateTable('audit_head').set({ seq, hash }).where('id', '=', 1).execute()
          await sql`commit`.execute(conn)
          isDone = true
          return result
        } finally {
          if (!isDone) await sql`rollback`.execute(conn).catch(() => undefined)
        }
      })
    } catch (e) {
      if (isSqliteBusy(e)) throw new AppError('STORE_BUSY', { detail: `the database stayed locked by another writer: ${(e as Error).message}` })
      throw e
    }
  }

  // ---------------------------------------------------------------- parties

  async createParty(input: NewParty & { actor: Actor }): Promise<Party> {
    const p = parse(NewPartySchema.extend({ actor: ActorSchema }), input)
    return this.#write(p.actor, async (w) => {
      const row: Row<'parties'> = {
        id: newId('pty'),
        name: p.name,
        country: p.country,
        headquarters: p.headquarters ?? null,
        ultimate_parent: p.ultimateParent === undefined ? null : toJson(p.ultimateParent),
        ownership: toJson(p.ownership),
        identifiers: toJson(p.identifiers),
        is_blocked: 0,
        created_at: w.at,
        updated_at: w.at,
      }
      await w.db.insertInto('parties').values(row).execute()
      const party = partyFromRow(row, false)
      w.audit({ action: 'party.created', entityType: 'party', entityId: row.id, beforeHash: null, afterHash: rowHash(party), data: null })
      return party
    })
  }

  async getParty(id: string): Promise<Party> {
    const r = await this.#db.selectFrom('parties').selectAll().where('id', '=', id).executeTakeFirst()
    if (!r) throw notFound('party', id)
    return partyFromRow(r, this.#j)
  }

  async listParties(options: PageOptions = {}): Promise<Page<Party>> {
    const limit = pageSize(options.limit)
    const after = decodeCursor(options.cursor)
    let q = this.#db.selectFrom('parties').selectAll().orderBy('id').limit(limit + 1)
    if (after !== null) q = q.where('id', '>', after)
    return toPage(await q.execute(), limit, (r) => r.id, (r) => partyFromRow(r, this.#j))
  }

  // ---------------------------------------------------------------- screening

  async recordScreening(input: RecordScreeningInput): Promise<ScreeningRunWithHits> {
    const s = parse(RecordScreeningInputSchema, input)
    const subjectKey = subjectKeyOf(s.partyId, s.query.name, s.query.country)
    return this.#write(s.actor, async (w) => {
      if (s.partyId !== undefined) {
        const p = await w.db.selectFrom('parties').select('id').where('id', '=', s.partyId).executeTakeFirst()
        if (!p) throw notFound('party', s.partyId)
      }
      const goodGuys = new Map<string, Row<'good_guys'>>()
      if (s.hits.length > 0) {
        for (const g of await w.db.selectFrom('good_guys').selectAll().where('subject_key', '=', subjectKey).execute()) goodGuys.set(`${g.list}\u0000${g.entry_id}`, g)
      }
      const runRow: Row<'screening_runs'> = {
        id: newId('scr'),
        party_id: s.partyId ?? null,
        subject_key: subjectKey,
        query: toJson(s.query),
        threshold: s.threshold,
        snapshots: toJson(s.snapshots),
        hit_count: s.hits.length,
        recorded_at: w.at,
        recorded_by: s.actor,
      }
      await w.db.insertInto('screening_runs').values(runRow).execute()
      const run = runFromRow(runRow, false)
      w.audit({ action: 'screening.recorded', entityType: 'screening-run', entityId: run.id, beforeHash: null, afterHash: rowHash(run), data: { hitCount: s.hits.length } })

      const hitRows: Row<'screening_hits'>[] = []
      for (const h of s.hits) {
        const gg = goodGuys.get(`${h.list}\u0000${h.entryId}`)
        let status: HitStatus = 'open'
        let statusSource: ScreeningHitRecord['statusSource'] = null
        let reason: string | null = null
        if (gg && gg.entry_hash === h.entryHash) {
          status = 'cleared'
          statusSource = 'good-guy'
          reason = `cleared earlier (hit ${gg.hit_id} by ${gg.cleared_by}): ${gg.reason}`
        } else if (gg) {
          statusSource = 'entry-changed'
          await w.db.deleteFrom('good_guys').where('id', '=', gg.id).execute()
          goodGuys.delete(`${h.list}\u0000${h.entryId}`)
          w.audit({ action: 'good-guy.removed', entityType: 'good-guy', entityId: gg.id, beforeHash: rowHash(goodGuyFromRow(gg)), afterHash: null, data: { reason: 'the list entry changed' } })
        }
        hitRows.push({
          id: newId('hit'),
          run_id: runRow.id,
          party_id: s.partyId ?? null,
          subject_key: subjectKey,
          list: h.list,
          entry_id: h.entryId,
          entry_hash: h.entryHash,
          score: h.score,
          primary_name: h.primaryName,
          matched_name: h.matchedName,
          snapshot_sha256: h.snapshotSha256 ?? null,
          detail: h.detail === undefined ? null : toJson(h.detail),
          status,
          status_source: statusSource,
          reason,
          reviewed_by: null,
          reviewed_at: null,
          created_at: w.at,
        })
      }
      for (let i = 0; i < hitRows.length; i += 200) await w.db.insertInto('screening_hits').values(hitRows.slice(i, i + 200)).execute()
      const hits = hitRows.map((r) => hitFromRow(r, false))
      for (const h of hits) w.audit({ action: 'hit.recorded', entityType: 'screening-hit', entityId: h.id, beforeHash: null, afterHash: rowHash(h), data: { status: h.status, statusSource: h.statusSource } })
      return { ...run, hits }
    })
  }

  async getScreeningRun(id: string): Promise<ScreeningRunWithHits> {
    const r = await this.#db.selectFrom('screening_runs').selectAll().where('id', '=', id).executeTakeFirst()
    if (!r) throw notFound('screening run', id)
    const hits = await this.#db.selectFrom('screening_hits').selectAll().where('run_id', '=', id).orderBy('id').execute()
    return { ...runFromRow(r, this.#j), hits: hits.map((h) => hitFromRow(h, this.#j)) }
  }

  async listScreeningRuns(options: PageOptions & { partyId?: string } = {}): Promise<Page<ScreeningRun>> {
    const limit = pageSize(options.limit)
    const after = decodeCursor(options.cursor)
    let q = this.#db.selectFrom('screening_runs').selectAll().orderBy('id').limit(limit + 1)
    if (options.partyId !== undefined) q = q.where('party_id', '=', options.partyId)
    if (after !== null) q = q.where('id', '>', after)
    return toPage(await q.execute(), limit, (r) => r.id, (r) => runFromRow(r, this.#j))
  }

  async listHits(options: PageOptions & { status?: HitStatus; partyId?: string } = {}): Promise<Page<ScreeningHitRecord>> {
    const limit = pageSize(options.limit)
    const after = decodeCursor(options.cursor)
    let q = this.#db.selectFrom('screening_hits').selectAll().where('status', '=', options.status ?? 'open').orderBy('id').limit(limit + 1)
    if (options.partyId !== undefined) q = q.where('party_id', '=', options.partyId)
    if (after !== null) q = q.where('id', '>', after)
    return toPage(await q.execute(), limit, (r) => r.id, (r) => hitFromRow(r, this.#j))
  }

  async reviewHit(input: ReviewHitInput): Promise<ScreeningHitRecord> {
    const v = parse(ReviewHitInputSchema, input)
    return this.#write(v.actor, async (w) => {
      const r = await w.db.selectFrom('screening_hits').selectAll().where('id', '=', v.hitId).executeTakeFirst()
      if (!r) throw notFound('screening hit', v.hitId)
      if (r.status !== 'open') throw new AppError('CONFLICT', { detail: `hit ${v.hitId} is ${r.status}, not open: only an open hit can be reviewed`, status: r.status })
      const before = hitFromRow(r, this.#j)
      const set = { status: v.decision, status_source: 'review', reason: v.reason, reviewed_by: v.actor, reviewed_at: w.at }
      await w.db.updateTable('screening_hits').set(set).where('id', '=', v.hitId).execute()
      const after: ScreeningHitRecord = { ...before, status: v.decision, statusSource: 'review', reason: v.reason, reviewedBy: v.actor, reviewedAt: w.at }
      w.audit({ action: 'hit.reviewed', entityType: 'screening-hit', entityId: r.id, beforeHash: rowHash(before), afterHash: rowHash(after), data: { decision: v.decision, reason: v.reason } })

      if (v.decision === 'cleared') {
        const existing = await w.db.selectFrom('good_guys').selectAll().where('subject_key', '=', r.subject_key).where('list', '=', r.list).where('entry_id', '=', r.entry_id).executeTakeFirst()
        if (existing) {
          await w.db.deleteFrom('good_guys').where('id', '=', existing.id).execute()
          w.audit({ action: 'good-guy.removed', entityType: 'good-guy', entityId: existing.id, beforeHash: rowHash(goodGuyFromRow(existing)), afterHash: null, data: { reason: 'replaced by a new clearance' } })
        }
        const gg: Row<'good_guys'> = { id: newId('gg'), subject_key: r.subject_key, list: r.list, entry_id: r.entry_id, entry_hash: r.entry_hash, hit_id: r.id, reason: v.reason, cleared_by: v.actor, cleared_at: w.at }
        await w.db.insertInto('good_guys').values(gg).execute()
        w.audit({ action: 'good-guy.created', entityType: 'good-guy', entityId: gg.id, beforeHash: null, afterHash: rowHash(goodGuyFromRow(gg)), data: { hitId: r.id } })
      } else if (r.party_id !== null) {
        const p = await w.db.selectFrom('parties').selectAll().where('id', '=', r.party_id).executeTakeFirst()
        if (p && Number(p.is_blocked) !== 1) {
          await w.db.updateTable('parties').set({ is_blocked: 1, updated_at: w.at }).where('id', '=', p.id).execute()
          const pb = partyFromRow(p, this.#j)
          w.audit({ action: 'party.blocked', entityType: 'party', entityId: p.id, beforeHash: rowHash(pb), afterHash: rowHash({ ...pb, isBlocked: true, updatedAt: w.at }), data: { hitId: r.id } })
        }
      }
      return after
    })
  }

  async reopenChangedHits(input: { entries: { list: string; entryId: string; entryHash: string }[]; actor: Actor }): Promise<ScreeningHitRecord[]> {
    const wanted = new Map(input.entries.map((e) => [`${e.list}\u0000${e.entryId}`, e.entryHash]))
    if (wanted.size === 0) return []
    return this.#write(input.actor, async (w) => {
      const ids = [...new Set(input.entries.map((e) => e.entryId))]
      const stale: Row<'good_guys'>[] = []
      for (let i = 0; i < ids.length; i += 500) {
        for (const g of await w.db.selectFrom('good_guys').selectAll().where('entry_id', 'in', ids.slice(i, i + 500)).execute()) {
          const h = wanted.get(`${g.list}\u0000${g.entry_id}`)
          if (h !== undefined && h !== g.entry_hash) stale.push(g)
        }
      }
      const reopened: ScreeningHitRecord[] = []
      for (const g of stale) {
        const newHash = wanted.get(`${g.list}\u0000${g.entry_id}`)!
        await w.db.deleteFrom('good_guys').where('id', '=', g.id).execute()
        w.audit({ action: 'good-guy.removed', entityType: 'good-guy', entityId: g.id, beforeHash: rowHash(goodGuyFromRow(g)), afterHash: null, data: { reason: 'the list entry changed' } })
        const r = await w.db.selectFrom('screening_hits').selectAll().where('id', '=', g.hit_id).executeTakeFirst()
        if (!r || r.status !== 'cleared') continue
        const before = hitFromRow(r, this.#j)
        await w.db.updateTable('screening_hits').set({ status: 'open', status_source: 'entry-changed', entry_hash: newHash }).where('id', '=', r.id).execute()
        const after: ScreeningHitRecord = { ...before, status: 'open', statusSource: 'entry-changed', entryHash: newHash }
        w.audit({ action: 'hit.reopened', entityType: 'screening-hit', entityId: r.id, beforeHash: rowHash(before), afterHash: rowHash(after), data: { entryHash: newHash } })
        reopened.push(after)
      }
      return reopened
    })
  }

  // ---------------------------------------------------------------- transactions

  async recordDetermination(input: RecordDeterminationInput): Promise<TransactionSummary> {
    const d = parse(RecordDeterminationInputSchema, input)
    const res = d.result as DeterminationResult
    const row: Row<'transactions'> = {
      id: newId('txn'),
      reference: d.reference ?? null,
      as_of: res.date,
      regime: res.regime,
      verdict: res.verdict,
      rules_version: res.rulesVersion,
      list_snapshots: toJson(res.listSnapshots ?? []),
      party_ids: toJson(d.partyIds),
      input: toJson(d.transaction),
      result: toJson(res),
      recorded_at: '',
      recorded_by: d.actor,
    }
    return this.#write(d.actor, async (w) => {
      row.recorded_at = w.at
      await w.db.insertInto('transactions').values(row).execute()
      w.audit({ action: 'transaction.recorded', entityType: 'transaction', entityId: row.id, beforeHash: null, afterHash: rowHash(transactionHashRecord(row, false)), data: { verdict: row.verdict } })
      return summaryFromRow(row, false)
    })
  }

  async getTransaction(id: string): Promise<StoredTransactionWithApproval> {
    const r = await this.#db.selectFrom('transactions').selectAll().where('id', '=', id).executeTakeFirst()
    if (!r) throw notFound('transaction', id)
    const a = await this.#db.selectFrom('transaction_approvals').selectAll().where('transaction_id', '=', id).executeTakeFirst()
    const approval = a ? approvalFromRow(a) : null
    return { ...transactionFromRow(r, this.#j), approvalStatus: approvalStatusOf(r.verdict, approval), approval }
  }

  async listTransactions(options: PageOptions & { approvalStatus?: ApprovalStatus } = {}): Promise<Page<TransactionSummaryWithApproval>> {
    const limit = pageSize(options.limit)
    const after = decodeCursor(options.cursor)
    let q = this.#db
      .selectFrom('transactions as t')
      .leftJoin('transaction_approvals as a', 'a.transaction_id', 't.id')
      .select(['t.id', 't.reference', 't.as_of', 't.regime', 't.verdict', 't.rules_version', 't.list_snapshots', 't.party_ids', 't.recorded_at', 't.recorded_by'])
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
        q = q.where('a.transaction_id', 'is', null).where('t.verdict', 'in', needing)
        break
      case 'prohibited':
        q = q.where('t.verdict', '=', 'PROHIBITED')
        break
      case 'not-required':
        q = q.where('t.verdict', 'not in', [...needing, 'PROHIBITED'])
        break
      default:
        throw new AppError('VALIDATION_FAILED', { detail: `approvalStatus "${String(options.approvalStatus)}" is not known`, issues: [{ path: 'approvalStatus', message: 'not a known approval status' }] })
    }
    if (after !== null) q = q.where('t.id', '>', after)
    return toPage(await q.execute(), limit, (r) => r.id, (r) => {
      const approval =
        r.a_transaction_id === null
          ? null
          : approvalFromRow({ transaction_id: r.a_transaction_id, decision: r.a_decision!, reason: r.a_reason!, license_id: r.a_license_id, license_number: r.a_license_number, verdict: r.a_verdict!, decided_by: r.a_decided_by!, decided_at: r.a_decided_at! })
      return { ...summaryFromRow(r, this.#j), approvalStatus: approvalStatusOf(r.verdict, approval), approval }
    })
  }

  async approveTransaction(input: ApproveTransactionInput): Promise<TransactionApproval> {
    const a = parse(ApproveTransactionInputSchema, input)
    if (a.decision === 'rejected' && a.licenseId !== undefined) {
      throw new AppError('VALIDATION_FAILED', { detail: 'a rejection names no licence', issues: [{ path: 'licenseId', message: 'only an approval is tied to a licence' }] })
    }
    return this.#write(a.actor, async (w) => {
      const t = await w.db.selectFrom('transactions').select(['id', 'verdict', 'as_of']).where('id', '=', a.transactionId).executeTakeFirst()
      if (!t) throw notFound('transaction', a.transactionId)
      const done = await w.db.selectFrom('transaction_approvals').selectAll().where('transaction_id', '=', t.id).executeTakeFirst()
      if (done) {
        throw new AppError('APPROVAL_ALREADY_DECIDED', { detail: `transaction ${t.id} was already ${done.decision} by ${done.decided_by} at ${done.decided_at}; decisions are final`, decision: done.decision, decidedBy: done.decided_by, decidedAt: done.decided_at })
      }
      if (t.verdict === 'PROHIBITED') throw new AppError('TRANSACTION_PROHIBITED', { detail: `transaction ${t.id} is prohibited: it can be neither approved nor rejected`, verdict: t.verdict })
      if (!needsApproval(t.verdict)) throw new AppError('APPROVAL_NOT_REQUIRED', { detail: `transaction ${t.id} has the verdict ${t.verdict}: only ${VERDICTS_NEEDING_APPROVAL.join(' or ')} is approved`, verdict: t.verdict })

      let license: License | null = null
      if (a.licenseId !== undefined) {
        const l = await w.db.selectFrom('licenses').selectAll().where('id', '=', a.licenseId).executeTakeFirst()
        if (!l) throw notFound('licence', a.licenseId)
        license = licenseFromRow(l, this.#j)
        // what the determination says about the transaction (kept whole as written)
        const tr = await w.db.selectFrom('transactions').select('result').where('id', '=', t.id).executeTakeFirstOrThrow()
        const result = JSON.parse(tr.result) as Pick<DeterminationResult, 'to' | 'item'>
        const gaps: string[] = []
        if (t.as_of < license.validFrom || t.as_of > license.validTo) gaps.push(`it is valid from ${license.validFrom} to ${license.validTo}, and the transaction is dated ${t.as_of}`)
        if (!license.destinations.includes(result.to)) gaps.push(`it covers ${license.destinations.join(', ')}, not the destination ${result.to}`)
        const eccn = result.item?.eccn ?? null
        if (eccn !== null && license.eccns.length > 0 && !license.eccns.some((e) => eccnCovers(e, eccn))) gaps.push(`it names ECCN ${license.eccns.join(', ')}, not ${eccn}`)
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

  // ---------------------------------------------------------------- licences and shipments

  async createLicense(input: NewLicense): Promise<License> {
    const l = parse(NewLicenseSchema, input)
    if (l.validTo < l.validFrom) throw new AppError('VALIDATION_FAILED', { detail: 'validTo is before validFrom', issues: [{ path: 'validTo', message: 'must not be before validFrom' }] })
    return this.#write(l.actor, async (w) => {
      const dup = await w.db.selectFrom('licenses').select('id').where('number', '=', l.number).executeTakeFirst()
      if (dup) throw new AppError('CONFLICT', { detail: `licence ${l.number} is already stored (id ${dup.id})`, id: dup.id })
      const row: Row<'licenses'> = {
        id: newId('lic'),
        number: l.number,
        items: toJson(l.items),
        eccns: toJson(l.eccns),
        destinations: toJson(l.destinations),
        parties: toJson(l.parties),
        authorized_quantity: l.authorizedQuantity ?? null,
        authorized_value: l.authorizedValue ?? null,
        authorized_tpp: l.authorizedTpp ?? null,
        used_quantity: 0,
        used_value: 0,
        used_tpp: 0,
        valid_from: l.validFrom,
        valid_to: l.validTo,
        conditions: toJson(l.conditions),
        created_at: w.at,
        updated_at: w.at,
      }
      await w.db.insertInto('licenses').values(row).execute()
      const license = licenseFromRow(row, false)
      w.audit({ action: 'license.created', entityType: 'license', entityId: row.id, beforeHash: null, afterHash: rowHash(license), data: null })
      return license
    })
  }

  async getLicense(id: string): Promise<License> {
    const r = await this.#db.selectFrom('licenses').selectAll().where('id', '=', id).executeTakeFirst()
    if (!r) throw notFound('licence', id)
    return licenseFromRow(r, this.#j)
  }

  async listLicenses(options: PageOptions = {}): Promise<Page<License>> {
    const limit = pageSize(options.limit)
    const after = decodeCursor(options.cursor)
    let q = this.#db.selectFrom('licenses').selectAll().orderBy('id').limit(limit + 1)
    if (after !== null) q = q.where('id', '>', after)
    return toPage(await q.execute(), limit, (r) => r.id, (r) => licenseFromRow(r, this.#j))
  }

  async recordShipment(input: RecordShipmentInput): Promise<{ shipment: Shipment; license: License }> {
    const s = parse(RecordShipmentInputSchema, input)
    return this.#write(s.actor, async (w) => {
      // the head lock taken by #write serialises writers, so this read is the licence as it stands
      const r = await w.db.selectFrom('licenses').selectAll().where('id', '=', s.licenseId).executeTakeFirst()
      if (!r) throw notFound('licence', s.licenseId)
      const before = licenseFromRow(r, this.#j)
      if (s.transactionId !== undefined) await checkShipmentHold(w.db, s.transactionId, before)
      if (s.shippedOn < before.validFrom || s.shippedOn > before.validTo) {
        throw new AppError('LICENSE_NOT_VALID', { detail: `licence ${before.number} is valid from ${before.validFrom} to ${before.validTo}; the shipment is on ${s.shippedOn}`, licenseId: before.id, validFrom: before.validFrom, validTo: before.validTo })
      }
      if (!before.destinations.includes(s.destination)) {
        throw new AppError('LICENSE_NOT_VALID', { detail: `licence ${before.number} does not cover destination ${s.destination} (it covers ${before.destinations.join(', ')})`, licenseId: before.id })
      }
      const next = { quantity: before.usedQuantity + s.quantity, value: before.usedValue + s.value, tpp: before.usedTpp + s.tpp }
      const over: string[] = []
      if (before.authorizedQuantity !== null && next.quantity > before.authorizedQuantity) over.push(`quantity: ${before.authorizedQuantity - before.usedQuantity} left, ${s.quantity} asked`)
      if (before.authorizedValue !== null && next.value > before.authorizedValue) over.push(`value: ${before.authorizedValue - before.usedValue} left, ${s.value} asked`)
      if (before.authorizedTpp !== null && next.tpp > before.authorizedTpp) over.push(`TPP: ${before.authorizedTpp - before.usedTpp} left, ${s.tpp} asked`)
      if (over.length > 0) throw new AppError('LICENSE_OVERDRAWN', { detail: `licence ${before.number} would be overdrawn (${over.join('; ')})`, licenseId: before.id, over })

      // conditional on the values just read: a second guard, should the lock ever be missing
      const upd = await w.db
        .updateTable('licenses')
        .set({ used_quantity: next.quantity, used_value: next.value, used_tpp: next.tpp, updated_at: w.at })
        .where('id', '=', before.id)
        .where('used_quantity', '=', before.usedQuantity)
        .where('used_value', '=', before.usedValue)
        .where('used_tpp', '=', before.usedTpp)
        .executeTakeFirst()
      if (Number(upd.numUpdatedRows) !== 1) throw new AppError('CONFLICT', { detail: `licence ${before.number} changed during the shipment; try again` })
      const license: License = { ...before, usedQuantity: next.quantity, usedValue: next.value, usedTpp: next.tpp, updatedAt: w.at }

      const row: Row<'shipments'> = {
        id: newId('shp'),
        license_id: before.id,
        transaction_id: s.transactionId ?? null,
        quantity: s.quantity,
        value: s.value,
        tpp: s.tpp,
        shipped_on: s.shippedOn,
        destination: s.destination,
        consignee: s.consignee ?? null,
        recorded_at: w.at,
        recorded_by: s.actor,
      }
      await w.db.insertInto('shipments').values(row).execute()
      const shipment = shipmentFromRow(row)
      w.audit({ action: 'shipment.recorded', entityType: 'shipment', entityId: row.id, beforeHash: null, afterHash: rowHash(shipment), data: { licenseId: before.id } })
      w.audit({ action: 'license.depleted', entityType: 'license', entityId: before.id, beforeHash: rowHash(before), afterHash: rowHash(license), data: { shipmentId: row.id } })
      return { shipment, license }
    })
  }

  async listShipments(options: PageOptions & { licenseId?: string } = {}): Promise<Page<Shipment>> {
    const limit = pageSize(options.limit)
    const after = decodeCursor(options.cursor)
    let q = this.#db.selectFrom('shipments').selectAll().orderBy('id').limit(limit + 1)
    if (options.licenseId !== undefined) q = q.where('license_id', '=', options.licenseId)
    if (after !== null) q = q.where('id', '>', after)
    return toPage(await q.execute(), limit, (r) => r.id, shipmentFromRow)
  }

  // ---------------------------------------------------------------- allocations

  async recordAllocation(input: RecordAllocationInput): Promise<Allocation> {
    const a = parse(RecordAllocationInputSchema, input)
    if (a.kind === 'lpp-consignee' && a.consignee === undefined) throw new AppError('VALIDATION_FAILED', { detail: 'an LPP allocation names its consignee', issues: [{ path: 'consignee', message: 'required for lpp-consignee' }] })
    if (a.kind === 'lpp-consignee' && a.period !== undefined) throw new AppError('VALIDATION_FAILED', { detail: 'LPP runs per calendar year (15 CFR 740.29): an LPP allocation has no period', issues: [{ path: 'period', message: 'only for tier2-country' }] })
    // Tier 2: one allocation for the whole period (15 CFR 742.6(b)(10)(iii)(B): "for the period from 2025
    // to 2027"), summed over the same years as allocationLedger's tier2CountryTpp
    const period = a.kind === 'tier2-country' ? allocationPeriodOf(a.year, a.period) : null
    return this.#write(a.actor, async (w) => {
      if (a.cap !== undefined) {
        const used =
          period !== null
            ? await w.db.selectFrom('allocations').select((eb) => eb.fn.sum<number>('tpp').as('total')).where('kind', '=', a.kind).where('country', '=', a.country).where('year', '>=', period.from).where('year', '<=', period.to).executeTakeFirst()
            : await w.db.selectFrom('allocations').select((eb) => eb.fn.sum<number>('tpp').as('total')).where('kind', '=', a.kind).where('consignee', '=', a.consignee!).where('year', '=', a.year).executeTakeFirst()
        const total = num(used?.total)
        const over = `the ${a.kind} allocation would reach ${total + a.tpp} TPP, over the cap of ${a.cap} (${total} used`
        if (total + a.tpp > a.cap) {
          throw new AppError('ALLOCATION_EXCEEDED', {
            detail: period !== null ? `${over} by ${a.country} in ${period.from === period.to ? period.from : `${period.from}-${period.to}`})` : `${over} by ${a.consignee} in ${a.year})`,
            used: total,
            cap: a.cap,
            ...(period !== null ? { period } : { year: a.year }),
          })
        }
      }
      const row: Row<'allocations'> = { id: newId('alc'), kind: a.kind, country: a.country, consignee: a.consignee ?? null, year: a.year, tpp: a.tpp, transaction_id: a.transactionId ?? null, recorded_at: w.at, recorded_by: a.actor }
      await w.db.insertInto('allocations').values(row).execute()
      const allocation = allocationFromRow(row)
      w.audit({ action: 'allocation.recorded', entityType: 'allocation', entityId: row.id, beforeHash: null, afterHash: rowHash(allocation), data: null })
      return allocation
    })
  }

  async listAllocations(options: ListAllocationsOptions = {}): Promise<Page<Allocation>> {
    const limit = pageSize(options.limit)
    const after = decodeCursor(options.cursor)
    let q = this.#db.selectFrom('allocations').selectAll().orderBy('id').limit(limit + 1)
    if (options.kind !== undefined) q = q.where('kind', '=', options.kind)
    if (options.country !== undefined) q = q.where('country', '=', options.country)
    if (options.consignee !== undefined) q = q.where('consignee', '=', options.consignee)
    if (options.year !== undefined) q = q.where('year', '=', options.year)
    if (options.transactionId !== undefined) q = q.where('transaction_id', '=', options.transactionId)
    if (after !== null) q = q.where('id', '>', after)
    return toPage(await q.execute(), limit, (r) => r.id, allocationFromRow)
  }

  /**
   * tier2CountryTpp: TPP recorded per Tier 2 country in the allocation period (`period`, default `year`
   * alone): the Diffusion Rule sets one allocation "for the period from 2025 to 2027" (15 CFR
   * 742.6(b)(10)(iii)(B)), so every year of it counts, the same sum recordAllocation's cap checks;
   * consigneeYearTpp: TPP under LPP to `consignee` in `year` (LPP runs per calendar year, 15 CFR 740.29).
   */
  async allocationLedger(query: AllocationLedgerQuery): Promise<Required<Ledger>> {
    const period = allocationPeriodOf(query.year, query.period)
    let q = this.#db
      .selectFrom('allocations')
      .select((eb) => ['country', eb.fn.sum<number>('tpp').as('total')])
      .where('kind', '=', 'tier2-country')
      .where('year', '>=', period.from)
      .where('year', '<=', period.to)
      .groupBy('country')
    if (query.country !== undefined) q = q.where('country', '=', query.country)
    const tier2CountryTpp: Record<string, number> = {}
    for (const r of await q.execute()) tier2CountryTpp[r.country] = num(r.total)
    let consigneeYearTpp = 0
    if (query.consignee !== undefined) {
      const r = await this.#db
        .selectFrom('allocations')
        .select((eb) => eb.fn.sum<number>('tpp').as('total'))
        .where('kind', '=', 'lpp-consignee')
        .where('consignee', '=', query.consignee)
        .where('year', '=', query.year)
        .executeTakeFirst()
      consigneeYearTpp = num(r?.total)
    }
    return { tier2CountryTpp, consigneeYearTpp }
  }

  // ---------------------------------------------------------------- documents

  async addDocument(input: AddDocumentInput): Promise<DocumentRecord> {
    const d = parse(AddDocumentInputSchema, input)
    const sha256 = sha256Hex(d.bytes)
    return this.#write(d.actor, async (w) => {
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

  async getDocument(id: string): Promise<{ document: DocumentRecord; bytes: Uint8Array }> {
    const r = await this.#db.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirst()
    if (!r) throw notFound('document', id)
    const b = await this.#db.selectFrom('blobs').select('bytes').where('sha256', '=', r.sha256).executeTakeFirst()
    if (!b) throw new AppError('INTERNAL', { detail: `the content ${r.sha256} of document ${id} is missing` })
    return { document: documentFromRow(r, this.#j), bytes: new Uint8Array(b.bytes) }
  }

  async listDocuments(options: PageOptions & { kind?: DocumentKind; partyId?: string; transactionId?: string } = {}): Promise<Page<DocumentRecord>> {
    const limit = pageSize(options.limit)
    const after = decodeCursor(options.cursor)
    let q = this.#db.selectFrom('documents').selectAll().orderBy('id').limit(limit + 1)
    if (options.kind !== undefined) q = q.where('kind', '=', options.kind)
    if (options.partyId !== undefined) q = q.where('party_id', '=', options.partyId)
    if (options.transactionId !== undefined) q = q.where('transaction_id', '=', options.transactionId)
    if (after !== null) q = q.where('id', '>', after)
    return toPage(await q.execute(), limit, (r) => r.id, (r) => documentFromRow(r, this.#j))
  }

  /** 15 CFR 762.6: kept five years from the latest of the export, re-export, transshipment, diversion or other end of the transaction. */
  async deleteDocument(input: { id: string; asOf: string; actor: Actor }): Promise<{ retainUntil: string }> {
    checkDate(input.asOf, 'asOf')
    // never later than the store's own clock: a caller cannot move past retention with a future date
    const today = this.#now().slice(0, 10)
    const asOf = input.asOf < today ? input.asOf : today
    return this.#write(input.actor, async (w) => {
      const r = await w.db.selectFrom('documents').selectAll().where('id', '=', input.id).executeTakeFirst()
      if (!r) throw notFound('document', input.id)
      let latest = r.event_on
      if (r.transaction_id !== null) {
        const t = await w.db.selectFrom('transactions').select('as_of').where('id', '=', r.transaction_id).executeTakeFirst()
        if (t && t.as_of > latest) latest = t.as_of
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
        if (last && last > latest) latest = last
      }
      const retainUntil = addYears(latest, 5)
      if (Number(r.is_on_legal_hold) === 1) throw new AppError('RETENTION_ACTIVE', { detail: `document ${r.id} is on legal hold (an agency asked for it, 15 CFR 762.6(b)) and cannot be deleted`, isOnLegalHold: true, retainUntil, latestEvent: latest })
      if (asOf < retainUntil) throw new AppError('RETENTION_ACTIVE', { detail: `document ${r.id} must be kept until ${retainUntil} (five years from ${latest}, 15 CFR 762.6)`, retainUntil, latestEvent: latest })
      await w.db.deleteFrom('documents').where('id', '=', r.id).execute()
      w.audit({ action: 'document.deleted', entityType: 'document', entityId: r.id, beforeHash: rowHash(documentFromRow(r, this.#j)), afterHash: null, data: { retainUntil } })
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
  async setLegalHold(input: SetLegalHoldInput): Promise<DocumentRecord> {
    const h = parse(SetLegalHoldInputSchema, input)
    return this.#write(h.actor, async (w) => {
      const r = await w.db.selectFrom('documents').selectAll().where('id', '=', h.documentId).executeTakeFirst()
      if (!r) throw notFound('document', h.documentId)
      const before = documentFromRow(r, this.#j)
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

  async listDocumentAlerts(input: { asOf: string; withinDays?: number }): Promise<DocumentAlert[]> {
    checkDate(input.asOf, 'asOf')
    const horizon = addDays(input.asOf, input.withinDays ?? 30)
    const rows = await this.#db
      .selectFrom('documents')
      .select(['id', 'expires_on'])
      .where('kind', '=', 'end-user-certificate')
      .where('expires_on', 'is not', null)
      .where('expires_on', '<=', horizon)
      .orderBy('expires_on')
      .execute()
    return rows.map((r) => {
      const daysLeft = daysBetween(input.asOf, r.expires_on!)
      return { documentId: r.id, kind: r.expires_on! < input.asOf ? 'euc-expired' : 'euc-expiring', expiresOn: r.expires_on!, daysLeft }
    })
  }

  // ---------------------------------------------------------------- technology access log

  async recordTechAccess(input: RecordTechAccessInput): Promise<TechAccess> {
    const a = parse(RecordTechAccessInputSchema, input)
    return this.#write(a.actor, async (w) => {
      const row: Row<'tech_access'> = { id: newId('tac'), subject: a.subject, nationality: a.nationality, location: a.location, resource: a.resource, eccn: a.eccn ?? null, accessed_at: a.accessedAt, note: a.note ?? null, recorded_at: w.at, recorded_by: a.actor }
      await w.db.insertInto('tech_access').values(row).execute()
      const rec = techAccessFromRow(row)
      w.audit({ action: 'tech-access.recorded', entityType: 'tech-access', entityId: row.id, beforeHash: null, afterHash: rowHash(rec), data: null })
      return rec
    })
  }

  async listTechAccess(options: PageOptions & { resource?: string; subject?: string } = {}): Promise<Page<TechAccess>> {
    const limit = pageSize(options.limit)
    const after = decodeCursor(options.cursor)
    let q = this.#db.selectFrom('tech_access').selectAll().orderBy('id').limit(limit + 1)
    if (options.resource !== undefined) q = q.where('resource', '=', options.resource)
    if (options.subject !== undefined) q = q.where('subject', '=', options.subject)
    if (after !== null) q = q.where('id', '>', after)
    return toPage(await q.execute(), limit, (r) => r.id, techAccessFromRow)
  }

  // ---------------------------------------------------------------- API keys

  async createApiKey(input: { role: ApiKeyRole; label?: string; actor: Actor }): Promise<{ key: string; apiKey: ApiKey }> {
    if (!(API_KEY_ROLES as readonly string[]).includes(input.role)) {
      throw new AppError('VALIDATION_FAILED', { detail: `role must be one of ${API_KEY_ROLES.join(', ')}`, issues: [{ path: 'role', message: `expected one of ${API_KEY_ROLES.join(', ')}` }] })
    }
    const key = `cnk_${randomBytes(32).toString('base64url')}`
    return this.#write(input.actor, async (w) => {
      const row: Row<'api_keys'> = { id: newId('key'), key_hash: hashApiKey(key), prefix: key.slice(0, 10), role: input.role, label: input.label ?? null, created_at: w.at, created_by: input.actor, revoked_at: null }
      await w.db.insertInto('api_keys').values(row).execute()
      const apiKey = apiKeyFromRow(row)
      w.audit({ action: 'api-key.created', entityType: 'api-key', entityId: row.id, beforeHash: null, afterHash: rowHash(apiKey), data: { role: input.role } })
      return { key, apiKey }
    })
  }

  async findApiKeyByHash(keyHash: string): Promise<ApiKey | null> {
    const r = await this.#db.selectFrom('api_keys').selectAll().where('key_hash', '=', keyHash).executeTakeFirst()
    return r ? apiKeyFromRow(r) : null
  }

  async listApiKeys(options: PageOptions = {}): Promise<Page<ApiKey>> {
    const limit = pageSize(options.limit)
    const after = decodeCursor(options.cursor)
    let q = this.#db.selectFrom('api_keys').selectAll().orderBy('id').limit(limit + 1)
    if (after !== null) q = q.where('id', '>', after)
    return toPage(await q.execute(), limit, (r) => r.id, apiKeyFromRow)
  }

  async revokeApiKey(input: { id: string; actor: Actor }): Promise<ApiKey> {
    return this.#write(input.actor, async (w) => {
      const r = await w.db.selectFrom('api_keys').selectAll().where('id', '=', input.id).executeTakeFirst()
      if (!r) throw notFound('API key', input.id)
      if (r.revoked_at !== null) throw new AppError('CONFLICT', { detail: `API key ${input.id} was already revoked at ${r.revoked_at}` })
      await w.db.updateTable('api_keys').set({ revoked_at: w.at }).where('id', '=', r.id).execute()
      const before = apiKeyFromRow(r)
      const after = { ...before, revokedAt: w.at }
      w.audit({ action: 'api-key.revoked', entityType: 'api-key', entityId: r.id, beforeHash: rowHash(before), afterHash: rowHash(after), data: null })
      return after
    })
  }

  // ---------------------------------------------------------------- audit

  async listAuditEvents(options: ListAuditEventsOptions = {}): Promise<Page<AuditEvent>> {
    const limit = pageSize(options.limit)
    const after = decodeCursor(options.cursor)
    let q = this.#db.selectFrom('audit_events').selectAll().orderBy('seq').limit(limit + 1)
    if (options.entityType !== undefined) q = q.where('entity_type', '=', options.entityType)
    if (options.entityId !== undefined) q = q.where('entity_id', '=', options.entityId)
    if (after !== null) q = q.where('seq', '>', Number(after))
    return toPage(await q.execute(), limit, (r) => Number(r.seq), (r) => eventFromRow(r, this.#j))
  }

  async verifyAudit(): Promise<AuditVerification> {
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
      const rows = await this.#db.selectFrom('audit_events').selectAll().where('seq', '>', prev.seq).orderBy('seq').limit(PAGE).execute()
      if (rows.length === 0) break
      const events: AuditEvent[] = []
      for (const r of rows) {
        const e = eventFromRow(r, this.#j)
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
    const head = await this.#db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst()
    if (!head || Number(head.seq) !== prev.seq || head.hash !== prev.hash) {
      add('head-mismatch', `the chain ends at event ${prev.seq} but its head says ${head ? Number(head.seq) : 'nothing'}: events were deleted or added at the end`, { eventSeq: prev.seq })
      if (firstBadEventId === undefined) firstBadEventId = Math.min(prev.seq, head ? Number(head.seq) : prev.seq) + 1
    }

    // 2. every row of every audited table against the latest after-hash of its entity
    let rowsChecked = 0
    const seen = new Set<string>()
    const anyDb = this.#db as unknown as Kysely<any>
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
          else if (rowHash(t.toRecord(r, this.#j)) !== expected) add('row-edited', `${t.table} row ${id} does not match its last audited state: it was edited outside chipnav`, { table: t.table, entityId: id })
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

  async close(): Promise<void> {
    await this.#db.destroy()
  }
}
