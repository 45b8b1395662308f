/** Deployments and their attestations (issue 14): created and attested through `ctx.write` (audited). */
import { rowHash } from '../records/hash-chain.js'
import { NewAttestationSchema, NewDeploymentSchema, type Attestation, type Deployment, type NewAttestation, type NewDeployment } from '../records/deployment-records.js'
import type { Page, PageOptions } from '../records/records-store.js'
import { AppError } from '../shared/errors.js'
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

export async function createDeployment(ctx: StoreContext, input: NewDeployment): Promise<Deployment> {
  const d = parse(NewDeploymentSchema, input)
  return ctx.write(d.actor, async (w) => {
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

export async function getDeployment(ctx: StoreContext, id: string): Promise<{ deployment: Deployment; attestations: Attestation[] }> {
  const r = await ctx.db.selectFrom('deployments').selectAll().where('id', '=', id).executeTakeFirst()
  if (!r) throw new AppError('NOT_FOUND', { detail: `no deployment ${id}` })
  const atts = await ctx.db.selectFrom('deployment_attestations').selectAll().where('deployment_id', '=', id).orderBy('attested_on').orderBy('id').execute()
  return { deployment: deploymentFromRow(r), attestations: atts.map(attestationFromRow) }
}

export async function listDeployments(ctx: StoreContext, options: PageOptions = {}): Promise<Page<Deployment>> {
  const limit = pageSize(options.limit)
  const after = decodeCursor(options.cursor)
  let q = ctx.db.selectFrom('deployments').selectAll().orderBy('id').limit(limit + 1)
  if (after !== null) q = q.where('id', '>', after)
  return toPage(await q.execute(), limit, (r) => r.id, deploymentFromRow)
}
