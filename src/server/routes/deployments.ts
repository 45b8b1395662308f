/**
 * Destination verification (issue 14): `POST /v1/deployments` (analyst) ties shipped chips to a site,
 * `POST /v1/deployments/{id}/shipments` (analyst) ties a later shipment to it (its shipped quantity becomes the sum),
 * `POST /v1/deployments/{id}/attestations` (analyst) records an attestation with its evidence documents,
 * `GET /v1/deployments/{id}?asOf=` answers the deployment, its attestations and its flags on the date,
 * `GET /v1/deployments` lists them. A write raises the deployment's new flags on today's date as
 * `deployment.flagged` events (the monitoring health checks raise those that appear later).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { deploymentStatus } from '../../deployments/deployment-flags.js'
import { raiseDeploymentFlags } from '../../deployments/deployment-alerts.js'
import type { IsoDate } from '../../shared/iso-date.js'
import { NewAttestationSchema, NewDeploymentSchema, NewDeploymentShipmentSchema } from '../../records/deployment-records.js'
import { todayUtc } from '../../shared/iso-date.js'
import { IsoDateSchema } from '../../shared/iso-date-schema.js'
import type { AppContext } from '../app.js'
import { authorize, canRead, canWriteRecords } from '../auth.js'
import { actorLabeller, actorLabelSchema, actorOf, withActorLabel, CitationSchema, IdParamsSchema, pageOf, pageOptions, PageQuerySchema, PROBLEM_RESPONSES } from '../schemas.js'

const READERS = canRead
const WRITERS = canWriteRecords

export const DeploymentSchema = z
  .strictObject({
    id: z.string(),
    site: z.strictObject({ country: z.string(), operator: z.string(), address: z.string(), declaredCapacity: z.number() }),
    shippedQuantity: z.number(),
    shipmentIds: z.array(z.string()),
    attestationIntervalDays: z.number(),
    deployedOn: z.string(),
    createdAt: z.string(),
    createdBy: z.string(),
    createdByLabel: actorLabelSchema('createdBy'),
  })
  .meta({ id: 'Deployment' })

export const AttestationSchema = z
  .strictObject({ id: z.string(), deploymentId: z.string(), attestedOn: z.string(), attestedQuantity: z.number(), evidenceDocumentIds: z.array(z.string()), recordedAt: z.string(), recordedBy: z.string(), recordedByLabel: actorLabelSchema('recordedBy') })
  .meta({ id: 'DeploymentAttestation' })

export const DeploymentShipmentSchema = z
  .strictObject({ id: z.string(), deploymentId: z.string(), shipmentId: z.string().nullable(), quantity: z.number(), serials: z.array(z.string()), shippedOn: z.string(), recordedAt: z.string(), recordedBy: z.string(), recordedByLabel: actorLabelSchema('recordedBy') })
  .meta({ id: 'DeploymentShipment' })

const DeploymentFlagSchema = z.strictObject({
  kind: z.enum(['over-capacity', 'attested-short', 'attested-over', 'transshipment-risk', 'attestation-overdue', 'restricted-party', 'destination-mismatch']),
  text: z.string(),
  citations: z.array(CitationSchema).optional(),
  hits: z.array(z.strictObject({ list: z.string(), entryId: z.string(), primaryName: z.string(), score: z.number() })).optional(),
  /** destination-mismatch: the tied shipment records that went to another country than the site's */
  shipments: z.array(z.strictObject({ shipmentId: z.string(), destination: z.string(), shippedOn: z.string() })).optional(),
  /** attested-over: the attestations of more chips than the records show shipped to the site */
  attestations: z.array(z.strictObject({ attestationId: z.string(), attestedOn: z.string(), attestedQuantity: z.number() })).optional(),
})

export const DeploymentViewSchema = z
  .strictObject({
    deployment: DeploymentSchema,
    attestations: z.array(AttestationSchema),
    /** shipments tied after the deployment was recorded (its shippedQuantity includes them) */
    shipments: z.array(DeploymentShipmentSchema),
    asOf: z.string(),
    lastAttestedOn: z.string().nullable(),
    nextAttestationDue: z.string(),
    flags: z.array(DeploymentFlagSchema),
    rulesVersion: z.string(),
    listSnapshots: z.array(z.strictObject({ source: z.string(), sha256: z.string() })),
  })
  .meta({ id: 'DeploymentView' })

