/**
 * Transactions as records: `POST /v1/transactions` (analyst) takes `{ transaction, regime?, reference?,
 * partyIds? }` (the transaction linked to stored parties), determines and stores it like
 * `POST /v1/determinations`; `GET /v1/transactions` lists them with what tells the deals apart (item,
 * quantity, destination, end user; `?approvalStatus=pending` is the approval queue); `GET
 * /v1/transactions/{id}` gives the stored transaction with its whole result and its approval state; `POST /v1/transactions/{id}/approval` (approver) records the one, final decision on a transaction
 * that needs a licence (approved only under the recorded licence that covers it) or uses a licence exception.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { TransactionSchema } from '../../determination/transaction-schema.js'
import { APPROVAL_STATUSES, ApprovalStateSchema, ApproveTransactionInputSchema, StoredTransactionSchema, TransactionApprovalSchema, TransactionDealSchema, type TransactionApproval } from '../../records/records-store.js'
import type { AppContext } from '../app.js'
import { authorize, canApproveLicensedTransactions, canRead, canWriteRecords } from '../auth.js'
import { actorLabeller, actorLabelSchema, actorOf, IdParamsSchema, pageOf, pageOptions, PageQuerySchema, PROBLEM_RESPONSES } from '../schemas.js'
import { BODY_LIMITS } from '../limits.js'
import { DeterminationSchema, determineAndRecord, recheckAndRecord, REGIMES, sendJsonText } from './determinations.js'

export const NewTransactionSchema = z
  .strictObject({
    transaction: TransactionSchema,
    regime: z.enum(REGIMES).default('as-enforced'),
    reference: z.string().trim().min(1).max(200).optional(),
    /** stored parties this transaction concerns */
    partyIds: z.array(z.string().min(1)).optional(),
  })
  .meta({ id: 'NewTransaction' })

/** The decision as the API shows it: the stored decision, and a readable name for who decided (not stored). */
export const TransactionApprovalViewSchema = TransactionApprovalSchema.extend({ decidedByLabel: actorLabelSchema('decidedBy') }).meta({ id: 'TransactionApproval' })
/** what the API adds to a stored transaction: readable names for who recorded it and who decided on it, and its active holds */
const ACTOR_LABELS = {
  recordedByLabel: actorLabelSchema('recordedBy'),
  approval: TransactionApprovalViewSchema.nullable(),
  activeHolds: z
    .number()
    .int()
    .meta({ description: 'holds not yet released (put by unreviewed screening hits when it was recorded, or by a list change): while any is active nothing ships under it (409 TRANSACTION_ON_HOLD), whatever its approval; `GET /v1/transactions/{id}/holds` lists them' }),
}
export const TransactionSummarySchema = StoredTransactionSchema.omit({ transaction: true, result: true }).extend(ApprovalStateSchema.shape).extend(TransactionDealSchema.shape).extend(ACTOR_LABELS).meta({ id: 'TransactionSummary' })
export const StoredTransactionViewSchema = StoredTransactionSchema.extend(ApprovalStateSchema.shape).extend(ACTOR_LABELS).meta({ id: 'StoredTransaction' })
export const ApprovalRequestSchema = ApproveTransactionInputSchema.omit({ transactionId: true, actor: true }).meta({ id: 'ApprovalRequest' })

const TransactionsQuerySchema = PageQuerySchema.extend({
  approvalStatus: z.enum(APPROVAL_STATUSES).optional(),
  onHold: z
    .enum(['true', 'false'])
    .optional()
    .meta({ description: 'true: only transactions with an active hold (unreviewed hits at recording or a list change put it, not yet released), whatever their approval: an approved one on hold ships nothing until the hold is released' }),
})

