/**
 * What every store module shares: the database handle, the JSON-column flag, the clock, and the one
 * write step. `runWrite` runs a write in one database transaction that first takes the audit chain head
 * (the write lock), lets the module do its changes and queue one audit event per changed row, then
 * appends the hash-chained events, moves the head, and commits: a write and its audit events are kept
 * or lost together. `create` is the write of a record that never changes (a stored determination): on
 * PostgreSQL one statement whose audit event waits in `audit_pending` until the process's next append
 * chains it (audit-pending.ts), so such writers do not queue on the head. Aggregate modules (`src/store/<aggregate>.ts`) export functions taking a
 * `StoreContext` and never open a transaction of their own.
 */
import { randomBytes } from 'node:crypto'
import { CompiledQuery, sql, type Kysely, type Selectable } from 'kysely'
import type { z } from 'zod'
import { AppError } from '../shared/errors.js'
import { inputErrorFromZod } from '../shared/country-code.js'
import type { AuditEvent, AuditEventDraft } from '../records/audit-events.js'
import { eventHash, keyForSeq, type ChainKey } from '../records/hash-chain.js'
import { ActorSchema, type Actor } from '../records/records-store.js'
import type { StoreCapabilities } from './dialect.js'
import { toJson } from './json.js'
import { appendPending, chainPending, pendingRow } from './audit-pending.js'
import { runPrepared } from './prepared.js'
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
   * gets the write's timestamp. One statement on PostgreSQL (the event waits in `audit_pending`, chained
   * before this resolves: audit-pending.ts); `write` elsewhere.
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

/** How long a queued append waits, at most, for the creates of its process that were in flight when it was queued. */
const MAX_COALESCE_MS = 5

/**
 * Appends the waiting audit events of one process's creates, one append at a time: a create that
 * commits while an append runs waits for the next one, which takes every event committed meanwhile.
 * A queued append also waits (at most MAX_COALESCE_MS) for the creates of this process that were in flight
 * when it was queued, so that one append chains them all instead of each needing an append of its own
 * (fewer appends, so fewer queries and fewer lost compare-and-sets; bench/README.md session 6). Creates
 * that start later do not hold it up.
 */
export class PendingAppender {
  #running: Promise<void> | null = null
  #queued: Promise<void> | null = null
  readonly #append: () => Promise<void>
  /** creates whose statement was sent and has not answered yet */
  readonly #inFlight = new Set<number>()
  #nextCreate = 0
  /** the in-flight creates the queued append waits for, and how it is told they are done */
  #awaited: { creates: Set<number>; done: () => void } | null = null

  constructor(db: Db, chain: ChainKey) {
    // two statements, without the head lock (audit-pending.ts, appendPending)
    this.#append = () => appendPending(db, chain)
  }

  /** A create's statement is being sent: call the answer with `created` when it answers (or fails). */
  creating(): number {
    const id = this.#nextCreate++
    this.#inFlight.add(id)
    return id
  }

  created(id: number): void {
    this.#inFlight.delete(id)
    const a = this.#awaited
    if (a !== null && a.creates.delete(id) && a.creates.size === 0) a.done()
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
    if (this.#running === null && this.#inFlight.size === 0) return start()
    this.#queued = Promise.all([this.#running?.catch(() => undefined), this.#inFlightDone()]).then(start)
    return this.#queued
  }

  /** Resolves once the creates in flight now have answered, or after MAX_COALESCE_MS. */
  #inFlightDone(): Promise<void> {
    if (this.#inFlight.size === 0) return Promise.resolve()
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer)
        if (this.#awaited === awaited) this.#awaited = null
        resolve()
      }
      const timer = setTimeout(done, MAX_COALESCE_MS)
      const awaited = { creates: new Set(this.#inFlight), done }
      this.#awaited = awaited
    })
  }
}

/**
 * `create` on PostgreSQL: the row and its MACed audit event in one statement (a data-modifying CTE,
 * committed on its own), then the process's next append chains the event before the caller is answered.
 * The record is stored once the statement commits: an append that fails (the database gone meanwhile)
 * leaves the event waiting for the next append, and the write still succeeded.
 */
export async function runCreate<T>(db: Db, now: () => string, chain: ChainKey, appender: PendingAppender, actor: Actor, build: (at: string) => CreatedRecord<T>): Promise<T> {
  parse(ActorSchema, actor)
  const at = now()
  const c = build(at)
  const event = pendingRow(chain.key, newId('aud'), at, actor, c.event)
  // the same text for every row of a table: prepared once per connection (prepared.ts)
  const creating = appender.creating()
  try {
    await runPrepared(db, createStatement(c.table, c.row, event, c.utf8))
  } finally {
    appender.created(creating)
  }
  await appender.request().catch(() => undefined)
  return c.result
}

const createTexts = new Map<string, string>()
const quoted = (name: string) => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a column or table name the store uses: ${name}`)
  return `"${name}"`
}

/**
 * The one statement of a create: the row into its table and the event into `audit_pending` (a data-modifying
 * CTE). Its text depends only on the table and the columns given, so it is made once per shape (no query
 * builder on the hot path) and prepared once per connection; the values go as parameters, as the query builder
 * sends them (a column whose value is undefined is left out, as the builder leaves it out).
 */
function createStatement(table: string, row: Record<string, unknown>, event: Record<string, unknown>, utf8: Record<string, Uint8Array> = {}): CompiledQuery {
  const rowColumns = Object.keys(row).filter((k) => row[k] !== undefined)
  const eventColumns = Object.keys(event).filter((k) => event[k] !== undefined)
  const shape = `${table}\u0000${rowColumns.join(',')}\u0000${eventColumns.join(',')}`
  let text = createTexts.get(shape)
  if (text === undefined) {
    const params = (n: number, from: number) => Array.from({ length: n }, (_, i) => `$${from + i + 1}`).join(', ')
    text = `with "created" as (insert into ${quoted(table)} (${rowColumns.map(quoted).join(', ')}) values (${params(rowColumns.length, 0)})) insert into "audit_pending" (${eventColumns.map(quoted).join(', ')}) values (${params(eventColumns.length, rowColumns.length)})`
    createTexts.set(shape, text)
  }
  // pg sends a Buffer in binary format: for a text column, the text's UTF-8 bytes (utf8 holds only text columns' bytes)
  const value = (k: string) => {
    const bytes = utf8[k]
    return bytes === undefined ? row[k] : Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  }
  return CompiledQuery.raw(text, [...rowColumns.map(value), ...eventColumns.map((k) => event[k])])
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
