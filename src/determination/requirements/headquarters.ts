/** 15 CFR 744.23(a)(3): advanced-computing items for an entity headquartered (or whose parent is) in D:5 or Macau. */
import { parameterAt } from '../../rules/parameter-at.js'
import { nacOrAca } from '../advanced-computing-exceptions.js'
import { cite, EAR_HOME, groupCitations, hqCodes, hqD5Party, inDestinationSet2023, isAdvancedComputing, isAParagraph, isD5OrMacau, policyAt, type RequirementFamily } from '../requirement-context.js'
import { diffusionGoverns } from './diffusion.js'

const RULE_ID = 'policies.license-requirements.headquarters-rule'
const A_ITEMS_RULE_ID = 'policies.license-requirements.headquarters-rule-a-items'

export const headquartersFamily: RequirementFamily = {
  id: 'headquarters',
  title: 'The headquarters rule, 15 CFR 744.23(a)(3): parties headquartered in D:5 or Macau, outside D:1/D:4/D:5',
  evaluate(ctx) {
    if (diffusionGoverns(ctx)) return []
    if (parameterAt(ctx.rules, RULE_ID, ctx.asOf)?.value !== 'in-force' || !isAdvancedComputing(ctx, ctx.item.eccn)) return []
    const hq = hqD5Party(ctx)
    if (!hq || inDestinationSet2023(ctx, ctx.dest) || ctx.dest === EAR_HOME) return []
    const isAItem = isAParagraph(ctx, ctx.item.eccn)
    const datacenterA = isAItem && ctx.item.datacenter !== false
    const aItems = cite(ctx, A_ITEMS_RULE_ID)
    const policy = policyAt(ctx, datacenterA ? 'policies.review.hq-rule-datacenter-a' : 'policies.review.hq-rule-other-items')
    return [
      {
        ruleId: RULE_ID,
        text: `A licence is required because ${hq.name} (${hq.role}) is headquartered, or has its ultimate parent headquartered, in ${hqCodes(hq).find((c) => isD5OrMacau(ctx, c))} (Country Group D:5 or Macau), even though ${ctx.dest} is outside D:1/D:4/D:5.`,
        // the ".a" items' requirement has sat in 742.6(a)(6)(iii)(A) since the AI Diffusion Rule (BIS guidance, 2026-05-31)
        citations: [cite(ctx, RULE_ID)!, ...(isAItem && aItems ? [aItems] : []), ...groupCitations(ctx, ['d5'])],
        // a part 744 requirement, which 740.8(b) exempts from its restriction on NAC/ACA (the exemption is data)
        part744: true,
        exceptions: nacOrAca(ctx, RULE_ID),
        policy,
      },
    ]
  },
}
