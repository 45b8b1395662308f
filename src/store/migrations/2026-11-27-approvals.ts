/**
 * Approval of transactions that need a licence (issue 5). FROZEN once shipped: never edit it; add a new
 * dated file. Imports only kysely (no app code).
 *
 * A table of its own rather than columns on `transactions`: a transaction's row hash (the audit chain)
 * covers its columns as recorded, so the decision is a separate audited row, keyed by the transaction
 * (at most one decision per transaction: the primary key refuses a second one).
 */
import type { Kysely, Migration } from 'kysely'

export function approvals20261127(): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('transaction_approvals')
        .addColumn('transaction_id', 'text', (c) => c.primaryKey())
        .addColumn('decision', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('license_id', 'text')
        .addColumn('license_number', 'text')
        .addColumn('verdict', 'text', (c) => c.notNull())
        .addColumn('decided_by', 'text', (c) => c.notNull())
        .addColumn('decided_at', 'text', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('transaction_approvals_license').on('transaction_approvals').columns(['license_id']).execute()
    },
  }
}
