/**
 * The technology access log (deemed exports: who accessed which controlled technology, model weights or
 * cluster, their nationality, where from, when): `POST /v1/tech-access` (analyst), `GET /v1/tech-access`
 * (oldest first, by resource or subject), `GET /v1/tech-access/report?from=&to=` (by nationality, ECCN and
 * outcome). Each access is evaluated as it is recorded (a release of its ECCN, see src/access/tech-access-check.ts);
 * one that needs a licence without one on file is flagged and opens a `tech-access.flagged` event.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { evaluateTechAccess } from '../../access/tech-access-check.js'
import { RecordTechAccessInputSchema, TechAccessReportRowSchema, TechAccessSchema } from '../../records/records-store.js'
import { IsoDateSchema } from '../../shared/iso-date-schema.js'
import type { AppContext } from '../app.js'
import { authorize, canRead, canWriteRecords } from '../auth.js'
import { actorOf, pageOf, pageOptions, PageQuerySchema, PROBLEM_RESPONSES } from '../schemas.js'

export const TechAccessRequestSchema = RecordTechAccessInputSchema.omit({ actor: true }).meta({ id: 'NewTechAccess' })
export const TechAccessViewSchema = TechAccessSchema.meta({ id: 'TechAccess' })

const TechAccessReportSchema = z.strictObject({ from: IsoDateSchema, to: IsoDateSchema, rows: z.array(TechAccessReportRowSchema) }).meta({ id: 'TechAccessReport' })

const TechAccessQuerySchema = PageQuerySchema.extend({ resource: z.string().trim().min(1).max(500).optional(), subject: z.string().trim().min(1).max(500).optional() })

export const techAccessRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.post(
    '/tech-access',
    { config: { allow: canWriteRecords }, schema: { tags: ['tech-access'], summary: 'Log an access to controlled technology, model weights or a cluster (analyst)', body: TechAccessRequestSchema, response: { 201: TechAccessViewSchema, ...PROBLEM_RESPONSES } } },
    async (request, reply) => {
      const caller = authorize(request, canWriteRecords)
      const screener = ctx.lists.current()
      const check = evaluateTechAccess(request.body, { rules: ctx.rules, ...(screener ? { screener } : {}) })
      const access = await ctx.store.recordTechAccess({ ...request.body, actor: actorOf(caller) }, check)
      return reply.code(201).send(access)
    },
  )

  app.get(
    '/tech-access',
    { config: { allow: canRead }, schema: { tags: ['tech-access'], summary: 'The technology access log, oldest first, by resource or subject', querystring: TechAccessQuerySchema, response: { 200: pageOf(TechAccessViewSchema), ...PROBLEM_RESPONSES } } },
    async (request) => {
      authorize(request, canRead)
      const { resource, subject } = request.query
      return ctx.store.listTechAccess({ ...pageOptions(request.query), ...(resource ? { resource } : {}), ...(subject ? { subject } : {}) })
    },
  )

  app.get(
    '/tech-access/report',
    { config: { allow: canRead }, schema: { tags: ['tech-access'], summary: 'Technology accesses over a period, by nationality, ECCN and outcome', querystring: z.strictObject({ from: IsoDateSchema, to: IsoDateSchema }), response: { 200: TechAccessReportSchema, ...PROBLEM_RESPONSES } } },
    async (request) => {
      authorize(request, canRead)
      const { from, to } = request.query
      return { from, to, rows: await ctx.store.techAccessReport({ from, to }) }
    },
  )
}
