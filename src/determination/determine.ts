/**
 * Licence determination for one transaction on one date. This module orchestrates: it parses the transaction,
 * describes the item and the destination, screens the parties, runs every requirement family in the registry
 * (requirements/index.ts), combines what they found into a verdict, and reports the review policy, the cited reasons
 * and the flags. The rules themselves (lists, dates, thresholds) live in data/ and in the family modules.
 */
import { rulesCurrencyFlag } from './rules-currency-flag.js'
import type { Rules, TimelineEvent } from '../rules/load-rules.js'
import { AppError } from '../shared/errors.js'
import type { IsoDate } from '../shared/iso-date.js'
import type { BindingJurisdiction } from '../shared/jurisdictions.js'
import { distinctCitations, parameterAt } from '../rules/parameter-at.js'
import { transactionAuthorisationFlags, type RecordedAuthorisation } from './authorisation-cover.js'
import { unknownCertificationFlags } from './certifications.js'
import { combineRequirements } from './combine-requirements.js'
import { treatedAs } from './country-groups.js'
import { itemFacts } from './item-facts.js'
import { evaluateRedFlags } from './red-flags.js'
import { withFlagSources } from './flag-sources.js'
import { applyHitReviews, type HitReviewInput } from './hit-reviews.js'
import { citationOf, EAR_HOME, POLICY_WORDS, type RequirementContext, type RequirementOutcome } from './requirement-context.js'
import { REQUIREMENT_FAMILIES } from './requirements/index.js'
import { assessSubjectToEar } from './requirements/subject-to-ear.js'
import { memoizeScreener, screenParties } from './screen-parties.js'
import { parseTransaction, type Transaction } from './transaction-schema.js'
import type { DeterminationResult, Flag, OutcomeSummary, PartyScreener, PendingReview, Reason, Regime, UnknownRuleStatus } from './types.js'

export type DetermineOptions = {
  rules: Rules
  regime?: Regime
  /** screens party and owner names; without one, parties are flagged as not screened */
  screener?: PartyScreener
  /** the jurisdictions whose sanctions law binds the organisation when the transaction does not say (default US) */
  jurisdictions?: readonly BindingJurisdiction[]
  /**
   * the recorded authorisations (VEU and the like) valid on the date, loaded by the caller from the records store:
   * one that covers the transaction is flagged and cited, one that matches but cannot cover says why
   */
  authorisations?: readonly RecordedAuthorisation[]
  /**
   * officers' reviews of hits, for the stored parties the transaction is recorded with (hit-reviews.ts): a cleared hit
   * decides nothing (a flag says who cleared it and why), a confirmed one needs no second review
   */
  hitReviews?: readonly HitReviewInput[]
}

