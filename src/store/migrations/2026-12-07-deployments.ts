/**
 * Deployments and their attestations (issue 14, destination verification). FROZEN once shipped: never edit it;
 * add a new dated file. Imports only kysely (no app code). Id lists are JSON text (parsed by the store module).
 */
import type { Kysely, Migration } from 'kysely'

export function deployments20261207(): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('deployments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('site_country', 'text', (c) => c.notNull())
        .addColumn('operator_name', 'text', (c) => c.notNull())
        .addColumn('address', 'text', (c) => c.notNull())
        .addColumn('declared_capacity', 'integer', (c) => c.notNull())
        .addColumn('shipped_quantity', 'integer', (c) => c.notNull())
        .addColumn('shipment_ids', 'text', (c) => c.notNull())
        .addColumn('attestation_interval_days', 'integer', (c) => c.notNull())
        .addColumn('deployed_on', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .execute()
      await db.schema
        .createTable('deployment_attestations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('deployment_id', 'text', (c) => c.notNull().references('deployments.id'))
        .addColumn('attested_on', 'text', (c) => c.notNull())
        .addColumn('attested_quantity', 'integer', (c) => c.notNull())
        .addColumn('evidence_document_ids', 'text', (c) => c.notNull())
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .addColumn('recorded_by', 'text', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('deployment_attestations_deployment').on('deployment_attestations').columns(['deployment_id', 'attested_on']).execute()
    },
  }
}
