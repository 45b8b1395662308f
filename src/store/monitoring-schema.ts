/** The monitoring tables (migration 2026-12-07-monitoring) as Kysely sees them. */
import type { JsonColumn } from './json.js'

export interface MonitorEventsTable {
  /** generated: increasing, the feed's cursor */
  seq: number | undefined
  type: string
  at: string
  subject_type: string
  subject_id: string
  /** what makes the event unique (a retried job writes the same key, and the insert is skipped) */
  dedupe_key: string
  data: JsonColumn
}

export interface WebhooksTable {
  id: string
  url: string
  events: JsonColumn
  secret: string
  is_active: number
  created_at: string
  created_by: string
}

export interface WebhookDeliveriesTable {
  id: string
  webhook_id: string
  event_seq: number
  /** pending | delivered | failed (retries exhausted) */
  status: string
  attempts: number
  last_status_code: number | null
  last_error: string | null
  next_attempt_at: string
  delivered_at: string | null
  created_at: string
}

export interface WebhookAttemptsTable {
  id: string
  delivery_id: string
  attempt: number
  at: string
  status_code: number | null
  error: string | null
  duration_ms: number
}

export interface TransactionHoldsTable {
  id: string
  transaction_id: string
  party_id: string | null
  hit_id: string | null
  reason: string
  placed_at: string
  placed_by: string
  released_at: string | null
  released_by: string | null
  release_reason: string | null
}

export interface RescreenRunsTable {
  id: string
  from_key: string | null
  to_key: string
  to_snapshots: JsonColumn
  delta: JsonColumn
  /** baseline | running | done */
  status: string
  chunks_total: number
  parties_total: number
  created_at: string
  finished_at: string | null
}

export interface RescreenChunksTable {
  run_id: string
  chunk_no: number
  parties: number
  changed_parties: number
  done_at: string
  worker: string
}

export interface RescreenMarksTable {
  run_id: string
  party_id: string
  at: string
  outcome: JsonColumn
}

export interface ImpactReportsTable {
  id: string
  created_at: string
  created_by: string
  inputs: JsonColumn
  flip_count: number
  /** the whole report, JSON text as written */
  report: string
}

export interface MonitoringTables {
  monitor_events: MonitorEventsTable
  webhooks: WebhooksTable
  webhook_deliveries: WebhookDeliveriesTable
  webhook_attempts: WebhookAttemptsTable
  transaction_holds: TransactionHoldsTable
  rescreen_runs: RescreenRunsTable
  rescreen_chunks: RescreenChunksTable
  rescreen_marks: RescreenMarksTable
  impact_reports: ImpactReportsTable
}
