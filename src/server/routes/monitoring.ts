/**
 * Monitoring (issue 13): `GET /v1/events` (the events feed, cursor-paginated, oldest first),
 * `GET|POST /v1/webhooks`, `DELETE /v1/webhooks/{id}`, `GET /v1/webhooks/deliveries` (the delivery log),
 * `GET /v1/impact` (re-determine the open business for a date range, or the stored answers under the
 * rules now; the report is stored), `GET /v1/impact/{id}`, `GET /v1/transactions/{id}/holds`,
 * `POST /v1/transactions/{id}/holds/release` (approver), `GET /v1/rescreens/latest`.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { MONITOR_EVENT_TYPES } from '../../records/monitoring-records.js'
import { checkImpactDates, runAndStoreImpact } from '../../monitoring/impact.js'
import { AppError } from '../../shared/errors.js'
import type { AppContext } from '../app.js'
import { authorize, canApproveLicensedTransactions, canManageKeys, canRead, canWriteRecords } from '../auth.js'
import { actorLabeller, actorLabelSchema, actorOf, IdParamsSchema, pageOf, PageQuerySchema, PROBLEM_RESPONSES, withActorLabel } from '../schemas.js'

const EventSchema = z
  .strictObject({ seq: z.number(), type: z.enum(MONITOR_EVENT_TYPES), at: z.string(), subjectType: z.string(), subjectId: z.string(), data: z.record(z.string(), z.unknown()) })
  .meta({ id: 'MonitorEvent' })
const WebhookSchema = z
  .strictObject({ id: z.string(), url: z.string(), events: z.array(z.enum(MONITOR_EVENT_TYPES)), isActive: z.boolean(), createdAt: z.string(), createdBy: z.string(), createdByLabel: actorLabelSchema('createdBy') })
  .meta({ id: 'Webhook' })
const NewWebhookSchema = z.strictObject({ url: z.url().max(2048), events: z.array(z.enum(MONITOR_EVENT_TYPES)).max(MONITOR_EVENT_TYPES.length).default([]), secret: z.string().min(16).max(200).optional() }).meta({ id: 'NewWebhook' })
const AttemptSchema = z.strictObject({ id: z.string(), deliveryId: z.string(), attempt: z.number(), at: z.string(), statusCode: z.number().nullable(), error: z.string().nullable(), durationMs: z.number() })
const DeliverySchema = z
  .strictObject({
    id: z.string(),
    webhookId: z.string(),
    eventSeq: z.number(),
    status: z.enum(['pending', 'delivered', 'failed']),
    attempts: z.number(),
    lastStatusCode: z.number().nullable(),
    lastError: z.string().nullable(),
    nextAttemptAt: z.string(),
    deliveredAt: z.string().nullable(),
    createdAt: z.string(),
    attemptLog: z.array(AttemptSchema),
  })
  .meta({ id: 'WebhookDelivery' })
const HoldSchema = z
  .strictObject({
    id: z.string(),
    transactionId: z.string(),
    partyId: z.string().nullable(),
    hitId: z.string().nullable(),
    reason: z.string(),
    placedAt: z.string(),
    placedBy: z.string(),
    placedByLabel: actorLabelSchema('placedBy'),
    releasedAt: z.string().nullable(),
    releasedBy: z.string().nullable(),
    releasedByLabel: actorLabelSchema('releasedBy'),
    releaseReason: z.string().nullable(),
  })
  .meta({ id: 'TransactionHold' })
const ImpactReportSchema = z
  .strictObject({ id: z.string(), createdAt: z.string(), createdBy: z.string(), createdByLabel: actorLabelSchema('createdBy'), inputs: z.record(z.string(), z.unknown()), flipCount: z.number(), report: z.unknown() })
  .meta({ id: 'ImpactReport' })

export const monitoringRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/events',
    { config: { allow: canRead }, schema: { tags: ['monitoring'], summary: 'The events feed (new hit, hit re-opened, transaction held, impact found, …), oldest first, after `cursor`', querystring: PageQuerySchema.extend({ type: z.enum(MONITOR_EVENT_TYPES).optional() }), response: { 200: pageOf(EventSchema), ...PROBLEM_RESPONSES } } },
    async (request) => {
      authorize(request, canRead)
      const { limit, cursor, type } = request.query
      return ctx.store.listEvents({ limit, ...(cursor ? { cursor } : {}), ...(type ? { type } : {}) })
    },
  )

  app.get('/webhooks', { config: { allow: canManageKeys }, schema: { tags: ['monitoring'], summary: 'The webhooks (admin)', querystring: PageQuerySchema, response: { 200: pageOf(WebhookSchema), ...PROBLEM_RESPONSES } } }, async (request) => {
    authorize(request, canManageKeys)
    const { limit, cursor } = request.query
    const page = await ctx.store.listWebhooks({ limit, ...(cursor ? { cursor } : {}) })
    return { ...page, items: await withActorLabel(ctx.store, page.items, 'createdBy') }
  })

  app.post(
    '/webhooks',
    { config: { allow: canManageKeys }, schema: { tags: ['monitoring'], summary: 'Add a webhook; the signing secret is returned once (admin)', body: NewWebhookSchema, response: { 201: z.strictObject({ webhook: WebhookSchema, secret: z.string() }), ...PROBLEM_RESPONSES } } },
    async (request, reply) => {
      const caller = authorize(request, canManageKeys)
      const { url, events, secret } = request.body
      const added = await ctx.store.addWebhook({ url, events, ...(secret ? { secret } : {}), actor: actorOf(caller) })
      const [webhook] = await withActorLabel(ctx.store, [added.webhook], 'createdBy')
      return reply.code(201).send({ ...added, webhook: webhook! })
    },
  )

  app.delete('/webhooks/:id', { config: { allow: canManageKeys }, schema: { tags: ['monitoring'], summary: 'Stop a webhook (admin)', params: IdParamsSchema, response: { 200: WebhookSchema, ...PROBLEM_RESPONSES } } }, async (request) => {
    const caller = authorize(request, canManageKeys)
    const [webhook] = await withActorLabel(ctx.store, [await ctx.store.removeWebhook({ id: request.params.id, actor: actorOf(caller) })], 'createdBy')
    return webhook!
  })

  app.get(
    '/webhooks/deliveries',
    { config: { allow: canManageKeys }, schema: { tags: ['monitoring'], summary: 'The delivery log: each delivery with its attempts (admin)', querystring: PageQuerySchema.extend({ webhookId: z.string().optional() }), response: { 200: pageOf(DeliverySchema), ...PROBLEM_RESPONSES } } },
    async (request) => {
      authorize(request, canManageKeys)
      const { limit, cursor, webhookId } = request.query
      return ctx.store.listDeliveries({ limit, ...(cursor ? { cursor } : {}), ...(webhookId ? { webhookId } : {}) })
    },
  )

  app.get(
    '/impact',
    {
      config: { allow: canWriteRecords },
      schema: {
        tags: ['monitoring'],
        summary: 'Re-determine every open transaction, pending approval and unexhausted licence as of `from` and `to` (or the stored answers under the rules now) and report what flips, with the rule versions that caused it; the report is stored (analyst)',
        querystring: z.strictObject({ from: z.string().optional(), to: z.string().optional() }),
        response: { 200: ImpactReportSchema, ...PROBLEM_RESPONSES },
      },
    },
    async (request) => {
      const caller = authorize(request, canWriteRecords)
      const inputs = checkImpactDates(request.query.from, request.query.to)
      const screener = ctx.lists.current()
      const { record } = await runAndStoreImpact({ store: ctx.store, rules: ctx.rules, ...(screener ? { screener } : {}), inputs, today: ctx.clock().toISOString().slice(0, 10), actor: actorOf(caller) })
      return (await withActorLabel(ctx.store, [record], 'createdBy'))[0]!
    },
  )

  app.get('/impact/:id', { config: { allow: canRead }, schema: { tags: ['monitoring'], summary: 'A stored impact report with its inputs', params: IdParamsSchema, response: { 200: ImpactReportSchema, ...PROBLEM_RESPONSES } } }, async (request) => {
    authorize(request, canRead)
    return (await withActorLabel(ctx.store, [await ctx.store.getImpactReport(request.params.id)], 'createdBy'))[0]!
  })

  app.get('/transactions/:id/holds', { config: { allow: canRead }, schema: { tags: ['monitoring'], summary: "A transaction's holds (active and released)", params: IdParamsSchema, response: { 200: z.strictObject({ holds: z.array(HoldSchema) }), ...PROBLEM_RESPONSES } } }, async (request) => {
    authorize(request, canRead)
    await ctx.store.getTransaction(request.params.id)
    return { holds: await withHoldLabels(ctx, await ctx.store.listHolds({ transactionId: request.params.id, isActive: false })) }
  })

  app.post(
    '/transactions/:id/holds/release',
    { config: { allow: canApproveLicensedTransactions }, schema: { tags: ['monitoring'], summary: 'Release the holds on a transaction, saying why (approver)', params: IdParamsSchema, body: z.strictObject({ reason: z.string().trim().min(1).max(4000) }), response: { 200: z.strictObject({ holds: z.array(HoldSchema) }), ...PROBLEM_RESPONSES } } },
    async (request) => {
      const caller = authorize(request, canApproveLicensedTransactions)
      await ctx.store.getTransaction(request.params.id)
      return { holds: await withHoldLabels(ctx, await ctx.store.releaseHolds({ transactionId: request.params.id, reason: request.body.reason, actor: actorOf(caller) })) }
    },
  )

  app.get('/rescreens/latest', { config: { allow: canRead }, schema: { tags: ['monitoring'], summary: 'The latest delta re-screen run and its progress', response: { 200: z.strictObject({ run: z.unknown() }), ...PROBLEM_RESPONSES } } }, async (request) => {
    authorize(request, canRead)
    const run = await ctx.store.latestRescreenRun()
    if (!run) throw new AppError('NOT_FOUND', { detail: 'no list snapshot has been monitored yet', entity: 're-screen run', id: 'latest' })
    return { run: await ctx.store.getRescreenRun(run.id) }
  })
}

/** Holds with who placed and who released each named for a person (one `actorLabels` call for them all). */
async function withHoldLabels<T extends { placedBy: string; releasedBy: string | null }>(ctx: AppContext, holds: readonly T[]) {
  const label = await actorLabeller(ctx.store, holds.flatMap((h) => [h.placedBy, h.releasedBy]))
  return holds.map((h) => ({ ...h, placedByLabel: label(h.placedBy), releasedByLabel: label(h.releasedBy) }))
}
