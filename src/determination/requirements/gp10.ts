/** BIS guidance under General Prohibition 10 (15 CFR 736.2(b)(10)) on named PRC advanced-computing ICs. */
import { parameterAt } from '../../rules/parameter-at.js'
import { citationOf, type RequirementFamily } from '../requirement-context.js'

const RULE_ID = 'policies.gp10-prc-advanced-ics'

export const gp10Family: RequirementFamily = {
  id: 'gp10',
  title: 'General Prohibition 10 guidance: PRC advanced-computing ICs named by BIS',
  evaluate(ctx) {
    const p = parameterAt<string[]>(ctx.rules, RULE_ID, ctx.asOf)
    if (!p?.value) return []
    const chip = ctx.item.chips.find((c) => p.value!.includes(c))
    if (!chip) return []
    const citation = citationOf(p)
    return [
      {
        ruleId: RULE_ID,
        text: `The General Prohibition 10 guidance (${citation.source.citation}) names ${chip}: using, selling, transferring, financing or servicing it anywhere risks violating General Prohibition 10; no licence exception applies.`,
        citations: [citation],
        prohibited: true,
        part744: true,
        exceptions: [],
        policy: null,
      },
    ]
  },
}
