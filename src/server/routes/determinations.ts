/**
 * `POST /v1/determinations` (analyst): the same transaction JSON as `chipnav check --file`, the same
 * result, stored whole with its id. `?regime=as-published` applies the regulatory text; then the
 * Diffusion Rule's allocation ledger comes from the store unless the transaction brings its own.
 * `GET /v1/determinations/{id}`: a stored result again.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { determine } from '../../determination/determine.js'
import { TransactionSchema, type Ledger, type Transaction } from '../../determination/transaction-schema.js'
import type { DeterminationResult, Regime } from '../../determination/types.js'
import { yearOf } from '../../shared/iso-date.js'
import type { AppContext } from '../app.js'
import { authorize, canRead, canWriteRecords } from '../auth.js'
import { actorOf, IdParamsSchema, PROBLEM_RESPONSES } from '../schemas.js'

export const REGIMES = ['as-enforced', 'as-published'] as const satisfies readonly Regime[]

export const DeterminationQuerySchema = z.strictObject({
  regime: z.enum(REGIMES).default('as-enforced'),
  /** your own reference for the transaction (order number…) */
  reference: z.string().trim().min(1).max(200).optional(),
})

/** The determination result (src/determination/types.ts, DeterminationResult) with the id it was stored under. */
export const DeterminationSchema = z
  .looseObject({
    id: z.string(),
    recordedAt: z.string(),
    date: z.string(),
    regime: z.enum(REGIMES),
    verdict: z.enum(['NLR', 'LICENSE_EXCEPTION', 'LICENSE_REQUIRED', 'PROHIBITED']),
    licenseExceptions: z.array(z.looseObject({ id: z.string(), for: z.string(), conditions: z.array(z.string()) })),
    reviewPolicy: z.string().nullable(),
    reasons: z.array(z.looseObject({ ruleId: z.string(), text: z.string(), citations: z.array(z.unknown()) })),
    flags: z.array(z.looseObject({ kind: z.string(), id: z.string(), text: z.string() })),
    item: z.looseObject({ eccn: z.string().nullable(), determined: z.boolean() }),
    quantity: z.number(),
    from: z.string(),
    to: z.string(),
    toTreatedAs: z.string(),
    parties: z.array(z.unknown()),
    listSnapshots: z.array(z.looseObject({ source: z.string(), sha256: z.string() })),
    rulesVersion: z.string(),
  })
  .meta({ id: 'Determination' })
export type Determination = DeterminationResult & { id: string; recordedAt: string }

export type DetermineAndRecordOptions = {
  transaction: Transaction
  regime: Regime
  reference?: string
  partyIds?: string[]
  actor: string
}

/** Determine with the server's rules and screener, and store the transaction and its result whole. */
export async function determineAndRecord(ctx: AppContext, { transaction, regime, reference, partyIds, actor }: DetermineAndRecordOptions): Promise<Determination> {
  const tx = regime === 'as-published' ? { ...transaction, ledger: await ledgerFor(ctx, transaction) } : transaction
  const screener = ctx.lists.current()
  const result = determine(tx, { rules: ctx.rules, regime, ...(screener ? { screener } : {}) })
  const stored = await ctx.store.recordDetermination({ transaction: tx, result, ...(reference ? { reference } : {}), ...(partyIds ? { partyIds } : {}), actor })
  return { id: stored.id, recordedAt: stored.recordedAt, ...result }
}

/** The transaction's own ledger, completed from the allocations stored for its destination, consignee and year. */
async function ledgerFor(ctx: AppContext, tx: Transaction): Promise<Ledger> {
  const given = tx.ledger ?? {}
  if (given.tier2CountryTpp !== undefined && given.consigneeYearTpp !== undefined) return given
  const consignee = tx.parties.find((p) => p.role === 'ultimate-consignee') ?? tx.parties.find((p) => p.role === 'end-user')
  const stored = await ctx.store.allocationLedger({ country: tx.to, ...(consignee ? { consignee: consignee.name } : {}), year: yearOf(tx.date) })
  return { tier2CountryTpp: given.tier2CountryTpp ?? stored.tier2CountryTpp, consigneeYearTpp: given.consigneeYearTpp ?? stored.consigneeYearTpp }
}

export const determinationRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.post(
    '/determinations',
    {
      schema: {
        tags: ['determinations'],
        summary: 'Determine a transaction (the JSON of `chipnav check --file`) and store it (analyst)',
        querystring: DeterminationQuerySchema,
        body: TransactionSchema,
        response: { 201: DeterminationSchema, ...PROBLEM_RESPONSES },
      },
    },
    async (request, reply) => {
      const caller = authorize(request, canWriteRecords)
      const { regime, reference } = request.query
      const determination = await determineAndRecord(ctx, { transaction: request.body, regime, ...(reference ? { reference } : {}), actor: actorOf(caller) })
      return reply.code(201).send(determination)
    },
  )

  app.get(
    '/determinations/:id',
    { schema: { tags: ['determinations'], summary: 'A stored determination', params: IdParamsSchema, response: { 200: DeterminationSchema, ...PROBLEM_RESPONSES } } },
    async (request) => {
      authorize(request, canRead)
      const stored = await ctx.store.getTransaction(request.params.id)
      return { id: stored.id, recordedAt: stored.recordedAt, ...stored.result }
    },
  )
}
