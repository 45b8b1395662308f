import type { ClassificationResult } from '../classification/classify-item.js'
import type { Citation } from '../rules/parameter-at.js'
import type { IsoDate } from '../shared/iso-date.js'
import type { SnapshotDateBasis } from '../screening/model.js'

export type Regime = 'as-enforced' | 'as-published'
export type Verdict = 'NLR' | 'LICENSE_EXCEPTION' | 'LICENSE_REQUIRED' | 'PROHIBITED'
import type { ReviewPolicy } from '../shared/review-policies.js'
export type { ReviewPolicy }
export type LicenseExceptionId = 'NAC' | 'ACA' | 'HBM' | 'LPP' | 'AIA'

/** `party`: the transaction party the reason is about (a listed-party or sanctions match), so a reader can group by it */
export type Reason = { ruleId: string; text: string; citations: Citation[]; party?: { role: string; name: string } }

export type LicenseExceptionUse = {
  id: LicenseExceptionId
  /** which requirement it overcomes */
  for: string
  conditions: string[]
  /** NAC: the last day to file the prior notification for an export on the transaction date */
  notifyBy?: IsoDate
  citations: Citation[]
}

export type FlagKind = 'red-flag' | 'unanswered-red-flags' | 'unverified-rule' | 'near-cap' | 'screening-review' | 'transshipment-risk' | 'not-screened' | 'condition' | 'possible-coverage' | 'regime-difference' | 'sanctions' | 'status-unknown' | 'rules-currency'
/** Where a flag comes from, for people: which letter, guidance or rule, and which dated version of it (flag-sources.ts). */
export type FlagSource = { id: string; kind: string | null; label: string; version: IsoDate; unverified?: true }
export type Flag = {
  kind: FlagKind
  id: string
  text: string
  citations?: Citation[]
  /** the transaction party a screening hit or sanctions match is about, so a reader can group by it */
  party?: { role: string; name: string }
  /** the source of the first citation, named (added by determine()) */
  source?: FlagSource
  /** unanswered-red-flags: the ids of the questions not answered */
  questions?: string[]
}

/** A hit as the determination needs it: a structural subset of the screening module's ScreeningHit. */
export type PartyHit = {
  score: number
  list: string
  entryId: string
  primaryName: string
  matchedName: string
  listedOn?: string
  federalRegisterNotice?: string
  licenseRequirement?: string
  licensePolicy?: string
  snapshot?: { source: string; sha256: string } | undefined
  /** the list's programmes or regimes (UN regime, UK regime, EU programme) */
  programs?: string[]
  /** a link to the official notice of the listing */
  noticeUrl?: string
  /** the same listing published in other lists (a UN listing carried into the EU and UK lists) */
  alsoPublishedIn?: { source: string; list: string; entryId: string }[]
  /** the entry's content as the screener gives it (its hash tells whether a stored review still applies) */
  source?: string
  type?: string | null
  addresses?: string[]
  countries?: string[]
  /** an officer's review of this match for the stored party the transaction names (determine's `hitReviews`) */
  review?: AppliedHitReview
  /** found through a Latin form chipnav made of a name in Chinese characters (pinyin, translated words): an inference */
  matchedThrough?: { form: string; how: string }
}

/** A stored review that applies to a hit: the hit it decided, for which stored party, by whom, when and why. */
export type AppliedHitReview = { status: 'cleared' | 'confirmed'; hitId: string; partyId: string; reviewedBy: string; reviewedAt: string; reason: string }
export type PartyScreeningResult = {
  /** every match (at or above the threshold) */
  hits: PartyHit[]
  /** how many entries match (the screener's count; hits.length when not given) */
  hitCount?: number
  threshold: number
  snapshots: { source: string; sha256: string; importedAt?: string; listDate?: string; listDateBasis?: SnapshotDateBasis }[]
  /** what the screening could not see: NAME_SCRIPT_UNCOVERED, a name in a script the lists barely hold (not cleanly screened) */
  notices?: { code: 'NAME_SCRIPT_UNCOVERED'; script: string; message: string }[]
}

