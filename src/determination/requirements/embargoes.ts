/**
 * Country embargoes, 15 CFR part 746 (Cuba 746.2, North Korea 746.4, Iran 746.7 with OFAC's 31 CFR 560.204, Russia
 * and Belarus 746.8, Syria 746.9): a licence for every item subject to the EAR, or for every item on the CCL, to or
 * within the country, whatever the advanced-computing rules say. A part 746 requirement takes licence exceptions
 * NAC/ACA away (15 CFR 740.2, 740.8). Each embargo is a dated file in data/policies/embargoes/.
 */
import { parameterAt } from '../../rules/parameter-at.js'
import { citationOf, type RequirementContext, type RequirementFamily, type RequirementOutcome } from '../requirement-context.js'
import type { ReviewPolicy } from '../types.js'

type Embargo = { countries: string[]; items: 'all-subject-to-ear' | 'ccl'; reviewPolicy: ReviewPolicy | null }

const PREFIX = 'policies.embargoes.'

function embargoRequirements(ctx: RequirementContext): RequirementOutcome[] {
  const out: RequirementOutcome[] = []
  for (const [ruleId] of ctx.rules.parameters) {
    if (!ruleId.startsWith(PREFIX)) continue
    const p = parameterAt<Embargo>(ctx.rules, ruleId, ctx.asOf)
    if (!p?.value) continue
    const embargo = p.value
    const country = [ctx.dest, ctx.destT].find((c) => embargo.countries.includes(c))
    if (!country) continue
    const citation = citationOf(p)
    // items on the CCL only: a 3A090/4A090 item is on it; an item outside 3A090 may be (3A991, 4A994, 5A992 …) or be EAR99
    if (embargo.items === 'ccl' && ctx.item.eccn === null) {
      ctx.flags.push({ kind: 'condition', id: `${ruleId}-ccl-item`, text: `${country} is under the embargo of ${citation.cfr}: a licence is required for any item on the Commerce Control List, and EAR99 items listed in supplement nos. 4 to 6 to part 746 need one too. This item is outside 3A090/4A090, but chipnav does not know its other ECCN (for example 3A991, 4A994 or 5A992) or its tariff code: classify it before shipping.`, citations: [citation] })
      continue
    }
    const what = embargo.items === 'ccl' ? `${ctx.item.eccn} items (every item on the Commerce Control List)` : 'every item subject to the EAR'
    out.push({
      ruleId,
      text: `A licence is required because ${country} is under a U.S. embargo (${citation.cfr}) that covers ${what}; licence exceptions NAC and ACA do not apply where part 746 requires a licence.`,
      citations: [citation],
      part744: true,
      exceptions: [],
      policy: embargo.reviewPolicy ? { value: embargo.reviewPolicy, ruleId, citations: [citation] } : null,
    })
  }
  return out
}

export const embargoesFamily: RequirementFamily = {
  id: 'embargoes',
  title: 'Country embargoes, 15 CFR part 746 (Cuba, North Korea, Iran, Russia and Belarus, Syria) (data/policies/embargoes/)',
  evaluate: embargoRequirements,
}
