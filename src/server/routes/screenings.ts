/**
 * Stored screening runs and the review of their hits:
 * `POST /v1/screenings` (analyst) screens a stored party or a name and records the run and its hits;
 * `GET /v1/screenings` (the runs without their hits, oldest first, by party); `GET /v1/screenings/{id}`; `GET /v1/screenings/hits` (the review queue, open hits by default);
 * `POST /v1/screenings/{id}/hits/{hitId}/review` (approver) clears or confirms one hit.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { HIT_STATUSES, ReviewHitInputSchema, ScreeningHitRecordSchema, ScreeningRunSchema, type ScreeningHitRecord, type ScreeningRunWithHits } from '../../records/records-store.js'
import { screeningToRecord } from '../../records/screening-hits.js'
import { AppError } from '../../shared/errors.js'
import type { AppContext } from '../app.js'
import { StaleListWarningSchema } from '../list-warnings.js'
import { authorize, canRead, canReviewHits, canWriteRecords } from '../auth.js'
import { actorLabeller, actorLabelSchema, actorOf, withActorLabel, IdParamsSchema, pageOf, pageOptions, PageQuerySchema, PROBLEM_RESPONSES } from '../schemas.js'
import { SCREEN_QUERY_FIELDS, ScreeningNoticeSchema } from './screen.js'

export const ScreeningRequestSchema = z
  .strictObject({
    /** screen this stored party (its name and country, unless given here) */
    partyId: z.string().min(1).optional(),
    ...SCREEN_QUERY_FIELDS,
    name: SCREEN_QUERY_FIELDS.name.optional(),
  })
  .refine((b) => b.partyId !== undefined || b.name !== undefined, { message: 'give a partyId or a name', path: ['name'] })
  .meta({ id: 'ScreeningRequest' })

/** A hit as the API shows it: the stored hit, and a readable name for who reviewed it (not stored). */
const HitViewSchema = ScreeningHitRecordSchema.extend({ reviewedByLabel: actorLabelSchema('reviewedBy') })
/** a run as the API shows it: who recorded it named for a person (`recordedByLabel`) */
const ScreeningRunViewSchema = ScreeningRunSchema.extend({ recordedByLabel: actorLabelSchema('recordedBy') })
export const ScreeningRunWithHitsSchema = ScreeningRunViewSchema.extend({ hits: z.array(HitViewSchema) }).meta({ id: 'ScreeningRun' })
/** POST /v1/screenings: the recorded run, with a warning for each list snapshot older than its limit (not stored) */
export const RecordedScreeningSchema = ScreeningRunWithHitsSchema.extend({ listWarnings: z.array(StaleListWarningSchema), notices: z.array(ScreeningNoticeSchema).optional() }).meta({ id: 'RecordedScreening' })

export const ReviewRequestSchema = ReviewHitInputSchema.omit({ hitId: true, actor: true }).meta({ id: 'HitReview' })

const HitParamsSchema = z.strictObject({ id: z.string().min(1).max(200), hitId: z.string().min(1).max(200) })
const RunsQuerySchema = PageQuerySchema.extend({ partyId: z.string().min(1).optional() })
export const ScreeningRunSummarySchema = ScreeningRunViewSchema.meta({ id: 'ScreeningRunSummary' })
const HitsQuerySchema = PageQuerySchema.extend({ status: z.enum(HIT_STATUSES).default('open'), partyId: z.string().min(1).optional() })

