/** 15 CFR 742.6(a)(6)(i)(B): high-bandwidth memory (the ECCNs of data/policies/license-requirements/hbm.yaml, 3A090.c) to Macau or Country Group D:5; licence exception HBM. */
import { parameterAt } from '../../rules/parameter-at.js'
import { cite, groupCitations, hqD5Party, isD5OrMacau, policyAt, POLICY_WORDS, type RequirementFamily } from '../requirement-context.js'
import type { LicenseExceptionUse } from '../types.js'

const RULE_ID = 'policies.license-requirements.hbm'

export const hbmFamily: RequirementFamily = {
  id: 'hbm',
  title: '3A090.c high-bandwidth memory to Macau or D:5 (15 CFR 742.6(a)(6)(i)(B)) and licence exception HBM',
  evaluate(ctx) {
    const eccns = parameterAt<string[]>(ctx.rules, RULE_ID, ctx.asOf)?.value
    if (!eccns || ctx.item.eccn === null || !eccns.includes(ctx.item.eccn) || !isD5OrMacau(ctx, ctx.destT)) return []
    // 742.6(b)(10)(ii): the policy turns on where the ultimate consignee or end user is headquartered. None given: it
    // is taken to be headquartered where it is, in the destination (as a party's headquarters default to its country)
    const hq = hqD5Party(ctx) ?? (ctx.hqParties.length === 0 ? { name: 'the unnamed end user' } : undefined)
    if (ctx.hqParties.length === 0) {
      const approval = policyAt(ctx, 'policies.review.hbm-not-headquartered-d5')
      ctx.flags.push({ kind: 'condition', id: 'hbm-end-user-unknown', text: `No ultimate consignee or end user was given: chipnav takes the end user to be headquartered where it is, in ${ctx.dest} (Macau or D:5), so the presumption of denial applies. An end user located there but not headquartered (nor its ultimate parent) in Macau or D:5 would be reviewed ${POLICY_WORDS[approval.value!]}: name the parties.`, citations: approval.citations })
    }
    const exceptions: LicenseExceptionUse[] = []
    if (ctx.item.scope.get('HBM') === true) exceptions.push({ id: 'HBM', for: RULE_ID, conditions: ['Memory bandwidth density below the licence exception HBM ceiling.'], citations: [cite(ctx, 'policies.license-exceptions.hbm')!] })
    const hbmSource = ctx.rules.sources.get(cite(ctx, 'ccl.3a090.c-memory-bandwidth-density')!.source.id)
    if (hbmSource?.compliance && ctx.asOf < hbmSource.compliance) ctx.flags.push({ kind: 'condition', id: 'hbm-compliance-date', text: `Compliance with the HBM changes was required from ${hbmSource.compliance}.` })
    return [
      {
        ruleId: RULE_ID,
        text: `A licence is required to export ${ctx.item.eccn} high-bandwidth memory to ${ctx.dest} (Macau or Country Group D:5) (15 CFR 742.6(a)(6)(i)(B)).`,
        citations: [cite(ctx, RULE_ID)!, cite(ctx, 'ccl.3a090.c-memory-bandwidth-density')!, ...groupCitations(ctx, ['d5'])],
        part744: false,
        exceptions,
        policy: policyAt(ctx, hq ? 'policies.review.hbm-headquartered-d5' : 'policies.review.hbm-not-headquartered-d5'),
      },
    ]
  },
}
