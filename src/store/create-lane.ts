/**
 * Creates on PostgreSQL, chained in the statement that stores them (issue 15, the PostgreSQL write path;
 * bench/README.md, sessions 9 and 10).
 *
 * A create (a record that never changes afterwards, and its one audit event) goes into this process's lane. The
 * lane sends one statement at a time: every create queued while the previous statement ran goes into the next one
 * (group commit), and that statement inserts their rows and chains their events in one round trip. The process
 * predicts the chain head (what its last statement left), computes the events' chain hashes from it, and the
 * statement locks the head (`for update`): when the head is the one predicted, the events go straight into
 * `audit_events` and the head moves; when another process moved it meanwhile, the same statement puts them into
 * `audit_pending` with their MACs instead (as every create did before) and answers the head it found; the lane then
 * chains them from that head, before the writes answer, in one transaction whose first statement locks the head
 * whether or not it moved again, so a second statement from the head then found cannot miss (no retry loop, nothing
 * left for the append: bench/README.md, session 10). Rows and events commit together or not at all either way, and
 * the chain is the one keyed chain as before. The lane sends at once when idle and batches only the creates that
 * queued while a statement ran (at most MAX_BATCH).
 *
 * A statement the database refuses (one bad row) is sent again one create at a time, so only that create fails.
 * Events still waiting that this process did not write (a process that stopped between its create and its
 * append) are chained by the process's append at most once a second, as well as by every other write and verify.
 */
import { CompiledQuery, sql } from 'kysely'
import type { AuditEvent } from '../records/audit-events.js'
import { eventHash, keyForSeq, type ChainKey } from '../records/hash-chain.js'
import { ActorSchema, type Actor } from '../records/records-store.js'
import { pendingEvent, rememberWritten } from './audit-pending.js'
import { runPrepared } from './prepared.js'
import { newId, parse, type CreatedRecord, type Db, type PendingAppender, type Row } from './store-context.js'

/** at most this many creates in one statement (each count its own statement text, prepared once per connection) */
const MAX_BATCH = 8
/** how often, at most, the lane appends waiting events it did not write (ms) */
const SWEEP_MS = 1000

type Job = { table: string; row: Record<string, unknown>; utf8: Record<string, Uint8Array>; event: Row<'audit_pending'>; data: unknown; ok: () => void; fail: (e: unknown) => void }
type Head = { seq: number; hash: string }

export class CreateLane {
  readonly #db: Db
  readonly #chain: ChainKey
  readonly #appender: PendingAppender
  #queue: Job[] = []
  #isRunning = false
  /** the head this process's last statement left or found (null: not known yet, so the first statement's events wait) */
  #head: Head | null = null
  #lastSweep = Date.now()

  constructor(db: Db, chain: ChainKey, appender: PendingAppender) {
    this.#db = db
    this.#chain = chain
    this.#appender = appender
  }

