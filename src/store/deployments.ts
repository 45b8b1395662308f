/**
 * Deployments and their attestations (issue 14): created and attested through `ctx.write` (audited). The shipment
 * records tied to a deployment, named when it is recorded or tied later, are one relation,
 * `deployment_shipment_links` (unique by shipment: migration 2026-12-10-deployment-shipment-links); a deployment's
 * `shipmentIds` are read from it in their order.
 */
import { sql, type Kysely } from 'kysely'
import { rowHash } from '../records/hash-chain.js'
import { NewAttestationSchema, NewDeploymentSchema, NewDeploymentShipmentSchema, type Attestation, type Deployment, type DeploymentShipment, type NewAttestation, type NewDeployment, type NewDeploymentShipment, type ShippedTo } from '../records/deployment-records.js'
import type { Page, PageOptions } from '../records/records-store.js'
import { AppError } from '../shared/errors.js'
import type { IsoDate } from '../shared/iso-date.js'
import { MAX_QUANTITY, quantityTotalError } from '../shared/quantity.js'
import { decodeCursor, pageSize, toPage } from './paging.js'
import type { Database } from './schema.js'
import { newId, parse, type Db, type Row, type StoreContext } from './store-context.js'

/** a deployments row with the ids of the shipment records tied to it, in the order they were tied */
export type DeploymentRow = Row<'deployments'> & { shipmentIds: string[] }

export const deploymentFromRow = (r: DeploymentRow): Deployment => ({
  id: r.id,
  site: { country: r.site_country, operator: r.operator_name, address: r.address, declaredCapacity: Number(r.declared_capacity) },
  shippedQuantity: Number(r.shipped_quantity),
  shipmentIds: r.shipmentIds,
  attestationIntervalDays: Number(r.attestation_interval_days),
  deployedOn: r.deployed_on,
  createdAt: r.created_at,
  createdBy: r.created_by,
})

/**
 * The deployments rows with their tied shipment ids, in one query for all of them (a page, or the audit
 * verification's batch; `db` untyped so that the verification can pass its own handle).
 */
export async function withShipmentIds(db: Kysely<any>, rows: Row<'deployments'>[]): Promise<DeploymentRow[]> {
  if (rows.length === 0) return []
  const links = await (db as Kysely<Database>)
    .selectFrom('deployment_shipment_links')
    .select(['deployment_id', 'shipment_id'])
    .where('deployment_id', 'in', rows.map((r) => r.id))
    .orderBy('deployment_id')
    .orderBy('position')
    .execute()
  const byDeployment = new Map<string, string[]>()
  for (const l of links) {
    const ids = byDeployment.get(l.deployment_id)
    if (ids) ids.push(l.shipment_id)
    else byDeployment.set(l.deployment_id, [l.shipment_id])
  }
  return rows.map((r) => ({ ...r, shipmentIds: byDeployment.get(r.id) ?? [] }))
}

async function deploymentRow(db: Db, id: string): Promise<DeploymentRow | undefined> {
  const r = await db.selectFrom('deployments').selectAll().where('id', '=', id).executeTakeFirst()
  return r === undefined ? undefined : (await withShipmentIds(db, [r]))[0]
}

export const attestationFromRow = (r: Row<'deployment_attestations'>): Attestation => ({
  id: r.id,
  deploymentId: r.deployment_id,
  attestedOn: r.attested_on,
  attestedQuantity: Number(r.attested_quantity),
  evidenceDocumentIds: JSON.parse(r.evidence_document_ids) as string[],
  recordedAt: r.recorded_at,
  recordedBy: r.recorded_by,
})

export const deploymentShipmentFromRow = (r: Row<'deployment_shipments'>): DeploymentShipment => ({
  id: r.id,
  deploymentId: r.deployment_id,
  shipmentId: r.shipment_id,
  quantity: Number(r.quantity),
  serials: JSON.parse(r.serials) as string[],
  shippedOn: r.shipped_on,
  recordedAt: r.recorded_at,
  recordedBy: r.recorded_by,
})

const invalid = (path: string, message: string, detail: string) => new AppError('VALIDATION_FAILED', { detail, issues: [{ path, message }] })

/** The deployment a shipment record is tied to, if any (named when it was recorded or tied later): one indexed lookup. */
async function shipmentHolder(db: Db, shipmentId: string): Promise<string | undefined> {
  const link = await db.selectFrom('deployment_shipment_links').select('deployment_id').where('shipment_id', '=', shipmentId).where('is_holder', '=', sql.lit(1)).executeTakeFirst() // a literal, so PostgreSQL plans with the partial index
  return link?.deployment_id
}

