/**
 * A re-check's replacement of a transaction: one row per superseded transaction (the transaction id is the key, so
 * a transaction is superseded once), naming the transaction that replaces it, when and by whom. Written in the same
 * store write as the replacement; the superseded transaction leaves the approval queue and is decided on no more.
 *
 * FROZEN once shipped: never edit it; add a new dated file. Imports only kysely (no app code).
 */
import type { Kysely, Migration } from 'kysely'

export function transactionSupersessions20261212(): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('transaction_supersessions')
        .addColumn('transaction_id', 'text', (c) => c.primaryKey())
        .addColumn('superseded_by', 'text', (c) => c.notNull())
        .addColumn('superseded_at', 'text', (c) => c.notNull())
        .addColumn('recorded_by', 'text', (c) => c.notNull())
        .execute()
    },
  }
}