export const deploymentRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.post(
    '/deployments',
    { config: { allow: WRITERS }, schema: { tags: ['deployments'], summary: 'Tie shipped chips to a site (analyst)', body: NewDeploymentSchema.omit({ actor: true }).meta({ id: 'NewDeployment' }), response: { 201: DeploymentSchema, ...PROBLEM_RESPONSES } } },
    async (request, reply) => {
      const caller = authorize(request, canWriteRecords)
      const deployment = await ctx.store.createDeployment({ ...request.body, actor: actorOf(caller) })
      await raiseFlags(ctx, deployment.id)
      const [labelled] = await withActorLabel(ctx.store, [deployment], 'createdBy')
      return reply.code(201).send(labelled!)
    },
  )

  app.post(
    '/deployments/:id/attestations',
    {
      config: { allow: WRITERS },
      schema: { tags: ['deployments'], summary: "Record a site's attestation of the chips installed, with its evidence documents (analyst)", description: "409 ATTESTATION_BEFORE_DEPLOYMENT (naming attestedOn) when it is dated before the deployment date or the first shipment to the site; 409 ATTESTATION_IN_FUTURE (naming attestedOn) when it is dated after today. An attestation of more chips than the records show shipped is recorded and raises the attested-over flag (and a deployment.flagged event).", params: IdParamsSchema, body: NewAttestationSchema.omit({ actor: true, deploymentId: true }).meta({ id: 'NewDeploymentAttestation' }), response: { 201: AttestationSchema, ...PROBLEM_RESPONSES } },
    },
    async (request, reply) => {
      const caller = authorize(request, canWriteRecords)
      const attestation = await ctx.store.addAttestation({ ...request.body, deploymentId: request.params.id, actor: actorOf(caller) })
      await raiseFlags(ctx, attestation.deploymentId)
      const label = await actorLabeller(ctx.store, [attestation.recordedBy])
      return reply.code(201).send({ ...attestation, recordedByLabel: label(attestation.recordedBy) })
    },
  )

  app.post(
    '/deployments/:id/shipments',
    {
      config: { allow: WRITERS },
      schema: {
        tags: ['deployments'],
        summary: 'Tie a later shipment to the deployment: a shipment record and/or a quantity, with serials when known (analyst)',
        description: "The deployment's shipped quantity becomes the sum and its flags are raised again (a new over-capacity total opens one deployment.flagged event). 409 DEPLOYMENT_SHIPMENT_TAKEN when the shipment is tied to a deployment already; 409 DEPLOYMENT_QUANTITY_MISMATCH when the quantity or the number of serials differs from the shipment's.",
        params: IdParamsSchema,
        body: NewDeploymentShipmentSchema.omit({ actor: true, deploymentId: true }).meta({ id: 'NewDeploymentShipment' }),
        response: { 201: z.strictObject({ deployment: DeploymentSchema, shipment: DeploymentShipmentSchema }).meta({ id: 'DeploymentShipmentAdded' }), ...PROBLEM_RESPONSES },
      },
    },
    async (request, reply) => {
      const caller = authorize(request, canWriteRecords)
      const added = await ctx.store.addDeploymentShipment({ ...request.body, deploymentId: request.params.id, actor: actorOf(caller) })
      await raiseFlags(ctx, request.params.id)
      const label = await actorLabeller(ctx.store, [added.shipment.recordedBy, added.deployment.createdBy])
      return reply.code(201).send({ deployment: { ...added.deployment, createdByLabel: label(added.deployment.createdBy) }, shipment: { ...added.shipment, recordedByLabel: label(added.shipment.recordedBy) } })
    },
  )

  app.get(
    '/deployments/:id',
    { config: { allow: READERS }, schema: { tags: ['deployments'], summary: 'A deployment, its attestations, its later shipments and its flags on a date (default today)', params: IdParamsSchema, querystring: z.strictObject({ asOf: IsoDateSchema.optional() }), response: { 200: DeploymentViewSchema, ...PROBLEM_RESPONSES } } },
    async (request) => {
      authorize(request, canRead)
      const { deployment, attestations, shippedTo } = await ctx.store.getDeployment(request.params.id)
      const shipments = await ctx.store.listDeploymentShipments(deployment.id)
      const screener = ctx.lists.current()
      const status = deploymentStatus(deployment, attestations, { rules: ctx.rules, asOf: request.query.asOf ?? todayUtc(), shippedTo, ...(screener ? { screener } : {}) })
      const label = await actorLabeller(ctx.store, [deployment.createdBy, ...[...attestations, ...shipments].map((x) => x.recordedBy)])
      const labelled = <T extends { recordedBy: string }>(x: T) => ({ ...x, recordedByLabel: label(x.recordedBy) })
      return { deployment: { ...deployment, createdByLabel: label(deployment.createdBy) }, attestations: attestations.map(labelled), shipments: shipments.map(labelled), ...status }
    },
  )

  app.get(
    '/deployments',
    { config: { allow: READERS }, schema: { tags: ['deployments'], summary: 'The deployments, oldest first', querystring: PageQuerySchema, response: { 200: pageOf(DeploymentSchema), ...PROBLEM_RESPONSES } } },
    async (request) => {
      authorize(request, canRead)
      const page = await ctx.store.listDeployments(pageOptions(request.query))
      return { ...page, items: await withActorLabel(ctx.store, page.items, 'createdBy') }
    },
  )
}

/** the deployment's flags today, raised once each as `deployment.flagged` events */
async function raiseFlags(ctx: AppContext, id: string): Promise<void> {
  const { deployment, attestations, shippedTo } = await ctx.store.getDeployment(id)
  const screener = ctx.lists.current()
  await raiseDeploymentFlags(ctx.store, deployment, attestations, { rules: ctx.rules, asOf: ctx.clock().toISOString().slice(0, 10) as IsoDate, shippedTo, ...(screener ? { screener } : {}) })
}
