/** Deployments and their attestations (issue 14): created and attested through `ctx.write` (audited). */
import { rowHash } from '../records/hash-chain.js'
import { NewAttestationSchema, NewDeploymentSchema, NewDeploymentShipmentSchema, type Attestation, type Deployment, type DeploymentShipment, type NewAttestation, type NewDeployment, type NewDeploymentShipment, type ShippedTo } from '../records/deployment-records.js'
import type { Page, PageOptions } from '../records/records-store.js'
import { AppError } from '../shared/errors.js'
import type { IsoDate } from '../shared/iso-date.js'
import { MAX_QUANTITY, quantityTotalError } from '../shared/quantity.js'
import { decodeCursor, pageSize, toPage } from './paging.js'
import { newId, parse, type Row, type StoreContext } from './store-context.js'

export const deploymentFromRow = (r: Row<'deployments'>): Deployment => ({
  id: r.id,
  site: { country: r.site_country, operator: r.operator_name, address: r.address, declaredCapacity: Number(r.declared_capacity) },
  shippedQuantity: Number(r.shipped_quantity),
  shipmentIds: JSON.parse(r.shipment_ids) as string[],
  attestationIntervalDays: Number(r.attestation_interval_days),
  deployedOn: r.deployed_on,
  createdAt: r.created_at,
  createdBy: r.created_by,
})

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

/** The deployment a shipment record is tied to, if any: by a later tie, or named when a deployment was recorded. */
async function shipmentHolder(db: StoreContext['db'], shipmentId: string): Promise<string | undefined> {
  const tied = await db.selectFrom('deployment_shipments').select('deployment_id').where('shipment_id', '=', shipmentId).executeTakeFirst()
  if (tied) return tied.deployment_id
  // shipment ids named when a deployment was recorded are JSON text: LIKE finds the candidates (in both
  // dialects `_` is a wildcard, and SQLite's LIKE ignores case), the parsed list decides
  const named = await db.selectFrom('deployments').select(['id', 'shipment_ids']).where('shipment_ids', 'like', `%${JSON.stringify(shipmentId)}%`).execute()
  return named.find((d) => (JSON.parse(d.shipment_ids) as string[]).includes(shipmentId))?.id
}

const shipmentTaken = (shipmentId: string, holder: string, path: string) =>
  new AppError('DEPLOYMENT_SHIPMENT_TAKEN', { detail: `shipment ${shipmentId} is already tied to deployment ${holder}`, issues: [{ path, message: `already tied to deployment ${holder}` }], deploymentId: holder })

/**
 * The shipments named when a deployment is recorded must be recorded shipments, each named once and tied to no
 * other deployment (the same rule as a later tie), so that a deployment's shipped quantity is not counted twice.
 */
async function checkShipmentsFree(db: StoreContext['db'], shipmentIds: string[]): Promise<void> {
  const seen = new Set<string>()
  for (const [i, id] of shipmentIds.entries()) {
    const path = `shipmentIds[${i}]`
    if (seen.has(id)) throw invalid(path, `shipment ${id} is named twice`, `shipment ${id} appears more than once in shipmentIds`)
    seen.add(id)
    const shp = await db.selectFrom('shipments').select('id').where('id', '=', id).executeTakeFirst()
    if (!shp) throw new AppError('NOT_FOUND', { detail: `no shipment ${id}`, issues: [{ path, message: 'no shipment has this id' }] })
    const holder = await shipmentHolder(db, id)
    if (holder !== undefined) throw shipmentTaken(id, holder, path)
  }
}

