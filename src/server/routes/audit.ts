/** The audit trail: `GET /v1/audit` (events, oldest or newest first, by entity, action or actor, each with a readable `actorLabel`) and `GET /v1/audit/verify?mode=incremental|full` (`{ ok, mode, summary, ... }`). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { AUDIT_ACTIONS, AUDITED_ENTITIES, AuditEventSchema, type AuditAction } from '../../records/audit-events.js'
import { AUDIT_PROBLEM_KINDS } from '../../records/records-store.js'
import type { AppContext } from '../app.js'
import { authorize, canRead } from '../auth.js'
import { AUDIT_VERIFY_RATE_LIMIT } from '../limits.js'
import { actorLabeller, actorLabelSchema, pageOf, pageOptions, PageQuerySchema, PROBLEM_RESPONSES } from '../schemas.js'

/** An audit event as the API shows it: the stored event, and a readable name for its actor (not part of the chain). */
export const AuditEventViewSchema = AuditEventSchema.and(
  z.object({ actorLabel: actorLabelSchema('actor') }),
).meta({ id: 'AuditEventView' })

const AuditQuerySchema = PageQuerySchema.extend({
  entityType: z.enum(AUDITED_ENTITIES).optional(),
  entityId: z.string().min(1).optional(),
  action: z.enum(AUDIT_ACTIONS as [AuditAction, ...AuditAction[]]).optional(),
  /** who did it, exactly as recorded (`user:officer`, `key:…`, `system:monitoring`) */
  actor: z.string().min(1).max(200).optional(),
  order: z.enum(['oldest', 'newest']).default('oldest').meta({ description: "'oldest' first (the chain's order, the default) or 'newest' first" }),
})

const AuditProblemSchema = z.strictObject({
  kind: z.enum(AUDIT_PROBLEM_KINDS),
  table: z.string().optional(),
  entityId: z.string().optional(),
  eventSeq: z.number().optional(),
  detail: z.string(),
})

const VerifyQuerySchema = z.strictObject({
  mode: z
    .enum(['full', 'incremental'])
    .default('incremental')
    .meta({ description: "'incremental' (default): the events after the last verified checkpoint and the records they touched, with the last full verification's result; 'full': every event and every audited record (seconds on a large store; on a worker thread)" }),
})

export const AuditVerificationSchema = z
  .strictObject({
    ok: z.boolean(),
    checked: z.number().int(),
    rowsChecked: z.number().int(),
    firstBadEventId: z.number().int().optional(),
    problem: z.string().optional(),
    head: z
      .strictObject({ seq: z.number().int(), hash: z.string() })
      .meta({ description: "the last event's seq and hash: write it down elsewhere (a ticket, a log) to anchor the chain, so a later rewrite of the whole tail can be caught by comparing" }),
    problems: z.array(AuditProblemSchema),
    mode: z.enum(['full', 'incremental']).optional().meta({ description: "'incremental': the chain from the last verified checkpoint and the rows its new events touched; 'full': every event and row" }),
    fromSeq: z.number().int().optional(),
    anchor: z.strictObject({ seq: z.number().int(), hash: z.string(), isMatched: z.boolean() }).optional(),
    lastFull: z
      .strictObject({ at: z.string(), headSeq: z.number().int(), ok: z.boolean(), checked: z.number().int(), rowsChecked: z.number().int(), problems: z.array(AuditProblemSchema) })
      .optional()
      .meta({ description: 'incremental: the last full verification recorded (this route with mode=full, `chipnav audit verify`, or the server\'s periodic health check); its problems count in `ok` and `problems`. Absent when none was recorded.' }),
    summary: z.string().optional().meta({ description: 'what this verification covered and found, in words' }),
  })
  .meta({ id: 'AuditVerification' })

export const auditRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/audit',
    { config: { allow: canRead }, schema: { tags: ['audit'], summary: 'Audit events, oldest first (or newest with order=newest), by entity, action or actor', querystring: AuditQuerySchema, response: { 200: pageOf(AuditEventViewSchema), ...PROBLEM_RESPONSES } } },
    async (request) => {
      authorize(request, canRead)
      const { entityType, entityId, action, actor, order } = request.query
      const page = await ctx.store.listAuditEvents({ ...pageOptions(request.query), order, ...(entityType ? { entityType } : {}), ...(entityId ? { entityId } : {}), ...(action ? { action } : {}), ...(actor ? { actor } : {}) })
      const label = await actorLabeller(ctx.store, page.items.map((e) => e.actor))
      return { ...page, items: page.items.map((e) => ({ ...e, actorLabel: label(e.actor) })) }
    },
  )

  app.get(
    '/audit/verify',
    {
      config: { allow: canRead, rateLimit: { max: AUDIT_VERIFY_RATE_LIMIT.max, timeWindow: AUDIT_VERIFY_RATE_LIMIT.timeWindowMs } },
      schema: {
        tags: ['audit'],
        summary: 'Re-hash the audit chain and the audited rows',
        description: `\`mode=incremental\` (the default): from the last verified checkpoint, the new events and the rows they touched (a verify after a verify is cheap); a row edited outside chipnav that no new event touches is not re-checked, so the answer carries the last full verification (\`lastFull\`), whose problems still count. \`mode=full\` (or \`chipnav audit verify\`): every event and every audited row. \`summary\` says which ran and what it covered. At most ${AUDIT_VERIFY_RATE_LIMIT.max} per API key per minute (429 beyond); one runs at a time and callers arriving meanwhile share its answer.`,
        querystring: VerifyQuerySchema,
        response: { 200: AuditVerificationSchema, ...PROBLEM_RESPONSES },
      },
    },
    async (request) => {
      authorize(request, canRead)
      return ctx.verifyAudit(request.query.mode)
    },
  )
}