/** What determine() needs from a screener: `buildScreener` from the screening module satisfies it. */
export interface PartyScreener {
  screen(q: { name: string; country?: string; type?: 'entity' | 'individual' }): PartyScreeningResult
}

export type PartyOutcome = {
  role: string
  name: string
  country: string
  headquarters: string | null
  ultimateParentHeadquarters: string | null
  screening: PartyScreeningResult | null
  owners: { name: string; share: number; screening: PartyScreeningResult | null }[]
  /** whose lists the party's hits are on (US, UN, UK, EU), counting other publications of the same listing */
  jurisdictionsHit?: string[]
}

export type DeterminationResult = {
  date: IsoDate
  regime: Regime
  verdict: Verdict
  licenseExceptions: LicenseExceptionUse[]
  reviewPolicy: ReviewPolicy | null
  reasons: Reason[]
  flags: Flag[]
  item: {
    ref: unknown
    eccn: string | null
    determined: boolean
    tppPerUnit: number | null
    totalTpp: number | null
    datacenter: boolean | null
    chips: string[]
    classification: ClassificationResult | null
  }
  quantity: number
  from: string
  to: string
  /** the destination the rules treat it as (Hong Kong → CN) */
  toTreatedAs: string
  parties: PartyOutcome[]
  allocations?: {
    tier2Country?: { country: string; usedBefore: number; adding: number; cap: number; after: number; within: boolean }
    lppConsigneeYear?: { usedBefore: number; adding: number; cap: number; after: number; within: boolean }
  }
  listSnapshots: { source: string; sha256: string; importedAt?: string; listDate?: string }[]
  /** the jurisdictions the organisation declared itself bound by for this answer (their sanctions lists block) */
  jurisdictions?: string[]
  rulesVersion: string
  /**
   * Rules whose standing on the date is unknown (data says `status: unknown`) and that change the answer: the answer
   * both ways. `verdict` above is the answer if the rule is in force (the cautious one); this says so.
   */
  unknownRuleStatus?: UnknownRuleStatus[]
  /** whether the EAR applies to the item and why; the same text is the first reason */
  subjectToEar?: SubjectToEar
  /** set when the answer is a re-check of a stored transaction after its screening hits were reviewed (records/transaction-hits.ts): the one it replaces */
  recheckOf?: { transactionId: string; verdict: string; recordedAt: string; pendingHits: number }
  /**
   * The verdict rests on screening matches no officer has reviewed (each also raises a `screening-review` flag): it
   * holds if they are confirmed; `ifCleared` is the answer if they are cleared. Null when no unreviewed match decides
   * anything (none, or all reviewed). Absent from answers stored before session 9.
   */
  pendingReview?: PendingReview | null
}

/** Whether the item is subject to the EAR, and on what basis (the first step of every answer). */
export type SubjectToEarBasis = 'assumed' | 'in-united-states' | 'us-origin' | 'de-minimis-exceeded' | 'foreign-direct-product' | 'not-subject'
export type SubjectToEar = { subject: boolean; basis: SubjectToEarBasis; text: string; citations: Citation[] }

/** A screening match no officer has reviewed, on which a requirement of the answer rests. */
export type PendingHit = { role: string; name: string; list: string; entryId: string; primaryName: string; score: number }
/**
 * The answer rests on screening matches no officer has reviewed: the verdict shown holds if they are confirmed (the
 * cautious answer); `ifCleared` is the answer if they are all cleared. Determinations and access checks alike.
 */
export type PendingReview = {
  hits: PendingHit[]
  ifCleared: { verdict: Verdict; reviewPolicy: ReviewPolicy | null; licenseExceptions?: LicenseExceptionId[] }
}

export type OutcomeSummary = { verdict: Verdict; reviewPolicy: ReviewPolicy | null; licenseExceptions: LicenseExceptionId[] }
export type UnknownRuleStatus = { ruleId: string; status: 'unknown'; citations: Citation[]; ifInForce: OutcomeSummary; ifNotInForce: OutcomeSummary }
