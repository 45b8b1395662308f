/**
 * Monitoring (issue 13): the events feed, webhooks and their delivery log, transaction holds, delta
 * re-screening runs (and the per-party marks that make a retried job write nothing twice), and stored
 * impact reports. FROZEN once shipped: never edit it; add a new dated file. Imports only kysely.
 */
import { sql, type Kysely, type Migration } from 'kysely'
import type { MigrationColumnTypes } from './2026-11-26-init.js'

export function monitoring20261207(types: MigrationColumnTypes): Migration {
  const json = sql.raw(types.json)
  // a gapless, increasing event number in both dialects (the events feed pages by it)
  const isPostgres = types.json === 'jsonb'
  return {
    async up(db: Kysely<any>): Promise<void> {
      let events = db.schema.createTable('monitor_events')
      events = isPostgres ? events.addColumn('seq', 'bigserial', (c) => c.primaryKey()) : events.addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement())
      await events
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('subject_type', 'text', (c) => c.notNull())
        .addColumn('subject_id', 'text', (c) => c.notNull())
        .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
        .addColumn('data', json, (c) => c.notNull())
        .execute()
      await db.schema.createIndex('monitor_events_type').on('monitor_events').columns(['type', 'seq']).execute()

      await db.schema
        .createTable('webhooks')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('events', json, (c) => c.notNull())
        .addColumn('secret', 'text', (c) => c.notNull())
        .addColumn('is_active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .execute()

      await db.schema
        .createTable('webhook_deliveries')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('webhook_id', 'text', (c) => c.notNull())
        .addColumn('event_seq', 'bigint', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('last_status_code', 'integer')
        .addColumn('last_error', 'text')
        .addColumn('next_attempt_at', 'text', (c) => c.notNull())
        .addColumn('delivered_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('webhook_deliveries_once', ['webhook_id', 'event_seq'])
        .execute()
      await db.schema.createIndex('webhook_deliveries_due').on('webhook_deliveries').columns(['status', 'next_attempt_at']).execute()

      await db.schema
        .createTable('webhook_attempts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('delivery_id', 'text', (c) => c.notNull())
        .addColumn('attempt', 'integer', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('status_code', 'integer')
        .addColumn('error', 'text')
        .addColumn('duration_ms', 'integer', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('webhook_attempts_delivery').on('webhook_attempts').columns(['delivery_id', 'attempt']).execute()

      await db.schema
        .createTable('transaction_holds')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('transaction_id', 'text', (c) => c.notNull())
        .addColumn('party_id', 'text')
        .addColumn('hit_id', 'text')
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('placed_at', 'text', (c) => c.notNull())
        .addColumn('placed_by', 'text', (c) => c.notNull())
        .addColumn('released_at', 'text')
        .addColumn('released_by', 'text')
        .addColumn('release_reason', 'text')
        .execute()
      await db.schema.createIndex('transaction_holds_transaction').on('transaction_holds').columns(['transaction_id', 'released_at']).execute()

      await db.schema
        .createTable('rescreen_runs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('from_key', 'text')
        .addColumn('to_key', 'text', (c) => c.notNull())
        .addColumn('to_snapshots', json, (c) => c.notNull())
        .addColumn('delta', json, (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('chunks_total', 'integer', (c) => c.notNull())
        .addColumn('parties_total', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .execute()
      await db.schema.createIndex('rescreen_runs_created').on('rescreen_runs').columns(['created_at']).execute()

      await db.schema
        .createTable('rescreen_chunks')
        .addColumn('run_id', 'text', (c) => c.notNull())
        .addColumn('chunk_no', 'integer', (c) => c.notNull())
        .addColumn('parties', 'integer', (c) => c.notNull())
        .addColumn('changed_parties', 'integer', (c) => c.notNull())
        .addColumn('done_at', 'text', (c) => c.notNull())
        .addColumn('worker', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('rescreen_chunks_pk', ['run_id', 'chunk_no'])
        .execute()

      await db.schema
        .createTable('rescreen_marks')
        .addColumn('run_id', 'text', (c) => c.notNull())
        .addColumn('party_id', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('outcome', json, (c) => c.notNull())
        .addPrimaryKeyConstraint('rescreen_marks_pk', ['run_id', 'party_id'])
        .execute()

      await db.schema
        .createTable('impact_reports')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('inputs', json, (c) => c.notNull())
        .addColumn('flip_count', 'integer', (c) => c.notNull())
        .addColumn('report', 'text', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('impact_reports_created').on('impact_reports').columns(['created_at']).execute()
    },
  }
}
