/** 15 CFR 742.6(a)(6)(iii): the regional-stability licence requirement for advanced-computing items, by destination. */
import { byEffectiveDate } from '../../rules/by-effective-date.js'
import { memberCitationAt, parameterAt } from '../../rules/parameter-at.js'
import { nacOrAca } from '../advanced-computing-exceptions.js'
import { withChinaCaseByCase } from '../china-case-by-case.js'
import { inDestinationScopeAt, inGroup, treatedAs } from '../country-groups.js'
import {
  groupCitations,
  hqCodes,
  hqD5Party,
  isAdvancedComputing,
  isD5OrMacau,
  policyAt,
  RS_DESTINATIONS_2023,
  type Policy,
  type RequirementContext,
  type RequirementFamily,
  type RequirementOutcome,
} from '../requirement-context.js'
import { diffusionGoverns } from './diffusion.js'

/** October 2022: 3A090/4A090 to China (Hong Kong as China) and, from 2023-01-17, Macau. */
function destinationRequirementAsOf2022(ctx: RequirementContext): RequirementOutcome | null {
  if (!isAdvancedComputing(ctx, ctx.item.eccn)) return null
  const p = parameterAt<string[]>(ctx.rules, 'policies.license-requirements.ac-2022-destinations', ctx.asOf)
  if (!p?.value || !(p.value.includes(ctx.destT) || p.value.includes(ctx.dest))) return null
  // each destination cites the rule that put it in the set (China 2022, Macau 2023): data, memberCitations
  const member = p.value.includes(ctx.dest) ? ctx.dest : ctx.destT
  return {
    ruleId: 'policies.license-requirements.ac-2022-destinations',
    text: `A licence is required to export ${ctx.item.eccn} items to ${ctx.dest}${ctx.destT !== ctx.dest ? ` (treated as ${ctx.destT})` : ''} under the October 2022 advanced-computing rule; no licence exception applies.`,
    citations: [memberCitationAt(ctx.rules, 'policies.license-requirements.ac-2022-destinations', ctx.asOf, member)!, ...(ctx.destT !== ctx.dest ? [treatedAs(ctx.rules, ctx.dest, ctx.asOf).citation!] : [])],
    part744: false,
    exceptions: [],
    policy: policyAt(ctx, 'policies.review.rs-2022-china'),
  }
}

/** The review policy for a 742.6(a)(6)(iii) licence, 2023 text, with the January 2026 China/Macau policy. */
function destinationPolicy2023(ctx: RequirementContext): Policy {
  const toD5 = isD5OrMacau(ctx, ctx.destT)
  const base = toD5 ? policyAt(ctx, 'policies.review.rs-d5-macau') : hqD5Party(ctx) ? policyAt(ctx, 'policies.review.rs-headquartered-d5-macau') : policyAt(ctx, 'policies.review.rs-other-destinations')
  return withChinaCaseByCase(ctx, base)
}

/** "D1" → "D:1", as the regulation writes a country group. */
const groupName = (g: string) => g.toUpperCase().replace(/^([A-Z])(\d)$/, '$1:$2')

/** October 2023: the destination scope of the data (D:1/D:4/D:5 less A:5/A:6), for 3A090.a/.b and 4A090. */
function destinationRequirementAsOf2023(ctx: RequirementContext): RequirementOutcome | null {
  if (!isAdvancedComputing(ctx, ctx.item.eccn)) return null
  const ruleId = RS_DESTINATIONS_2023
  const scope = inDestinationScopeAt(ctx.rules, ruleId, ctx.dest, ctx.asOf)
  if (!scope?.within) return null
  const groups = scope.groups.filter((g) => inGroup(ctx.rules, g, ctx.dest, ctx.asOf))
  // outside D:5 and Macau the review policy turns on where a party is headquartered (742.6(b)(10)(ii)): say who decides it
  const hq = isD5OrMacau(ctx, ctx.destT) ? undefined : hqD5Party(ctx)
  const hqNote = hq ? ` ${hq.name} (${hq.role}) is headquartered, or has its ultimate parent headquartered, in ${hqCodes(hq).find((c) => isD5OrMacau(ctx, c))} (Country Group D:5 or Macau), so the review policy is that for such an entity.` : ''
  return {
    ruleId,
    text: `A licence is required to export ${ctx.item.eccn} items to ${ctx.dest}${ctx.destT !== ctx.dest ? ` (treated as ${ctx.destT})` : ''}, which is in Country Group ${groups.map(groupName).join(', ')} and not in ${scope.excludeGroups.map(groupName).join(' or ')} (15 CFR 742.6(a)(6)(iii)).${hqNote}`,
    citations: [...groupCitations(ctx, [...groups, ...scope.excludeGroups]), scope.citation, ...(ctx.destT !== ctx.dest ? [treatedAs(ctx.rules, ctx.dest, ctx.asOf).citation!] : [])],
    part744: false,
    exceptions: nacOrAca(ctx, ruleId),
    policy: destinationPolicy2023(ctx),
  }
}

export const destinationRequirement = byEffectiveDate('policies.license-requirements', {
  '2022-10-07': destinationRequirementAsOf2022,
  '2023-11-17': destinationRequirementAsOf2023,
})

export const destinationFamily: RequirementFamily = {
  id: 'destination',
  title: 'Advanced-computing items to the destinations of 15 CFR 742.6(a)(6)(iii) (2022: China, Macau; 2023: D:1/D:4/D:5 less A:5/A:6)',
  evaluate(ctx) {
    // before the first version (2022-10-07) there was no advanced-computing destination requirement: the letter era
    if (diffusionGoverns(ctx) || ctx.asOf < destinationRequirement.dates.at(-1)!) return []
    const r = destinationRequirement.at(ctx.asOf, ctx.rules).fn(ctx)
    return r ? [r] : []
  },
}
