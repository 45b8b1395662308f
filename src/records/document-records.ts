/** Documents (with retention and legal holds) and technology access logs: the stored shapes. Part of the records store's contract (see records-store.ts). */
import { z } from 'zod'
// inputs check countries against ISO 3166-1 (INVALID_COUNTRY); stored shapes keep the format check only
import { CountryCodeInputSchema } from '../shared/country-code-schema.js'
import { IsoDateSchema } from '../shared/iso-date-schema.js'
import { StoreDateSchema, StoreDateTimeSchema } from './store-limits.js'
import { ActorSchema, EccnInputSchema, Sha256Schema, TimestampSchema } from './record-basics.js'

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
  /** the file's name as uploaded, when given */
  filename: string | null
  /** the party the certificate is for, and its name (null: recorded without a party) */
  partyId: string | null
  partyName: string | null
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
  eccn: EccnInputSchema.optional(),
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
