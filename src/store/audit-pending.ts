/**
 * Audit events that wait for their place in the chain (issue 15, the PostgreSQL write path).
 *
 * A write that only creates a record that never changes afterwards (a stored determination) is ONE
 * statement on PostgreSQL: the record's row and its audit event go in together (a data-modifying CTE),
 * the event into `audit_pending` with an HMAC of its content under the audit key, without touching the
 * chain head. Both commit together or not at all, and writers in any number of processes run side by
 * side. `chainPending` then gives the waiting events their seq and chain hash, under the head lock, in
 * the same transaction that deletes them from `audit_pending`: the writer's own process runs it (one
 * append for every write that committed meanwhile) before it answers, and every other write, verify,
 * listing and anchor runs it first, so the chain holds every committed event in the order it was
 * appended and a later event about a record follows the event that created it.
 *
 * What an attacker with database access but no key can do to a waiting event: edit it (its MAC no longer
 * holds: it is never chained, and verify reports it), delete it with its row (as deleting the chain's
 * last event with its row today: an anchor or checkpoint catches it), or insert it again once chained (a
 * creation event for a record already in the chain is never chained twice, and verify reports it).
 */
import { canonicalize, eventHash, hmacHex, keyForSeq, type ChainKey } from '../records/hash-chain.js'
import type { AuditEvent, AuditEventDraft } from '../records/audit-events.js'
import type { Actor } from '../records/records-store.js'
import { CompiledQuery, sql, type ExpressionBuilder, type Kysely } from 'kysely'
import type { Database } from './schema.js'
import type { Db, Row } from './store-context.js'
import { toJson } from './json.js'
import { runPrepared } from './prepared.js'

const PAGE = 500

type Pending = Row<'audit_pending'>

/** The MAC of a waiting event: its id and content, under the audit key. */
export function pendingMac(key: Uint8Array, p: Omit<Pending, 'mac'>): string {
  return macOf(key, p, p.data === null ? null : (JSON.parse(p.data) as unknown))
}

/** pendingMac with the event's data already parsed from `p.data` */
const macOf = (key: Uint8Array, p: Omit<Pending, 'mac'>, data: unknown): string =>
  hmacHex(key, `chipnav audit pending: ${canonicalize({ id: p.id, at: p.at, actor: p.actor, action: p.action, entityType: p.entity_type, entityId: p.entity_id, beforeHash: p.before_hash, afterHash: p.after_hash, data })}`)

/**
 * The waiting events this process wrote, by audit key and id: the row as written (its MAC computed here over exactly
 * these columns) and its data parsed. The process's own append reads them back: a row whose every column is as
 * written needs neither its MAC computed again nor its data parsed again (issue 15: the MAC was computed twice per
 * stored determination). A row that differs in anything, or one this process did not write, is checked in full, so
 * what an edit in the database can do is unchanged. At most MAX_WRITTEN are kept (the oldest dropped: an event
 * another process's append chained is never read back here).
 */
const writtenRows = new WeakMap<Uint8Array, Map<string, { row: Pending; data: unknown }>>()
const MAX_WRITTEN = 4096

export function rememberWritten(key: Uint8Array, row: Pending, data: unknown): void {
  let m = writtenRows.get(key)
  if (m === undefined) writtenRows.set(key, (m = new Map()))
  m.set(row.id, { row, data })
  if (m.size > MAX_WRITTEN) m.delete(m.keys().next().value!)
}

/** The parsed data of a waiting event read back exactly as this process wrote it (and forgets it), or undefined. */
function takeWritten(key: Uint8Array, r: Pending): { data: unknown } | undefined {
  const m = writtenRows.get(key)
  const w = m?.get(r.id)
  if (w === undefined) return undefined
  m!.delete(r.id)
  const o = w.row
  const isSame = o.at === r.at && o.actor === r.actor && o.action === r.action && o.entity_type === r.entity_type && o.entity_id === r.entity_id && o.before_hash === r.before_hash && o.after_hash === r.after_hash && o.data === r.data && o.mac === r.mac
  return isSame ? w : undefined
}

/** The `audit_pending` row of one event, MACed, and its data parsed from the row's JSON text (as the chain hashes it). */
export function pendingEvent(key: Uint8Array, id: string, at: string, actor: Actor, draft: AuditEventDraft): { row: Pending; data: unknown } {
  const row = { id, at, actor, action: draft.action, entity_type: draft.entityType, entity_id: draft.entityId, before_hash: draft.beforeHash, after_hash: draft.afterHash, data: draft.data === null ? null : toJson(draft.data) }
  const data = row.data === null ? null : (JSON.parse(row.data) as unknown)
  return { row: { ...row, mac: macOf(key, row, data) }, data }
}

