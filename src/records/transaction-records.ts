/** Transactions with their determinations and approvals, licences, shipments and allocation ledgers: the stored shapes. Part of the records store's contract (see records-store.ts). */
import { LABEL_MAX_LENGTH } from '../shared/text.js'
import { z } from 'zod'
// inputs check countries against ISO 3166-1 (INVALID_COUNTRY); stored shapes keep the format check only
import { CountryCodeInputSchema } from '../shared/country-code-schema.js'
import { IsoDateSchema } from '../shared/iso-date-schema.js'
import { PositiveTppSchema, PositiveUsdSchema, QuantitySchema, StoreDateSchema, TppSchema, UsdSchema, MAX_TPP } from './store-limits.js'
import type { DeterminationResult } from '../determination/types.js'
import { ActorSchema, EccnInputSchema, TimestampSchema } from './record-basics.js'
import type { PageOptions } from './record-basics.js'
import { NewPartySchema, RecordScreeningInputSchema, ScreeningSnapshotRefSchema } from './party-records.js'

// ---------------------------------------------------------------- transactions and determinations

/**
 * A screening stored with a transaction, under a stored party (`partyId`) or one of the parties created with it
 * (`newParty`, an index into `newParties`); each hit's `detail.transaction` names the transaction and `role`.
 */
export const TransactionScreeningSchema = RecordScreeningInputSchema.omit({ partyId: true, actor: true }).extend({
  party: z.union([z.strictObject({ partyId: z.string().min(1) }), z.strictObject({ newParty: z.number().int().min(0) })]),
  /** the transaction party's role (of the party itself, or of the party an owner's name matched for) */
  role: z.string().min(1),
})
export type TransactionScreening = z.input<typeof TransactionScreeningSchema>

export const RecordDeterminationInputSchema = z.strictObject({
  /** the transaction as submitted (before defaults), kept whole so it can be replayed */
  transaction: z.unknown(),
  /** the answer, kept whole: reasons, flags, rulesVersion, listSnapshots */
  result: z.custom<DeterminationResult>((v) => typeof v === 'object' && v !== null && 'verdict' in v && 'rulesVersion' in v),
  /** the caller's own reference (order number…), optional */
  reference: z.string().optional(),
  /** stored parties this transaction concerns */
  partyIds: z.array(z.string()).default([]),
  /** parties to create with it (their ids are added to `partyIds`, in order); `screenings` name them by index */
  newParties: z.array(NewPartySchema).default([]),
  /** its parties' screenings to queue for review, stored in the same database transaction (records/transaction-hits.ts) */
  screenings: z.array(TransactionScreeningSchema).default([]),
  actor: ActorSchema,
})
export type RecordDeterminationInput = z.input<typeof RecordDeterminationInputSchema>


/** A list snapshot a determination used, as the screener reports it: with its rows per list code. */
export const DeterminationSnapshotRefSchema = ScreeningSnapshotRefSchema.extend({ rowCounts: z.record(z.string(), z.number()).optional() })

export const StoredTransactionSchema = z.strictObject({
  id: z.string(),
  reference: z.string().nullable(),
  /** the transaction date the answer was for (result.date) */
  asOf: IsoDateSchema,
  regime: z.string(),
  verdict: z.string(),
  rulesVersion: z.string(),
  listSnapshots: z.array(DeterminationSnapshotRefSchema),
  partyIds: z.array(z.string()),
  transaction: z.unknown(),
  result: z.custom<DeterminationResult>(),
  recordedAt: TimestampSchema,
  recordedBy: z.string(),
})
export type StoredTransaction = z.infer<typeof StoredTransactionSchema>
/** a transaction without its (large) input and result, for lists */
export type TransactionSummary = Omit<StoredTransaction, 'transaction' | 'result'>
/**
 * What recording a determination answers: its summary, and the answer's JSON text exactly as stored, also as its UTF-8
 * bytes (the API answers with them: the 14 KB text is encoded once per request, issue 15).
 */