function run(tx: Transaction, opts: DetermineOptions, regime: Regime): DeterminationResult {
  const { rules } = opts
  const asOf = tx.date
  const flags: Flag[] = []
  const item = itemFacts(tx, rules, asOf, flags)
  const dest = tx.to
  const destT = treatedAs(rules, dest, asOf).code
  const screening = screenParties({ tx, flags }, opts.screener)
  const { snapshots } = screening
  const screened = opts.hitReviews ? applyHitReviews(screening.screened, opts.hitReviews, flags) : screening.screened
  if (tx.from === dest) flags.push(inCountryNote(dest))
  const base: Omit<RequirementContext, 'subjectToEar'> = {
    rules,
    asOf,
    regime,
    tx,
    item,
    dest,
    destT,
    hqParties: tx.parties.filter((p) => p.role === 'ultimate-consignee' || p.role === 'end-user'),
    screened,
    jurisdictions: tx.jurisdictions ?? opts.jurisdictions ?? ['US'],
    flags,
    allocations: {},
  }
  const ctx: RequirementContext = { ...base, subjectToEar: assessSubjectToEar(base) }

  const families = ctx.subjectToEar.subject ? REQUIREMENT_FAMILIES : REQUIREMENT_FAMILIES.filter((f) => f.appliesToItemsNotSubjectToEar)
  const requirements: RequirementOutcome[] = families.flatMap((family) => family.evaluate(ctx))

  flags.push(...evaluateRedFlags({ rules, asOf, answers: tx.answers ?? {} }), ...unknownCertificationFlags(rules, tx.certifications))
  const transship = parameterAt<string[]>(rules, 'policies.transshipment-risk-destinations', asOf)
  if (transship?.value?.includes(destT)) {
    flags.push({ kind: 'transshipment-risk', id: 'transshipment-risk-destination', text: `${dest} has been named by the U.S. government as a diversion route for advanced AI chips: review the end user and the onward destination.`, citations: [citationOf(transship)] })
  }

  const { verdict, exceptions, policy } = combineRequirements(requirements, { rules, asOf })
  const pendingReview = pendingReviewOf(requirements, { rules, asOf })
  const unknownRuleStatus = answerBothWays(requirements, flags, { rules, asOf })
  if (opts.authorisations) flags.push(...transactionAuthorisationFlags(tx, item.eccn, verdict, regime, opts.authorisations, rules))
  // the first step says whether the EAR applies and why
  const reasons: Reason[] = [{ ruleId: SUBJECT_TO_EAR_RULE, text: ctx.subjectToEar.text, citations: ctx.subjectToEar.citations }]
  reasons.push(...requirements.map((r) => ({ ruleId: r.ruleId, text: r.text, citations: r.citations, ...(r.party ? { party: r.party } : {}) })))
  if (policy) reasons.push({ ruleId: policy.ruleId, text: `Licence applications would be reviewed ${POLICY_WORDS[policy.value!]}${policy.why ? ` under ${policy.why}` : ''}.`, citations: policy.citations })
  for (const e of exceptions) {
    // name the requirement it overcomes by its paragraph, for a reader who does not know chipnav's rule ids
    const req = requirements.find((r) => r.ruleId === e.for)
    const cfr = (req?.citations.find((c) => c.ruleId === req.ruleId) ?? req?.citations[0])?.cfr
    reasons.push({ ruleId: `policies.license-exceptions.${e.id.toLowerCase()}`, text: `Licence exception ${e.id} covers ${cfr ? `the licence requirement of ${cfr}` : 'the licence requirement above'}, on these conditions: ${e.conditions.join(' ')}`, citations: e.citations })
  }
  if (reasons.length === 1 && ctx.subjectToEar.subject) reasons.push(nlrReason(ctx))

  flagUnverifiedRules(reasons, flags)
  // a reason names each citation once (two rules citing one paragraph of one source print alike)
  for (const [i, r] of reasons.entries()) {
    const citations = distinctCitations(r.citations)
    if (citations.length !== r.citations.length) reasons[i] = { ...r, citations }
  }
  const currency = rulesCurrencyFlag(rules, asOf)
  if (currency) flags.push(currency)
  const totalTpp = item.tppPerUnit === null ? null : item.tppPerUnit * tx.quantity
  return {
    date: asOf,
    regime,
    verdict,
    licenseExceptions: exceptions,
    reviewPolicy: policy?.value ?? null,
    reasons,
    flags,
    item: { ref: tx.item, eccn: item.eccn, determined: item.determined && !requirements.some((r) => r.assumesMostRestrictive), tppPerUnit: item.tppPerUnit, totalTpp, datacenter: item.datacenter, chips: item.chips, classification: item.classification },
    quantity: tx.quantity,
    from: tx.from,
    to: dest,
    toTreatedAs: destT,
    parties: screened.map((s) => s.outcome),
    ...(Object.keys(ctx.allocations).length ? { allocations: ctx.allocations } : {}),
    listSnapshots: snapshots,
    jurisdictions: [...ctx.jurisdictions],
    rulesVersion: rules.version,
    ...(unknownRuleStatus.length ? { unknownRuleStatus } : {}),
    subjectToEar: ctx.subjectToEar,
    pendingReview,
  }
}

