/**
 * The keyed audit chain and verification checkpoints (issue 11). FROZEN once shipped: never edit it; add a
 * new dated file. Imports only kysely (no app code).
 *
 * `audit_chain` (one row) records the switch-over: events from `keyed_from_seq` on are hashed with
 * HMAC-SHA256 under a key kept outside the database; the events already there keep their sha256 links,
 * so an existing database keeps its whole history. `key_check` (an HMAC of the switch-over point under
 * the key, written at the first open) lets the store refuse a wrong key, and makes the switch-over point
 * itself tamper-evident. `audit_checkpoints` (one row) is the last verified head, so the next verify
 * starts from there.
 */
import { sql, type Kysely, type Migration } from 'kysely'

export function auditKeyedChain20261207(): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('audit_chain')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('keyed_from_seq', 'integer', (c) => c.notNull())
        .addColumn('key_check', 'text')
        .execute()
      await sql`insert into audit_chain (id, keyed_from_seq, key_check) select 1, seq + 1, null from audit_head where id = 1`.execute(db)
      await db.schema
        .createTable('audit_checkpoints')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('mac', 'text', (c) => c.notNull())
        .addColumn('verified_at', 'text', (c) => c.notNull())
        .execute()
    },
  }
}