export type RecordedDetermination = TransactionSummary & { resultJson: string; resultUtf8: Uint8Array }

/**
 * What tells one deal from another in a list, read from the stored transaction when it is recorded and kept in
 * columns of its own (a copy of the stored text, which the row hash covers; the verification compares them): the item (chip, system or spec id, or the ECCN given), the quantity, the destination
 * and the end user's name; null where the stored transaction does not say.
 */
export const TransactionDealSchema = z.strictObject({
  item: z.string().nullable(),
  quantity: z.number().nullable(),
  destination: z.string().nullable(),
  endUser: z.string().nullable(),
})
export type TransactionDeal = z.infer<typeof TransactionDealSchema>

// ---------------------------------------------------------------- approval of transactions that need a licence

/**
 * The verdicts an approver decides on before the export goes ahead: a licence is required (the approval
 * names the recorded licence that covers it), or a licence exception is used (the approver confirms
 * its conditions are met). NLR needs no approval; PROHIBITED can be neither approved nor rejected.
 */
export const VERDICTS_NEEDING_APPROVAL = ['LICENSE_REQUIRED', 'LICENSE_EXCEPTION'] as const
export const APPROVAL_DECISIONS = ['approved', 'rejected'] as const
export type ApprovalDecision = (typeof APPROVAL_DECISIONS)[number]
/**
 * Where a transaction stands: derived from its verdict and its (single, final) decision; `superseded` when a re-check
 * replaced it before any decision (the replacement is decided on instead).
 */
export const APPROVAL_STATUSES = ['not-required', 'pending', 'approved', 'rejected', 'prohibited', 'superseded'] as const
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number]

export const ApproveTransactionInputSchema = z.strictObject({
  transactionId: z.string().min(1),
  decision: z.enum(APPROVAL_DECISIONS),
  /** required: why (the licence and its conditions, the checks made, or why it is refused) */
  reason: z.string().trim().min(1).max(4000),
  /**
   * the recorded licence the approved transaction ships under: it must exist, be valid on the transaction
   * date and name its destination and (when both are known) its ECCN. Only with 'approved'.
   */
  licenseId: z.string().min(1).optional(),
  actor: ActorSchema,
})
export type ApproveTransactionInput = z.input<typeof ApproveTransactionInputSchema>

/** The decision on one transaction: who decided, when and why; at most one per transaction, never changed. */
export const TransactionApprovalSchema = z.strictObject({
  transactionId: z.string(),
  decision: z.enum(APPROVAL_DECISIONS),
  reason: z.string(),
  licenseId: z.string().nullable(),
  /** the licence number as it was when the decision was made */
  licenseNumber: z.string().nullable(),
  /** the verdict decided on (the transaction's verdict) */
  verdict: z.string(),
  decidedBy: z.string(),
  decidedAt: TimestampSchema,
})
export type TransactionApproval = z.infer<typeof TransactionApprovalSchema>

/** A re-check's replacement of an undecided transaction: at most one per transaction, never changed. */
export const TransactionSupersessionSchema = z.strictObject({ transactionId: z.string(), supersededBy: z.string(), supersededAt: TimestampSchema, recordedBy: z.string() })
export type TransactionSupersession = z.infer<typeof TransactionSupersessionSchema>

/** The approval state shown with a transaction; `supersededBy`: the transaction a re-check recorded in its place (null: none). */
export const ApprovalStateSchema = z.strictObject({ approvalStatus: z.enum(APPROVAL_STATUSES), approval: TransactionApprovalSchema.nullable(), supersededBy: z.string().nullable() })
export type ApprovalState = z.infer<typeof ApprovalStateSchema>
export type StoredTransactionWithApproval = StoredTransaction & ApprovalState
export type TransactionSummaryWithApproval = TransactionSummary & ApprovalState & TransactionDeal

export const needsApproval = (verdict: string): boolean => (VERDICTS_NEEDING_APPROVAL as readonly string[]).includes(verdict)

