/**
 * Transactions as records: `POST /v1/transactions` (analyst) takes `{ transaction, regime?, reference?,
 * partyIds? }` (the transaction linked to stored parties), determines and stores it like
 * `POST /v1/determinations`; `GET /v1/transactions` lists them; `GET /v1/transactions/{id}` gives the
 * stored transaction with its whole result.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { TransactionSchema } from '../../determination/transaction-schema.js'
import { StoredTransactionSchema } from '../../records/records-store.js'
import type { AppContext } from '../app.js'
import { authorize, canRead, canWriteRecords } from '../auth.js'
import { actorOf, IdParamsSchema, pageOf, pageOptions, PageQuerySchema, PROBLEM_RESPONSES } from '../schemas.js'
import { DeterminationSchema, determineAndRecord, REGIMES } from './determinations.js'

export const NewTransactionSchema = z
  .strictObject({
    transaction: TransactionSchema,
    regime: z.enum(REGIMES).default('as-enforced'),
    reference: z.string().trim().min(1).max(200).optional(),
    /** stored parties this transaction concerns */
    partyIds: z.array(z.string().min(1)).optional(),
  })
  .meta({ id: 'NewTransaction' })

export const TransactionSummarySchema = StoredTransactionSchema.omit({ transaction: true, result: true }).meta({ id: 'TransactionSummary' })

export const transactionRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.post(
    '/transactions',
    { schema: { tags: ['transactions'], summary: 'Record a transaction: determine it and store it with its parties (analyst)', body: NewTransactionSchema, response: { 201: DeterminationSchema, ...PROBLEM_RESPONSES } } },
    async (request, reply) => {
      const caller = authorize(request, canWriteRecords)
      const { transaction, regime, reference, partyIds } = request.body
      for (const id of partyIds ?? []) await ctx.store.getParty(id) // NOT_FOUND before anything is stored
      const determination = await determineAndRecord(ctx, { transaction, regime, ...(reference ? { reference } : {}), ...(partyIds ? { partyIds } : {}), actor: actorOf(caller) })
      return reply.code(201).send(determination)
    },
  )

  app.get(
    '/transactions',
    { schema: { tags: ['transactions'], summary: 'List transactions (newest first, without their results)', querystring: PageQuerySchema, response: { 200: pageOf(TransactionSummarySchema), ...PROBLEM_RESPONSES } } },
    async (request) => {
      authorize(request, canRead)
      return ctx.store.listTransactions(pageOptions(request.query))
    },
  )

  app.get(
    '/transactions/:id',
    { schema: { tags: ['transactions'], summary: 'A stored transaction with its whole result', params: IdParamsSchema, response: { 200: StoredTransactionSchema, ...PROBLEM_RESPONSES } } },
    async (request) => {
      authorize(request, canRead)
      return ctx.store.getTransaction(request.params.id)
    },
  )
}
