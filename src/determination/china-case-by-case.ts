/**
 * The January 2026 China/Macau review policy (91 FR 1684, 15 CFR 742.6(b)(10)(iii)(A)(1)): exports from the United
 * States to China or Macau of commodities below the TPP and total DRAM bandwidth limits move from a presumption of
 * denial to case-by-case review when the exporter makes the statements the rule requires. Limits and statements are
 * dated data (data/policies/review/china-case-by-case*.yaml), as are the items it reaches (3A090 ICs and the 4A090 items
 * containing them, tested on each IC: the limits are an IC's).
 */
import { compare, distinctCitations as distinct, parameterAt, thresholdAt, type ParameterValue } from '../rules/parameter-at.js'
import { enUsNumber } from '../shared/format-number.js'
import { certificationCitation, type Certification } from './certifications.js'
import { citationOf, cite, policyAt, type Policy, type RequirementContext } from './requirement-context.js'

const CERTIFICATIONS_RULE = 'policies.review.china-case-by-case-certifications'
const FROM_RULE = 'policies.review.china-case-by-case-from'
const DESTINATIONS_RULE = 'policies.review.china-case-by-case-destinations'
const ECCNS_RULE = 'policies.review.china-case-by-case-eccns'
const TPP_RULE = 'policies.review.china-case-by-case-tpp'
const BANDWIDTH_RULE = 'policies.review.china-case-by-case-dram-bandwidth'

/** "15,832 < 21,000": a measured value against a limit, with the comparison the data gives */
const against = (measured: number, limit: ParameterValue<number>, unit = '') => `${enUsNumber(measured)}${unit} ${limit.comparison ?? '<'} ${enUsNumber(limit.value)}${unit}`

/** "36,000 ≥ 21,000": a measured value that fails a limit, with the comparison it fails */
const NOT: Readonly<Record<string, string>> = { '<': '≥', '<=': '>', '>': '≤', '>=': '<' }
const beyond = (measured: number, limit: ParameterValue<number>, unit = '') => `${enUsNumber(measured)}${unit} ${NOT[limit.comparison ?? '<'] ?? 'fails'} ${enUsNumber(limit.value)}${unit}`
const policyName = (p: Policy) => (p.value ? p.value.replace(/-/g, ' ') : 'base review policy')

/** A statement the rule's text read does not confirm, named wherever the answer relies on it or asks for it. */
const unverifiedMark = (c: Certification) => (c.unverified ? ' [UNVERIFIED: not confirmed in the primary text]' : '')