/** Ties shipment records to a deployment after its last link (the unique index refuses a shipment tied already). */
async function linkShipments(db: Db, deploymentId: string, from: number, shipmentIds: string[]): Promise<void> {
  if (shipmentIds.length === 0) return
  await db
    .insertInto('deployment_shipment_links')
    .values(shipmentIds.map((shipmentId, i) => ({ deployment_id: deploymentId, position: from + i, shipment_id: shipmentId, is_holder: 1 })))
    .execute()
}

const shipmentTaken = (shipmentId: string, holder: string, path: string) =>
  new AppError('DEPLOYMENT_SHIPMENT_TAKEN', { detail: `shipment ${shipmentId} is already tied to deployment ${holder}`, issues: [{ path, message: `already tied to deployment ${holder}` }], deploymentId: holder })

/**
 * The shipments named when a deployment is recorded must be recorded shipments, each named once and tied to no
 * other deployment (the same rule as a later tie), so that a deployment's shipped quantity is not counted twice; and
 * the shipped quantity must be at least what they carried (DEPLOYMENT_QUANTITY_MISMATCH naming `shippedQuantity`).
 */
async function checkShipmentsFree(db: Db, shipmentIds: string[], shippedQuantity: number): Promise<void> {
  const seen = new Set<string>()
  let carried = 0
  for (const [i, id] of shipmentIds.entries()) {
    const path = `shipmentIds[${i}]`
    if (seen.has(id)) throw invalid(path, `shipment ${id} is named twice`, `shipment ${id} appears more than once in shipmentIds`)
    seen.add(id)
    const shp = await db.selectFrom('shipments').select(['id', 'quantity']).where('id', '=', id).executeTakeFirst()
    if (!shp) throw new AppError('NOT_FOUND', { detail: `no shipment ${id}`, issues: [{ path, message: 'no shipment has this id' }] })
    const holder = await shipmentHolder(db, id)
    if (holder !== undefined) throw shipmentTaken(id, holder, path)
    carried += Number(shp.quantity)
  }
  // the named shipments' chips all went to the site (a later tie adds a shipment's whole quantity, the same rule);
  // more chips than they carried may come from shipments not recorded, fewer cannot
  if (shippedQuantity < carried) {
    throw new AppError('DEPLOYMENT_QUANTITY_MISMATCH', { detail: `the shipments named carried ${carried} chips, more than the shippedQuantity ${shippedQuantity}`, issues: [{ path: 'shippedQuantity', message: `at least ${carried}, the named shipments' total` }] })
  }
}

export async function createDeployment(ctx: StoreContext, input: NewDeployment): Promise<Deployment> {
  const d = parse(NewDeploymentSchema, input)
  return ctx.write(d.actor, async (w) => {
    await checkShipmentsFree(w.db, d.shipmentIds, d.shippedQuantity)
    const row: Row<'deployments'> = {
      id: newId('dep'), site_country: d.site.country, operator_name: d.site.operator, address: d.site.address, declared_capacity: d.site.declaredCapacity, shipped_quantity: d.shippedQuantity,
      attestation_interval_days: d.attestationIntervalDays, deployed_on: d.deployedOn, created_at: w.at, created_by: d.actor,
    }
    await w.db.insertInto('deployments').values(row).execute()
    await linkShipments(w.db, row.id, 0, d.shipmentIds)
    const rec = deploymentFromRow({ ...row, shipmentIds: d.shipmentIds })
    w.audit({ action: 'deployment.created', entityType: 'deployment', entityId: row.id, beforeHash: null, afterHash: rowHash(rec), data: null })
    return rec
  })
}

/**
 * An attestation says which chips are installed at the site on its date: one dated before the chips arrived (the
 * deployment date) or before the first chips were shipped to it (a shipment record tied to it, or a quantity tied
 * with its date) attests chips that were not there. It is refused (ATTESTATION_BEFORE_DEPLOYMENT naming
 * `attestedOn`): a wrong date on the evidence, not a fact to record and flag. So is one dated after today
 * (ATTESTATION_IN_FUTURE): nobody can yet say what is installed then.
 */
