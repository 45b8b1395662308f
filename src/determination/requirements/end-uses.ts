/** Part 744 end-use controls on the declared end uses: WMD (744.2-744.4), military (744.21), supercomputer (744.23). */
import { parameterAt } from '../../rules/parameter-at.js'
import { inGroup } from '../country-groups.js'
import { cite, citationOf, groupCitations, hqCodes, hqD5Party, isAdvancedComputing, isAParagraph, isD5OrMacau, policyAt, POLICY_WORDS, sourceCitation, sourceInEffect, type RequirementContext, type RequirementFamily, type RequirementOutcome } from '../requirement-context.js'

type DestinationScope = { countries: string[]; groups: string[] }

/**
 * 744.23(d)(2): the end users (else the ultimate consignees) are all headquartered, with their ultimate parents, where
 * the data says (the U.S., A:5, A:6) and none is majority-owned by an owner in Macau or D:5. Unknown end user: false.
 */
function alliedHeadquarteredEndUser(ctx: RequirementContext): boolean {
  const scope = parameterAt<DestinationScope>(ctx.rules, 'policies.review.end-use-supercomputer-allied-hq-scope', ctx.asOf)
  if (!scope?.value || !parameterAt(ctx.rules, 'policies.review.end-use-supercomputer-allied-hq', ctx.asOf)?.value) return false
  const { countries, groups } = scope.value
  const allied = (c: string) => countries.includes(c) || groups.some((g) => inGroup(ctx.rules, g, c, ctx.asOf))
  const endUsers = ctx.hqParties.filter((p) => p.role === 'end-user')
  const parties = endUsers.length ? endUsers : ctx.hqParties
  return parties.length > 0 && parties.every((p) => hqCodes(p).every(allied) && !(p.owners ?? []).some((o) => o.share > 0.5 && o.country !== undefined && isD5OrMacau(ctx, o.country)))
}

/** 744.23(a)(1): the destinations in scope on the date (data), and the review policy for this item ((d)(1), (d)(2) or (d)(3)). */
function supercomputerEndUse(ctx: RequirementContext): RequirementOutcome[] {
  const scope = parameterAt<DestinationScope>(ctx.rules, 'policies.end-use.supercomputer-destinations', ctx.asOf)
  if (!scope?.value) return []
  const { countries, groups } = scope.value
  const inScope = [ctx.dest, ctx.destT].some((c) => countries.includes(c)) || groups.some((g) => inGroup(ctx.rules, g, ctx.dest, ctx.asOf))
  if (!inScope) return []
  const where = [...countries, ...groups.map((g) => g.toUpperCase().replace(/^([A-Z])(\d)$/, '$1:$2'))].join(', ')
  // (d)(3)(i): 3A090/4A090 items other than datacenter 3A090.a are case by case (from 2024-04-04)
  const acItems = parameterAt(ctx.rules, 'policies.review.end-use-supercomputer-ac-items', ctx.asOf)
  const datacenterA = isAParagraph(ctx, ctx.item.eccn) && ctx.item.datacenter !== false
  const policy = alliedHeadquarteredEndUser(ctx)
    ? policyAt(ctx, 'policies.review.end-use-supercomputer-allied-hq')
    : acItems?.value && isAdvancedComputing(ctx, ctx.item.eccn) && !datacenterA
      ? policyAt(ctx, 'policies.review.end-use-supercomputer-ac-items')
      : policyAt(ctx, 'policies.review.end-use-supercomputer')
  return [
    {
      ruleId: 'policies.end-use.supercomputer-destinations',
      text: `A licence is required for items for a supercomputer end use in ${ctx.dest}${ctx.destT !== ctx.dest ? ` (treated as ${ctx.destT})` : ''}, within the scope of 15 CFR 744.23(a)(1) on ${ctx.asOf} (${where}); under 744.23 it would be reviewed ${POLICY_WORDS[policy.value!]} (${policy.citations[0]?.cfr}).`,
      citations: [citationOf(scope), ...groupCitations(ctx, groups), ...policy.citations],
      part744: true,
      exceptions: [],
      policy,
    },
  ]
}

export const endUsesFamily: RequirementFamily = {
  id: 'end-uses',
  title: 'Declared end uses under part 744: WMD, military, supercomputer; the 2025 AI-training policy statement',
  evaluate(ctx) {
    const cats = new Set(ctx.tx.endUse?.categories ?? [])
    const out: RequirementOutcome[] = []
    if (cats.has('wmd')) {
      const p = parameterAt(ctx.rules, 'policies.review.end-use-wmd', ctx.asOf)
      out.push({ ruleId: 'policies.end-use.wmd', text: `A licence is required for any item subject to the EAR known to be for a nuclear, missile, chemical or biological weapons end use (15 CFR 744.2-744.4).${p?.note ? ` Review standard: ${p.note}` : ''}`, citations: policyAt(ctx, 'policies.review.end-use-wmd').citations, part744: true, exceptions: [], policy: policyAt(ctx, 'policies.review.end-use-wmd') })
    }
    if (cats.has('military') || cats.has('military-intelligence')) {
      const p = parameterAt<string[]>(ctx.rules, 'policies.end-use.military-end-use-destinations', ctx.asOf)
      if (p?.value && (p.value.includes(ctx.destT) || p.value.includes(ctx.dest))) {
        out.push({ ruleId: 'policies.end-use.military-end-use-destinations', text: `A licence is required for a military end use or military end user in ${ctx.dest} (15 CFR 744.21).`, citations: [cite(ctx, 'policies.end-use.military-end-use-destinations')!], part744: true, exceptions: [], policy: policyAt(ctx, 'policies.review.end-use-military') })
      } else {
        ctx.flags.push({ kind: 'red-flag', id: 'military-end-use', text: `A military end use was declared; ${ctx.dest} is not a 744.21 destination, but check 744.22 (military-intelligence) and the ITAR.` })
      }
    }
    if (cats.has('supercomputer')) out.push(...supercomputerEndUse(ctx))
    if (cats.has('ai-training') && sourceInEffect(ctx, 'bis-2025-05-13-ai-training-policy') && (isD5OrMacau(ctx, ctx.destT) || hqD5Party(ctx))) {
      ctx.flags.push({ kind: 'red-flag', id: 'ai-training-d5', text: `BIS policy statement (${ctx.rules.sources.get('bis-2025-05-13-ai-training-policy')!.citation}): training AI models for D:5 (incl. China) parties, or for WMD/military-intelligence end uses, with advanced ICs may need a licence under part 744, including U.S.-person support.`, citations: [sourceCitation(ctx, 'policies.end-use.ai-training', 'bis-2025-05-13-ai-training-policy', '15 CFR 744.6; 744.23')] })
    }
    return out
  },
}
