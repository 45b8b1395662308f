/**
 * `POST /v1/determinations` (analyst): the same transaction JSON as `chipnav check --file`, the same
 * result, stored whole, with its id and the transaction's `approvalStatus`. `?regime=as-published` applies the regulatory text; then the
 * Diffusion Rule's allocation ledger comes from the store unless the transaction brings its own.
 * `GET /v1/determinations/{id}`: a stored result again.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { SnapshotDateBasisSchema } from '../../screening/snapshots/snapshot-store.js'
import { determine } from '../../determination/determine.js'
import { TransactionSchema, type Ledger, type Transaction } from '../../determination/transaction-schema.js'
import type { DeterminationResult, Regime } from '../../determination/types.js'
import { APPROVAL_STATUSES, approvalStatusOf, type ApprovalStatus, type RecordedDetermination } from '../../records/records-store.js'
import { recheckTransaction, recordTransactionWithHits } from '../../records/transaction-hits.js'
import { yearOf } from '../../shared/iso-date.js'
import { AppError } from '../../shared/errors.js'
import { REVIEW_POLICIES } from '../../shared/review-policies.js'
import type { AppContext } from '../app.js'
import { StaleListWarningSchema } from '../list-warnings.js'
import { authorize, canQuery, canRead, canWriteRecords } from '../auth.js'
import { actorOf, CitationSchema, IdParamsSchema, PendingReviewSchema, PROBLEM_RESPONSES } from '../schemas.js'
import { BODY_LIMITS } from '../limits.js'
import { tier2AllocationPeriod } from './allocations.js'
import { hitReviewsOf } from '../../records/party-hit-reviews.js'
import { ClassificationResultSchema } from './classify.js'
import { ScreeningHitSchema, ScreeningNoticeSchema, ScreeningResultSchema } from './screen.js'

export const REGIMES = ['as-enforced', 'as-published'] as const satisfies readonly Regime[]

export const DeterminationQuerySchema = z.strictObject({
  regime: z.enum(REGIMES).default('as-enforced'),
  /** your own reference for the transaction (order number…) */
  reference: z.string().trim().min(1).max(200).optional(),
})

const AllocationUseSchema = {
  usedBefore: z.number(),
  adding: z.number(),
  cap: z.number(),
  after: z.number(),
  within: z.boolean(),
}

/** A list snapshot a determination used (the screener's SnapshotRef; importedAt and rowCounts when the screener gives them). */
const UsedSnapshotSchema = z.looseObject({ source: z.string(), sha256: z.string(), importedAt: z.string().optional(), listDate: z.string().optional(), listDateBasis: SnapshotDateBasisSchema.optional(), rowCounts: z.record(z.string(), z.number()).optional() })
/** the transaction party a reason or flag is about (listed-party and sanctions matches, screening hits) */
const PartyRefSchema = z.object({ role: z.string(), name: z.string() })

/** A stored review applied to a hit of a party the transaction was recorded with (src/determination/hit-reviews.ts). */
const AppliedHitReviewSchema = z
  .object({ status: z.enum(['cleared', 'confirmed']), hitId: z.string(), partyId: z.string(), reviewedBy: z.string(), reviewedAt: z.string(), reason: z.string() })
  .meta({ description: "an approver's review of this match for the stored party (partyIds): a cleared match decides nothing, a confirmed one needs no second review" })

/**
 * A party's screening inside a determination: the answer of the server's screener, as `POST /v1/screen`
 * gives it. The determination relies only on the hits' list, entry, names, score and policies, so the
 * other fields are optional here.
 */
const PartyScreeningSchema = z.looseObject({
  query: ScreeningResultSchema.shape.query.optional(),
  threshold: z.number(),
  hits: z.array(ScreeningHitSchema.partial().required({ score: true, list: true, entryId: true, primaryName: true, matchedName: true }).extend({ snapshot: UsedSnapshotSchema.optional(), review: AppliedHitReviewSchema.optional() })),
  candidatesConsidered: z.number().int().optional(),
  /** how many entries match: every one of them is in hits */
  hitCount: z.number().int().optional(),
  snapshots: z.array(UsedSnapshotSchema),
  /** a name in a script the lists barely hold: not cleanly screened (a not-screened flag says so) */
  notices: z.array(ScreeningNoticeSchema).optional(),
})

/** One party as the determination saw it (src/determination/types.ts, PartyOutcome), with its screening. */
const PartyOutcomeSchema = z.looseObject({
  role: z.string(),
  name: z.string(),
  country: z.string(),
  headquarters: z.string().nullable(),
  ultimateParentHeadquarters: z.string().nullable(),
  /** null when no list snapshot is loaded (the party was not screened) */
  screening: PartyScreeningSchema.nullable(),
  owners: z.array(z.looseObject({ name: z.string(), share: z.number(), screening: PartyScreeningSchema.nullable() })),
  /** whose lists the party's hits are on (US, UN, UK, EU), counting other publications of the same listing */
  jurisdictionsHit: z.array(z.string()).optional(),
})

