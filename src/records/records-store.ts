/**
 * The records store: what chipnav keeps, tamper-evident (issue 5). Domain code, the server and the CLI
 * reach the database only through `RecordsStore`; `src/store/` implements it with Kysely over SQLite
 * or PostgreSQL. The schemas below are the stored shapes (a contract: changing one may need a migration).
 *
 * Conventions: every write takes an `actor` (who did it: `cli:<user>`, `key:<apiKeyId>`…) and appends
 * hash-chained audit events in the same database transaction. Lists page by an opaque cursor:
 * `{ items, nextCursor }` (null when there is nothing more). Timestamps are ISO 8601 UTC strings;
 * legal dates are `YYYY-MM-DD`.
 */
import { LABEL_MAX_LENGTH, NAME_MAX_LENGTH } from '../shared/text.js'
import { z } from 'zod'
import { CountryCodeSchema } from '../rules/data-schemas.js'
// inputs check countries against ISO 3166-1 (INVALID_COUNTRY); stored shapes keep the format check only
import { CountryCodeInputSchema } from '../shared/country-code.js'
import { IsoDateSchema } from '../shared/iso-date.js'
import { PositiveTppSchema, PositiveUsdSchema, QuantitySchema, StoreDateSchema, StoreDateTimeSchema, TppSchema, UsdSchema, MAX_TPP } from './store-limits.js'
import type { DeterminationResult } from '../determination/types.js'
import type { Ledger } from '../determination/transaction-schema.js'
import type { AuditEvent } from './audit-events.js'
import type { MonitoringStore } from './monitoring-records.js'
import type { UsersStore } from './users.js'
import type { Attestation, Authorisation, Deployment, DeploymentShipment, NewAttestation, NewAuthorisation, NewDeployment, NewDeploymentShipment, ShippedTo } from './deployment-records.js'

export { hashApiKey } from './api-key-hash.js'

// ---------------------------------------------------------------- shared value types

export const ActorSchema = z.string().trim().min(1).max(200)
export type Actor = z.infer<typeof ActorSchema>

export const TimestampSchema = z.string().min(20) // ISO 8601 UTC, e.g. 2026-11-26T10:00:00.000Z
export const Sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'expected a sha256 hex digest')

export type Page<T> = { items: T[]; nextCursor: string | null }
export type PageOptions = { limit?: number; cursor?: string | null }
/** default and maximum page sizes */
export const DEFAULT_PAGE_SIZE = 50
export const MAX_PAGE_SIZE = 500

// ---------------------------------------------------------------- parties

export const PartyIdentifierSchema = z.strictObject({
  /** e.g. 'lei', 'duns', 'vat', 'uscc' (China unified social credit code), 'passport' */
  scheme: z.string().trim().min(1).max(LABEL_MAX_LENGTH),
  value: z.string().trim().min(1).max(LABEL_MAX_LENGTH),
  country: CountryCodeSchema.optional(),
})

export const OwnershipLinkSchema = z.strictObject({
  /** the owner when it is itself a stored party */
  ownerPartyId: z.string().optional(),
  ownerName: z.string().trim().min(1).max(NAME_MAX_LENGTH),
  ownerCountry: CountryCodeSchema.optional(),
  /** 0..1 */
  share: z.number().min(0).max(1),
})

export const NewPartySchema = z.strictObject({
  name: z.string().trim().min(1).max(NAME_MAX_LENGTH),
  country: CountryCodeInputSchema,
  headquarters: CountryCodeInputSchema.optional(),
  ultimateParent: z
    .strictObject({ partyId: z.string().optional(), name: z.string().trim().min(1).max(NAME_MAX_LENGTH), headquarters: CountryCodeInputSchema.optional() })
    .optional(),
  ownership: z.array(OwnershipLinkSchema.extend({ ownerCountry: CountryCodeInputSchema.optional() })).default([]),
  identifiers: z.array(PartyIdentifierSchema.extend({ country: CountryCodeInputSchema.optional() })).default([]),
})
export type NewParty = z.input<typeof NewPartySchema>