/** The `audit_pending` row of one event, MACed (and remembered, for this process's append: rememberWritten). */
export function pendingRow(key: Uint8Array, id: string, at: string, actor: Actor, draft: AuditEventDraft): Pending {
  const { row, data } = pendingEvent(key, id, at, actor, draft)
  rememberWritten(key, row, data)
  return row
}

const entityKey = (type: string, id: string) => `${type}\u0000${id}`

type Waiting = Pending & { is_chained: unknown }

/**
 * Whether the waiting event `p`'s entity already has an event in the chain: one probe of the index
 * `audit_events_entity` per waiting event. A scalar subquery (not `exists`), because PostgreSQL may run an
 * `exists` in the select list as a hashed subplan that reads the WHOLE chain on every append when its
 * estimates are off (a fresh or not yet analysed table): 2.9 ms at 2,000 events against 0.08 ms (bench/README.md,
 * session 6).
 */
const isChained = (eb: ExpressionBuilder<Database & { p: Database['audit_pending'] }, 'p'>) =>
  sql<unknown>`(${eb.selectFrom('audit_events as e').select(sql<number>`1`.as('one')).whereRef('e.entity_type', '=', 'p.entity_type').whereRef('e.entity_id', '=', 'p.entity_id').limit(1)}) is not null`.as('is_chained')

/** Waiting events in id order after `after`, each with whether its entity already has an event in the chain (one query). */
function waiting(db: Db, after: string, limit?: number): Promise<Waiting[]> {
  let q = db
    .selectFrom('audit_pending as p')
    .selectAll('p')
    .select(isChained)
    .where('p.id', '>', after)
    .orderBy('p.id')
  if (limit !== undefined) q = q.limit(limit)
  return q.execute()
}
/** exists() comes back as a boolean (PostgreSQL) or 0/1 (SQLite) */
const isTrue = (v: unknown) => v === true || Number(v) === 1

/**
 * What is wrong with a waiting event, or null: its MAC does not hold (edited), or it creates a record
 * the chain already has an event for (inserted again). `isMacKnown`: the row is exactly as this process wrote and
 * MACed it (takeWritten), so its MAC holds without computing it again.
 */
function pendingProblem(chain: ChainKey, r: Waiting, chained: Set<string>, isMacKnown = false): string | null {
  if (!isMacKnown) {
    const { mac, is_chained: _c, ...content } = r
    let expected: string
    try {
      expected = pendingMac(chain.key, content)
    } catch {
      return `audit event ${r.id}, waiting for its place in the chain, is not valid JSON: it was edited outside chipnav`
    }
    if (expected !== mac) return `audit event ${r.id} (${r.action} ${r.entity_type} ${r.entity_id}), waiting for its place in the chain, does not match its MAC: it was edited outside chipnav`
  }
  if (r.before_hash === null && (isTrue(r.is_chained) || chained.has(entityKey(r.entity_type, r.entity_id)))) return `audit event ${r.id} (${r.action} ${r.entity_type} ${r.entity_id}) is already in the chain: it was inserted again outside chipnav`
  return null
}

/** What one page of waiting events adds to the chain after `head`: the events, the ids they came from, the new head. */
type Chained = { events: Database['audit_events'][]; taken: string[]; seq: number; hash: string }

/**
 * Gives every waiting event of `rows` that holds its seq and chain hash after `head`, in order; events that
 * do not hold are left out (they stay waiting; verify reports them).
 */
function chainRows(chain: ChainKey, rows: readonly Waiting[], head: { seq: number; hash: string }): Chained {
  let { seq, hash } = head
  const chained = new Set<string>()
  const events: Database['audit_events'][] = []
  const taken: string[] = []
  for (const r of rows) {
    const written = takeWritten(chain.key, r)
    if (pendingProblem(chain, r, chained, written !== undefined) !== null) continue
    chained.add(entityKey(r.entity_type, r.entity_id))
    seq += 1
    const data = (written !== undefined ? written.data : r.data === null ? null : JSON.parse(r.data)) as AuditEvent['data']
    const content = { seq, at: r.at, actor: r.actor, action: r.action, entityType: r.entity_type, entityId: r.entity_id, beforeHash: r.before_hash, afterHash: r.after_hash, data } as Omit<AuditEvent, 'prevHash' | 'hash'>
    const h = eventHash(hash, content, keyForSeq(chain, seq))
    events.push({ seq, at: r.at, actor: r.actor, action: r.action, entity_type: r.entity_type, entity_id: r.entity_id, before_hash: r.before_hash, after_hash: r.after_hash, data: r.data, prev_hash: hash, hash: h })
    taken.push(r.id)
    hash = h
  }
  return { events, taken, seq, hash }
}