/**
 * The determination result (src/determination/types.ts, DeterminationResult) with the id it was stored
 * under and the transaction's approval status.
 */
export const DeterminationSchema = z
  .looseObject({
    id: z.string(),
    recordedAt: z.string(),
    /** POST only, when there are any: a warning for each list snapshot older than its limit (not stored) */
    listWarnings: z.array(StaleListWarningSchema).optional(),
    approvalStatus: z
      .enum(APPROVAL_STATUSES)
      .meta({
        description:
          'where the stored transaction stands: `pending` (LICENSE_REQUIRED or LICENSE_EXCEPTION: an approver decides before anything ships under it), `not-required` (NLR), `prohibited`; later `approved` or `rejected` (POST /v1/transactions/{id}/approval)',
      }),
    date: z.string(),
    regime: z.enum(REGIMES),
    verdict: z.enum(['NLR', 'LICENSE_EXCEPTION', 'LICENSE_REQUIRED', 'PROHIBITED']),
    licenseExceptions: z.array(
      z.looseObject({
        id: z.enum(['NAC', 'ACA', 'HBM', 'LPP', 'AIA']),
        /** which requirement it overcomes */
        for: z.string(),
        conditions: z.array(z.string()),
        /** NAC: the last day to file the prior notification for an export on the transaction date */
        notifyBy: z.string().optional(),
        citations: z.array(CitationSchema),
      }),
    ),
    reviewPolicy: z.enum(REVIEW_POLICIES).nullable(),
    reasons: z.array(z.looseObject({ ruleId: z.string(), text: z.string(), citations: z.array(CitationSchema), party: PartyRefSchema.optional() })),
    flags: z.array(
      z.looseObject({
        kind: z.string(),
        id: z.string(),
        party: PartyRefSchema.optional(),
        text: z.string(),
        citations: z.array(CitationSchema).optional(),
        /** where the flag comes from: which letter, guidance or rule, and which dated version */
        source: z.looseObject({ id: z.string(), kind: z.string().nullable(), label: z.string(), version: z.string(), unverified: z.boolean().optional() }).optional(),
        /** unanswered-red-flags: the ids of the questions not answered */
        questions: z.array(z.string()).optional(),
      }),
    ),
    item: z.looseObject({
      /** the item as given: { chip } | { system } | { spec } | { eccn } */
      ref: z.unknown(),
      eccn: z.string().nullable(),
      determined: z.boolean(),
      tppPerUnit: z.number().nullable(),
      totalTpp: z.number().nullable(),
      datacenter: z.boolean().nullable(),
      chips: z.array(z.string()),
      /** null when the item was given as an ECCN */
      classification: ClassificationResultSchema.nullable(),
    }),
    quantity: z.number(),
    from: z.string(),
    to: z.string(),
    /** the destination the rules treat it as (Hong Kong → CN) */
    toTreatedAs: z.string(),
    parties: z.array(PartyOutcomeSchema),
    /** as published (the AI Diffusion Rule): the Tier 2 country allocation and the LPP consignee-year total this transaction would use */
    allocations: z
      .looseObject({
        tier2Country: z.looseObject({ country: z.string(), ...AllocationUseSchema }).optional(),
        lppConsigneeYear: z.looseObject(AllocationUseSchema).optional(),
      })
      .optional(),
    listSnapshots: z.array(UsedSnapshotSchema),
    /** the jurisdictions the organisation was bound by for this answer (their sanctions lists block) */
    jurisdictions: z.array(z.string()).optional(),
    rulesVersion: z.string(),
    /** whether the item is subject to the EAR and why (15 CFR 734.3, 734.4, 734.9); the same text is the first reason */
    subjectToEar: z
      .looseObject({
        subject: z.boolean(),
        basis: z.enum(['assumed', 'in-united-states', 'us-origin', 'de-minimis-exceeded', 'foreign-direct-product', 'not-subject']),
        text: z.string(),
        citations: z.array(CitationSchema),
      })
      .optional(),
    recheckOf: z
      .strictObject({ transactionId: z.string(), verdict: z.string(), recordedAt: z.string(), pendingHits: z.number().int() })
      .optional()
      .meta({ description: 'a re-check (POST /v1/transactions/{id}/recheck): the stored transaction this answer replaces, its verdict and how many of its screening hits were then unreviewed; this answer applies the hit reviews made since' }),
    /** rules whose standing on the date is unknown and that change the answer: the answer both ways (the verdict assumes in force) */
    unknownRuleStatus: z
      .array(
        z.looseObject({
          ruleId: z.string(),
          status: z.literal('unknown'),
          citations: z.array(CitationSchema),
          ifInForce: z.looseObject({ verdict: z.string(), reviewPolicy: z.string().nullable(), licenseExceptions: z.array(z.string()) }),
          ifNotInForce: z.looseObject({ verdict: z.string(), reviewPolicy: z.string().nullable(), licenseExceptions: z.array(z.string()) }),
        }),
      )
      .optional(),
    /** the verdict rests on screening matches no officer has reviewed: it holds if they are confirmed; `ifCleared` is the answer if they are cleared (null: none; absent from answers stored before session 9) */
    pendingReview: PendingReviewSchema.nullable().optional(),
  })
  .meta({ id: 'Determination' })
