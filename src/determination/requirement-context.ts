/**
 * What every requirement family reads (the transaction, the item, the destination, the rules in force on the date)
 * and the one shape every family returns. A family is `(ctx: RequirementContext) => RequirementOutcome[]`; the
 * registry in `requirements/index.ts` lists them in the order their reasons are reported.
 */
import type { ClassificationResult } from '../classification/classify-item.js'
import type { Rules } from '../rules/load-rules.js'
import { parameterAt, type Citation, type ParameterValue } from '../rules/parameter-at.js'
import { AppError } from '../shared/errors.js'
import type { IsoDate } from '../shared/iso-date.js'
import type { BindingJurisdiction } from '../shared/jurisdictions.js'
import { groupAt, inDestinationScopeAt, isD5OrMacauAt } from './country-groups.js'
import type { Party, Transaction } from './transaction-schema.js'
import type { DeterminationResult, Flag, LicenseExceptionUse, PartyHit, PartyOutcome, PendingHit, Regime, ReviewPolicy, SubjectToEar } from './types.js'

/** `why`: what the policy was chosen on (measured values against its limits), said in the reason */
export type Policy = { value: ReviewPolicy | null; ruleId: string; citations: Citation[]; why?: string }

/** One licence requirement (or prohibition) a family found, and what could overcome it. */
export type RequirementOutcome = {
  ruleId: string
  text: string
  citations: Citation[]
  /** the party the requirement is about (a listed-party or sanctions match), carried into its reason */
  party?: { role: string; name: string }
  prohibited?: boolean
  /**
   * imposed under part 744 or 746: the licence exceptions the dated restriction names (15 CFR 740.8(b);
   * policies.license-exceptions.part-744-746-restriction) are then unavailable, unless it exempts this requirement
   */
  part744: boolean
  exceptions: LicenseExceptionUse[]
  policy: Policy | null
  /**
   * The rule's status on the date is unknown (the data holds `status: unknown`): the requirement applies only if
   * the rule is in force. The orchestrator then gives the answer both ways instead of choosing one.
   */
  conditional?: { status: 'unknown'; ruleId: string; citations: Citation[] }
  /** the screening matches no officer has reviewed that this requirement rests on: it holds only if they are confirmed */
  pendingHits?: PendingHit[]
  /**
   * The requirement rests on the most restrictive reading of a fact about the item chipnav does not know (its ECCN
   * outside 3A090/4A090 under an embargo on every CCL item): the answer's item then counts as undetermined.
   */
  assumesMostRestrictive?: true
}

export type ItemFacts = {
  eccn: string | null
  determined: boolean
  classification: ClassificationResult | null
  /** catalogue ids of the item and its components */
  chips: string[]
  vendor: string | null
  tppPerUnit: number | null
  /** per IC, for the January 2026 metrics */
  maxChipTpp: number | null
  maxChipDramBandwidth: number | null
  interconnectGBps: number | null
  datacenter: boolean | null
  memoryBandwidthDensity: number | null
  /** item-scope eligibility for NAC/ACA/HBM from the classification */
  scope: Map<string, boolean | null>
}

/** A party as screened (its names and its owners' names), before any family reads the hits. */
export type ScreenedParty = { party: Party; outcome: PartyOutcome }

export type RequirementContext = {
  rules: Rules
  asOf: IsoDate
  regime: Regime
  tx: Transaction
  item: ItemFacts
  dest: string
  /** the destination the rules treat it as (Hong Kong → CN) */
  destT: string
  /** parties whose headquarters count for the headquarters rules: ultimate consignee and end user */
  hqParties: Party[]
  /** every party with its screening answer (null when no screener was given) */
  screened: ScreenedParty[]
  /** the jurisdictions whose sanctions law binds the organisation (the transaction's, else the configured default) */
  jurisdictions: readonly BindingJurisdiction[]
  /** families add the flags they raise here */
  flags: Flag[]
  /** families that count against a cap record it here (the Diffusion Rule's allocations) */
  allocations: NonNullable<DeterminationResult['allocations']>
  /** the first step: whether the item is subject to the EAR (requirements/subject-to-ear.ts) */
  subjectToEar: SubjectToEar
}

/** A family of requirements: one module under requirements/, one entry in the registry. */
export type RequirementFamily = {
  /** short id, e.g. "destination" */
  id: string
  /** what it checks, for the architecture table and `--verbose` */
  title: string
  evaluate: (ctx: RequirementContext) => RequirementOutcome[]
  /** run even when the item is not subject to the EAR (e.g. OFAC sanctions on parties); default: only when subject */
  appliesToItemsNotSubjectToEar?: boolean
}

/** The country whose regulation this is: the EAR's "United States" (exports leave it; U.S.-origin items are made in it). */
export const EAR_HOME = 'US'

// ---------- helpers shared by the families ----------

/** A dated parameter's citation, without its value. */
export function citationOf(p: ParameterValue<unknown>): Citation {
  const { value: _v, unit: _u, comparison: _c, note: _n, ...citation } = p
  return citation
}

export function cite(ctx: RequirementContext, ruleId: string): Citation | null {
  const p = parameterAt(ctx.rules, ruleId, ctx.asOf)
  return p ? citationOf(p) : null
}

