/**
 * The last full audit verification, kept beside the incremental checkpoint: row 2 of `audit_checkpoints` holds
 * the head it covered, when it ran, whether it found the trail whole, how many events and rows it checked, and
 * its problems (JSON text), all MACed under the audit key. An incremental verification, which re-hashes only
 * what is new, then says when everything was last checked and what that check found (a row edited outside
 * chipnav that no new event touches is seen only by a full verification).
 *
 * FROZEN once shipped: never edit it; add a new dated file. Imports only kysely (no app code).
 */
import type { Kysely, Migration } from 'kysely'

export function auditFullVerification20261211(): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('audit_checkpoints').addColumn('is_ok', 'integer').execute()
      await db.schema.alterTable('audit_checkpoints').addColumn('events_checked', 'integer').execute()
      await db.schema.alterTable('audit_checkpoints').addColumn('rows_checked', 'integer').execute()
      await db.schema.alterTable('audit_checkpoints').addColumn('problems', 'text').execute()
    },
  }
}
