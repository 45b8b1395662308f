/**
 * Later shipments tied to an existing deployment (issue 14, destination verification): one row per shipment
 * added after the deployment was recorded, with its quantity and any serials; the deployment's shipped quantity
 * becomes the sum. A shipment record is tied to one deployment at most (unique `shipment_id`; rows that name no
 * shipment record leave it null). Named after 2026-12-07-write-path so it runs after every shipped migration.
 * FROZEN once shipped: never edit it; add a new dated file. Imports only kysely (no app code).
 */
import type { Kysely, Migration } from 'kysely'

export function deploymentShipments20261208(): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('deployment_shipments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('deployment_id', 'text', (c) => c.notNull().references('deployments.id'))
        .addColumn('shipment_id', 'text')
        .addColumn('quantity', 'integer', (c) => c.notNull())
        .addColumn('serials', 'text', (c) => c.notNull())
        .addColumn('shipped_on', 'text', (c) => c.notNull())
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .addColumn('recorded_by', 'text', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('deployment_shipments_deployment').on('deployment_shipments').columns(['deployment_id', 'shipped_on']).execute()
      await db.schema.createIndex('deployment_shipments_shipment').unique().on('deployment_shipments').column('shipment_id').execute()
    },
  }
}
