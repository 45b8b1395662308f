/** Parties: `POST /v1/parties` (analyst), `GET /v1/parties`, `GET /v1/parties/{id}`. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { NewPartySchema, PartySchema } from '../../records/records-store.js'
import type { AppContext } from '../app.js'
import { authorize, canRead, canWriteRecords } from '../auth.js'
import { actorOf, IdParamsSchema, pageOf, pageOptions, PageQuerySchema, PROBLEM_RESPONSES } from '../schemas.js'

export const partyRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.post(
    '/parties',
    { config: { allow: canWriteRecords }, schema: { tags: ['parties'], summary: 'Create a party (analyst)', body: NewPartySchema, response: { 201: PartySchema, ...PROBLEM_RESPONSES } } },
    async (request, reply) => {
      const caller = authorize(request, canWriteRecords)
      const party = await ctx.store.createParty({ ...request.body, actor: actorOf(caller) })
      return reply.code(201).send(party)
    },
  )

  app.get(
    '/parties',
    { config: { allow: canRead }, schema: { tags: ['parties'], summary: 'List parties', querystring: PageQuerySchema, response: { 200: pageOf(PartySchema), ...PROBLEM_RESPONSES } } },
    async (request) => {
      authorize(request, canRead)
      return ctx.store.listParties(pageOptions(request.query))
    },
  )

  app.get(
    '/parties/:id',
    { config: { allow: canRead }, schema: { tags: ['parties'], summary: 'One party', params: IdParamsSchema, response: { 200: PartySchema, ...PROBLEM_RESPONSES } } },
    async (request) => {
      authorize(request, canRead)
      return ctx.store.getParty(request.params.id)
    },
  )
}