export type Determination = DeterminationResult & { id: string; recordedAt: string; approvalStatus: ApprovalStatus }

/** A determination that is not stored: the result alone, without id, record time or approval status. */
export const DeterminationResultSchema = DeterminationSchema.omit({ id: true, recordedAt: true, approvalStatus: true, listWarnings: true }).meta({ id: 'DeterminationResult' })

export const DeterminationPreviewSchema = z
  .strictObject({
    /** the same transaction under the rules as BIS enforces them and as published (they differ for the Diffusion Rule) */
    asEnforced: DeterminationResultSchema,
    asPublished: DeterminationResultSchema,
    listWarnings: z.array(StaleListWarningSchema).optional(),
  })
  .meta({ id: 'DeterminationPreview' })

/**
 * Determine with the server's rules and screener under one regime, storing nothing: the result, and the
 * transaction as determined (as published, with the allocation ledger completed from the store).
 */
async function determineOnly(ctx: AppContext, transaction: Transaction, regime: Regime, partyIds: readonly string[] = []): Promise<{ tx: Transaction; result: DeterminationResult }> {
  const tx = regime === 'as-published' ? { ...transaction, ledger: await ledgerFor(ctx, transaction) } : transaction
  const screener = ctx.lists.current()
  // the recorded authorisations (VEU) valid on the date: one that covers the transaction is said and cited
  const authorisations = await ctx.store.authorisationsInForce(tx.date)
  const hitReviews = await hitReviewsOf(ctx.store, partyIds)
  return { tx, result: determine(tx, { rules: ctx.rules, regime, jurisdictions: ctx.jurisdictions, authorisations, ...(hitReviews.length ? { hitReviews } : {}), ...(screener ? { screener } : {}) }) }
}

export type DetermineAndRecordOptions = {
  transaction: Transaction
  regime: Regime
  reference?: string
  partyIds?: string[]
  actor: string
}

/**
 * Determine with the server's rules and screener, and store the transaction and its result whole. Answers the
 * JSON of the stored determination (`DeterminationSchema`) as UTF-8 bytes: the id, record time and approval status,
 * then the answer's bytes exactly as the store encoded them, so the 14 KB answer is serialised and encoded once per
 * request (issue 15).
 */
export async function determineAndRecord(ctx: AppContext, { transaction, regime, reference, partyIds, actor }: DetermineAndRecordOptions): Promise<Buffer> {
  const { tx, result } = await determineOnly(ctx, transaction, regime, partyIds)
  // its parties' unreviewed hits go to the review queue (under the stored parties named, or created for them)
  const stored = await recordTransactionWithHits(ctx.store, { transaction: tx, result, ...(reference ? { reference } : {}), ...(partyIds ? { partyIds } : {}), actor })
  return recordedAnswer(ctx, stored)
}

/**
 * Re-determines a stored transaction with its parties' hit reviews as they are now and records it as a new
 * transaction linked to the old one (`recheckOf`); answers it as determineAndRecord does.
 */
export async function recheckAndRecord(ctx: AppContext, transactionId: string, actor: string): Promise<Buffer> {
  const stored = await recheckTransaction(ctx.store, {
    transactionId,
    actor,
    determineWith: async (transaction, regime, partyIds) => (await determineOnly(ctx, TransactionSchema.parse(transaction), regime as Regime, partyIds)).result,
  })
  return recordedAnswer(ctx, stored)
}

/** The JSON of a stored determination: id, record time and approval status, then the answer's bytes as stored, then the list warnings. */
function recordedAnswer(ctx: AppContext, stored: RecordedDetermination): Buffer {
  // a new transaction has no decision yet: pending, not-required or prohibited by its verdict alone
  const head = { id: stored.id, recordedAt: stored.recordedAt, approvalStatus: approvalStatusOf(stored.verdict, null) }
  const listWarnings = ctx.listWarnings()
  return joinJsonObjects([Buffer.from(JSON.stringify(head)), stored.resultUtf8, Buffer.from(listWarnings.length > 0 ? JSON.stringify({ listWarnings }) : '{}')])
}

