/**
 * The AI Diffusion Rule as published (90 FR 4544): 3A090.a/4A090.a need a licence to every destination, with Tier
 * 1/2/3 review policies, the Tier 2 country allocation and licence exceptions LPP and AIA. Applied only under the
 * "as-published" regime (BIS stopped enforcing it on 2025-05-13; data/policies/diffusion/status.yaml).
 */
import { parameterAt, thresholdAt, type Citation } from '../../rules/parameter-at.js'
import { nacOrAca } from '../advanced-computing-exceptions.js'
import { withChinaCaseByCase } from '../china-case-by-case.js'
import { groupAt } from '../country-groups.js'
import { citationOf, EAR_HOME, hqCodes, hqD5Party, isAParagraph, isD5OrMacau, minusDays, policyAt, sourceCitation, type Policy, type RequirementContext, type RequirementFamily, type RequirementOutcome } from '../requirement-context.js'
import type { LicenseExceptionUse } from '../types.js'
import { enUsNumber } from '../../shared/format-number.js'
import type { IsoDate } from '../../shared/iso-date.js'

/** Share of a Tier 2 allocation beyond which a transaction is flagged as near the cap (a product setting, not a rule). */
const NEAR_CAP_FRACTION = 0.9

function diffusionStatus(ctx: RequirementContext): { value: string; citation: Citation } | null {
  const p = parameterAt<string>(ctx.rules, 'policies.diffusion.status', ctx.asOf)
  if (!p || p.value === null) return null
  return { value: p.value, citation: citationOf(p) }
}

/**
 * The date from which exporters had to comply: the rule's publication date plus the days of
 * data/policies/diffusion/compliance-date.yaml (90 FR 4544, DATES: 120 days after publication, 2025-05-15).
 */
export function complianceDate(ctx: Pick<RequirementContext, 'rules' | 'asOf'>): { date: IsoDate; effective: IsoDate; citation: Citation } | null {
  const days = parameterAt<number>(ctx.rules, 'policies.diffusion.compliance-date', ctx.asOf)
  if (!days || days.value === null) return null
  const published = ctx.rules.sources.get(days.source.id)?.published
  return published ? { date: minusDays(published as IsoDate, -days.value), effective: days.effective, citation: citationOf(days) } : null
}

/** The rule's status, in the as-published regime, for a ".a" item: the rule is on the books on the date. */
const diffusionOnTheBooks = (ctx: RequirementContext): boolean => ctx.regime === 'as-published' && isAParagraph(ctx, ctx.item.eccn) && diffusionStatus(ctx) !== null

/**
 * Whether the Diffusion Rule's worldwide requirement replaces the destination and headquarters requirements for this
 * item: as published, from its compliance date. Before it the rule was in effect but exporters were "not required to
 * comply with the changes made in this rule" (90 FR 4544, DATES), so the rules it changes still governed.
 */
export function diffusionGoverns(ctx: RequirementContext): boolean {
  if (!diffusionOnTheBooks(ctx)) return false
  const compliance = complianceDate(ctx)
  return !compliance || ctx.asOf >= compliance.date
}