export const PartySchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  country: CountryCodeSchema,
  headquarters: CountryCodeSchema.nullable(),
  ultimateParent: z.strictObject({ partyId: z.string().optional(), name: z.string(), headquarters: CountryCodeSchema.optional() }).nullable(),
  ownership: z.array(OwnershipLinkSchema),
  identifiers: z.array(PartyIdentifierSchema),
  /** true once a screening hit against this party was confirmed */
  isBlocked: z.boolean(),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
})
export type Party = z.infer<typeof PartySchema>

// ---------------------------------------------------------------- screening runs and hits

export const HIT_STATUSES = ['open', 'cleared', 'confirmed'] as const
export type HitStatus = (typeof HIT_STATUSES)[number]

/** One hit as recorded: `entryHash` is the content hash of the list entry (see `entryHashFromHit`). */
export const NewHitSchema = z.strictObject({
  list: z.string().min(1),
  entryId: z.string().min(1),
  entryHash: Sha256Schema,
  score: z.number(),
  primaryName: z.string(),
  matchedName: z.string(),
  /** the snapshot the entry came from */
  snapshotSha256: z.string().optional(),
  /** anything else worth keeping (explanation, programs…), stored as JSON */
  detail: z.unknown().optional(),
})
export type NewHit = z.input<typeof NewHitSchema>

export const ScreeningSnapshotRefSchema = z.object({ source: z.string(), sha256: z.string(), importedAt: z.string().optional(), listDate: z.string().optional() })

export const RecordScreeningInputSchema = z.strictObject({
  /** the stored party screened, when there is one; good-guy decisions are kept per party (or per name + country) */
  partyId: z.string().optional(),
  query: z.strictObject({ name: z.string().trim().min(1), country: CountryCodeInputSchema.optional(), type: z.string().optional() }),
  threshold: z.number(),
  snapshots: z.array(ScreeningSnapshotRefSchema),
  hits: z.array(NewHitSchema),
  actor: ActorSchema,
})
export type RecordScreeningInput = z.input<typeof RecordScreeningInputSchema>

export const ScreeningHitRecordSchema = z.strictObject({
  id: z.string(),
  runId: z.string(),
  partyId: z.string().nullable(),
  /** partyId, or `name:<normalized name>|<country>` when no party is stored */
  subjectKey: z.string(),
  list: z.string(),
  entryId: z.string(),
  entryHash: Sha256Schema,
  score: z.number(),
  primaryName: z.string(),
  matchedName: z.string(),
  snapshotSha256: z.string().nullable(),
  detail: z.unknown(),
  status: z.enum(HIT_STATUSES),
  /**
   * why the status is what it is: 'good-guy' (cleared automatically by an earlier clearance of the same
   * entry content), 'entry-changed' (an earlier clearance existed but the entry changed: re-opened), or null
   */
  statusSource: z.enum(['review', 'good-guy', 'entry-changed', 'entry-removed']).nullable(),
  reason: z.string().nullable(),
  reviewedBy: z.string().nullable(),
  reviewedAt: TimestampSchema.nullable(),
  createdAt: TimestampSchema,
})
export type ScreeningHitRecord = z.infer<typeof ScreeningHitRecordSchema>

export const ScreeningRunSchema = z.strictObject({
  id: z.string(),
  partyId: z.string().nullable(),
  subjectKey: z.string(),
  query: z.strictObject({ name: z.string(), country: z.string().optional(), type: z.string().optional() }),
  threshold: z.number(),
  snapshots: z.array(ScreeningSnapshotRefSchema),
  hitCount: z.number().int(),
  recordedAt: TimestampSchema,
  recordedBy: z.string(),
})
export type ScreeningRun = z.infer<typeof ScreeningRunSchema>
export type ScreeningRunWithHits = ScreeningRun & { hits: ScreeningHitRecord[] }

export const ReviewHitInputSchema = z.strictObject({
  hitId: z.string().min(1),
  decision: z.enum(['cleared', 'confirmed']),
  /** required: why it is a false positive, or why it is a true match */
  reason: z.string().trim().min(1),
  actor: ActorSchema,
})
export type ReviewHitInput = z.input<typeof ReviewHitInputSchema>