/**
 * Sends JSON made by the handler as it is (text, or its UTF-8 bytes, with a JSON content type skips the serializer).
 * Its shape is the route's response schema, which documents it; answers are not re-validated at run time anyway (app.ts).
 */
/**
 * These routes take the transaction itself; POST /v1/transactions takes it wrapped ({"transaction": …, "regime", …}).
 * A wrapped one sent here is refused saying so, not as an "unknown field transaction".
 */
async function refuseWrappedTransaction(request: { body: unknown; url: string }): Promise<void> {
  const b = request.body
  if (b === null || typeof b !== 'object' || Array.isArray(b) || !('transaction' in b) || 'date' in b || 'item' in b) return
  const message = 'send the transaction itself here, not wrapped in {"transaction": …} (the body of POST /v1/transactions)'
  throw new AppError('VALIDATION_FAILED', { detail: `${request.url.split('?')[0]}: ${message}`, issues: [{ path: 'transaction', message }] })
}

export function sendJsonText<R extends { type(contentType: string): R; send(payload?: any): R }>(reply: R, json: string | Buffer): R {
  return reply.type('application/json; charset=utf-8').send(json)
}

const OPEN = Buffer.from('{')
const COMMA = Buffer.from(',')
const CLOSE = Buffer.from('}')

/**
 * The members of JSON objects (UTF-8 bytes of compact JSON texts, as JSON.stringify writes them), in order, as one
 * object's bytes ('{"a":1}', '{"b":2}' → '{"a":1,"b":2}').
 */
export function joinJsonObjects(objects: readonly Uint8Array[]): Buffer {
  const parts: Uint8Array[] = [OPEN]
  for (const o of objects) {
    if (o.length <= 2) continue // '{}'
    if (parts.length > 1) parts.push(COMMA)
    parts.push(o.subarray(1, o.length - 1))
  }
  parts.push(CLOSE)
  return Buffer.concat(parts)
}

/** The transaction's own ledger, completed from the allocations stored for its destination, consignee and year. */
async function ledgerFor(ctx: AppContext, tx: Transaction): Promise<Ledger> {
  const given = tx.ledger ?? {}
  if (given.tier2CountryTpp !== undefined && given.consigneeYearTpp !== undefined) return given
  const consignee = tx.parties.find((p) => p.role === 'ultimate-consignee') ?? tx.parties.find((p) => p.role === 'end-user')
  const year = yearOf(tx.date)
  const stored = await ctx.store.allocationLedger({ country: tx.to, ...(consignee ? { consignee: consignee.name } : {}), year, period: tier2AllocationPeriod(ctx.rules, year) })
  return { tier2CountryTpp: given.tier2CountryTpp ?? stored.tier2CountryTpp, consigneeYearTpp: given.consigneeYearTpp ?? stored.consigneeYearTpp }
}

export const determinationRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.post(
    '/determinations',
    { config: { allow: canWriteRecords },
      bodyLimit: BODY_LIMITS.DETERMINATION,
      preValidation: refuseWrappedTransaction,
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
      return sendJsonText(reply.code(201), determination)
    },
  )

  app.post(
    '/determinations/preview',
    { config: { allow: canQuery },
      bodyLimit: BODY_LIMITS.DETERMINATION,
      preValidation: refuseWrappedTransaction,
      schema: {
        tags: ['determinations'],
        summary: 'Determine a transaction under both regimes, side by side, without storing it (viewer)',
        body: TransactionSchema,
        response: { 200: DeterminationPreviewSchema, ...PROBLEM_RESPONSES },
      },
    },
    async (request) => {
      authorize(request, canQuery)
      const [asEnforced, asPublished] = await Promise.all([determineOnly(ctx, request.body, 'as-enforced'), determineOnly(ctx, request.body, 'as-published')])
      const listWarnings = ctx.listWarnings()
      return { asEnforced: asEnforced.result, asPublished: asPublished.result, ...(listWarnings.length > 0 ? { listWarnings } : {}) }
    },
  )

  app.get(
    '/determinations/:id',
    { config: { allow: canRead }, schema: { tags: ['determinations'], summary: 'A stored determination', params: IdParamsSchema, response: { 200: DeterminationSchema, ...PROBLEM_RESPONSES } } },
    async (request) => {
      authorize(request, canRead)
      const stored = await ctx.store.getTransaction(request.params.id)
      return { id: stored.id, recordedAt: stored.recordedAt, approvalStatus: stored.approvalStatus, ...stored.result }
    },
  )
}