export const transactionRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.post(
    '/transactions',
    { config: { allow: canWriteRecords }, bodyLimit: BODY_LIMITS.DETERMINATION, schema: { tags: ['transactions'], summary: 'Record a transaction: determine it and store it with its parties (analyst)', body: NewTransactionSchema, response: { 201: DeterminationSchema, ...PROBLEM_RESPONSES } } },
    async (request, reply) => {
      const caller = authorize(request, canWriteRecords)
      const { transaction, regime, reference, partyIds } = request.body
      for (const id of partyIds ?? []) await ctx.store.getParty(id) // NOT_FOUND before anything is stored
      const determination = await determineAndRecord(ctx, { transaction, regime, ...(reference ? { reference } : {}), ...(partyIds ? { partyIds } : {}), actor: actorOf(caller) })
      return sendJsonText(reply.code(201), determination)
    },
  )

  app.post(
    '/transactions/:id/recheck',
    {
      config: { allow: canWriteRecords },
      schema: {
        tags: ['transactions'],
        summary: "Re-check a stored transaction after its parties' screening hits were reviewed (analyst): determined again on its date and recorded as a new transaction linked to it (`recheckOf`)",
        description:
          "Recording a transaction queues its parties' unreviewed screening hits for review (`GET /v1/screenings/hits`), under the stored parties it names or parties created for it (its `partyIds`). Once they are reviewed, the re-check determines the same transaction (its date, regime, reference and parties) with the reviews as they are now: a cleared match decides nothing, a confirmed one keeps its requirement, one still unreviewed is taken as a match and queued (and holds the new transaction). The old transaction's answer stays as it was, but it is superseded in the same write (`supersededBy`, `approvalStatus` superseded: out of the approval queue, its holds released, refused for a decision or a shipment). 409 CONFLICT when it was already approved or rejected; 409 TRANSACTION_SUPERSEDED when it was re-checked before (re-check its replacement).",
        params: IdParamsSchema,
        response: { 201: DeterminationSchema, ...PROBLEM_RESPONSES },
      },
    },
    async (request, reply) => {
      const caller = authorize(request, canWriteRecords)
      return sendJsonText(reply.code(201), await recheckAndRecord(ctx, request.params.id, actorOf(caller)))
    },
  )

  app.get(
    '/transactions',
    { config: { allow: canRead },
      schema: {
        tags: ['transactions'],
        summary: 'List transactions (oldest first, without their results) with their approval state; `approvalStatus=pending` is the approval queue, `onHold=true` the transactions a list change holds',
        querystring: TransactionsQuerySchema,
        response: { 200: pageOf(TransactionSummarySchema), ...PROBLEM_RESPONSES },
      },
    },
    async (request) => {
      authorize(request, canRead)
      const { approvalStatus, onHold } = request.query
      const page = await ctx.store.listTransactions({ ...pageOptions(request.query), ...(approvalStatus ? { approvalStatus } : {}), ...(onHold === 'true' ? { isOnHold: true } : {}) })
      return { ...page, items: await withActorLabels(ctx, page.items) }
    },
  )

  app.get(
    '/transactions/:id',
    { config: { allow: canRead }, schema: { tags: ['transactions'], summary: 'A stored transaction with its whole result and its approval state', params: IdParamsSchema, response: { 200: StoredTransactionViewSchema, ...PROBLEM_RESPONSES } } },
    async (request) => {
      authorize(request, canRead)
      const [transaction] = await withActorLabels(ctx, [await ctx.store.getTransaction(request.params.id)])
      return transaction!
    },
  )

  app.post(
    '/transactions/:id/approval',
    { config: { allow: canApproveLicensedTransactions },
      schema: {
        tags: ['transactions'],
        summary: 'Approve or reject a transaction that needs a licence or uses a licence exception (approver); decisions are final',
        description:
          'One decision per transaction, with its reason. An approval names the recorded licence it ships under (`licenseId`; required when the verdict is LICENSE_REQUIRED, 409 APPROVAL_NEEDS_LICENSE, since every shipment linked to the transaction is then held to that licence; a licence exception needs none): the licence must be valid on the transaction date and name its destination and, when both are known, its ECCN (409 LICENSE_DOES_NOT_COVER). 409 APPROVAL_NOT_REQUIRED (verdict NLR), TRANSACTION_PROHIBITED, APPROVAL_ALREADY_DECIDED, TRANSACTION_SUPERSEDED (a re-check replaced it: `supersededBy` names the transaction to decide on). 409 HIT_REVIEW_PENDING (naming the `hits`) when the answer rests on a screening match of its parties that no one reviewed — an approval, or any decision on a PROHIBITED answer: review them in the queue and re-check the transaction (POST /v1/transactions/{id}/recheck); a rejection of an answer that needs approval is not held.',
        params: IdParamsSchema,
        body: ApprovalRequestSchema,
        response: { 201: TransactionApprovalViewSchema, ...PROBLEM_RESPONSES },
      },
    },
    async (request, reply) => {
      const caller = authorize(request, canApproveLicensedTransactions)
      const approval = await ctx.store.approveTransaction({ ...request.body, transactionId: request.params.id, actor: actorOf(caller) })
      const label = await actorLabeller(ctx.store, [approval.decidedBy])
      return reply.code(201).send({ ...approval, decidedByLabel: label(approval.decidedBy) })
    },
  )
}

/** Transactions with who recorded them and who decided on them named for a person (one `actorLabels` call for them all), and how many holds are active on each (one look-up). */
async function withActorLabels<T extends { id: string; recordedBy: string; approval: TransactionApproval | null }>(ctx: AppContext, transactions: readonly T[]) {
  const label = await actorLabeller(ctx.store, transactions.flatMap((t) => [t.recordedBy, t.approval?.decidedBy]))
  const holds = transactions.length === 1 ? await ctx.store.listHolds({ transactionId: transactions[0]!.id, isActive: true }) : await ctx.store.listHolds({ isActive: true })
  const active = new Map<string, number>()
  for (const h of holds) active.set(h.transactionId, (active.get(h.transactionId) ?? 0) + 1)
  return transactions.map((t) => ({ ...t, recordedByLabel: label(t.recordedBy), approval: t.approval && { ...t.approval, decidedByLabel: label(t.approval.decidedBy) }, activeHolds: active.get(t.id) ?? 0 }))
}
