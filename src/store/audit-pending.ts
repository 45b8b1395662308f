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
import type { Kysely } from 'kysely'
import type { Database } from './schema.js'
import type { Db, Row } from './store-context.js'
import { toJson } from './json.js'

const PAGE = 500

type Pending = Row<'audit_pending'>

/** The MAC of a waiting event: its id and content, under the audit key. */
export function pendingMac(key: Uint8Array, p: Omit<Pending, 'mac'>): string {
  const data = p.data === null ? null : (JSON.parse(p.data) as unknown)
  return hmacHex(key, `chipnav audit pending: ${canonicalize({ id: p.id, at: p.at, actor: p.actor, action: p.action, entityType: p.entity_type, entityId: p.entity_id, beforeHash: p.before_hash, afterHash: p.after_hash, data })}`)
}

/** The `audit_pending` row of one event, MACed. */
export function pendingRow(key: Uint8Array, id: string, at: string, actor: Actor, draft: AuditEventDraft): Pending {
  const row = { id, at, actor, action: draft.action, entity_type: draft.entityType, entity_id: draft.entityId, before_hash: draft.beforeHash, after_hash: draft.afterHash, data: draft.data === null ? null : toJson(draft.data) }
  return { ...row, mac: pendingMac(key, row) }
}

const entityKey = (type: string, id: string) => `${type}\u0000${id}`

type Waiting = Pending & { is_chained: unknown }

/** Waiting events in id order after `after`, each with whether its entity already has an event in the chain (one query). */
function waiting(db: Db, after: string, limit?: number): Promise<Waiting[]> {
  let q = db
    .selectFrom('audit_pending as p')
    .selectAll('p')
    .select((eb) => eb.exists(eb.selectFrom('audit_events as e').select('e.seq').whereRef('e.entity_type', '=', 'p.entity_type').whereRef('e.entity_id', '=', 'p.entity_id')).as('is_chained'))
    .where('p.id', '>', after)
    .orderBy('p.id')
  if (limit !== undefined) q = q.limit(limit)
  return q.execute()
}
/** exists() comes back as a boolean (PostgreSQL) or 0/1 (SQLite) */
const isTrue = (v: unknown) => v === true || Number(v) === 1

/**
 * What is wrong with a waiting event, or null: its MAC does not hold (edited), or it creates a record
 * the chain already has an event for (inserted again).
 */
function pendingProblem(chain: ChainKey, r: Waiting, chained: Set<string>): string | null {
  const { mac, is_chained: _c, ...content } = r
  let expected: string
  try {
    expected = pendingMac(chain.key, content)
  } catch {
    return `audit event ${r.id}, waiting for its place in the chain, is not valid JSON: it was edited outside chipnav`
  }
  if (expected !== mac) return `audit event ${r.id} (${r.action} ${r.entity_type} ${r.entity_id}), waiting for its place in the chain, does not match its MAC: it was edited outside chipnav`
  if (r.before_hash === null && (isTrue(r.is_chained) || chained.has(entityKey(r.entity_type, r.entity_id)))) return `audit event ${r.id} (${r.action} ${r.entity_type} ${r.entity_id}) is already in the chain: it was inserted again outside chipnav`
  return null
}

/**
 * Appends every waiting event that holds to the chain, in id order, continuing from `head`; called in a
 * write transaction that holds the head lock. Events that do not hold stay where they are (verify
 * reports them). Moves the head too; returns it.
 */
export async function chainPending(db: Db, chain: ChainKey, head: { seq: number; hash: string }): Promise<{ seq: number; hash: string }> {
  let { seq, hash } = head
  let after = ''
  for (;;) {
    const rows = await waiting(db, after, PAGE)
    if (rows.length === 0) break
    after = rows[rows.length - 1]!.id
    const chained = new Set<string>()
    const events: Database['audit_events'][] = []
    const taken: string[] = []
    for (const r of rows) {
      if (pendingProblem(chain, r, chained) !== null) continue
      chained.add(entityKey(r.entity_type, r.entity_id))
      seq += 1
      const data = r.data === null ? null : (JSON.parse(r.data) as AuditEvent['data'])
      const content = { seq, at: r.at, actor: r.actor, action: r.action, entityType: r.entity_type, entityId: r.entity_id, beforeHash: r.before_hash, afterHash: r.after_hash, data } as Omit<AuditEvent, 'prevHash' | 'hash'>
      const h = eventHash(hash, content, keyForSeq(chain, seq))
      events.push({ seq, at: r.at, actor: r.actor, action: r.action, entity_type: r.entity_type, entity_id: r.entity_id, before_hash: r.before_hash, after_hash: r.after_hash, data: r.data, prev_hash: hash, hash: h })
      taken.push(r.id)
      hash = h
    }
    if (events.length > 0) {
      // one statement (PostgreSQL, the only database with waiting events): moved, not copied, and the head moved with them
      await (db as unknown as Kysely<Database>)
        .with('taken', (qb) => qb.deleteFrom('audit_pending').where('id', 'in', taken))
        .with('moved', (qb) => qb.updateTable('audit_head').set({ seq, hash }).where('id', '=', 1))
        .insertInto('audit_events')
        .values(events)
        .execute()
    }
    if (rows.length < PAGE) break
  }
  return { seq, hash }
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
