/** `POST /v1/access-checks`: who may use the compute or receive the technology, on a date, in both regimes. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { SnapshotDateBasisSchema } from '../../screening/snapshots/snapshot-store.js'
import { REVIEW_POLICIES } from '../../shared/review-policies.js'
import { checkAccess } from '../../access/check-access.js'
import { parseAccessCheck } from '../../access/access-schema.js'
import { AccessCheckSchema } from '../../access/access-schema.js'
import type { AppContext } from '../app.js'
import { authorize, canQuery } from '../auth.js'
import { StaleListWarningSchema } from '../list-warnings.js'
import { CitationSchema, PendingReviewSchema, PROBLEM_RESPONSES } from '../schemas.js'

const VERDICTS = ['NLR', 'LICENSE_EXCEPTION', 'LICENSE_REQUIRED', 'PROHIBITED'] as const

export const AccessCheckRequestSchema = z
  .strictObject({ check: AccessCheckSchema, regime: z.enum(['as-enforced', 'as-published']).default('as-enforced') })
  .meta({ id: 'AccessCheckRequest' })

export const AccessCheckResultSchema = z
  .looseObject({
    date: z.string(),
    regime: z.enum(['as-enforced', 'as-published']),
    verdict: z.enum(VERDICTS),
    reviewPolicy: z.enum(REVIEW_POLICIES).nullable(),
    /** false for remote use of compute (not an export) */
    isExport: z.boolean(),
    /** a release: the country it takes place in (where.accessFrom when given); null for remote use of compute */
    releasedIn: z.string().nullable(),
    /** a release to a foreign person: the countries it is attributed to as a deemed export or reexport */
    attributedTo: z.array(z.string()),
    /** what is used or released, named for a reader: "ECCN 3E001 technology for the NVIDIA H100 SXM5 80GB (3A090.a)" */
    subject: z.string(),
    reasons: z.array(z.looseObject({ ruleId: z.string(), text: z.string(), citations: z.array(CitationSchema) })),
    flags: z.array(z.looseObject({ kind: z.string(), id: z.string(), text: z.string(), citations: z.array(CitationSchema).optional(), party: z.object({ role: z.string(), name: z.string() }).optional().meta({ description: 'the person or party a screening-review flag is about' }) })),
    itemEccn: z.string().nullable(),
    screened: z.array(z.looseObject({ role: z.string(), name: z.string(), screening: z.looseObject({ hits: z.array(z.looseObject({ list: z.string(), entryId: z.string(), score: z.number() })) }).nullable() })),
    /** the verdict rests on screening matches no officer has reviewed: it holds if they are confirmed; `ifCleared` is the answer if they are cleared */
    pendingReview: PendingReviewSchema.nullable(),
    listSnapshots: z.array(z.looseObject({ source: z.string(), sha256: z.string(), importedAt: z.string().optional(), listDate: z.string().optional(), listDateBasis: SnapshotDateBasisSchema.optional(), rowCounts: z.record(z.string(), z.number()).optional() })),
    rulesVersion: z.string(),
    otherRegime: z.looseObject({ regime: z.string(), verdict: z.enum(VERDICTS), reviewPolicy: z.enum(REVIEW_POLICIES).nullable() }).optional(),
    /** a list snapshot older than its limit (the person or tenant was screened against it); absent when none is */
    listWarnings: z.array(StaleListWarningSchema).optional(),
  })
  .meta({ id: 'AccessCheckResult' })

export const accessCheckRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.post(
    '/access-checks',
    {
      config: { allow: canQuery },
      schema: {
        tags: ['access'],
        summary: 'Check remote access to compute, or a release of technology, software or model weights, to a person or tenant',
        body: AccessCheckRequestSchema,
        response: { 200: AccessCheckResultSchema, ...PROBLEM_RESPONSES },
      },
    },
    async (request) => {
      authorize(request, canQuery)
      const screener = ctx.lists.current()
      // the recorded authorisations valid on the check's date: one that covers the access is said and cited
      const authorisations = await ctx.store.authorisationsInForce(parseAccessCheck(request.body.check).date)
      const result = checkAccess(request.body.check, { rules: ctx.rules, regime: request.body.regime, authorisations, ...(screener ? { screener } : {}) })
      const listWarnings = ctx.listWarnings()
      return { ...result, ...(listWarnings.length > 0 ? { listWarnings } : {}) }
    },
  )
}
