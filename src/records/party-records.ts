/** Parties, screening runs and their hits, and remembered clearances: the stored shapes. Part of the records store's contract (see records-store.ts). */
import { LABEL_MAX_LENGTH, NAME_MAX_LENGTH } from '../shared/text.js'
import { z } from 'zod'
import { CountryCodeSchema } from '../rules/data-schemas.js'
// inputs check countries against ISO 3166-1 (INVALID_COUNTRY); stored shapes keep the format check only
import { CountryCodeInputSchema } from '../shared/country-code-schema.js'
import { ActorSchema, Sha256Schema, TimestampSchema } from './record-basics.js'

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

/** A name a party is screened under besides its own: its ultimate parent, or an owner (`partyId` when it is itself a stored party). */
export type RelatedName = { role: 'ultimate-parent' | 'owner'; name: string; country?: string; partyId?: string }

/**
 * The ultimate parent and owners named on a party: a listed parent or owner is a risk of the party's own (the
 * Affiliates Rule, OFAC's 50 % rule), so they are screened with it when it is recorded and when the lists change.
 */
export function relatedNames(p: { ultimateParent?: { partyId?: string; name: string; headquarters?: string } | null; ownership?: readonly { ownerPartyId?: string; ownerName: string; ownerCountry?: string }[] }): RelatedName[] {
  const out: RelatedName[] = []
  const up = p.ultimateParent
  if (up) out.push({ role: 'ultimate-parent', name: up.name, ...(up.headquarters ? { country: up.headquarters.toUpperCase() } : {}), ...(up.partyId !== undefined ? { partyId: up.partyId } : {}) })
  for (const o of p.ownership ?? []) out.push({ role: 'owner', name: o.ownerName, ...(o.ownerCountry ? { country: o.ownerCountry.toUpperCase() } : {}), ...(o.ownerPartyId !== undefined ? { partyId: o.ownerPartyId } : {}) })
  return out
}

/** Where a party's screening stands, read from its runs and hits (not stored on the party: its row hash stays as it was). */
export const PartyScreeningStateSchema = z.strictObject({
  /** when its latest screening run was recorded; null: never screened */
  lastScreenedAt: TimestampSchema.nullable(),
  /** its hits awaiting an approver's review */
  openHits: z.number().int(),
})
export type PartyScreeningState = z.infer<typeof PartyScreeningStateSchema>

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

/** a list snapshot a screening used; `listDateBasis` says where its list date comes from (src/screening/model.ts SnapshotDateBasis), absent listDate: unknown */
export const ScreeningSnapshotRefSchema = z.object({ source: z.string(), sha256: z.string(), importedAt: z.string().optional(), listDate: z.string().optional(), listDateBasis: z.string().optional() })

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

/**
 * An approver's decision on a stored party's match with one list entry, as a determination uses it: cleared (its
 * good-guy entry, valid while the entry's content hash is unchanged) or confirmed (the reviewed hit).
 */
export type PartyHitReview = {
  partyId: string
  list: string
  entryId: string
  entryHash: string
  status: 'cleared' | 'confirmed'
  hitId: string
  reason: string
  reviewedBy: string
  reviewedAt: string
}

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