async function checkAttestationDate(db: Db, deploymentId: string, deployedOn: string, attestedOn: string, today: string): Promise<void> {
  // dated after today (the store's clock): a typo in the date, or a statement made in advance; either way, recorded it
  // would count as a current attestation and silence `attestation-overdue` until that date
  if (attestedOn > today) {
    throw new AppError('ATTESTATION_IN_FUTURE', { detail: `the attestation is dated ${attestedOn}, after today (${today}): a site can only attest the chips installed on a day that has come`, issues: [{ path: 'attestedOn', message: `on or before ${today} (today)` }], deploymentId })
  }
  const refuse = (what: string, date: string) =>
    new AppError('ATTESTATION_BEFORE_DEPLOYMENT', { detail: `the attestation is dated ${attestedOn}, before ${what} (${date}): no chip of deployment ${deploymentId} was at the site to attest`, issues: [{ path: 'attestedOn', message: `on or after ${date} (${what})` }], deploymentId })
  if (attestedOn < deployedOn) throw refuse('the deployment date', deployedOn)
  const linked = await db
    .selectFrom('shipments')
    .select((eb) => eb.fn.min<string | null>('shipped_on').as('first'))
    .where('id', 'in', db.selectFrom('deployment_shipment_links').select('shipment_id').where('deployment_id', '=', deploymentId))
    .executeTakeFirst()
  const tied = await db.selectFrom('deployment_shipments').select((eb) => eb.fn.min<string | null>('shipped_on').as('first')).where('deployment_id', '=', deploymentId).executeTakeFirst()
  const firsts = [linked?.first, tied?.first].filter((x): x is string => typeof x === 'string')
  const first = firsts.length > 0 ? firsts.reduce((x, y) => (y < x ? y : x)) : undefined
  if (first !== undefined && attestedOn < first) throw refuse('the first shipment to the site', first)
}

export async function addAttestation(ctx: StoreContext, input: NewAttestation): Promise<Attestation> {
  const a = parse(NewAttestationSchema, input)
  return ctx.write(a.actor, async (w) => {
    const dep = await w.db.selectFrom('deployments').select(['id', 'deployed_on']).where('id', '=', a.deploymentId).executeTakeFirst()
    if (!dep) throw new AppError('NOT_FOUND', { detail: `no deployment ${a.deploymentId}` })
    await checkAttestationDate(w.db, a.deploymentId, dep.deployed_on, a.attestedOn, w.at.slice(0, 10))
    const row: Row<'deployment_attestations'> = { id: newId('att'), deployment_id: a.deploymentId, attested_on: a.attestedOn, attested_quantity: a.attestedQuantity, evidence_document_ids: JSON.stringify(a.evidenceDocumentIds), recorded_at: w.at, recorded_by: a.actor }
    await w.db.insertInto('deployment_attestations').values(row).execute()
    const rec = attestationFromRow(row)
    w.audit({ action: 'deployment.attested', entityType: 'deployment-attestation', entityId: row.id, beforeHash: null, afterHash: rowHash(rec), data: null })
    return rec
  })
}

/**
 * Ties a later shipment to a deployment: the deployment's shipped quantity becomes the sum and the shipment's
 * id joins its `shipmentIds`. A shipment record is tied to one deployment at most (DEPLOYMENT_SHIPMENT_TAKEN);
 * a quantity or serial count that differs from the shipment's is refused (DEPLOYMENT_QUANTITY_MISMATCH). Writes
 * are serialised on the audit head, so the checks and the update see no concurrent tie.
 */