/** A cleared hit remembered for its party and list entry, valid while the entry's content hash is unchanged. */
export const GoodGuySchema = z.strictObject({
  subjectKey: z.string(),
  list: z.string(),
  entryId: z.string(),
  entryHash: Sha256Schema,
  hitId: z.string(),
  reason: z.string(),
  clearedBy: z.string(),
  clearedAt: TimestampSchema,
})
export type GoodGuy = z.infer<typeof GoodGuySchema>

// ---------------------------------------------------------------- transactions and determinations

export const RecordDeterminationInputSchema = z.strictObject({
  /** the transaction as submitted (before defaults), kept whole so it can be replayed */
  transaction: z.unknown(),
  /** the answer, kept whole: reasons, flags, rulesVersion, listSnapshots */
  result: z.custom<DeterminationResult>((v) => typeof v === 'object' && v !== null && 'verdict' in v && 'rulesVersion' in v),
  /** the caller's own reference (order number…), optional */
  reference: z.string().optional(),
  /** stored parties this transaction concerns */
  partyIds: z.array(z.string()).default([]),
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

// ---------------------------------------------------------------- approval of transactions that need a licence

/**
 * The verdicts an approver decides on before the export goes ahead: a licence is required (the approval
 * may name the recorded licence that covers it), or a licence exception is used (the approver confirms
 * its conditions are met). NLR needs no approval; PROHIBITED can be neither approved nor rejected.
 */
export const VERDICTS_NEEDING_APPROVAL = ['LICENSE_REQUIRED', 'LICENSE_EXCEPTION'] as const
export const APPROVAL_DECISIONS = ['approved', 'rejected'] as const
export type ApprovalDecision = (typeof APPROVAL_DECISIONS)[number]
/** Where a transaction stands: derived from its verdict and its (single, final) decision. */
export const APPROVAL_STATUSES = ['not-required', 'pending', 'approved', 'rejected', 'prohibited'] as const
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

/** The approval state shown with a transaction. */
export const ApprovalStateSchema = z.strictObject({ approvalStatus: z.enum(APPROVAL_STATUSES), approval: TransactionApprovalSchema.nullable() })
export type ApprovalState = z.infer<typeof ApprovalStateSchema>
export type StoredTransactionWithApproval = StoredTransaction & ApprovalState
export type TransactionSummaryWithApproval = TransactionSummary & ApprovalState

export const needsApproval = (verdict: string): boolean => (VERDICTS_NEEDING_APPROVAL as readonly string[]).includes(verdict)

/** The approval status of a transaction with this verdict and decision (null: none yet). */
export function approvalStatusOf(verdict: string, approval: Pick<TransactionApproval, 'decision'> | null): ApprovalStatus {
  if (approval !== null) return approval.decision
  if (verdict === 'PROHIBITED') return 'prohibited'
  return needsApproval(verdict) ? 'pending' : 'not-required'
}

// ---------------------------------------------------------------- licences and shipments

export const NewLicenseSchema = z.strictObject({
  /** the BIS licence number */
  number: z.string().trim().min(1).max(LABEL_MAX_LENGTH),
  /** item descriptions or chip ids */
  items: z.array(z.string()).default([]),
  eccns: z.array(z.string()).default([]),
  destinations: z.array(CountryCodeInputSchema).min(1),
  /** stored party ids (or names) the licence names */
  parties: z.array(z.string()).default([]),
  /** units (chips) authorized; omitted = no quantity limit */
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
  /** USD, whole cents (added as integer cents, so 0.1 + 0.2 is 0.3) */
  value: UsdSchema.default(0),
  tpp: TppSchema.default(0),
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

// ---------------------------------------------------------------- documents and access logs

export const DOCUMENT_KINDS = ['purchase-order', 'invoice', 'end-user-certificate', 'destination-verification', 'license', 'correspondence', 'other'] as const
export type DocumentKind = (typeof DOCUMENT_KINDS)[number]

export const AddDocumentInputSchema = z.strictObject({
  kind: z.enum(DOCUMENT_KINDS),
  bytes: z.instanceof(Uint8Array),
  filename: z.string().trim().min(1).optional(),
  mediaType: z.string().default('application/octet-stream'),
  /** links: the records this document supports */
  partyId: z.string().optional(),
  transactionId: z.string().optional(),
  licenseId: z.string().optional(),
  /**
   * the latest relevant event known for retention (15 CFR 762.6: export, re-export, transshipment,
   * diversion or other end of the transaction); shipments and the transaction linked are also counted
   */
  eventOn: StoreDateSchema,
  /** end-user certificates: the last day it is valid (an alert comes before it) */
  expiresOn: StoreDateSchema.optional(),
  /** destination verification of a cloud deployment: where, how, when */
  verification: z
    .strictObject({ site: z.string(), country: CountryCodeInputSchema, method: z.string(), verifiedOn: StoreDateSchema })
    .optional(),
  /** an agency asked for it: never deleted (762.6(b)) */
  isOnLegalHold: z.boolean().default(false),
  note: z.string().optional(),
  actor: ActorSchema,
})
export type AddDocumentInput = z.input<typeof AddDocumentInputSchema>

export const DocumentRecordSchema = z.strictObject({
  id: z.string(),
  kind: z.enum(DOCUMENT_KINDS),
  sha256: Sha256Schema,
  size: z.number().int(),
  filename: z.string().nullable(),
  mediaType: z.string(),
  partyId: z.string().nullable(),
  transactionId: z.string().nullable(),
  licenseId: z.string().nullable(),
  eventOn: IsoDateSchema,
  expiresOn: IsoDateSchema.nullable(),
  verification: z.strictObject({ site: z.string(), country: z.string(), method: z.string(), verifiedOn: z.string() }).nullable(),
  isOnLegalHold: z.boolean(),
  note: z.string().nullable(),
  createdAt: TimestampSchema,
  createdBy: z.string(),
})
export type DocumentRecord = z.infer<typeof DocumentRecordSchema>

/** Place a document on legal hold (an agency asked for it: 15 CFR 762.6(b)) or lift the hold, saying why. */
export const SetLegalHoldInputSchema = z.strictObject({
  documentId: z.string().min(1),
  isOnLegalHold: z.boolean(),
  /** required: the request it answers (agency, case or letter), or why the hold ends */
  reason: z.string().trim().min(1).max(4000),
  actor: ActorSchema,
})
export type SetLegalHoldInput = z.input<typeof SetLegalHoldInputSchema>

export type DocumentAlert = {
  documentId: string
  kind: 'euc-expiring' | 'euc-expired'
  expiresOn: string
  /** negative once expired */
  daysLeft: number
}

export const RecordTechAccessInputSchema = z.strictObject({
  /** who: a person or account id */
  subject: z.string().trim().min(1),
  nationality: CountryCodeInputSchema,
  /** where they accessed from */
  location: CountryCodeInputSchema,
  /** which controlled technology, model weights or cluster */
  resource: z.string().trim().min(1),
  /** e.g. an ECCN such as 4E001 or 3E001, when known */
  eccn: z.string().optional(),
  /** when: ISO 8601 date and time with its offset, e.g. 2025-05-01T09:00:00Z */
  accessedAt: StoreDateTimeSchema,
  note: z.string().optional(),
  actor: ActorSchema,
})
export type RecordTechAccessInput = z.input<typeof RecordTechAccessInputSchema>

export const TechAccessSchema = z.strictObject({
  id: z.string(),
  subject: z.string(),
  nationality: z.string(),
  location: z.string(),
  resource: z.string(),
  eccn: z.string().nullable(),
  accessedAt: z.string(),
  note: z.string().nullable(),
  recordedAt: TimestampSchema,
  recordedBy: z.string(),
  /** the access evaluated as a release of its ECCN when it was recorded (absent: no ECCN, or logged before issue 14) */
  check: z
    .strictObject({
      verdict: z.enum(['NLR', 'LICENSE_EXCEPTION', 'LICENSE_REQUIRED', 'PROHIBITED']),
      rulesVersion: z.string(),
      /** the licence on file that covers the release, when one does */
      licenseId: z.string().nullable(),
      /** a licence is needed (or the release is prohibited) and none is on file: an alert was raised */
      flagged: z.boolean(),
    })
    .optional(),
})
export type TechAccess = z.infer<typeof TechAccessSchema>
/** What the caller decided about an access before it is stored (the store adds the licence on file). */
export type TechAccessEvaluation = { verdict: NonNullable<TechAccess['check']>['verdict']; rulesVersion: string }

export const TechAccessReportRowSchema = z.strictObject({
  nationality: z.string(),
  eccn: z.string().nullable(),
  /** null: not evaluated (no ECCN, or logged before checks existed) */
  verdict: z.string().nullable(),
  flagged: z.boolean(),
  accesses: z.number(),
  subjects: z.number(),
})
export type TechAccessReportRow = z.infer<typeof TechAccessReportRowSchema>

// ---------------------------------------------------------------- API keys

export const API_KEY_ROLES = ['viewer', 'analyst', 'approver', 'admin'] as const
export type ApiKeyRole = (typeof API_KEY_ROLES)[number]

export const ApiKeySchema = z.strictObject({
  id: z.string(),
  role: z.enum(API_KEY_ROLES),
  label: z.string().nullable(),
  /** sha256 hex of the key; the key itself is never stored */
  keyHash: Sha256Schema,
  /** the first characters of the key, to recognise it in a list */
  prefix: z.string(),
  createdAt: TimestampSchema,
  createdBy: z.string(),
  revokedAt: TimestampSchema.nullable(),
})
export type ApiKey = z.infer<typeof ApiKeySchema>

// ---------------------------------------------------------------- audit

export type AuditVerification = {
  ok: boolean
  /** events checked */
  checked: number
  /** rows of audited tables checked against the chain */
  rowsChecked: number
  /** the first event where the chain breaks, when it is the chain that is broken */
  firstBadEventId?: number
  /** what is wrong, in words; the first problem found */
  problem?: string
  /** the last event's seq and hash: write it down elsewhere (a ticket, a log) to anchor the chain, so a
   *  later rewrite of the whole tail can be caught by comparing */
  head: { seq: number; hash: string }
  /** every problem found (capped at 100) */
  problems: { kind: AuditProblemKind; table?: string; entityId?: string; eventSeq?: number; detail: string }[]
  /** 'incremental': the chain from the last verified checkpoint (`fromSeq`) and the rows its new events touched; 'full': everything */
  mode?: 'full' | 'incremental'
  /** the event the chain was checked from (0: the start) */
  fromSeq?: number
  /** with an anchor: whether the chain still holds the anchored event unchanged */
  anchor?: { seq: number; hash: string; isMatched: boolean }
}
export const AUDIT_PROBLEM_KINDS = ['chain-broken', 'event-missing', 'event-edited', 'head-mismatch', 'row-edited', 'row-inserted', 'row-deleted', 'chain-marker-edited', 'anchor-mismatch'] as const
export type AuditProblemKind = (typeof AUDIT_PROBLEM_KINDS)[number]

/**
 * A signed checkpoint of the audit chain (`chipnav audit anchor`), to keep elsewhere (a ticket, another
 * machine): the head's seq and hash, the event count, when, and an HMAC-SHA256 signature under the audit
 * key. `verifyAudit({ anchor })` then finds a rewrite of the chain, even a consistent one.
 */
export const AuditAnchorSchema = z.strictObject({
  format: z.literal('chipnav-audit-anchor/1'),
  seq: z.number().int().nonnegative(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  count: z.number().int().nonnegative(),
  at: z.string(),
  keyedFromSeq: z.number().int().nonnegative(),
  signature: z.string().regex(/^[0-9a-f]{64}$/),
})
export type AuditAnchor = z.infer<typeof AuditAnchorSchema>
export type VerifyAuditOptions = {
  /** 'full' (default): every event and row; 'incremental': from the last verified checkpoint */
  mode?: 'full' | 'incremental'
  /** an anchor exported earlier: its signature is checked (AUDIT_ANCHOR_INVALID) and its event must be in the chain unchanged */
  anchor?: unknown
}

export type ListAuditEventsOptions = PageOptions & { entityType?: string; entityId?: string }

// ---------------------------------------------------------------- the interface

export interface RecordsStore extends MonitoringStore, UsersStore {
  /** which database: 'sqlite' | 'postgres' */
  readonly dialect: 'sqlite' | 'postgres'

  createParty(input: NewParty & { actor: Actor }): Promise<Party>
  /** NOT_FOUND when there is no such party */
  getParty(id: string): Promise<Party>
  listParties(options?: PageOptions): Promise<Page<Party>>

  /**
   * Stores a screening run and its hits. A hit whose party (subject) already has a good-guy entry for the
   * same list entry with the same content hash is recorded `cleared` (statusSource 'good-guy'); with a
   * different hash it is recorded `open` (statusSource 'entry-changed') and the stale good-guy is removed.
   */
  recordScreening(input: RecordScreeningInput): Promise<ScreeningRunWithHits>
  getScreeningRun(id: string): Promise<ScreeningRunWithHits>
  /** runs without their hits, oldest first; by party when `partyId` is given */
  listScreeningRuns(options?: PageOptions & { partyId?: string }): Promise<Page<ScreeningRun>>
  /** hits by status (default: open), oldest first */
  listHits(options?: PageOptions & { status?: HitStatus; partyId?: string }): Promise<Page<ScreeningHitRecord>>
  /**
   * open → cleared (false positive: becomes a good-guy entry tied to the entry hash) or confirmed
   * (blocks the party). CONFLICT when the hit is not open; NOT_FOUND when it does not exist.
   */
  reviewHit(input: ReviewHitInput): Promise<ScreeningHitRecord>
  /**
   * A new list snapshot: re-open every cleared hit whose entry's content hash changed (by list + entryId)
   * and drop its good-guy entry. Returns the re-opened hits.
   */
  reopenChangedHits(input: { entries: { list: string; entryId: string; entryHash: string }[]; actor: Actor }): Promise<ScreeningHitRecord[]>

  /** Stores the transaction and its determination whole (explanation, rulesVersion, list snapshot hashes). */
  recordDetermination(input: RecordDeterminationInput): Promise<TransactionSummary>
  /** the transaction, its whole result and its approval state */
  getTransaction(id: string): Promise<StoredTransactionWithApproval>
  /** oldest first; `approvalStatus` filters (e.g. 'pending': the approval queue) */
  listTransactions(options?: PageOptions & { approvalStatus?: ApprovalStatus }): Promise<Page<TransactionSummaryWithApproval>>
  /**
   * Records the one decision on a transaction whose verdict needs approval (VERDICTS_NEEDING_APPROVAL),
   * with who, when and why, optionally tied to a recorded licence. NOT_FOUND (transaction or licence),
   * APPROVAL_NOT_REQUIRED (NLR), TRANSACTION_PROHIBITED, APPROVAL_ALREADY_DECIDED (decisions are final),
   * LICENSE_DOES_NOT_COVER (the licence is not valid on the transaction date, or does not name its
   * destination or ECCN).
   */
  approveTransaction(input: ApproveTransactionInput): Promise<TransactionApproval>

  createLicense(input: NewLicense): Promise<License>
  getLicense(id: string): Promise<License>
  listLicenses(options?: PageOptions): Promise<Page<License>>
  /**
   * Depletes the licence atomically (exact under concurrency). Refuses with LICENSE_NOT_VALID when
   * `shippedOn` is outside the validity dates or the destination is not on the licence, and with
   * LICENSE_OVERDRAWN when quantity, value or TPP would pass what is authorized. A shipment linked to a
   * transaction (`transactionId`) is held by the licence decision, checked in the same database
   * transaction as the depletion: NOT_FOUND (no such transaction), SHIPMENT_PROHIBITED (verdict
   * PROHIBITED), APPROVAL_PENDING (it needs a licence or licence exception and no approver has decided),
   * TRANSACTION_REJECTED, APPROVED_UNDER_OTHER_LICENSE (the approval names another licence).
   */
  recordShipment(input: RecordShipmentInput): Promise<{ shipment: Shipment; license: License }>
  listShipments(options?: PageOptions & { licenseId?: string }): Promise<Page<Shipment>>

  /** ALLOCATION_EXCEEDED when `cap` is given and would be passed (checked atomically, over `period` for tier2-country) */
  recordAllocation(input: RecordAllocationInput): Promise<Allocation>
  /** oldest first, filtered by any of kind, country, consignee, year, transaction */
  listAllocations(options?: ListAllocationsOptions): Promise<Page<Allocation>>
  /** The ledger the determination takes (`tx.ledger`), summed from the stored allocations. */
  allocationLedger(query: AllocationLedgerQuery): Promise<Required<Ledger>>

  /** Stores the bytes content-addressed (sha256; identical bytes are stored once) and the metadata. */
  addDocument(input: AddDocumentInput): Promise<DocumentRecord>
  getDocument(id: string): Promise<{ document: DocumentRecord; bytes: Uint8Array }>
  listDocuments(options?: PageOptions & { kind?: DocumentKind; partyId?: string; transactionId?: string }): Promise<Page<DocumentRecord>>
  /**
   * RETENTION_ACTIVE while `asOf` is before five years after the latest relevant event (the document's
   * eventOn, the linked transaction's date, the linked licence's shipments), or while on legal hold.
   */
  deleteDocument(input: { id: string; asOf: string; actor: Actor }): Promise<{ retainUntil: string }>
  /**
   * Places a document on legal hold or lifts the hold, with the reason, audited (`document.legal-hold-placed`,
   * `document.legal-hold-lifted`: who, when, why). NOT_FOUND; CONFLICT when it is already in that state.
   * While on hold a document is never deleted; lifting the hold leaves the 762.6 retention in force.
   */
  setLegalHold(input: SetLegalHoldInput): Promise<DocumentRecord>
  /** end-user certificates expiring within `withinDays` of `asOf` (default 30), or already expired */
  listDocumentAlerts(input: { asOf: string; withinDays?: number }): Promise<DocumentAlert[]>

  recordTechAccess(input: RecordTechAccessInput, check?: TechAccessEvaluation): Promise<TechAccess>
  /** accesses in [from, to] (ISO dates, inclusive) grouped by nationality, ECCN and outcome */
  techAccessReport(range: { from: string; to: string }): Promise<TechAccessReportRow[]>
  createDeployment(input: NewDeployment): Promise<Deployment>
  addAttestation(input: NewAttestation): Promise<Attestation>
  /** ties a later shipment to the deployment: its shipped quantity becomes the sum (DEPLOYMENT_SHIPMENT_TAKEN, DEPLOYMENT_QUANTITY_MISMATCH) */
  addDeploymentShipment(input: NewDeploymentShipment): Promise<{ deployment: Deployment; shipment: DeploymentShipment }>
  /** `shippedTo`: the destination of each shipment record tied to it (named at creation or tied later) */
  getDeployment(id: string): Promise<{ deployment: Deployment; attestations: Attestation[]; shipments: DeploymentShipment[]; shippedTo: ShippedTo[] }>
  listDeployments(options?: PageOptions): Promise<Page<Deployment>>
  createAuthorisation(input: NewAuthorisation): Promise<Authorisation>
  listAuthorisations(options?: PageOptions): Promise<Page<Authorisation>>
  authorisationsInForce(date: string): Promise<Authorisation[]>
  listTechAccess(options?: PageOptions & { resource?: string; subject?: string }): Promise<Page<TechAccess>>

  /** Returns the plaintext key once; only its sha256 is stored. */
  createApiKey(input: { role: ApiKeyRole; label?: string; actor: Actor }): Promise<{ key: string; apiKey: ApiKey }>
  /** The key with this sha256 (revoked keys too: check `revokedAt`), or null. Hash the bearer key with `hashApiKey`. */
  findApiKeyByHash(keyHash: string): Promise<ApiKey | null>
  listApiKeys(options?: PageOptions): Promise<Page<ApiKey>>
  /** NOT_FOUND, or CONFLICT when already revoked */
  revokeApiKey(input: { id: string; actor: Actor }): Promise<ApiKey>

  /** newest last (by sequence); filter by entity */
  listAuditEvents(options?: ListAuditEventsOptions): Promise<Page<AuditEvent>>
  /** Re-hashes the chain and the current rows of every audited table: detects edited, inserted and deleted rows. */
  verifyAudit(options?: VerifyAuditOptions): Promise<AuditVerification>
  /** A signed checkpoint of the chain head to keep elsewhere (AUDIT_KEY_INVALID without an audit key). */
  auditAnchor(): Promise<AuditAnchor>

  close(): Promise<void>
}
