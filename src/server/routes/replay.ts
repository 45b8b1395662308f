/**
 * `GET /v1/transactions/{id}/replay[?asOf=YYYY-MM-DD]` (issue 12): the stored transaction run again with the
 * server's rules and lists now, on its own date or on `asOf` (the "what changed" timeline of the web UI asks
 * for several dates), compared field by field with the stored answer (src/records/replay-determination.ts),
 * with the recorded authorisations as they were when it was stored; what those recorded since would change is
 * said apart (`authorisations`). Nothing is stored.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { determine } from '../../determination/determine.js'
import { TransactionSchema } from '../../determination/transaction-schema.js'
import type { RecordedAuthorisation } from '../../determination/authorisation-cover.js'
import type { Regime } from '../../determination/types.js'
import { hitReviewsOf } from '../../records/party-hit-reviews.js'
import { authorisationFlagChanges, compareDeterminations, splitAuthorisations } from '../../records/replay-determination.js'
import { IsoDateSchema } from '../../shared/iso-date-schema.js'
import type { AppContext } from '../app.js'
import { authorize, canRead } from '../auth.js'
import { IdParamsSchema, PROBLEM_RESPONSES } from '../schemas.js'

const ReplayFlagSchema = z.strictObject({ kind: z.string(), id: z.string(), text: z.string() })

export const ReplaySchema = z
  .strictObject({
    transactionId: z.string(),
    asOf: z.string(),
    regime: z.string(),
    verdict: z.string(),
    reviewPolicy: z.string().nullable(),
    reasons: z.array(z.looseObject({ ruleId: z.string(), text: z.string() })),
    rulesVersion: z.string(),
    authorisations: z
      .strictObject({
        basis: z.literal('as-recorded').meta({ description: 'the replay used the recorded authorisations in force on asOf that had been recorded when the answer was stored (authorisations are never edited or deleted, so these are the ones it could see); those recorded since are not a difference' }),
        asRecorded: z.array(z.string()).meta({ description: 'the ids of the authorisations the replay used' }),
        recordedSince: z.array(z.string()).meta({ description: 'the ids of authorisations in force on asOf recorded after the answer was stored' }),
        withRecordedSince: z
          .strictObject({ added: z.array(ReplayFlagSchema), removed: z.array(ReplayFlagSchema) })
          .meta({ description: 'the flags an answer with the authorisations recorded since would gain or lose (the verdict does not depend on them)' }),
      })
      .meta({ description: 'which recorded authorisations the replay used' }),
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
      // the authorisations as they were when the answer was stored; those recorded since are said apart
      const { asRecorded, recordedSince } = splitAuthorisations(await ctx.store.authorisationsInForce(asOf), stored.recordedAt)
      const hitReviews = await hitReviewsOf(ctx.store, stored.partyIds)
      const replay = (authorisations: readonly RecordedAuthorisation[]) => determine({ ...tx, date: asOf }, { rules: ctx.rules, regime: stored.regime as Regime, authorisations, ...(hitReviews.length ? { hitReviews } : {}), ...(screener ? { screener } : {}) })
      const result = replay(asRecorded)
      const withRecordedSince = recordedSince.length === 0 ? { added: [], removed: [] } : authorisationFlagChanges(result, replay([...asRecorded, ...recordedSince]))
      return {
        transactionId: stored.id,
        asOf,
        regime: stored.regime,
        verdict: result.verdict,
        reviewPolicy: result.reviewPolicy,
        reasons: result.reasons.map((r) => ({ ruleId: r.ruleId, text: r.text })),
        rulesVersion: result.rulesVersion,
        authorisations: { basis: 'as-recorded' as const, asRecorded: asRecorded.map((a) => a.id), recordedSince: recordedSince.map((a) => a.id), withRecordedSince },
        comparison: compareDeterminations(stored.result, result),
      }
    },
  )
}
