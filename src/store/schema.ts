/** The database tables as Kysely sees them. JSON columns are text (SQLite) or jsonb (PostgreSQL): see json.ts. */
import type { UsersTables } from './users.js'
import type { JsonColumn } from './json.js'
import type { MonitoringTables } from './monitoring-schema.js'

export type Bool01 = number // 0 | 1 in both dialects (no boolean type differences)

export interface PartiesTable {
  id: string
  name: string
  country: string
  headquarters: string | null
  ultimate_parent: JsonColumn | null
  ownership: JsonColumn
  identifiers: JsonColumn
  is_blocked: Bool01
  created_at: string
  updated_at: string
}

export interface ScreeningRunsTable {
  id: string
  party_id: string | null
  subject_key: string
  query: JsonColumn
  threshold: number
  snapshots: JsonColumn
  hit_count: number
  recorded_at: string
  recorded_by: string
}

export interface ScreeningHitsTable {
  id: string
  run_id: string
  party_id: string | null
  subject_key: string
  list: string
  entry_id: string
  entry_hash: string
  score: number
  primary_name: string
  matched_name: string
  snapshot_sha256: string | null
  detail: JsonColumn | null
  status: string
  status_source: string | null
  reason: string | null
  reviewed_by: string | null
  reviewed_at: string | null
  created_at: string
}

export interface GoodGuysTable {
  id: string
  subject_key: string
  list: string
  entry_id: string
  entry_hash: string
  hit_id: string
  reason: string
  cleared_by: string
  cleared_at: string
}

export interface TransactionsTable {
  id: string
  reference: string | null
  as_of: string
  regime: string
  verdict: string
  rules_version: string
  list_snapshots: JsonColumn
  party_ids: JsonColumn
  /** JSON text in both dialects, kept as written */
  input: string
  /** JSON text in both dialects, kept as written */
  result: string
  recorded_at: string
  recorded_by: string
  /** 2026-12-10-transaction-deal: the deal `input` is about (dealOf), written with it, for the list */
  deal_item: string | null
  deal_quantity: number | null
  deal_destination: string | null
  deal_end_user: string | null
}

/** since migration 2026-11-27-approvals: the one decision on a transaction that needs approval */
export interface TransactionApprovalsTable {
  transaction_id: string
  decision: string
  reason: string
  license_id: string | null
  license_number: string | null
  verdict: string
  decided_by: string
  decided_at: string
}

/** 2026-12-12-transaction-supersessions: a transaction a re-check replaced, and the one replacing it */
export interface TransactionSupersessionsTable {
  transaction_id: string
  superseded_by: string
  superseded_at: string
  recorded_by: string
}

export interface LicensesTable {
  id: string
  number: string
  items: JsonColumn
  eccns: JsonColumn
  destinations: JsonColumn
  parties: JsonColumn
  authorized_quantity: number | null
  authorized_value: number | null
  authorized_tpp: number | null
  used_quantity: number
  used_value: number
  used_tpp: number
  valid_from: string
  valid_to: string
  conditions: JsonColumn
  created_at: string
  updated_at: string
}

export interface ShipmentsTable {
  id: string
  license_id: string
  transaction_id: string | null
  quantity: number
  value: number
  tpp: number
  shipped_on: string
  destination: string
  consignee: string | null
  recorded_at: string
  recorded_by: string
  /** 2026-12-07-shipment-overrides: an approver's override of the transaction link, and who gave it */
  override_reason: string | null
  override_by: string | null
}

export interface AllocationsTable {
  id: string
  kind: string
  country: string
  consignee: string | null
  year: number
  tpp: number
  transaction_id: string | null
  recorded_at: string
  recorded_by: string
}

export interface BlobsTable {
  sha256: string
  size: number
  bytes: Uint8Array
  created_at: string
}

export interface DocumentsTable {
  id: string
  kind: string
  sha256: string
  size: number
  filename: string | null
  media_type: string
  party_id: string | null
  transaction_id: string | null
  license_id: string | null
  event_on: string
  expires_on: string | null
  verification: JsonColumn | null
  is_on_legal_hold: Bool01
  note: string | null
  created_at: string
  created_by: string
}

