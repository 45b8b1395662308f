/**
 * Country embargoes, 15 CFR part 746 (Cuba 746.2, North Korea 746.4, Iran 746.7 with OFAC's 31 CFR 560.204, Russia
 * and Belarus 746.8, Syria 746.9): a licence for every item subject to the EAR, or for every item on the CCL, to or
 * within the country, whatever the advanced-computing rules say. A part 746 requirement takes licence exceptions
 * NAC/ACA away (15 CFR 740.2, 740.8). Each embargo is a dated file in data/policies/embargoes/.
 */
import { parameterAt } from '../../rules/parameter-at.js'
import type { Citation } from '../../rules/parameter-at.js'
import { citationOf, type RequirementContext, type RequirementFamily, type RequirementOutcome } from '../requirement-context.js'
import type { ReviewPolicy } from '../types.js'

type Embargo = { countries: string[]; items: 'all-subject-to-ear' | 'ccl'; reviewPolicy: ReviewPolicy | null; ifEccnUnknown?: { assume: 'licence-required'; alsoReaches: string; cfr: string } }

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
      const assumed = eccnUnknownOutcome(ctx, ruleId, country, embargo, citation)
      if (assumed) out.push(assumed)
      else ctx.flags.push({ kind: 'condition', id: `${ruleId}-ccl-item`, text: `${country} is under the embargo of ${citation.cfr}: a licence is required for any item on the Commerce Control List. This item is outside 3A090/4A090, but chipnav does not know its other ECCN (for example 3A991, 4A994 or 5A992): classify it before shipping.`, citations: [citation] })
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

/**
 * An embargo on every CCL item, and an item whose ECCN outside 3A090/4A090 chipnav does not know: the data say to
 * assume the requirement (the most restrictive possibility), as for an undetermined 3A090 classification: the
 * verdict is LICENSE_REQUIRED under the embargo's policy and the item counts as undetermined — never NLR.
 */
function eccnUnknownOutcome(ctx: RequirementContext, ruleId: string, country: string, embargo: Embargo, citation: Citation): RequirementOutcome | null {
  const assume = embargo.ifEccnUnknown
  if (!assume) return null
  const cited: Citation = { ...citation, cfr: assume.cfr }
  ctx.flags.push({ kind: 'condition', id: `${ruleId}-ccl-item`, text: `The item's classification outside 3A090/4A090 is undetermined: chipnav does not know its other ECCN (for example 3A991, 4A994 or 5A992) or, if it is EAR99, its HTS code. This answer assumes the most restrictive possibility, an item on the Commerce Control List; classify the item before relying on it.`, citations: [cited] })
  return {
    ruleId,
    text: `A licence is assumed to be required: ${country} is under the embargo of ${citation.cfr}, which requires a licence for every item on the Commerce Control List, and ${assume.alsoReaches}. This item is outside 3A090/4A090 and chipnav does not know its other ECCN or HTS code, so the most restrictive possibility is taken; only an item classified EAR99 and identified in none of those supplements would need no licence under this embargo. Licence exceptions NAC and ACA do not apply where part 746 requires a licence.`,
    citations: [cited],
    part744: true,
    exceptions: [],
    policy: embargo.reviewPolicy ? { value: embargo.reviewPolicy, ruleId, citations: [citation] } : null,
    assumesMostRestrictive: true,
  }
}

export const embargoesFamily: RequirementFamily = {
  id: 'embargoes',
  title: 'Country embargoes, 15 CFR part 746 (Cuba, North Korea, Iran, Russia and Belarus, Syria) (data/policies/embargoes/)',
  evaluate: embargoRequirements,
}