export async function createDeployment(ctx: StoreContext, input: NewDeployment): Promise<Deployment> {
  const d = parse(NewDeploymentSchema, input)
  return ctx.write(d.actor, async (w) => {
    await checkShipmentsFree(w.db, d.shipmentIds)
    const row: Row<'deployments'> = {
      id: newId('dep'), site_country: d.site.country, operator_name: d.site.operator, address: d.site.address, declared_capacity: d.site.declaredCapacity, shipped_quantity: d.shippedQuantity,
      shipment_ids: JSON.stringify(d.shipmentIds), attestation_interval_days: d.attestationIntervalDays, deployed_on: d.deployedOn, created_at: w.at, created_by: d.actor,
    }
    await w.db.insertInto('deployments').values(row).execute()
    const rec = deploymentFromRow(row)
    w.audit({ action: 'deployment.created', entityType: 'deployment', entityId: row.id, beforeHash: null, afterHash: rowHash(rec), data: null })
    return rec
  })
}

export async function addAttestation(ctx: StoreContext, input: NewAttestation): Promise<Attestation> {
  const a = parse(NewAttestationSchema, input)
  return ctx.write(a.actor, async (w) => {
    const dep = await w.db.selectFrom('deployments').select('id').where('id', '=', a.deploymentId).executeTakeFirst()
    if (!dep) throw new AppError('NOT_FOUND', { detail: `no deployment ${a.deploymentId}` })
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
    const depRow = await w.db.selectFrom('deployments').selectAll().where('id', '=', a.deploymentId).executeTakeFirst()
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
    const shipmentIds = a.shipmentId !== undefined ? [...before.shipmentIds, a.shipmentId] : before.shipmentIds
    const after: Deployment = { ...before, shippedQuantity: before.shippedQuantity + quantity!, shipmentIds }
    await w.db.updateTable('deployments').set({ shipped_quantity: after.shippedQuantity, shipment_ids: JSON.stringify(shipmentIds) }).where('id', '=', a.deploymentId).execute()
    const shipment = deploymentShipmentFromRow(row)
    w.audit({ action: 'deployment-shipment.recorded', entityType: 'deployment-shipment', entityId: row.id, beforeHash: null, afterHash: rowHash(shipment), data: null })
    w.audit({ action: 'deployment.shipment-added', entityType: 'deployment', entityId: a.deploymentId, beforeHash: rowHash(before), afterHash: rowHash(after), data: { deploymentShipmentId: row.id, shipmentId: row.shipment_id, quantity: row.quantity } })
    return { deployment: after, shipment }
  })
}

export async function getDeployment(ctx: StoreContext, id: string): Promise<{ deployment: Deployment; attestations: Attestation[]; shipments: DeploymentShipment[]; shippedTo: ShippedTo[] }> {
  const r = await ctx.db.selectFrom('deployments').selectAll().where('id', '=', id).executeTakeFirst()
  if (!r) throw new AppError('NOT_FOUND', { detail: `no deployment ${id}` })
  const atts = await ctx.db.selectFrom('deployment_attestations').selectAll().where('deployment_id', '=', id).orderBy('attested_on').orderBy('id').execute()
  const shps = await ctx.db.selectFrom('deployment_shipments').selectAll().where('deployment_id', '=', id).orderBy('shipped_on').orderBy('id').execute()
  const deployment = deploymentFromRow(r)
  const records = deployment.shipmentIds.length === 0 ? [] : await ctx.db.selectFrom('shipments').select(['id', 'destination', 'shipped_on']).where('id', 'in', deployment.shipmentIds).orderBy('shipped_on').orderBy('id').execute()
  const shippedTo = records.map((s) => ({ shipmentId: s.id, destination: s.destination, shippedOn: s.shipped_on }))
  return { deployment, attestations: atts.map(attestationFromRow), shipments: shps.map(deploymentShipmentFromRow), shippedTo }
}

export async function listDeployments(ctx: StoreContext, options: PageOptions = {}): Promise<Page<Deployment>> {
  const limit = pageSize(options.limit)
  const after = decodeCursor(options.cursor)
  let q = ctx.db.selectFrom('deployments').selectAll().orderBy('id').limit(limit + 1)
  if (after !== null) q = q.where('id', '>', after)
  return toPage(await q.execute(), limit, (r) => r.id, deploymentFromRow)
}
