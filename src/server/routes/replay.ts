/**
 * `GET /v1/transactions/{id}/replay[?asOf=YYYY-MM-DD]` (issue 12): the stored transaction run again with the
 * server's rules and lists now, on its own date or on `asOf` (the "what changed" timeline of the web UI asks
 * for several dates), compared field by field with the stored answer (src/records/replay-determination.ts).
 * Nothing is stored.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { determine } from '../../determination/determine.js'
import { TransactionSchema } from '../../determination/transaction-schema.js'
import type { Regime } from '../../determination/types.js'
import { hitReviewsOf } from '../../records/party-hit-reviews.js'
import { compareDeterminations } from '../../records/replay-determination.js'
import { IsoDateSchema } from '../../shared/iso-date.js'
import type { AppContext } from '../app.js'
import { authorize, canRead } from '../auth.js'
import { IdParamsSchema, PROBLEM_RESPONSES } from '../schemas.js'

export const ReplaySchema = z
  .strictObject({
    transactionId: z.string(),
    asOf: z.string(),
    regime: z.string(),
    verdict: z.string(),
    reviewPolicy: z.string().nullable(),
    reasons: z.array(z.looseObject({ ruleId: z.string(), text: z.string() })),
    rulesVersion: z.string(),
    comparison: z.strictObject({
      isSame: z.boolean().meta({ description: 'the same verdict, exceptions, review policy, reasons, flags and allocations as stored' }),
      isSameData: z.boolean().meta({ description: 'the same rules data and list snapshots as stored' }),
      differences: z.array(z.strictObject({ field: z.string(), stored: z.unknown(), now: z.unknown() })),
    }),
  })
  .meta({ id: 'Replay' })

export const replayRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/transactions/:id/replay',
    {
      config: { allow: canRead },
      schema: {
        tags: ['transactions'],
        summary: "Run a stored transaction again with today's rules and lists (on its date, or on asOf) and compare it with the stored answer",
        params: IdParamsSchema,
        querystring: z.strictObject({ asOf: IsoDateSchema.optional() }),
        response: { 200: ReplaySchema, ...PROBLEM_RESPONSES },
      },
    },
    async (request) => {
      authorize(request, canRead)
      const stored = await ctx.store.getTransaction(request.params.id)
      const tx = TransactionSchema.parse(stored.transaction)
      const asOf = request.query.asOf ?? tx.date
      const screener = ctx.lists.current()
      const authorisations = await ctx.store.authorisationsInForce(asOf)
      const hitReviews = await hitReviewsOf(ctx.store, stored.partyIds)
      const result = determine({ ...tx, date: asOf }, { rules: ctx.rules, regime: stored.regime as Regime, authorisations, ...(hitReviews.length ? { hitReviews } : {}), ...(screener ? { screener } : {}) })
      return {
        transactionId: stored.id,
        asOf,
        regime: stored.regime,
        verdict: result.verdict,
        reviewPolicy: result.reviewPolicy,
        reasons: result.reasons.map((r) => ({ ruleId: r.ruleId, text: r.text })),
        rulesVersion: result.rulesVersion,
        comparison: compareDeterminations(stored.result, result),
      }
    },
  )
}
