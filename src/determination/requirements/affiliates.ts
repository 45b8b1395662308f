/**
 * The Affiliates Rule (15 CFR 744.11(a)(3)): a party owned 50 % or more, in aggregate, by Entity List or MEU List
 * parties is treated as listed. Its standing on each date (in force, suspended) and the ownership threshold are
 * dated data (data/policies/affiliates-*.yaml).
 */
import { parameterAt, thresholdAt } from '../../rules/parameter-at.js'
import { citationOf, pendingHitOf, RESTRICTIVENESS, type RequirementFamily, type RequirementOutcome } from '../requirement-context.js'
import { entryPolicyFor } from './listed-parties.js'
import { isCleared } from '../hit-reviews.js'

const RULE_ID = 'policies.affiliates-rule'
const isOwnerList = (list: string) => list === 'el' || list === 'meu'

export const affiliatesFamily: RequirementFamily = {
  id: 'affiliates',
  title: 'The Affiliates Rule: parties 50 % or more owned by Entity List or MEU List parties',
  evaluate(ctx) {
    const out: RequirementOutcome[] = []
    const affiliates = parameterAt<string>(ctx.rules, RULE_ID, ctx.asOf)
    const ownershipThreshold = thresholdAt(ctx.rules, 'policies.affiliates-ownership-threshold', ctx.asOf)
    for (const { party, outcome } of ctx.screened) {
      // an owner's match an officer cleared (a review of the stored party the transaction names: hit-reviews.ts) decides nothing
      const ownerHits = (o: (typeof outcome.owners)[number]) => (o.screening?.hits ?? []).filter((h) => isOwnerList(h.list) && !isCleared(h))
      const listedOwners = outcome.owners.filter((o) => ownerHits(o).length > 0)
      const share = listedOwners.reduce((s, o) => s + o.share, 0)
      if (!listedOwners.length || !ownershipThreshold || share < ownershipThreshold.value) continue
      const statusCitation = citationOf(affiliates!)
      const status = affiliates?.value
      if (status === 'in-force' || status === 'unknown') {
        const policies = listedOwners.flatMap((o) => ownerHits(o).map((h) => (h.list === 'el' ? entryPolicyFor(ctx, h.licensePolicy)?.answer.policy : null) ?? 'presumption-of-denial'))
        const worst = policies.sort((a, b) => RESTRICTIVENESS[b] - RESTRICTIVENESS[a])[0] ?? 'presumption-of-denial'
        out.push({
          ruleId: RULE_ID,
          text: `${party.name} is ${Math.round(share * 100)} % owned by listed parties (${listedOwners.map((o) => o.name).join(', ')}); ${status === 'unknown' ? `if the Affiliates Rule is in force on ${ctx.asOf} (its status is unknown), ` : 'under the Affiliates Rule '}it is treated as listed: a licence is required and the most restrictive owner's policy applies.`,
          citations: [statusCitation],
          part744: true,
          exceptions: [],
          policy: { value: worst, ruleId: RULE_ID, citations: [statusCitation] },
          // the owners' matches no one reviewed (a recorded transaction queues them under the party): it holds if they are confirmed
          pendingHits: listedOwners.flatMap((o) => ownerHits(o).filter((h) => !h.review).map((h) => pendingHitOf({ role: 'owner', name: o.name }, h))),
          ...(status === 'unknown' ? { conditional: { status: 'unknown' as const, ruleId: RULE_ID, citations: [statusCitation] } } : {}),
        })
      } else {
        ctx.flags.push({ kind: 'red-flag', id: 'affiliates-rule-suspended', text: `${party.name} is ${Math.round(share * 100)} % owned by listed parties; the Affiliates Rule is ${affiliates?.value ?? 'not in force'} on ${ctx.asOf}, so it imposes no requirement, but this is a red flag.`, citations: affiliates ? [statusCitation] : [] })
      }
    }
    return out
  },
}