/**
 * Appends every waiting event that holds to the chain, in id order, continuing from `head`; called in a
 * write transaction that holds the head lock. Events that do not hold stay where they are (verify
 * reports them). Moves the head too; returns it.
 */
export async function chainPending(db: Db, chain: ChainKey, head: { seq: number; hash: string }): Promise<{ seq: number; hash: string }> {
  let at = head
  let after = ''
  for (;;) {
    const rows = await waiting(db, after, PAGE)
    if (rows.length === 0) break
    after = rows[rows.length - 1]!.id
    const c = chainRows(chain, rows, at)
    if (c.events.length > 0) {
      // one statement (PostgreSQL, the only database with waiting events): moved, not copied, and the head moved with them
      await (db as unknown as Kysely<Database>)
        .with('taken', (qb) => qb.deleteFrom('audit_pending').where('id', 'in', c.taken))
        .with('moved', (qb) => qb.updateTable('audit_head').set({ seq: c.seq, hash: c.hash }).where('id', '=', 1))
        .insertInto('audit_events')
        .values(c.events)
        .execute()
    }
    at = { seq: c.seq, hash: c.hash }
    if (rows.length < PAGE) break
  }
  return at
}

/**
 * The append a process runs after its one-statement creates (PostgreSQL), without a transaction or the head
 * lock: two statements per page instead of begin, lock, read, write, commit. (1) One read, in one snapshot:
 * the head and the waiting events (none: done, another append took them). (2) One statement that moves the head from exactly the head
 * read to the new one — compare and set — and, only when it did, deletes the events it chained from
 * `audit_pending` and inserts them into the chain. Every append moves the head, so a head still as read
 * means nothing was chained meanwhile and the events and their "already chained" answers are as read; a
 * write holding the head lock (`runWrite`) makes the update wait and then find the head moved. When another
 * append won, read again, unless that append already chained every event read here. The hot statements are
 * prepared once per connection (prepared.ts).
 */
export async function appendPending(db: Db, chain: ChainKey): Promise<void> {
  let after = ''
  for (;;) {
    const { head, page } = await readHead(db, after)
    if (page.length === 0) return
    const c = chainRows(chain, page, head)
    if (c.events.length > 0) {
      const e = c.events
      const cas = sql<{ moved: number; still_waiting: number | null }>`
        with moved as (
          update audit_head set seq = ${c.seq}, hash = ${c.hash} where id = 1 and seq = ${head.seq} and hash = ${head.hash} returning id
        ), chained as (
          select * from unnest(${e.map((x) => x.seq)}::bigint[], ${c.taken}::text[], ${e.map((x) => x.prev_hash)}::text[], ${e.map((x) => x.hash)}::text[]) as c(seq, id, prev_hash, hash)
        ), taken as (
          delete from audit_pending p using chained c where p.id = c.id and exists (select 1 from moved)
          returning c.seq, p.at, p.actor, p.action, p.entity_type, p.entity_id, p.before_hash, p.after_hash, p.data, c.prev_hash, c.hash
        ), inserted as (
          insert into audit_events (seq, at, actor, action, entity_type, entity_id, before_hash, after_hash, data, prev_hash, hash)
          select seq, at, actor, action, entity_type, entity_id, before_hash, after_hash, data::jsonb, prev_hash, hash from taken
          returning seq
        )
        -- the head moves only with every event it chains: a waiting row gone meanwhile (by anything but an append,
        -- which would have moved the head first) fails the whole statement, head included, instead of leaving a gap
        select case when (select count(*) from moved) = 1 and (select count(*) from inserted) <> ${e.length} then 1 / ((select count(*) from moved) - 1)
                    else (select count(*) from inserted) end::int as moved,
               -- lost to another append: how many of the events read are still waiting, as this statement's snapshot sees
               -- them (a scalar subquery in a branch not taken is not run, so a statement that won does not read them)
               case when (select count(*) from moved) = 0 then (select count(*) from audit_pending w where w.id = any(${c.taken}::text[])) end::int as still_waiting`.compile(db)
      // one text whatever the page: prepared once per connection (prepared.ts)
      const r = await runPrepared(db, cas).catch((err: unknown) => {
        if ((err as { code?: string }).code === '22012') throw new Error(`audit append refused: ${e.length} waiting events were read but not all were still waiting when chained; the head was not moved`)
        throw err
      })
      // another append moved the head first. When it also chained every event read here (none still waiting in
      // this statement's snapshot), the writes this append was started for are in the chain: go on as if it had
      // won. Otherwise read again (what it chained is no longer waiting). Saves the read, and the second
      // compare-and-set, of most lost races between processes (bench/README.md, session 6).
      if (Number(r.rows[0]?.moved ?? 0) === 0 && Number(r.rows[0]?.still_waiting ?? 1) > 0) continue
    }
    if (page.length < PAGE) return
    after = page[page.length - 1]!.id
  }
}