/** The policy that applies instead of `base` when the January 2026 conditions are met; otherwise `base`, with flags saying why. */
export function withChinaCaseByCase(ctx: RequirementContext, base: Policy): Policy {
  const destinations = parameterAt<string[]>(ctx.rules, DESTINATIONS_RULE, ctx.asOf)?.value
  if (!destinations?.includes(ctx.destT) || !parameterAt(ctx.rules, 'policies.review.china-case-by-case', ctx.asOf)) return base
  // the "advanced computing commodities" it reaches (3A090 ICs and the 4A090 items containing them)
  const eccns = parameterAt<string[]>(ctx.rules, ECCNS_RULE, ctx.asOf)?.value
  if (!ctx.item.eccn || !eccns?.includes(ctx.item.eccn)) return base
  const tppLimit = thresholdAt(ctx.rules, TPP_RULE, ctx.asOf)
  const bwLimit = thresholdAt(ctx.rules, BANDWIDTH_RULE, ctx.asOf)
  const tpp = ctx.item.maxChipTpp
  const bw = ctx.item.maxChipDramBandwidth
  const citations = [...policyAt(ctx, 'policies.review.china-case-by-case').citations]
  if (!tppLimit || !bwLimit) return base
  if (tpp === null || bw === null) {
    ctx.flags.push({ kind: 'condition', id: 'china-case-by-case-unknown-metrics', text: `Case-by-case review under the January 2026 policy needs TPP ${tppLimit.comparison ?? '<'} ${enUsNumber(tppLimit.value)} and total DRAM bandwidth ${bwLimit.comparison ?? '<'} ${enUsNumber(bwLimit.value)} GB/s; the item's ${tpp === null ? 'TPP' : 'DRAM bandwidth'} is unknown.`, citations })
    return base
  }
  const tppWithin = compare(tpp, tppLimit.comparison ?? '<', tppLimit.value)
  const bwWithin = compare(bw, bwLimit.comparison ?? '<', bwLimit.value)
  if (!(tppWithin && bwWithin)) {
    // the item is in the policy's scope but above a limit: say which, with the measured values, as when it applies
    const perIc = ctx.item.eccn.startsWith('4A090') ? 'per-IC ' : ''
    const tppWords = tppWithin ? `${perIc}TPP ${against(tpp, tppLimit)} is within its limit` : `${perIc}TPP ${beyond(tpp, tppLimit)}`
    const bwWords = bwWithin ? `${perIc}total DRAM bandwidth ${against(bw, bwLimit, ' GB/s')} is within its limit` : `${perIc}total DRAM bandwidth ${beyond(bw, bwLimit, ' GB/s')}`
    const [first, second] = tppWithin ? [bwWords, tppWords] : [tppWords, bwWords]
    const why = `case-by-case review under the January 2026 policy is not available: ${first} (${second}; both must be within the limits)`
    ctx.flags.push({ kind: 'condition', id: 'china-case-by-case-limits-not-met', text: `${why[0]!.toUpperCase()}${why.slice(1)}, so the ${policyName(base)} stands.`, citations: distinct([...citations, cite(ctx, TPP_RULE)!, cite(ctx, BANDWIDTH_RULE)!]) })
    return base
  }
  const from = parameterAt<string[]>(ctx.rules, FROM_RULE, ctx.asOf)
  if (from?.value && !from.value.includes(ctx.tx.from)) {
    ctx.flags.push({ kind: 'condition', id: 'china-case-by-case-us-only', text: `The January 2026 case-by-case policy covers only exports from ${from.value.join(', ')}; this one is from ${ctx.tx.from}, so the presumption of denial stands.`, citations: [...citations, citationOf(from)] })
    return base
  }
  const required = parameterAt<Certification[]>(ctx.rules, CERTIFICATIONS_RULE, ctx.asOf)
  const statements = required?.value ?? []
  const given = new Set(ctx.tx.certifications ?? [])
  const missing = statements.filter((c) => !given.has(c.id))
  if (required) citations.push(citationOf(required))
  if (missing.length) {
    ctx.flags.push({ kind: 'condition', id: 'china-case-by-case-certifications', text: `Case-by-case review requires the exporter's statements; missing: ${missing.map((c) => `${c.id} (${c.text})${unverifiedMark(c)}`).join('; ')}. Without them the presumption of denial applies.`, citations })
    return base
  }
  // statements the answer relies on that the rule's text read does not confirm: named, so the officer checks them
  for (const c of statements.filter((x) => x.unverified)) {
    const citation = certificationCitation(required!, c)
    ctx.flags.push({
      kind: 'unverified-rule',
      id: `unverified-certification-${c.id}`,
      text: `Case-by-case review here rests on the statement ${c.id} ("${c.text}"), which could not be verified in the primary text of ${citation.source.citation}${c.note ? ` (${c.note.replace(/\.$/, '')})` : ''}. If the rule does not ask for it, the answer is the same; confirm the conditions in the rule before certifying.`,
      citations: [citation],
    })
  }
  const system = ctx.item.eccn.startsWith('4A090')
  // the limits are an IC's (Technical Note 2 to 3A090): a computer is tested on each IC it contains, and the answer says so
  if (system) {
    const total = ctx.item.tppPerUnit !== null && ctx.item.tppPerUnit > tpp ? ` (${enUsNumber(ctx.item.tppPerUnit)} TPP for the whole item)` : ''
    ctx.flags.push({ kind: 'condition', id: 'china-case-by-case-per-ic', text: `The January 2026 limits (TPP < ${enUsNumber(tppLimit.value)} as defined in Technical Note 2 to 3A090, an integrated circuit's; total DRAM bandwidth < ${enUsNumber(bwLimit.value)} GB/s) are applied to each IC this ${ctx.item.eccn} item contains: TPP ${enUsNumber(tpp)}, ${enUsNumber(bw)} GB/s${total}. The rule speaks of "advanced computing commodities" and does not say, in the text read, how a computer is measured: confirm with BIS before relying on case-by-case review.`, citations: [cite(ctx, ECCNS_RULE)!, cite(ctx, TPP_RULE)!] })
  }
  const measured = system
    ? `per-IC TPP ${against(tpp, tppLimit)}; per-IC DRAM bandwidth ${against(bw, bwLimit, ' GB/s')} (the highest of the ICs this ${ctx.item.eccn} item contains${ctx.item.tppPerUnit !== null && ctx.item.tppPerUnit > tpp ? `; the whole item: TPP ${enUsNumber(ctx.item.tppPerUnit)}` : ''}) — chipnav's judgement that the limits are an IC's, see the condition below`
    : `TPP ${against(tpp, tppLimit)}; total DRAM bandwidth ${against(bw, bwLimit, ' GB/s')}`
  const cbc = policyAt(ctx, 'policies.review.china-case-by-case')
  return {
    ...cbc,
    why: `the January 2026 policy for exports from the United States to China and Macau (${measured}; the ${statements.length} statements it requires were made${statements.some((c) => c.unverified) ? ', some of them unverified' : ''})`,
    citations: distinct([...cbc.citations, cite(ctx, ECCNS_RULE)!, cite(ctx, TPP_RULE)!, cite(ctx, BANDWIDTH_RULE)!, ...(required ? [citationOf(required)] : [])]),
  }
}