/** The approval status of a transaction with this verdict and decision (null: none yet), and the transaction that superseded it (null: none). */
export function approvalStatusOf(verdict: string, approval: Pick<TransactionApproval, 'decision'> | null, supersededBy: string | null = null): ApprovalStatus {
  if (approval !== null) return approval.decision
  if (supersededBy !== null) return 'superseded'
  if (verdict === 'PROHIBITED') return 'prohibited'
  return needsApproval(verdict) ? 'pending' : 'not-required'
}

// ---------------------------------------------------------------- licences and shipments

export const NewLicenseSchema = z.strictObject({
  /** the BIS licence number */
  number: z.string().trim().min(1).max(LABEL_MAX_LENGTH),
  /**
   * chip ids or item descriptions: an approval under the licence needs one naming the transaction's chip (its id, or
   * words all in the id: 'NVIDIA H100' names nvidia-h100-sxm); a licence naming neither an item nor an ECCN covers nothing
   */
  items: z.array(z.string()).default([]),
  eccns: z.array(EccnInputSchema).default([]),
  destinations: z.array(CountryCodeInputSchema).min(1),
  /** stored party ids (or names) the licence names: when given, every party of a transaction approved under it must be one */
  parties: z.array(z.string()).default([]),
  /** units (chips) authorized; omitted = no quantity limit; an approval needs the transaction's quantity left */
  authorizedQuantity: QuantitySchema.optional(),
  /** USD (whole cents, at most 10^12); omitted = no value limit */
  authorizedValue: PositiveUsdSchema.optional(),
  /** total processing performance (at most 10^15); omitted = no TPP limit */
  authorizedTpp: PositiveTppSchema.optional(),
  validFrom: StoreDateSchema,
  validTo: StoreDateSchema,
  conditions: z.array(z.string()).default([]),
  actor: ActorSchema,
})
export type NewLicense = z.input<typeof NewLicenseSchema>

export const LicenseSchema = z.strictObject({
  id: z.string(),
  number: z.string(),
  items: z.array(z.string()),
  eccns: z.array(z.string()),
  destinations: z.array(z.string()),
  parties: z.array(z.string()),
  authorizedQuantity: z.number().nullable(),
  authorizedValue: z.number().nullable(),
  authorizedTpp: z.number().nullable(),
  usedQuantity: z.number(),
  usedValue: z.number(),
  usedTpp: z.number(),
  validFrom: IsoDateSchema,
  validTo: IsoDateSchema,
  conditions: z.array(z.string()),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
})
export type License = z.infer<typeof LicenseSchema>

export const RecordShipmentInputSchema = z.strictObject({
  licenseId: z.string().min(1),
  quantity: QuantitySchema,
  /** USD, whole cents (added as integer cents, so 0.1 + 0.2 is 0.3); required when the licence limits value, else default 0 */
  value: UsdSchema.optional(),
  /** the shipment's total TPP; default: its quantity × the TPP per unit of its transaction's item, else 0 (required when the licence limits TPP and neither gives it) */
  tpp: TppSchema.optional(),
  shippedOn: StoreDateSchema,
  destination: CountryCodeInputSchema,
  consignee: z.string().optional(),
  /**
   * the stored transaction this shipment carries out: it must exist, and when its verdict needs a licence
   * or a licence exception it ships only once approved (and only against the licence the approval names,
   * if it names one); never when it is PROHIBITED or was rejected
   */
  transactionId: z.string().optional(),
  /**
   * a shipment that is not linked to a transaction, or that its transaction does not cover (destination,
   * quantity), is refused unless an approver records this override, with the reason; the shipment keeps
   * it (`override.reason`, `override.by`) and the audit trail records it
   */
  override: z.strictObject({ reason: z.string().trim().min(1).max(4000) }).optional(),
  actor: ActorSchema,
})
export type RecordShipmentInput = z.input<typeof RecordShipmentInputSchema>