/** 742.6(a)(6)(iii)(A) as published: 3A090.a/4A090.a need a licence to every destination; Tier 1/2/3 policies; LPP and AIA. */
function diffusionRequirement(ctx: RequirementContext): RequirementOutcome | null {
  // "to or within any destination worldwide": exports, reexports and transfers (in-country) alike; not a move into the U.S.
  if (ctx.dest === EAR_HOME) return null
  const status = diffusionStatus(ctx)!
  const tier1 = groupAt(ctx.rules, 'diffusion-tier1', ctx.asOf)
  const ruleId = 'policies.diffusion.worldwide-requirement'
  const base = sourceCitation(ctx, ruleId, 'fr-2025-00636', '15 CFR 742.6(a)(6)(iii)(A)')
  const hq = hqD5Party(ctx)
  const toTier3 = isD5OrMacau(ctx, ctx.destT) || !!hq
  const destTier1 = tier1.members.has(ctx.destT)
  // AIA needs the consignee located in Tier 1 and not headquartered (nor its parent) outside it (740.27)
  const aiaParties = destTier1 && ctx.hqParties.every((p) => hqCodes(p).every((c) => tier1.members.has(c)))
  const exceptions: LicenseExceptionUse[] = []
  let policy: Policy
  const totalTpp = ctx.item.tppPerUnit === null ? null : ctx.item.tppPerUnit * ctx.tx.quantity
  // NAC/ACA for an item not designed or marketed for datacenters (740.8; ACA as amended reaches any destination
  // outside Macau and D:5): offered first, as ACA needs no notice and uses none of the consignee's LPP allowance
  const nacAca = ctx.item.datacenter === false ? nacOrAca(ctx, ruleId) : []
  exceptions.push(...nacAca)
  if (toTier3) {
    policy = withChinaCaseByCase(ctx, policyAt(ctx, 'policies.review.diffusion-tier3'))
  } else if (destTier1) {
    // a Tier 1 destination: presumption of approval (742.6(b)(10)(iii)(A)(2)); LPP serves Tier 2 destinations only (740.29)
    policy = policyAt(ctx, 'policies.review.diffusion-tier1')
    if (aiaParties && ctx.item.datacenter !== false) {
      exceptions.push({ id: 'AIA', for: ruleId, conditions: ['Ultimate consignee certification (no IaaS training of 4E091 models for non-Tier 1 parties; no onward transfer outside Tier 1).', 'Written notice to the consignee with each shipment.', 'The IC must be designed by an approved or authorized IC designer.'], citations: [sourceCitation(ctx, 'policies.diffusion.aia', 'fr-2025-00636', '15 CFR 740.27')] })
    }
  } else {
    // Tier 2: LPP up to the consignee's yearly cap (when ACA does not serve), otherwise a licence within the country allocation
    const lpp = thresholdAt(ctx.rules, 'policies.diffusion.lpp-consignee-annual', ctx.asOf)
    if (lpp && nacAca.length === 0 && ctx.tx.from === ctx.dest) {
      ctx.flags.push({ kind: 'condition', id: 'lpp-not-for-transfers', text: 'Licence exception LPP authorises exports and reexports only, not transfers (in-country) (740.29(a)): it is not offered for this transfer.', citations: [citationOf(lpp)] })
    } else if (lpp && totalTpp !== null && nacAca.length === 0) {
      const used = ctx.tx.ledger?.consigneeYearTpp ?? 0
      const after = used + totalTpp
      ctx.allocations.lppConsigneeYear = { usedBefore: used, adding: totalTpp, cap: lpp.value, after, within: after <= lpp.value }
      if (after <= lpp.value) {
        exceptions.push({ id: 'LPP', for: ruleId, conditions: [`The consignee's LPP total this calendar year becomes ${enUsNumber(after)} TPP of ${enUsNumber(lpp.value)}.`, 'Notify BIS of the export.'], citations: [citationOf(lpp)] })
      }
      if (ctx.tx.ledger?.consigneeYearTpp === undefined) ctx.flags.push({ kind: 'condition', id: 'lpp-ledger-missing', text: 'No ledger of earlier LPP exports to this consignee this year was given; the LPP check assumes none.' })
    }
    const cap = thresholdAt(ctx.rules, 'policies.diffusion.tier2-country-allocation', ctx.asOf)
    if (cap && totalTpp !== null) {
      const used = ctx.tx.ledger?.tier2CountryTpp?.[ctx.destT] ?? 0
      const after = used + totalTpp
      ctx.allocations.tier2Country = { country: ctx.destT, usedBefore: used, adding: totalTpp, cap: cap.value, after, within: after <= cap.value }
      const capCitation = citationOf(cap)
      if (after > cap.value) policy = { ...policyAt(ctx, 'policies.review.diffusion-tier2-over-allocation'), citations: [...policyAt(ctx, 'policies.review.diffusion-tier2-over-allocation').citations, capCitation] }
      else {
        policy = { ...policyAt(ctx, 'policies.review.diffusion-tier2-within-allocation'), citations: [...policyAt(ctx, 'policies.review.diffusion-tier2-within-allocation').citations, capCitation] }
        if (after > cap.value * NEAR_CAP_FRACTION) ctx.flags.push({ kind: 'near-cap', id: 'tier2-allocation-near-cap', text: `${ctx.destT}'s Tier 2 allocation would be ${((after / cap.value) * 100).toFixed(1)} % used (${enUsNumber(after)} of ${enUsNumber(cap.value)} TPP).`, citations: [capCitation] })
      }
    } else policy = policyAt(ctx, 'policies.review.diffusion-tier2-within-allocation')
  }
  return {
    ruleId,
    text: `Under the AI Diffusion Rule as published, a licence is required to export, reexport or transfer ${ctx.item.eccn} items to or within any destination (${tierWords(ctx, { destTier: isD5OrMacau(ctx, ctx.destT) ? 'Tier 3' : tier1.members.has(ctx.destT) ? 'Tier 1' : 'Tier 2', hq })}).`,
    citations: [base, status.citation, ...(tier1.citation ? [tier1.citation] : [])],
    part744: false,
    exceptions,
    policy,
  }
}

/** The destination's own tier, and the party that brings Tier 3 treatment when the destination is not Tier 3 itself. */
function tierWords(ctx: RequirementContext, { destTier, hq }: { destTier: string; hq: { name: string } | undefined }): string {
  const dest = `${ctx.destT} is ${destTier}`
  if (!hq || destTier === 'Tier 3') return `${dest}${hq ? `; ${hq.name} is headquartered in D:5 or Macau` : ''}`
  return `${dest}, but ${hq.name} is headquartered in D:5 or Macau, so the transaction is treated as Tier 3`
}

export const diffusionFamily: RequirementFamily = {
  id: 'diffusion',
  title: 'The AI Diffusion Rule as published (worldwide licence for 3A090.a/4A090.a; Tier 1/2/3; LPP, AIA), under the as-published regime',
  evaluate(ctx) {
    if (!diffusionOnTheBooks(ctx)) return []
    if (!diffusionGoverns(ctx)) {
      // in effect, compliance not yet required: the answer is what was required that day, the rule's date is flagged
      const compliance = complianceDate(ctx)!
      ctx.flags.push({ kind: 'condition', id: 'diffusion-compliance-delayed', text: `The AI Diffusion Rule was in effect from ${compliance.effective}, but exporters were not required to comply with its changes until ${compliance.date} (90 FR 4544, DATES): on ${ctx.asOf} this answer applies the licence requirements, review policies and licence exceptions in force before it. From ${compliance.date}, as published, ${ctx.item.eccn} items need a licence to every destination (LPP and AIA may cover some).`, citations: [diffusionStatus(ctx)!.citation, compliance.citation] })
      return []
    }
    const r = diffusionRequirement(ctx)
    return r ? [r] : []
  },
}