/**
 * The requirements that rest on screening matches no officer has reviewed hold only if the matches are confirmed: the
 * verdict takes them as confirmed (the cautious answer) and the answer if they are cleared is given beside it, as an
 * access check gives it. A confirmed match decides; a cleared one was dropped before (hit-reviews.ts).
 */
function pendingReviewOf(requirements: readonly RequirementOutcome[], at: { rules: Rules; asOf: IsoDate }): PendingReview | null {
  const pending = requirements.flatMap((r) => r.pendingHits ?? [])
  if (pending.length === 0) return null
  const hits = [...new Map(pending.map((h) => [`${h.role}|${h.name}|${h.list}|${h.entryId}`, h])).values()]
  const cleared = combineRequirements(requirements.filter((r) => !r.pendingHits?.length), at)
  return { hits, ifCleared: { verdict: cleared.verdict, reviewPolicy: cleared.policy?.value ?? null, licenseExceptions: cleared.exceptions.map((e) => e.id) } }
}

const SUBJECT_TO_EAR_RULE = 'policies.subject-to-ear'

/** `from` equal to `to`: say what kind of move the answer is about. */
function inCountryNote(country: string): Flag {
  if (country === EAR_HOME) {
    return { kind: 'condition', id: 'in-country-transfer', text: `from and to are both ${country}: a move within the United States is not an export, reexport or transfer (in-country) under the EAR. Licence requirements apply when the item leaves the United States (or its technology is released to a foreign person).` }
  }
  return { kind: 'condition', id: 'in-country-transfer', text: `from and to are both ${country}: this is a transfer (in-country) within ${country}, not an export or a reexport. The rules applied are those that reach transfers (in-country), i.e. "to or within" a destination; the answer for an export into ${country} can differ only where a rule covers exports and reexports alone.` }
}

/**
 * A requirement that holds only if a rule of unknown standing is in force: give the answer both ways, rule by rule,
 * and say which one the verdict shows (the rule in force: the cautious answer). Never chosen silently.
 */
function answerBothWays(requirements: readonly RequirementOutcome[], flags: Flag[], at: { rules: Rules; asOf: IsoDate }): UnknownRuleStatus[] {
  const out: UnknownRuleStatus[] = []
  const summary = (rs: readonly RequirementOutcome[]): OutcomeSummary => {
    const c = combineRequirements(rs, at)
    return { verdict: c.verdict, reviewPolicy: c.policy?.value ?? null, licenseExceptions: c.exceptions.map((e) => e.id) }
  }
  for (const ruleId of new Set(requirements.flatMap((r) => (r.conditional ? [r.conditional.ruleId] : [])))) {
    const citations = requirements.find((r) => r.conditional?.ruleId === ruleId)!.conditional!.citations
    const ifInForce = summary(requirements)
    const ifNotInForce = summary(requirements.filter((r) => r.conditional?.ruleId !== ruleId))
    const differs = ifInForce.verdict !== ifNotInForce.verdict || ifInForce.reviewPolicy !== ifNotInForce.reviewPolicy
    out.push({ ruleId, status: 'unknown', citations, ifInForce, ifNotInForce })
    const words = (o: OutcomeSummary) => `${o.verdict}${o.reviewPolicy ? ` (${o.reviewPolicy})` : ''}${o.licenseExceptions.length ? ` with ${o.licenseExceptions.join(', ')}` : ''}`
    flags.push({
      kind: 'status-unknown',
      id: `status-unknown-${ruleId}`,
      text: differs
        ? `The standing of ${ruleId} on this date is unknown (${citations[0]?.source.citation ?? 'no source'}). If it is in force the answer is ${words(ifInForce)}; if not, ${words(ifNotInForce)}. The verdict shown assumes it is in force; confirm its status before relying on either.`
        : `The standing of ${ruleId} on this date is unknown; the answer is ${words(ifInForce)} either way.`,
      citations,
    })
  }
  return out
}

