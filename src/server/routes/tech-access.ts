/**
 * The technology access log (deemed exports: who accessed which controlled technology, model weights or
 * cluster, their nationality, where from, when): `POST /v1/tech-access` (analyst), `GET /v1/tech-access`
 * (oldest first, by resource or subject).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { RecordTechAccessInputSchema, TechAccessSchema } from '../../records/records-store.js'
import type { AppContext } from '../app.js'
import { authorize, canRead, canWriteRecords } from '../auth.js'
import { actorOf, pageOf, pageOptions, PageQuerySchema, PROBLEM_RESPONSES } from '../schemas.js'

export const TechAccessRequestSchema = RecordTechAccessInputSchema.omit({ actor: true }).meta({ id: 'NewTechAccess' })
export const TechAccessViewSchema = TechAccessSchema.meta({ id: 'TechAccess' })

const TechAccessQuerySchema = PageQuerySchema.extend({ resource: z.string().trim().min(1).max(500).optional(), subject: z.string().trim().min(1).max(500).optional() })

export const techAccessRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.post(
    '/tech-access',
    { config: { allow: canWriteRecords }, schema: { tags: ['tech-access'], summary: 'Log an access to controlled technology, model weights or a cluster (analyst)', body: TechAccessRequestSchema, response: { 201: TechAccessViewSchema, ...PROBLEM_RESPONSES } } },
    async (request, reply) => {
      const caller = authorize(request, canWriteRecords)
      const access = await ctx.store.recordTechAccess({ ...request.body, actor: actorOf(caller) })
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
}