export async function addDeploymentShipment(ctx: StoreContext, input: NewDeploymentShipment): Promise<{ deployment: Deployment; shipment: DeploymentShipment }> {
  const a = parse(NewDeploymentShipmentSchema, input)
  if (a.shipmentId === undefined && a.quantity === undefined) throw invalid('quantity', 'required when no shipmentId is given', 'name the shipment (shipmentId) or the quantity shipped')
  if (a.shipmentId === undefined && a.shippedOn === undefined) throw invalid('shippedOn', 'required when no shipmentId is given', 'the date the chips were shipped is required when no shipment is named')
  return ctx.write(a.actor, async (w) => {
    const depRow = await deploymentRow(w.db, a.deploymentId)
    if (!depRow) throw new AppError('NOT_FOUND', { detail: `no deployment ${a.deploymentId}` })
    let quantity = a.quantity
    let shippedOn = a.shippedOn
    if (a.shipmentId !== undefined) {
      const shp = await w.db.selectFrom('shipments').select(['id', 'quantity', 'shipped_on']).where('id', '=', a.shipmentId).executeTakeFirst()
      if (!shp) throw new AppError('NOT_FOUND', { detail: `no shipment ${a.shipmentId}`, issues: [{ path: 'shipmentId', message: 'no shipment has this id' }] })
      const holder = await shipmentHolder(w.db, a.shipmentId)
      if (holder !== undefined) throw shipmentTaken(a.shipmentId, holder, 'shipmentId')
      const shipped = Number(shp.quantity)
      if (quantity !== undefined && quantity !== shipped) throw new AppError('DEPLOYMENT_QUANTITY_MISMATCH', { detail: `shipment ${a.shipmentId} carried ${shipped} chips, not ${quantity}`, issues: [{ path: 'quantity', message: `expected ${shipped}, the shipment's quantity` }] })
      quantity = shipped
      shippedOn ??= shp.shipped_on as IsoDate
    }
    if (a.serials.length > 0 && a.serials.length !== quantity) throw new AppError('DEPLOYMENT_QUANTITY_MISMATCH', { detail: `${a.serials.length} serials for ${quantity} chips`, issues: [{ path: 'serials', message: `expected one serial per chip (${quantity})` }] })
    const before = deploymentFromRow(depRow)
    // the total is bounded like any quantity (it fits the integer column and stays exact)
    if (before.shippedQuantity + quantity! > MAX_QUANTITY) throw quantityTotalError({ path: a.quantity !== undefined ? 'quantity' : 'shipmentId', what: `deployment ${a.deploymentId}'s shipped quantity`, before: before.shippedQuantity, added: quantity! })
    const row: Row<'deployment_shipments'> = { id: newId('dsh'), deployment_id: a.deploymentId, shipment_id: a.shipmentId ?? null, quantity: quantity!, serials: JSON.stringify(a.serials), shipped_on: shippedOn! as string, recorded_at: w.at, recorded_by: a.actor }
    await w.db.insertInto('deployment_shipments').values(row).execute()
    if (a.shipmentId !== undefined) await linkShipments(w.db, a.deploymentId, await nextLinkPosition(w.db, a.deploymentId), [a.shipmentId])
    const shipmentIds = a.shipmentId !== undefined ? [...before.shipmentIds, a.shipmentId] : before.shipmentIds
    const after: Deployment = { ...before, shippedQuantity: before.shippedQuantity + quantity!, shipmentIds }
    await w.db.updateTable('deployments').set({ shipped_quantity: after.shippedQuantity }).where('id', '=', a.deploymentId).execute()
    const shipment = deploymentShipmentFromRow(row)
    w.audit({ action: 'deployment-shipment.recorded', entityType: 'deployment-shipment', entityId: row.id, beforeHash: null, afterHash: rowHash(shipment), data: null })
    w.audit({ action: 'deployment.shipment-added', entityType: 'deployment', entityId: a.deploymentId, beforeHash: rowHash(before), afterHash: rowHash(after), data: { deploymentShipmentId: row.id, shipmentId: row.shipment_id, quantity: row.quantity } })
    return { deployment: after, shipment }
  })
}

/**
 * A deployment with what its flags are computed from: its attestations and where its tied shipment records went.
 * The shipments tied later, with their serials, are `listDeploymentShipments` (only the detail view shows them).
 */
export async function getDeployment(ctx: StoreContext, id: string): Promise<{ deployment: Deployment; attestations: Attestation[]; shippedTo: ShippedTo[] }> {
  const r = await deploymentRow(ctx.db, id)
  if (!r) throw new AppError('NOT_FOUND', { detail: `no deployment ${id}` })
  const atts = await ctx.db.selectFrom('deployment_attestations').selectAll().where('deployment_id', '=', id).orderBy('attested_on').orderBy('id').execute()
  const records = await ctx.db
    .selectFrom('shipments')
    .select(['id', 'destination', 'shipped_on'])
    .where('id', 'in', ctx.db.selectFrom('deployment_shipment_links').select('shipment_id').where('deployment_id', '=', id))
    .orderBy('shipped_on')
    .orderBy('id')
    .execute()
  const shippedTo = records.map((s) => ({ shipmentId: s.id, destination: s.destination, shippedOn: s.shipped_on }))
  return { deployment: deploymentFromRow(r), attestations: atts.map(attestationFromRow), shippedTo }
}

/** The shipments tied to a deployment after it was recorded (quantity, serials, date), oldest first; none for an unknown id. */
export async function listDeploymentShipments(ctx: StoreContext, deploymentId: string): Promise<DeploymentShipment[]> {
  const rows = await ctx.db.selectFrom('deployment_shipments').selectAll().where('deployment_id', '=', deploymentId).orderBy('shipped_on').orderBy('id').execute()
  return rows.map(deploymentShipmentFromRow)
}

async function nextLinkPosition(db: Db, deploymentId: string): Promise<number> {
  const r = await db.selectFrom('deployment_shipment_links').select((eb) => eb.fn.max<number | null>('position').as('last')).where('deployment_id', '=', deploymentId).executeTakeFirst()
  return r?.last === null || r?.last === undefined ? 0 : Number(r.last) + 1
}

export async function listDeployments(ctx: StoreContext, options: PageOptions = {}): Promise<Page<Deployment>> {
  const limit = pageSize(options.limit)
  const after = decodeCursor(options.cursor)
  let q = ctx.db.selectFrom('deployments').selectAll().orderBy('id').limit(limit + 1)
  if (after !== null) q = q.where('id', '>', after)
  return toPage(await withShipmentIds(ctx.db, await q.execute()), limit, (r) => r.id, deploymentFromRow)
}
