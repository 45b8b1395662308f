/** The audit trail: `GET /v1/audit` (events, oldest first, by entity) and `GET /v1/audit/verify` (`{ ok, ... }`). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { AUDITED_ENTITIES, AuditEventSchema } from '../../records/audit-events.js'
import { AUDIT_PROBLEM_KINDS } from '../../records/records-store.js'
import type { AppContext } from '../app.js'
import { authorize, canRead } from '../auth.js'
import { pageOf, pageOptions, PageQuerySchema, PROBLEM_RESPONSES } from '../schemas.js'

const AuditQuerySchema = PageQuerySchema.extend({ entityType: z.enum(AUDITED_ENTITIES).optional(), entityId: z.string().min(1).optional() })

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
    problems: z.array(
      z.strictObject({
        kind: z.enum(AUDIT_PROBLEM_KINDS),
        table: z.string().optional(),
        entityId: z.string().optional(),
        eventSeq: z.number().optional(),
        detail: z.string(),
      }),
    ),
    mode: z.enum(['full', 'incremental']).optional().meta({ description: "'incremental': the chain from the last verified checkpoint and the rows its new events touched; 'full': every event and row" }),
    fromSeq: z.number().int().optional(),
    anchor: z.strictObject({ seq: z.number().int(), hash: z.string(), isMatched: z.boolean() }).optional(),
  })
  .meta({ id: 'AuditVerification' })

export const auditRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/audit',
    { schema: { tags: ['audit'], summary: 'Audit events, oldest first', querystring: AuditQuerySchema, response: { 200: pageOf(AuditEventSchema), ...PROBLEM_RESPONSES } } },
    async (request) => {
      authorize(request, canRead)
      const { entityType, entityId } = request.query
      return ctx.store.listAuditEvents({ ...pageOptions(request.query), ...(entityType ? { entityType } : {}), ...(entityId ? { entityId } : {}) })
    },
  )

  app.get(
    '/audit/verify',
    {
      schema: {
        tags: ['audit'],
        summary: 'Re-hash the audit chain and the audited rows',
        description: 'Incremental: from the last verified checkpoint, the new events and the rows they touched (a verify after a verify is cheap). `chipnav audit verify` (the CLI) re-checks everything.',
        response: { 200: AuditVerificationSchema, ...PROBLEM_RESPONSES },
      },
    },
    async (request) => {
      authorize(request, canRead)
      return ctx.store.verifyAudit({ mode: 'incremental' })
    },
  )
}