/** Every unverified rule the answer leans on is named. */
function flagUnverifiedRules(reasons: readonly Reason[], flags: Flag[]): void {
  const seen = new Set<string>(flags.filter((f) => f.kind === 'unverified-rule').flatMap((f) => (f.citations ?? []).map((c) => c.ruleId)))
  for (const c of reasons.flatMap((r) => r.citations)) {
    if (c.unverified && !seen.has(c.ruleId)) {
      seen.add(c.ruleId)
      flags.push({ kind: 'unverified-rule', id: `unverified-${c.ruleId}`, text: `This answer relies on ${c.ruleId} (${c.source.citation}, effective ${c.effective}), which could not be verified against the primary text.`, citations: [c] })
    }
  }
}

function nlrReason(ctx: RequirementContext): Reason {
  const eccn = ctx.item.eccn
  const c = ctx.item.classification
  const citations = c ? c.trace.slice(0, 1).map((s) => s.citation) : []
  if (!eccn && !c) return { ruleId: 'determination.nlr', text: `No is-informed letter, end-use or listed-party requirement applies on ${ctx.asOf}, before ECCNs 3A090/4A090 existed: no licence required under these rules (check the rest of the CCL).`, citations }
  // an embargo that reaches every CCL item (part 746) without an ifEccnUnknown assumption in its data: see its condition
  const embargo = ctx.flags.some((f) => f.id.startsWith('policies.embargoes.'))
  if (!eccn) return { ruleId: 'determination.nlr', text: `The item is outside 3A090/4A090 on ${ctx.asOf}, and no letter, end-use or listed-party requirement applies: no licence required under these rules (check the rest of the CCL${embargo ? `; ${ctx.dest} is under an embargo that requires a licence for any item on the CCL: see the condition below` : ''}).`, citations }
  return { ruleId: 'determination.nlr', text: `${eccn} items need no licence to ${ctx.dest} on ${ctx.asOf} for these parties and end uses (NLR).`, citations }
}

/** The rules data begins with its first dated event (data/events.yaml); before it chipnav has nothing to say. */
function refuseBeforeFirstRule(rules: Rules, asOf: IsoDate): void {
  const first = rules.events.reduce<TimelineEvent | undefined>((a, e) => (!a || e.date < a.date ? e : a), undefined)
  if (first && asOf < first.date) {
    throw new AppError('RULE_NOT_IN_FORCE', {
      detail: `chipnav's rules begin on ${first.date} (${first.summary}); it gives no determination for ${asOf}`,
      issues: [{ path: 'date', message: `expected ${first.date} or later` }],
      asOf,
      firstEffective: first.date,
    })
  }
}

/**
 * Determine what a transaction needs on its date. Under "as-enforced" (the default) the answer is what BIS
 * enforced that day; where "as-published" (the regulatory text) differs, a flag says how.
 */
export function determine(input: unknown, opts: DetermineOptions): DeterminationResult {
  const tx = parseTransaction(input)
  refuseBeforeFirstRule(opts.rules, tx.date)
  const regime = opts.regime ?? 'as-enforced'
  opts = { ...opts, ...(opts.screener ? { screener: memoizeScreener(opts.screener) } : {}) }
  const result = run(tx, opts, regime)
  const other: Regime = regime === 'as-enforced' ? 'as-published' : 'as-enforced'
  if (parameterAt(opts.rules, 'policies.diffusion.status', tx.date)) {
    const alt = run(tx, opts, other)
    if (alt.verdict !== result.verdict || alt.reviewPolicy !== result.reviewPolicy) {
      result.flags.push({ kind: 'regime-difference', id: 'regime-difference', text: `Under the ${other} regime the answer would be ${alt.verdict}${alt.reviewPolicy ? ` (${alt.reviewPolicy})` : ''}${alt.licenseExceptions.length ? ` with ${alt.licenseExceptions.map((e) => e.id).join(', ')}` : ''}: ${alt.reasons.find((x) => x.ruleId !== SUBJECT_TO_EAR_RULE)?.text ?? ''}` })
    }
  }
  result.flags = withFlagSources(result.flags, opts.rules) // issue 9: each flag names its source
  return result
}
