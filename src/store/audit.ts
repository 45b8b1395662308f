/** The audit trail: listing events and verifying the chain and every audited row. */
import type { Kysely } from 'kysely'
import { AuditEventSchema, type AuditEvent, type AuditedEntity } from '../records/audit-events.js'
import { checkChain, GENESIS_HASH, rowHash } from '../records/hash-chain.js'
import { type AuditProblemKind, type AuditVerification, type ListAuditEventsOptions, type Page } from '../records/records-store.js'
import { fromJson } from './json.js'
import type { Database } from './schema.js'
import { type J, type Row, type StoreContext } from './store-context.js'
import { decodeCursor, pageSize, toPage } from './paging.js'
import { partyFromRow } from './parties.js'
import { runFromRow, hitFromRow, goodGuyFromRow } from './screenings.js'
import { transactionHashRecord, approvalFromRow, supersessionFromRow } from './transactions.js'
import { licenseFromRow, shipmentFromRow } from './licenses.js'
import { allocationFromRow } from './allocations.js'
import { blobRecordFromRow, documentFromRow } from './documents.js'
import { techAccessFromRow } from './tech-access.js'
import { attestationFromRow, deploymentFromRow, deploymentShipmentFromRow, withShipmentIds } from './deployments.js'
import { authorisationFromRow } from './authorisations.js'
import { apiKeyFromRow } from './api-keys.js'
import { holdFromRow } from './monitoring.js'
import { userHashRecord } from './users.js'

export const eventFromRow = (r: Row<'audit_events'>, j: J): AuditEvent =>
  ({
    seq: Number(r.seq),
    at: r.at,
    actor: r.actor,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    beforeHash: r.before_hash,
    afterHash: r.after_hash,
    data: fromJson(r.data, j),
    prevHash: r.prev_hash,
    hash: r.hash,
  }) as AuditEvent

/**
 * Every audited table: its entity type, key column and the record its row hash is taken over; `withRelated`, for
 * a record that also holds rows of another table (a deployment's tied shipment ids), adds them to a batch of rows
 * in one query before `toRecord`.
 */
export type AuditedTable = { entity: AuditedEntity; table: keyof Database; key: string; toRecord: (r: any, j: J) => unknown; withRelated?: (db: Kysely<any>, rows: any[]) => Promise<unknown[]> }
export const AUDITED_TABLES: AuditedTable[] = [
  { entity: 'party', table: 'parties', key: 'id', toRecord: partyFromRow },
  { entity: 'screening-run', table: 'screening_runs', key: 'id', toRecord: runFromRow },
  { entity: 'screening-hit', table: 'screening_hits', key: 'id', toRecord: hitFromRow },
  { entity: 'good-guy', table: 'good_guys', key: 'id', toRecord: goodGuyFromRow },
  { entity: 'transaction', table: 'transactions', key: 'id', toRecord: transactionHashRecord },
  { entity: 'transaction-approval', table: 'transaction_approvals', key: 'transaction_id', toRecord: approvalFromRow },
  { entity: 'transaction-supersession', table: 'transaction_supersessions', key: 'transaction_id', toRecord: supersessionFromRow },
  { entity: 'license', table: 'licenses', key: 'id', toRecord: licenseFromRow },
  { entity: 'shipment', table: 'shipments', key: 'id', toRecord: shipmentFromRow },
  { entity: 'allocation', table: 'allocations', key: 'id', toRecord: allocationFromRow },
  { entity: 'blob', table: 'blobs', key: 'sha256', toRecord: blobRecordFromRow },
  { entity: 'document', table: 'documents', key: 'id', toRecord: documentFromRow },
  { entity: 'tech-access', table: 'tech_access', key: 'id', toRecord: techAccessFromRow },
  { entity: 'api-key', table: 'api_keys', key: 'id', toRecord: apiKeyFromRow },
  { entity: 'transaction-hold', table: 'transaction_holds', key: 'id', toRecord: (r) => holdFromRow(r) },
  { entity: 'user', table: 'users', key: 'id', toRecord: userHashRecord },
  { entity: 'deployment', table: 'deployments', key: 'id', toRecord: deploymentFromRow, withRelated: withShipmentIds },
  { entity: 'deployment-attestation', table: 'deployment_attestations', key: 'id', toRecord: attestationFromRow },
  { entity: 'deployment-shipment', table: 'deployment_shipments', key: 'id', toRecord: deploymentShipmentFromRow },
  { entity: 'authorisation', table: 'authorisations', key: 'id', toRecord: authorisationFromRow },
]

export async function listAuditEvents(ctx: StoreContext, options: ListAuditEventsOptions = {}): Promise<Page<AuditEvent>> {
  const limit = pageSize(options.limit)
  const after = decodeCursor(options.cursor)
  const isNewestFirst = options.order === 'newest'
  let q = ctx.db.selectFrom('audit_events').selectAll().orderBy('seq', isNewestFirst ? 'desc' : 'asc').limit(limit + 1)
  if (options.entityType !== undefined) q = q.where('entity_type', '=', options.entityType)
  if (options.entityId !== undefined) q = q.where('entity_id', '=', options.entityId)
  if (options.action !== undefined) q = q.where('action', '=', options.action)
  if (options.actor !== undefined) q = q.where('actor', '=', options.actor)
  if (after !== null) q = q.where('seq', isNewestFirst ? '<' : '>', Number(after))
  return toPage(await q.execute(), limit, (r) => Number(r.seq), (r) => eventFromRow(r, ctx.j))
}
