/**
 * The January 2026 China/Macau review policy (91 FR 1684, 15 CFR 742.6(b)(10)(iii)(A)(1)): exports from the United
 * States to China or Macau of commodities below the TPP and total DRAM bandwidth limits move from a presumption of
 * denial to case-by-case review when the exporter makes the statements the rule requires. Limits and statements are
 * dated data (data/policies/review/china-case-by-case*.yaml), as are the items it reaches (3A090 ICs and the 4A090 items
 * containing them, tested on each IC: the limits are an IC's).
 */
import { parameterAt, thresholdAt } from '../rules/parameter-at.js'
import { enUsNumber } from '../shared/format-number.js'
import { citationOf, cite, policyAt, type Policy, type RequirementContext } from './requirement-context.js'

type Certification = { id: string; text: string }

const CERTIFICATIONS_RULE = 'policies.review.china-case-by-case-certifications'
const FROM_RULE = 'policies.review.china-case-by-case-from'
const DESTINATIONS_RULE = 'policies.review.china-case-by-case-destinations'
const ECCNS_RULE = 'policies.review.china-case-by-case-eccns'

/** The policy that applies instead of `base` when the January 2026 conditions are met; otherwise `base`, with flags saying why. */
export function withChinaCaseByCase(ctx: RequirementContext, base: Policy): Policy {
  const destinations = parameterAt<string[]>(ctx.rules, DESTINATIONS_RULE, ctx.asOf)?.value
  if (!destinations?.includes(ctx.destT) || !parameterAt(ctx.rules, 'policies.review.china-case-by-case', ctx.asOf)) return base
  // the "advanced computing commodities" it reaches (3A090 ICs and the 4A090 items containing them)
  const eccns = parameterAt<string[]>(ctx.rules, ECCNS_RULE, ctx.asOf)?.value
  if (!ctx.item.eccn || !eccns?.includes(ctx.item.eccn)) return base
  const tppLimit = thresholdAt(ctx.rules, 'policies.review.china-case-by-case-tpp', ctx.asOf)
  const bwLimit = thresholdAt(ctx.rules, 'policies.review.china-case-by-case-dram-bandwidth', ctx.asOf)
  const tpp = ctx.item.maxChipTpp
  const bw = ctx.item.maxChipDramBandwidth
  const citations = [...policyAt(ctx, 'policies.review.china-case-by-case').citations]
  if (!tppLimit || !bwLimit) return base
  if (tpp === null || bw === null) {
    ctx.flags.push({ kind: 'condition', id: 'china-case-by-case-unknown-metrics', text: `Case-by-case review under the January 2026 policy needs TPP < ${tppLimit.value} and total DRAM bandwidth < ${bwLimit.value} GB/s; the item's ${tpp === null ? 'TPP' : 'DRAM bandwidth'} is unknown.`, citations })
    return base
  }
  if (!(tpp < tppLimit.value && bw < bwLimit.value)) return base
  const from = parameterAt<string[]>(ctx.rules, FROM_RULE, ctx.asOf)
  if (from?.value && !from.value.includes(ctx.tx.from)) {
    ctx.flags.push({ kind: 'condition', id: 'china-case-by-case-us-only', text: `The January 2026 case-by-case policy covers only exports from ${from.value.join(', ')}; this one is from ${ctx.tx.from}, so the presumption of denial stands.`, citations: [...citations, citationOf(from)] })
    return base
  }
  const required = parameterAt<Certification[]>(ctx.rules, CERTIFICATIONS_RULE, ctx.asOf)
  const given = new Set(ctx.tx.certifications ?? [])
  const missing = (required?.value ?? []).filter((c) => !given.has(c.id))
  if (required) citations.push(citationOf(required))
  if (missing.length) {
    ctx.flags.push({ kind: 'condition', id: 'china-case-by-case-certifications', text: `Case-by-case review requires the exporter's statements; missing: ${missing.map((c) => `${c.id} (${c.text})`).join('; ')}. Without them the presumption of denial applies.`, citations })
    return base
  }
  // the limits are an IC's (Technical Note 2 to 3A090): a computer is tested on each IC it contains, and the answer says so
  if (ctx.item.eccn.startsWith('4A090')) {
    const total = ctx.item.tppPerUnit !== null && ctx.item.tppPerUnit > tpp ? ` (${enUsNumber(ctx.item.tppPerUnit)} TPP for the whole item)` : ''
    ctx.flags.push({ kind: 'condition', id: 'china-case-by-case-per-ic', text: `The January 2026 limits (TPP < ${enUsNumber(tppLimit.value)} as defined in Technical Note 2 to 3A090, an integrated circuit's; total DRAM bandwidth < ${enUsNumber(bwLimit.value)} GB/s) are applied to each IC this ${ctx.item.eccn} item contains: TPP ${enUsNumber(tpp)}, ${enUsNumber(bw)} GB/s${total}. The rule speaks of "advanced computing commodities" and does not say, in the text read, how a computer is measured: confirm with BIS before relying on case-by-case review.`, citations: [cite(ctx, ECCNS_RULE)!, cite(ctx, 'policies.review.china-case-by-case-tpp')!] })
  }
  const cbc = policyAt(ctx, 'policies.review.china-case-by-case')
  return { ...cbc, citations: [...cbc.citations, cite(ctx, ECCNS_RULE)!, cite(ctx, 'policies.review.china-case-by-case-tpp')!, cite(ctx, 'policies.review.china-case-by-case-dram-bandwidth')!, ...(required ? [citationOf(required)] : [])] }
}