  /** Stores the row and its event; resolves once both are committed and the event is chained (or its append failed: it waits for the next). */
  submit(table: string, row: Record<string, unknown>, utf8: Record<string, Uint8Array>, event: Row<'audit_pending'>, data: unknown): Promise<void> {
    return new Promise<void>((ok, fail) => {
      this.#queue.push({ table, row, utf8, event, data, ok, fail })
      if (!this.#isRunning) void this.#run()
    })
  }

  async #run(): Promise<void> {
    this.#isRunning = true
    try {
      while (this.#queue.length > 0) await this.#send(this.#takeBatch())
    } finally {
      this.#isRunning = false
    }
  }

  /** The first queued create and the next ones of the same table and columns (in queue order), up to MAX_BATCH. */
  #takeBatch(): Job[] {
    const first = this.#queue[0]!
    const shape = shapeOf(first)
    const batch: Job[] = []
    const rest: Job[] = []
    for (const j of this.#queue) (batch.length < MAX_BATCH && shapeOf(j) === shape ? batch : rest).push(j)
    this.#queue = rest
    return batch
  }

  async #send(batch: Job[]): Promise<void> {
    let isChained: boolean
    try {
      isChained = await this.#store(batch)
    } catch (e) {
      if (batch.length === 1) batch[0]!.fail(e)
      // one create at a time: a row the database refuses fails its own write only
      else for (const j of batch) await this.#send([j])
      return
    }
    if (isChained) {
      for (const j of batch) j.ok()
      if (Date.now() - this.#lastSweep >= SWEEP_MS) {
        this.#lastSweep = Date.now()
        void this.#appender.request().catch(() => undefined)
      }
      return
    }
    // the events wait in audit_pending (committed): chained from the head the statement found, in one transaction
    // that holds the head lock, so at most two statements and never a retry loop; else by the append (the rows as
    // written need no second MAC: rememberWritten)
    // (awaited: the lane's next statement predicts the head this one leaves)
    try {
      await this.#inTransaction((conn) => this.#chainHeld(conn, batch))
      for (const j of batch) j.ok()
    } catch {
      for (const j of batch) rememberWritten(this.#chain.key, j.event, j.data)
      this.#lastSweep = Date.now()
      const appended = this.#appender.request().catch(() => undefined)
      for (const j of batch) void appended.then(j.ok)
    }
  }

  /** `fn` in one transaction on one connection (begin … commit; rolled back when it throws). */
  async #inTransaction<T>(fn: (conn: Db) => Promise<T>): Promise<T> {
    return this.#db.connection().execute(async (conn) => {
      await sql`begin`.execute(conn)
      let isDone = false
      try {
        const r = await fn(conn)
        await sql`commit`.execute(conn)
        isDone = true
        return r
      } finally {
        if (!isDone) await sql`rollback`.execute(conn).catch(() => undefined)
      }
    })
  }

  /**
   * Chains the waiting events of `batch` (all of them, or none) after the head last found, inside a transaction: the
   * first statement locks the head (`for update`) whether or not it was the one predicted, so when another writer
   * moved it meanwhile, the second, from the head the first found, cannot miss. Throws when a waiting event is not as
   * this process wrote it (the statement fails whole), leaving them to the append.
   */
  async #chainHeld(conn: Db, batch: Job[]): Promise<void> {
    for (let i = 0; i < 2; i++) {
      const predicted = this.#head!
      const links = linksOf(this.#chain, batch, predicted)
      const next = links[links.length - 1]!
      const found = headFound((await runPrepared(conn, chainStatement(batch, predicted, { seq: next.seq, hash: next.hash }, links))).rows)
      if (found.is_chained) {
        this.#head = { seq: next.seq, hash: next.hash }
        return
      }
      this.#head = { seq: Number(found.seq), hash: found.hash }
    }
    throw new Error('the audit chain head moved while it was locked')
  }

  /** One statement: the rows, and their events chained after the predicted head or left waiting. Whether they were chained. */
  async #store(batch: Job[]): Promise<boolean> {
    const predicted = this.#head ?? { seq: -1, hash: '' }
    const links = linksOf(this.#chain, batch, predicted)
    const next = links[links.length - 1]!
    const found = headFound((await runPrepared(this.#db, batchStatement(batch, predicted, { seq: next.seq, hash: next.hash }, links))).rows)
    this.#head = found.is_chained ? { seq: next.seq, hash: next.hash } : { seq: Number(found.seq), hash: found.hash }
    return found.is_chained
  }
}

type Link = { seq: number; prevHash: string; hash: string }

/** The seq, previous hash and hash of each event of `batch`, chained in order after `head`. */
function linksOf(chain: ChainKey, batch: Job[], head: Head): Link[] {
  let { seq, hash } = head
  return batch.map((j) => {
    seq += 1
    const e = j.event
    const content = { seq, at: e.at, actor: e.actor, action: e.action, entityType: e.entity_type, entityId: e.entity_id, beforeHash: e.before_hash, afterHash: e.after_hash, data: j.data } as Omit<AuditEvent, 'prevHash' | 'hash'>
    const link = { seq, prevHash: hash, hash: eventHash(hash, content, keyForSeq(chain, seq)) }
    hash = link.hash
    return link
  })
}

/** The head a lane statement found (locked) and whether it was the one predicted. */
function headFound(rows: unknown[]): { seq: number | string; hash: string; is_chained: boolean } {
  const found = rows[0] as { seq: number | string; hash: string; is_chained: boolean } | undefined
  if (found === undefined) throw new Error('the audit chain head (audit_head, id 1) is missing')
  return found
}

const shapeOf = (j: Job): string => `${j.table}\u0000${Object.keys(j.row).filter((k) => j.row[k] !== undefined).join(',')}`

const EVENT_COLUMNS = ['id', 'seq', 'at', 'actor', 'action', 'entity_type', 'entity_id', 'before_hash', 'after_hash', 'data', 'mac', 'prev_hash', 'hash'] as const
const CHAINED_COLUMNS = ['seq', 'at', 'actor', 'action', 'entity_type', 'entity_id', 'before_hash', 'after_hash', 'data', 'prev_hash', 'hash']
const WAITING_COLUMNS = ['id', 'at', 'actor', 'action', 'entity_type', 'entity_id', 'before_hash', 'after_hash', 'data', 'mac']

const batchTexts = new Map<string, string>()
const quoted = (name: string) => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a column or table name the store uses: ${name}`)
  return `"${name}"`
}

/**
 * The statement of one batch. `h` locks the head (waiting for another writer's commit, then reading the head it
 * left); `ok` is whether that is the head predicted; the head moves to `next` and the events go to `audit_events`
 * only then, else to `audit_pending`. The rows go in either way. Its text depends only on the table, the columns
 * and the number of creates, so it is made once per shape (no query builder on the hot path) and prepared once per
 * connection; every value is a parameter.
 */
function batchStatement(batch: Job[], predicted: Head, next: Head, links: { seq: number; prevHash: string; hash: string }[]): CompiledQuery {
  const first = batch[0]!
  const rowColumns = Object.keys(first.row).filter((k) => first.row[k] !== undefined)
  const shape = `${shapeOf(first)}\u0000${batch.length}`
  let text = batchTexts.get(shape)
  if (text === undefined) {
    let n = 4
    const tuple = (casts: readonly string[]) => `(${casts.map((c) => `$${++n}${c}`).join(', ')})`
    const rows = batch.map(() => tuple(rowColumns.map(() => ''))).join(', ')
    const events = batch.map(() => tuple(EVENT_COLUMNS.map((c) => (c === 'seq' ? '::int' : '::text')))).join(', ')
    const list = (cs: readonly string[]) => cs.map(quoted).join(', ')
    text =
      `with "h" as materialized (select "seq", "hash" from "audit_head" where "id" = 1 for update), ` +
      `"ok" as materialized (select 1 from "h" where "seq" = $1 and "hash" = $2), ` +
      `"moved" as (update "audit_head" set "seq" = $3, "hash" = $4 where "id" = 1 and exists (select 1 from "ok")), ` +
      `"created" as (insert into ${quoted(first.table)} (${list(rowColumns)}) values ${rows}), ` +
      `"ev" (${list(EVENT_COLUMNS)}) as materialized (values ${events}), ` +
      `"chained" as (insert into "audit_events" (${list(CHAINED_COLUMNS)}) select ${CHAINED_COLUMNS.map((c) => (c === 'data' ? '"data"::jsonb' : quoted(c))).join(', ')} from "ev" where exists (select 1 from "ok")), ` +
      `"waiting" as (insert into "audit_pending" (${list(WAITING_COLUMNS)}) select ${list(WAITING_COLUMNS)} from "ev" where not exists (select 1 from "ok")) ` +
      `select "seq", "hash", exists (select 1 from "ok") as "is_chained" from "h"`
    batchTexts.set(shape, text)
  }
  const values: unknown[] = [predicted.seq, predicted.hash, next.seq, next.hash]
  batch.forEach((j) => {
    // pg sends a Buffer in binary format: for a text column, the text's UTF-8 bytes (utf8 holds only text columns' bytes)
    for (const k of rowColumns) {
      const bytes = j.utf8[k]
      values.push(bytes === undefined ? j.row[k] : Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))
    }
  })
  batch.forEach((j, i) => {
    const e = j.event
    const l = links[i]!
    values.push(e.id, l.seq, e.at, e.actor, e.action, e.entity_type, e.entity_id, e.before_hash, e.after_hash, e.data, e.mac, l.prevHash, l.hash)
  })
  return CompiledQuery.raw(text, values)
}

/**
 * The statement that chains a batch's waiting events after the predicted head: it locks the head as batchStatement
 * does and, only when it is the one predicted, deletes the events from `audit_pending` — each only if its row is,
 * column for column, as this process wrote it — inserts them into `audit_events` and moves the head. When the head
 * is as predicted but not every event was taken (one edited or deleted outside chipnav), it fails whole (division by
 * zero), head included, and the append (which checks each event's MAC) takes over.
 */
function chainStatement(batch: Job[], predicted: Head, next: Head, links: Link[]): CompiledQuery {
  const shape = `chain\u0000${batch.length}`
  let text = batchTexts.get(shape)
  if (text === undefined) {
    let n = 4
    const tuple = (casts: readonly string[]) => `(${casts.map((c) => `$${++n}${c}`).join(', ')})`
    const events = batch.map(() => tuple(EVENT_COLUMNS.map((c) => (c === 'seq' ? '::int' : '::text')))).join(', ')
    const list = (cs: readonly string[]) => cs.map(quoted).join(', ')
    const same = WAITING_COLUMNS.filter((c) => c !== 'id')
    text =
      `with "h" as materialized (select "seq", "hash" from "audit_head" where "id" = 1 for update), ` +
      `"ok" as materialized (select 1 from "h" where "seq" = $1 and "hash" = $2), ` +
      `"ev" (${list(EVENT_COLUMNS)}) as materialized (values ${events}), ` +
      `"taken" as (delete from "audit_pending" "p" using "ev" where "p"."id" = "ev"."id" and (${same.map((c) => `"p".${quoted(c)}`).join(', ')}) is not distinct from (${same.map((c) => `"ev".${quoted(c)}`).join(', ')}) and exists (select 1 from "ok") ` +
      `returning ${CHAINED_COLUMNS.map((c) => `"ev".${quoted(c)}`).join(', ')}), ` +
      `"moved" as (update "audit_head" set "seq" = $3, "hash" = $4 where "id" = 1 and exists (select 1 from "ok")), ` +
      `"chained" as (insert into "audit_events" (${list(CHAINED_COLUMNS)}) select ${CHAINED_COLUMNS.map((c) => (c === 'data' ? '"data"::jsonb' : quoted(c))).join(', ')} from "taken" returning 1) ` +
      `select "seq", "hash", exists (select 1 from "ok") as "is_chained", ` +
      `case when exists (select 1 from "ok") and (select count(*) from "chained") <> ${batch.length} then 1 / ((select count(*) from "chained") * 0) end as "all_taken" from "h"`
    batchTexts.set(shape, text)
  }
  const values: unknown[] = [predicted.seq, predicted.hash, next.seq, next.hash]
  batch.forEach((j, i) => {
    const e = j.event
    const l = links[i]!
    values.push(e.id, l.seq, e.at, e.actor, e.action, e.entity_type, e.entity_id, e.before_hash, e.after_hash, e.data, e.mac, l.prevHash, l.hash)
  })
  return CompiledQuery.raw(text, values)
}

/**
 * `create` on PostgreSQL: the row and its MACed audit event through this process's lane (one statement for every
 * create queued meanwhile), chained before the caller is answered. The record is stored once the statement
 * commits: an append that fails (the database gone meanwhile) leaves the event waiting for the next append, and
 * the write still succeeded.
 */
export async function runCreate<T>(lane: CreateLane, now: () => string, chain: ChainKey, actor: Actor, build: (at: string) => CreatedRecord<T>): Promise<T> {
  parse(ActorSchema, actor)
  const at = now()
  const c = build(at)
  const { row, data } = pendingEvent(chain.key, newId('aud'), at, actor, c.event)
  await lane.submit(c.table, c.row, c.utf8 ?? {}, row, data)
  return c.result
}