export const screeningRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.post(
    '/screenings',
    { config: { allow: canWriteRecords }, schema: { tags: ['screening'], summary: 'Screen a party or a name and record the run and its hits (analyst)', body: ScreeningRequestSchema, response: { 201: RecordedScreeningSchema, ...PROBLEM_RESPONSES } } },
    async (request, reply) => {
      const caller = authorize(request, canWriteRecords)
      const screener = ctx.lists.requireScreener()
      const { partyId, ...given } = request.body
      const party = partyId === undefined ? undefined : await ctx.store.getParty(partyId)
      const name = given.name ?? party?.name
      if (name === undefined) throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'name', message: 'give a partyId or a name' }] })
      const country = given.country ?? party?.country
      const result = screener.screen({ ...given, name, ...(country ? { country } : {}) })
      const run = await ctx.store.recordScreening(screeningToRecord({ result, ...(partyId ? { partyId } : {}), actor: actorOf(caller) }))
      // a name in a script the lists barely hold: the answer says so (not stored with the run, as listWarnings)
      return reply.code(201).send({ ...(await withRunLabels(ctx, run)), listWarnings: ctx.listWarnings(), ...(result.notices ? { notices: result.notices } : {}) })
    },
  )

  app.get(
    '/screenings',
    { config: { allow: canRead }, schema: { tags: ['screening'], summary: 'Recorded screening runs, oldest first, without their hits (by party with `partyId`)', querystring: RunsQuerySchema, response: { 200: pageOf(ScreeningRunSummarySchema), ...PROBLEM_RESPONSES } } },
    async (request) => {
      authorize(request, canRead)
      const { partyId } = request.query
      const page = await ctx.store.listScreeningRuns({ ...pageOptions(request.query), ...(partyId ? { partyId } : {}) })
      return { ...page, items: await withActorLabel(ctx.store, page.items, 'recordedBy') }
    },
  )

  app.get(
    '/screenings/hits',
    { config: { allow: canRead }, schema: { tags: ['screening'], summary: 'Screening hits by status (open by default): the review queue', querystring: HitsQuerySchema, response: { 200: pageOf(HitViewSchema), ...PROBLEM_RESPONSES } } },
    async (request) => {
      authorize(request, canRead)
      const { status, partyId } = request.query
      const page = await ctx.store.listHits({ ...pageOptions(request.query), status, ...(partyId ? { partyId } : {}) })
      return { ...page, items: await withReviewerLabels(ctx, page.items) }
    },
  )

  app.get(
    '/screenings/:id',
    { config: { allow: canRead }, schema: { tags: ['screening'], summary: 'One screening run with its hits', params: IdParamsSchema, response: { 200: ScreeningRunWithHitsSchema, ...PROBLEM_RESPONSES } } },
    async (request) => {
      authorize(request, canRead)
      return withRunLabels(ctx, await ctx.store.getScreeningRun(request.params.id))
    },
  )

  app.post(
    '/screenings/:id/hits/:hitId/review',
    { config: { allow: canReviewHits }, schema: { tags: ['screening'], summary: 'Clear (false positive) or confirm (true match) a hit (approver)', params: HitParamsSchema, body: ReviewRequestSchema, response: { 200: HitViewSchema, ...PROBLEM_RESPONSES } } },
    async (request) => {
      const caller = authorize(request, canReviewHits)
      const { id, hitId } = request.params
      const run = await ctx.store.getScreeningRun(id)
      if (!run.hits.some((h) => h.id === hitId)) throw new AppError('NOT_FOUND', { detail: `screening ${id} has no hit ${hitId}` })
      const [hit] = await withReviewerLabels(ctx, [await ctx.store.reviewHit({ hitId, ...request.body, actor: actorOf(caller) })])
      return hit!
    },
  )
}

/** Hits with who reviewed them named for a person (`reviewedByLabel`). */
const withReviewerLabels = (ctx: AppContext, hits: readonly ScreeningHitRecord[]) => withActorLabel(ctx.store, hits, 'reviewedBy')

/** A run with who recorded it and who reviewed its hits named for a person: one label lookup for them all. */
async function withRunLabels(ctx: AppContext, run: ScreeningRunWithHits) {
  const label = await actorLabeller(ctx.store, [run.recordedBy, ...run.hits.map((h) => h.reviewedBy)])
  return { ...run, recordedByLabel: label(run.recordedBy), hits: run.hits.map((h) => ({ ...h, reviewedByLabel: label(h.reviewedBy) })) }
}