export interface TechAccessTable {
  id: string
  subject: string
  nationality: string
  location: string
  resource: string
  eccn: string | null
  accessed_at: string
  note: string | null
  recorded_at: string
  recorded_by: string
  check_verdict: string | null
  check_rules_version: string | null
  check_license_id: string | null
  check_flagged: number | null
}

export interface DeploymentsTable {
  id: string
  site_country: string
  operator_name: string
  address: string
  declared_capacity: number
  shipped_quantity: number
  attestation_interval_days: number
  deployed_on: string
  created_at: string
  created_by: string
}

export interface DeploymentAttestationsTable {
  id: string
  deployment_id: string
  attested_on: string
  attested_quantity: number
  evidence_document_ids: string
  recorded_at: string
  recorded_by: string
}

/**
 * 2026-12-10-deployment-shipment-links: the shipment records tied to a deployment (named when it was recorded or
 * tied later), in the order of its `shipmentIds`; unique `shipment_id` where `is_holder` = 1 (0: a second name kept
 * from a database written before the store checked them)
 */
export interface DeploymentShipmentLinksTable {
  deployment_id: string
  position: number
  shipment_id: string
  is_holder: number
}

/** 2026-12-08-deployment-shipments: a shipment tied to a deployment after it was recorded */
export interface DeploymentShipmentsTable {
  id: string
  deployment_id: string
  shipment_id: string | null
  quantity: number
  serials: string
  shipped_on: string
  recorded_at: string
  recorded_by: string
}

export interface AuthorisationsTable {
  id: string
  program: string
  reference: string
  end_user: string
  site_country: string
  site_address: string
  eccns: string
  destinations: string
  conditions: string
  valid_from: string
  valid_to: string | null
  created_at: string
  created_by: string
}

export interface ApiKeysTable {
  id: string
  key_hash: string
  prefix: string
  role: string
  label: string | null
  created_at: string
  created_by: string
  revoked_at: string | null
}

export interface AuditEventsTable {
  seq: number
  at: string
  actor: string
  action: string
  entity_type: string
  entity_id: string
  before_hash: string | null
  after_hash: string | null
  data: JsonColumn | null
  prev_hash: string
  hash: string
}

export interface AuditHeadTable {
  id: number
  seq: number
  hash: string
}

export interface Database extends MonitoringTables, UsersTables {
  parties: PartiesTable
  screening_runs: ScreeningRunsTable
  screening_hits: ScreeningHitsTable
  good_guys: GoodGuysTable
  transactions: TransactionsTable
  transaction_approvals: TransactionApprovalsTable
  transaction_supersessions: TransactionSupersessionsTable
  licenses: LicensesTable
  shipments: ShipmentsTable
  allocations: AllocationsTable
  blobs: BlobsTable
  documents: DocumentsTable
  tech_access: TechAccessTable
  deployments: DeploymentsTable
  deployment_attestations: DeploymentAttestationsTable
  deployment_shipments: DeploymentShipmentsTable
  deployment_shipment_links: DeploymentShipmentLinksTable
  authorisations: AuthorisationsTable
  api_keys: ApiKeysTable
  audit_events: AuditEventsTable
  audit_head: AuditHeadTable
  audit_chain: AuditChainTable
  audit_checkpoints: AuditCheckpointsTable
  audit_pending: AuditPendingTable
}

/** 2026-12-07-audit-keyed-chain: where the keyed (HMAC) chain starts, and the key's check value */
export interface AuditChainTable {
  id: number
  keyed_from_seq: number
  key_check: string | null
}
/** 2026-12-07-audit-keyed-chain: the last verified head (one row), MACed under the audit key */
export interface AuditCheckpointsTable {
  id: number
  seq: number
  hash: string
  mac: string
  verified_at: string
  /** 2026-12-11-audit-full-verification: row 2, the last full verification (null in row 1): 1 whole, 0 not */
  is_ok?: number | null
  events_checked?: number | null
  rows_checked?: number | null
  /** its problems as JSON text */
  problems?: string | null
}
/** 2026-12-07-write-path: audit events of committed one-statement writes, waiting for their place in the chain */
export type AuditPendingTable = Omit<AuditEventsTable, 'seq' | 'data' | 'prev_hash' | 'hash'> & {
  id: string
  /** the event's data as JSON text, exactly as MACed */
  data: string | null
  /** HMAC-SHA256 under the audit key of the event's content and id (audit-pending.ts) */
  mac: string
}