export function policyAt(ctx: RequirementContext, ruleId: string): Policy {
  const p = parameterAt<ReviewPolicy>(ctx.rules, ruleId, ctx.asOf)
  if (!p || p.value === null) throw new AppError('DATA_INVALID', { detail: `no review policy ${ruleId} in force on ${ctx.asOf}` })
  return { value: p.value, ruleId, citations: [citationOf(p)] }
}

/** A citation straight to a source, for a rule whose structure (not a value) is in the code. */
export function sourceCitation(ctx: RequirementContext, ruleId: string, sourceId: string, cfr: string): Citation {
  const s = ctx.rules.sources.get(sourceId)
  if (!s) throw new AppError('DATA_UNKNOWN_SOURCE', { detail: `${ruleId} cites ${sourceId}, which is not in data/sources.yaml` })
  return { ruleId, effective: (s.effective ?? s.published) as IsoDate, cfr, source: { id: s.id, citation: s.citation, title: s.title, url: s.url, ...(s.unverified ? { unverified: true } : {}) }, ...(s.unverified ? { unverified: true } : {}) }
}

/** Whether a source (guidance, a policy statement) had taken effect on the date asked. */
export function sourceInEffect(ctx: RequirementContext, sourceId: string): boolean {
  const s = ctx.rules.sources.get(sourceId)
  if (!s) throw new AppError('DATA_UNKNOWN_SOURCE', { detail: `${sourceId} is not in data/sources.yaml` })
  return (s.effective ?? s.published) <= ctx.asOf
}

export function groupCitations(ctx: RequirementContext, groups: string[]): Citation[] {
  return groups.map((g) => groupAt(ctx.rules, g, ctx.asOf).citation).filter((c): c is Citation => !!c)
}

export const isD5OrMacau = (ctx: RequirementContext, code: string | undefined): boolean => isD5OrMacauAt(ctx.rules, code, ctx.asOf)

/** A party counts as headquartered where its headquarters or its ultimate parent's headquarters are. */
export function hqCodes(p: Party): string[] {
  return [p.headquarters ?? p.country, p.ultimateParentHeadquarters].filter((x): x is string => !!x)
}

/** The first ultimate consignee or end user headquartered (or whose parent is) in D:5 or Macau. */
export const hqD5Party = (ctx: RequirementContext): Party | undefined => ctx.hqParties.find((p) => hqCodes(p).some((c) => isD5OrMacau(ctx, c)))

const inEccnSet = (ctx: Pick<RequirementContext, 'rules' | 'asOf'>, ruleId: string, eccn: string | null): boolean => eccn !== null && (parameterAt<string[]>(ctx.rules, ruleId, ctx.asOf)?.value ?? []).includes(eccn)
/** 3A090/4A090 as the destination and headquarters requirements name them on the date (data) */
export const isAdvancedComputing = (ctx: Pick<RequirementContext, 'rules' | 'asOf'>, eccn: string | null): boolean => inEccnSet(ctx, 'policies.license-requirements.advanced-computing-eccns', eccn)
/** the ".a" items (datacenter exclusions, the Diffusion Rule's worldwide requirement) on the date (data) */
export const isAParagraph = (ctx: Pick<RequirementContext, 'rules' | 'asOf'>, eccn: string | null): boolean => inEccnSet(ctx, 'policies.license-requirements.datacenter-a-eccns', eccn)

/** The 742.6(a)(6)(iii) destinations from 2023-11-17 (data: D:1, D:4 and D:5, less destinations also in A:5 or A:6). */
export const RS_DESTINATIONS_2023 = 'policies.license-requirements.rs-destinations-2023'

/** Is `code` among the 2023 destination set on the date (false before it, 2023-11-17)? */
export function inDestinationSet2023(ctx: Pick<RequirementContext, 'rules' | 'asOf'>, code: string): boolean {
  return inDestinationScopeAt(ctx.rules, RS_DESTINATIONS_2023, code, ctx.asOf)?.within ?? false
}

export function minusDays(d: IsoDate, days: number): IsoDate {
  const t = Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))) - days * 86_400_000
  return new Date(t).toISOString().slice(0, 10) as IsoDate
}

export const POLICY_WORDS: Record<ReviewPolicy, string> = { 'policy-of-denial': 'under a policy of denial', 'presumption-of-denial': 'under a presumption of denial', 'case-by-case': 'case by case', 'presumption-of-approval': 'under a presumption of approval' }
/** Strictest wins when several requirements state a policy: policy of denial > presumption of denial > case by case > presumption of approval. */
export const RESTRICTIVENESS: Record<ReviewPolicy, number> = { 'policy-of-denial': 4, 'presumption-of-denial': 3, 'case-by-case': 2, 'presumption-of-approval': 1 }

/** A hit as the pending review names it: who matched which entry, and how well. */
export const pendingHitOf = (party: { role: string; name: string }, hit: PartyHit): PendingHit => ({ role: party.role, name: party.name, list: hit.list, entryId: hit.entryId, primaryName: hit.primaryName, score: hit.score })
