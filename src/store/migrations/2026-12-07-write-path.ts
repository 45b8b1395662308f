/**
 * Audit events waiting for their place in the chain (issue 15, the PostgreSQL write path). FROZEN once
 * shipped: never edit it; add a new dated file. Imports only kysely (no app code).
 *
 * A write that only creates a record that never changes (a stored determination) inserts its row and its
 * audit event here in ONE statement, without the chain head: both commit together or not at all. The
 * event carries an HMAC of its content under the audit key (`mac`), so it cannot be edited while it
 * waits; the next append (any process, under the head lock) checks the MAC, gives it its seq and chain
 * hash, moves it to `audit_events` and deletes it here, in one transaction. `data` is the event's JSON
 * text as written (text in both dialects, so the MAC is over exactly what was stored).
 */
import type { Kysely, Migration } from 'kysely'

export function writePath20261207(): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('audit_pending')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('entity_type', 'text', (c) => c.notNull())
        .addColumn('entity_id', 'text', (c) => c.notNull())
        .addColumn('before_hash', 'text')
        .addColumn('after_hash', 'text')
        .addColumn('data', 'text')
        .addColumn('mac', 'text', (c) => c.notNull())
        .execute()
    },
  }
}
