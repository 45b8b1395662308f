/**
 * What every store module shares: the database handle, the JSON-column flag, the clock, and the one
 * write step. `runWrite` runs a write in one database transaction that first takes the audit chain head
 * (the write lock), lets the module do its changes and queue one audit event per changed row, then
 * appends the hash-chained events, moves the head, and commits: a write and its audit events are kept
 * or lost together. `create` is the write of a record that never changes (a stored determination): on
 * PostgreSQL the process's lane (create-lane.ts) stores every create queued meanwhile in one statement that
 * chains their events when the head is the one it predicts, or leaves them waiting in `audit_pending` for a
 * compare-and-set or the process's append (audit-pending.ts). Aggregate modules (`src/store/<aggregate>.ts`) export functions taking a
 * `StoreContext` and never open a transaction of their own.
 */
import { randomBytes } from 'node:crypto'
import { sql, type Kysely, type Selectable } from 'kysely'
import type { z } from 'zod'
import { AppError } from '../shared/errors.js'
import { inputErrorFromZod } from '../shared/country-code.js'
import type { AuditEvent, AuditEventDraft } from '../records/audit-events.js'
import { eventHash, keyForSeq, type ChainKey } from '../records/hash-chain.js'
import { ActorSchema, type Actor } from '../records/records-store.js'
import type { StoreCapabilities } from './dialect.js'
import { toJson } from './json.js'
import { appendPending, chainPending } from './audit-pending.js'
import type { Database } from './schema.js'

export type Db = Kysely<Database>
export type Row<T extends keyof Database> = Selectable<Database[T]>
/** whether JSON columns come already parsed (the dialect's isJsonParsedByDriver) */
export type J = boolean

/** One write's view of the database: its transaction, its timestamp, and the audit-append step. */
export type WriteContext = {
  db: Db
  /** the transaction's timestamp (every event and record of this write carries it) */
  at: string
  /** queues one audit event (hash-chained and inserted before commit) */
  audit(draft: AuditEventDraft): void
}

/** What an aggregate module is given: reads go to `db`; every write goes through `write`. */
export type StoreContext = {
  db: Db
  caps: StoreCapabilities
  j: J
  now: () => string
  /** the four-eyes rule: the approver of a transaction is not who recorded it (default on) */
  fourEyes: boolean
  /** the keyed chain (null: every event plain sha256, as before issue 11) */
  chain: ChainKey | null
  write<T>(actor: Actor, fn: (w: WriteContext) => Promise<T>): Promise<T>
  /**
   * A write that only creates one record that never changes afterwards, and its one audit event: `build`
   * gets the write's timestamp. On PostgreSQL one statement with the other creates queued meanwhile, the event
   * chained before this resolves (create-lane.ts); `write` elsewhere.
   */
  create<T>(actor: Actor, build: (at: string) => CreatedRecord<T>): Promise<T>
  /** appends the audit events that wait for their place in the chain (none outside PostgreSQL) */
  flushAudit(): Promise<void>
}

/**
 * What `create` inserts (one row of `table`), the audit event it records, and what it answers. `utf8`: for text columns
 * of `row` whose UTF-8 bytes the caller already has, those bytes (the same text): PostgreSQL is sent them as they are
 * (the binary format of text is its bytes), so a large text is not encoded again; SQLite binds the text of `row`.
 */
export type CreatedRecord<T> = { table: keyof Database; row: Record<string, unknown>; utf8?: Record<string, Uint8Array>; event: AuditEventDraft; result: T }

export function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input)
  if (!r.success) throw inputErrorFromZod('the record is not valid', r.error.issues)
  return r.data
}