/** The chain head and the first page of waiting events, read in one snapshot. */
type HeadRead = { head: { seq: number; hash: string }; page: Waiting[] }

type HeadAndWaitingRow = { head_seq: number | string; head_hash: string } & { [K in keyof Waiting]: Waiting[K] | null }

/**
 * The query of the head and, in the same snapshot, the first page of waiting events after `after`, each with
 * whether its entity is already in the chain (one row with null event columns when none wait).
 */
const headAndWaiting = (db: Db, after: string) =>
  db
    .selectFrom('audit_head as h')
    .leftJoinLateral((eb) => eb.selectFrom('audit_pending').selectAll().where('id', '>', after).orderBy('id').limit(PAGE).as('p'), (join) => join.onTrue())
    .selectAll('p')
    .select(['h.seq as head_seq', 'h.hash as head_hash'])
    .select(isChained)
    .where('h.id', '=', 1)
    .orderBy('p.id')

/** headAndWaiting compiled once per database handle: its text, its parameters, and where `after` goes among them */
const compiledHeadReads = new WeakMap<Db, { sql: string; parameters: readonly unknown[]; afterAt: number }>()

/** headAndWaiting's query, built and compiled once (the same text every time: prepared.ts), with this `after`. */
function headReadQuery(db: Db, after: string): CompiledQuery {
  let c = compiledHeadReads.get(db)
  if (c === undefined) {
    const marker = '\u0000after'
    const q = headAndWaiting(db, marker).compile()
    const afterAt = q.parameters.indexOf(marker)
    if (afterAt < 0 || q.parameters.indexOf(marker, afterAt + 1) >= 0) throw new Error('the audit head query does not take `after` once')
    c = { sql: q.sql, parameters: q.parameters, afterAt }
    compiledHeadReads.set(db, c)
  }
  const parameters = [...c.parameters]
  parameters[c.afterAt] = after
  return CompiledQuery.raw(c.sql, parameters)
}

async function readHead(db: Db, after: string): Promise<HeadRead> {
  const rows = (await runPrepared(db, headReadQuery(db, after))).rows as HeadAndWaitingRow[]
  const first = rows[0]
  if (first === undefined) throw new Error('the audit chain head (audit_head, id 1) is missing')
  const page = rows.filter((r) => r.id !== null).map(({ head_seq: _a, head_hash: _b, ...w }) => w as Waiting)
  return { head: { seq: Number(first.head_seq), hash: first.head_hash }, page }
}

/**
 * For verify: the events still waiting (written after verify's own append), each as the latest state of
 * its entity when it holds, or as a problem when it does not. Read in the same snapshot as the chain, so
 * an event chained meanwhile is counted once.
 */
export async function readPending(db: Db, chain: ChainKey | null): Promise<{ latest: [string, string | null][]; problems: string[] }> {
  const rows = await waiting(db, '')
  if (rows.length === 0) return { latest: [], problems: [] }
  if (chain === null) return { latest: [], problems: [`${rows.length} audit events wait for their place in the chain, and this store was opened without the audit key that checks them`] }
  const chained = new Set<string>()
  const latest: [string, string | null][] = []
  const problems: string[] = []
  for (const r of rows) {
    const problem = pendingProblem(chain, r, chained)
    if (problem !== null) problems.push(problem)
    else {
      chained.add(entityKey(r.entity_type, r.entity_id))
      latest.push([entityKey(r.entity_type, r.entity_id), r.after_hash])
    }
  }
  return { latest, problems }
}
