/**
 * Shipment overrides (issue 11). FROZEN once shipped: never edit it; add a new dated file. Imports only
 * kysely (no app code).
 *
 * A shipment must carry out an approved transaction that covers it (destination, quantity); when it
 * does not, an approver may record an override with a reason. The shipment row keeps the reason and who
 * gave it; rows written before are NULL there (and hash as they did: the record names the override only
 * when there is one).
 */
import type { Kysely, Migration } from 'kysely'

export function shipmentOverrides20261207(): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('shipments').addColumn('override_reason', 'text').execute()
      await db.schema.alterTable('shipments').addColumn('override_by', 'text').execute()
    },
  }
}