let lastIdTime = 0
let idCounter = 0
/** random bytes for ids, drawn 4 KiB at a time (one call per 512 ids instead of one per id) */
let randomPool = Buffer.alloc(0)
let randomAt = 0
function randomHex8(): string {
  if (randomAt + 8 > randomPool.length) {
    randomPool = randomBytes(4096)
    randomAt = 0
  }
  randomAt += 8
  return randomPool.toString('hex', randomAt - 8, randomAt)
}
/** Time-ordered ids: prefix, 12 hex of milliseconds, 4 hex of a per-millisecond counter, 16 hex random. */
export function newId(prefix: string): string {
  const t = Date.now()
  if (t === lastIdTime) idCounter++
  else {
    lastIdTime = t
    idCounter = 0
  }
  return `${prefix}_${t.toString(16).padStart(12, '0')}${(idCounter & 0xffff).toString(16).padStart(4, '0')}${randomHex8()}`
}

export const notFound = (what: string, id: string) => new AppError('NOT_FOUND', { detail: `no ${what} has id ${id}`, entity: what, id })
export const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v))

export function isSqliteBusy(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code
  return typeof code === 'string' && (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_'))
}

const AUDIT_INSERT_CHUNK = 500

/** Runs `fn` in one write transaction with the audit chain head locked; appends its audit events before commit. */
export async function runWrite<T>(db: Db, caps: StoreCapabilities, now: () => string, chain: ChainKey | null, actor: Actor, fn: (w: WriteContext) => Promise<T>): Promise<T> {
  parse(ActorSchema, actor)
  try {
    return await db.connection().execute(async (conn) => {
      await sql.raw(caps.beginWriteSql).execute(conn)
      let isDone = false
      try {
        const headQuery = conn.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1)
        const head = await (caps.supportsForUpdate ? headQuery.forUpdate() : headQuery).executeTakeFirstOrThrow()
        const at = now()
        let seq = Number(head.seq)
        let hash = head.hash
        // the events of one-statement creates committed before this write come first (audit-pending.ts)
        if (caps.hasOneStatementCreates && chain !== null) ({ seq, hash } = await chainPending(conn, chain, { seq, hash }))
        const rows: Database['audit_events'][] = []
        const ctx: WriteContext = {
          db: conn,
          at,
          audit: (draft) => {
            seq += 1
            const data = draft.data === null ? null : (JSON.parse(toJson(draft.data)) as AuditEvent['data'])
            const content = { seq, at, actor, action: draft.action, entityType: draft.entityType, entityId: draft.entityId, beforeHash: draft.beforeHash, afterHash: draft.afterHash, data } as Omit<AuditEvent, 'prevHash' | 'hash'>
            const h = eventHash(hash, content, keyForSeq(chain, seq))
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

/**
 * Appends the waiting audit events of this process's creates, one append at a time: an append asked for while one
 * runs waits for it and then takes every event committed meanwhile (every request made while it waits shares it).
 */
export class PendingAppender {
  #running: Promise<void> | null = null
  #queued: Promise<void> | null = null
  readonly #append: () => Promise<void>

  constructor(db: Db, chain: ChainKey) {
    // two statements, without the head lock (audit-pending.ts, appendPending)
    this.#append = () => appendPending(db, chain)
  }

  /** An append that starts after this call (so it sees every event committed before it). */
  request(): Promise<void> {
    if (this.#queued !== null) return this.#queued
    const start = (): Promise<void> => {
      this.#queued = null
      const p = this.#append().finally(() => {
        if (this.#running === p) this.#running = null
      })
      this.#running = p
      return p
    }
    if (this.#running === null) return start()
    this.#queued = this.#running.catch(() => undefined).then(start)
    return this.#queued
  }
}

/** `create` where writes are serial (SQLite), or without the audit key: an ordinary `runWrite`. */
export function createInWrite<T>(write: StoreContext['write'], actor: Actor, build: (at: string) => CreatedRecord<T>): Promise<T> {
  return write(actor, async (w) => {
    const c = build(w.at)
    await (w.db as unknown as Kysely<any>).insertInto(c.table).values(c.row).execute()
    w.audit(c.event)
    return c.result
  })
}
