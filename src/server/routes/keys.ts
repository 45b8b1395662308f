/** API keys (admin only): `POST /v1/keys` (the key is shown once), `GET /v1/keys`, `DELETE /v1/keys/{id}` (revoke). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { API_KEY_ROLES, ApiKeySchema, type ApiKey } from '../../records/records-store.js'
import type { AppContext } from '../app.js'
import { authorize, canManageKeys } from '../auth.js'
import { actorOf, IdParamsSchema, pageOf, pageOptions, PageQuerySchema, PROBLEM_RESPONSES } from '../schemas.js'

/** A key as the API shows it: never its hash. */
export const ApiKeyViewSchema = ApiKeySchema.omit({ keyHash: true }).meta({ id: 'ApiKey' })
const viewOf = ({ keyHash: _h, ...rest }: ApiKey) => rest

export const NewKeySchema = z.strictObject({ role: z.enum(API_KEY_ROLES), label: z.string().trim().min(1).max(200).optional() }).meta({ id: 'NewApiKey' })
export const CreatedKeySchema = z.strictObject({ key: z.string().meta({ description: 'the key: shown once, never stored' }), apiKey: ApiKeyViewSchema }).meta({ id: 'CreatedApiKey' })

export const keyRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.post(
    '/keys',
    { config: { allow: canManageKeys }, schema: { tags: ['keys'], summary: 'Create an API key (admin); the key is in this answer only', body: NewKeySchema, response: { 201: CreatedKeySchema, ...PROBLEM_RESPONSES } } },
    async (request, reply) => {
      const caller = authorize(request, canManageKeys)
      const { role, label } = request.body
      const { key, apiKey } = await ctx.store.createApiKey({ role, ...(label ? { label } : {}), actor: actorOf(caller) })
      return reply.code(201).send({ key, apiKey: viewOf(apiKey) })
    },
  )

  app.get(
    '/keys',
    { config: { allow: canManageKeys }, schema: { tags: ['keys'], summary: 'List API keys (admin)', querystring: PageQuerySchema, response: { 200: pageOf(ApiKeyViewSchema), ...PROBLEM_RESPONSES } } },
    async (request) => {
      authorize(request, canManageKeys)
      const page = await ctx.store.listApiKeys(pageOptions(request.query))
      return { items: page.items.map(viewOf), nextCursor: page.nextCursor }
    },
  )

  app.delete(
    '/keys/:id',
    { config: { allow: canManageKeys }, schema: { tags: ['keys'], summary: 'Revoke an API key (admin)', params: IdParamsSchema, response: { 200: ApiKeyViewSchema, ...PROBLEM_RESPONSES } } },
    async (request) => {
      const caller = authorize(request, canManageKeys)
      return viewOf(await ctx.store.revokeApiKey({ id: request.params.id, actor: actorOf(caller) }))
    },
  )
}
