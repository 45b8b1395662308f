/**
 * One relation ties a shipment record to a deployment, whether it was named when the deployment was recorded or
 * tied later: `deployment_shipment_links` (deployment, position in the deployment's `shipmentIds`, shipment), with
 * one uniqueness guarantee, a unique index on `shipment_id` over the links that hold their shipment. Before, the
 * shipments named at creation were JSON text in `deployments.shipment_ids` (found with a LIKE scan, unique only by
 * the store's check) while later ties had their own unique index on `deployment_shipments.shipment_id`; both go.
 *
 * Existing data moves as it is: every deployment's list, in its order, so the deployment's audited record (its
 * `shipmentIds` are hashed) reads the same. A database from before the store checked the names may name a shipment
 * for two deployments (or twice in one list): the link made first — by when it was made, the deployment's
 * creation or the later tie's `recorded_at` — holds the shipment; the others are kept with `is_holder = 0`, so the
 * records still say what was recorded, and no new tie of that shipment is accepted.
 *
 * FROZEN once shipped: never edit it; add a new dated file. Imports only kysely (no app code).
 */
import { sql, type Kysely, type Migration } from 'kysely'

type Link = { deployment_id: string; position: number; shipment_id: string; is_holder: number; madeAt: string }

/** rows a statement inserts at once (4 parameters each: far below SQLite's and PostgreSQL's limits) */
const CHUNK = 500

export function deploymentShipmentLinks20261210(): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('deployment_shipment_links')
        .addColumn('deployment_id', 'text', (c) => c.notNull().references('deployments.id'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('shipment_id', 'text', (c) => c.notNull())
        .addColumn('is_holder', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('deployment_shipment_links_pk', ['deployment_id', 'position'])
        .execute()

      const laterTies = await db.selectFrom('deployment_shipments').select(['deployment_id', 'shipment_id', 'recorded_at']).where('shipment_id', 'is not', null).execute()
      const tiedAt = new Map<string, string>()
      for (const t of laterTies) tiedAt.set(`${t.deployment_id}\u0000${t.shipment_id}`, String(t.recorded_at))
      const deployments = await db.selectFrom('deployments').select(['id', 'shipment_ids', 'created_at']).execute()
      const links: Link[] = []
      for (const d of deployments) {
        const ids: unknown = JSON.parse(String(d.shipment_ids))
        if (!Array.isArray(ids) || !ids.every((x) => typeof x === 'string')) throw new Error(`deployment ${d.id}: shipment_ids is not a JSON list of ids (${String(d.shipment_ids).slice(0, 100)})`)
        ids.forEach((shipmentId: string, position) => {
          links.push({ deployment_id: d.id, position, shipment_id: shipmentId, is_holder: 0, madeAt: tiedAt.get(`${d.id}\u0000${shipmentId}`) ?? String(d.created_at) })
        })
      }
      // the first link of a shipment holds it; ISO 8601 UTC timestamps compare as text
      const order = [...links].sort((a, b) => (a.madeAt < b.madeAt ? -1 : a.madeAt > b.madeAt ? 1 : a.deployment_id < b.deployment_id ? -1 : a.deployment_id > b.deployment_id ? 1 : a.position - b.position))
      const held = new Set<string>()
      for (const l of order) {
        if (held.has(l.shipment_id)) continue
        held.add(l.shipment_id)
        l.is_holder = 1
      }
      for (let i = 0; i < links.length; i += CHUNK) {
        await db
          .insertInto('deployment_shipment_links')
          .values(links.slice(i, i + CHUNK).map(({ madeAt: _, ...row }) => row))
          .execute()
      }

      await db.schema.createIndex('deployment_shipment_links_holder').unique().on('deployment_shipment_links').column('shipment_id').where(sql.ref('is_holder'), '=', 1).execute()
      await db.schema.dropIndex('deployment_shipments_shipment').execute()
      await db.schema.alterTable('deployments').dropColumn('shipment_ids').execute()
    },
  }
}
