/**
 * Validated End-User and other authorisations (issue 14): `POST /v1/authorisations` (approver: an authorisation
 * is recorded like a licence) and `GET /v1/authorisations`. `POST /v1/access-checks` says when one covers a check.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { NewAuthorisationSchema } from '../../records/deployment-records.js'
import type { AppContext } from '../app.js'
import { authorize, canRead, canRecordLicenses } from '../auth.js'
import { actorLabelSchema, actorOf, pageOf, pageOptions, PageQuerySchema, PROBLEM_RESPONSES, withActorLabel } from '../schemas.js'

export const AuthorisationSchema = z
  .strictObject({
    id: z.string(),
    program: z.enum(['data-center-veu', 'veu', 'uveu', 'nveu']),
    reference: z.string(),
    endUser: z.string(),
    site: z.strictObject({ country: z.string(), address: z.string() }),
    eccns: z.array(z.string()),
    destinations: z.array(z.string()),
    conditions: z.array(z.string()),
    validFrom: z.string(),
    validTo: z.string().nullable(),
    createdAt: z.string(),
    createdBy: z.string(),
    createdByLabel: actorLabelSchema('createdBy'),
  })
  .meta({ id: 'Authorisation' })

export const authorisationRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.post(
    '/authorisations',
    { config: { allow: canRecordLicenses }, schema: { tags: ['authorisations'], summary: 'Record a Validated End-User (or other) authorisation (approver)', body: NewAuthorisationSchema.omit({ actor: true }).meta({ id: 'NewAuthorisation' }), response: { 201: AuthorisationSchema, ...PROBLEM_RESPONSES } } },
    async (request, reply) => {
      const caller = authorize(request, canRecordLicenses)
      const [labelled] = await withActorLabel(ctx.store, [await ctx.store.createAuthorisation({ ...request.body, actor: actorOf(caller) })], 'createdBy')
      return reply.code(201).send(labelled!)
    },
  )
  app.get(
    '/authorisations',
    { config: { allow: canRead }, schema: { tags: ['authorisations'], summary: 'The recorded authorisations, oldest first', querystring: PageQuerySchema, response: { 200: pageOf(AuthorisationSchema), ...PROBLEM_RESPONSES } } },
    async (request) => {
      authorize(request, canRead)
      const page = await ctx.store.listAuthorisations(pageOptions(request.query))
      return { ...page, items: await withActorLabel(ctx.store, page.items, 'createdBy') }
    },
  )
}