export const ShipmentSchema = z.strictObject({
  id: z.string(),
  licenseId: z.string(),
  transactionId: z.string().nullable(),
  quantity: z.number(),
  value: z.number(),
  tpp: z.number(),
  shippedOn: IsoDateSchema,
  destination: z.string(),
  consignee: z.string().nullable(),
  recordedAt: TimestampSchema,
  recordedBy: z.string(),
  /** present when an approver overrode the link to an approved transaction: why, and who */
  override: z.strictObject({ reason: z.string(), by: z.string() }).optional(),
})
export type Shipment = z.infer<typeof ShipmentSchema>

// ---------------------------------------------------------------- allocation ledgers (Diffusion Rule, as published)

export const ALLOCATION_KINDS = ['tier2-country', 'lpp-consignee'] as const

/**
 * The calendar years (inclusive) whose Tier 2 allocations count together against one country allocation.
 * The AI Diffusion Rule as published sets one allocation per Tier 2 country "for the period from 2025 to
 * 2027" (15 CFR 742.6(b)(10)(iii)(B), 90 FR 4544): a cumulative installed base counted from 2025 on, not a
 * figure per year (LPP, 15 CFR 740.29, is the one that runs per calendar year). The store knows no
 * regulation: the API takes the period from data/ (policies.diffusion.tier2-allocation-first-year and
 * -last-year) and passes it; without one, a year counts on its own.
 */
export const AllocationPeriodSchema = z
  .strictObject({ from: z.number().int().min(2000).max(2100), to: z.number().int().min(2000).max(2100) })
  .refine((p) => p.from <= p.to, { message: 'from must not be after to', path: ['to'] })
export type AllocationPeriod = z.infer<typeof AllocationPeriodSchema>

export const RecordAllocationInputSchema = z.strictObject({
  /** 'tier2-country': TPP licensed to a Tier 2 country; 'lpp-consignee': TPP exported under LPP to a consignee */
  kind: z.enum(ALLOCATION_KINDS),
  country: CountryCodeInputSchema,
  /** required for 'lpp-consignee' (a party id or name) */
  consignee: z.string().optional(),
  year: z.number().int().min(2000).max(2100),
  tpp: PositiveTppSchema,
  /**
   * refuse (ALLOCATION_EXCEEDED) if the sum would pass it: for tier2-country, every tier2-country allocation
   * of the country in `period`; for lpp-consignee, the consignee's allocations in `year`
   */
  cap: z.number().positive().max(MAX_TPP * 1000).optional(),
  /** tier2-country: the allocation period `year` falls in (see AllocationPeriodSchema); default `year` alone */
  period: AllocationPeriodSchema.optional(),
  transactionId: z.string().optional(),
  actor: ActorSchema,
})
export type RecordAllocationInput = z.input<typeof RecordAllocationInputSchema>

export const AllocationSchema = z.strictObject({
  id: z.string(),
  kind: z.enum(ALLOCATION_KINDS),
  country: z.string(),
  consignee: z.string().nullable(),
  year: z.number(),
  tpp: z.number(),
  transactionId: z.string().nullable(),
  recordedAt: TimestampSchema,
  recordedBy: z.string(),
})
export type Allocation = z.infer<typeof AllocationSchema>

export type ListAllocationsOptions = PageOptions & {
  kind?: (typeof ALLOCATION_KINDS)[number]
  country?: string
  consignee?: string
  year?: number
  transactionId?: string
}

export type AllocationLedgerQuery = {
  /** the destination (Tier 2 country); omitted = every country's total */
  country?: string
  /** the ultimate consignee; omitted = consigneeYearTpp is 0 */
  consignee?: string
  year: number
  /**
   * the Tier 2 allocation period `year` falls in: tier2CountryTpp sums the allocations of every year in
   * it (the same sum the cap of `recordAllocation` checks); default `year` alone
   */
  period?: AllocationPeriod
}
