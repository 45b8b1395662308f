/**
 * "Is the owner the ultimate parent?" Rules look at where a party's ultimate parent is headquartered (the headquarters
 * rule, 15 CFR 744.23(a)(3); is-informed letters covering companies whose ultimate parent is in D:5). When a transaction
 * names no ultimate parent but an owner holds a large share (the share is dated data), the answer is worked out again
 * with that owner's country as the parent's headquarters: the rules whose answer changes are the ones that look at the
 * parent, so nothing here names a rule. The question is asked only when the answer would change.
 */
import { thresholdAt } from '../rules/parameter-at.js'
import { isCleared } from './hit-reviews.js'
import { combineRequirements } from './combine-requirements.js'
import { citationOf, POLICY_WORDS, type RequirementContext, type RequirementFamily, type RequirementOutcome } from './requirement-context.js'
import type { Flag } from './types.js'

const SHARE_RULE = 'policies.ultimate-parent-question-share'

/** The owner's country: as given, else the one country its (uncleared) list matches name, with where it was read. */
function ownerCountry(o: RequirementContext['screened'][number]['outcome']['owners'][number], given: string | undefined): { code: string; from: string } | null {
  if (given) return { code: given, from: 'as given' }
  const countries = new Set((o.screening?.hits ?? []).filter((h) => !isCleared(h) && h.score >= 1).flatMap((h) => h.countries ?? []))
  return countries.size === 1 ? { code: [...countries][0]!, from: 'per its list entry' } : null
}

export function ultimateParentQuestions(ctx: RequirementContext, families: readonly RequirementFamily[], requirements: readonly RequirementOutcome[]): Flag[] {
  const threshold = thresholdAt(ctx.rules, SHARE_RULE, ctx.asOf)
  if (!threshold) return []
  const out: Flag[] = []
  const at = { rules: ctx.rules, asOf: ctx.asOf }
  const now = combineRequirements(requirements, at)
  for (const party of ctx.hqParties) {
    if (party.ultimateParentHeadquarters) continue
    const screened = ctx.screened.find((s) => s.party === party)
    const asked = new Set<string>()
    for (const [i, owner] of (party.owners ?? []).entries()) {
      if (owner.share < threshold.value) continue
      const country = ownerCountry(screened?.outcome.owners[i] ?? { name: owner.name, share: owner.share, screening: null }, owner.country)
      const hq = party.headquarters ?? party.country
      if (!country || country.code === hq || asked.has(country.code)) continue
      asked.add(country.code)
      // the answer if this owner is the ultimate parent: the same families, the party with the owner's country as its parent's headquarters
      const asParent = { ...party, ultimateParentHeadquarters: country.code }
      const alt: RequirementContext = { ...ctx, hqParties: ctx.hqParties.map((p) => (p === party ? asParent : p)), flags: [], flagHits: [], allocations: {} }
      const altRequirements = families.flatMap((f) => f.evaluate(alt))
      // what changes: a requirement that was not there (its paragraph), or one reviewed under another policy (the review paragraph)
      const changed = altRequirements.flatMap((r) => {
        const was = requirements.find((x) => x.ruleId === r.ruleId)
        if (!was) return r.citations.slice(0, 1)
        return was.policy?.value !== r.policy?.value && r.policy ? r.policy.citations.slice(0, 1) : []
      })
      const then = combineRequirements(altRequirements, at)
      if (!changed.length && then.verdict === now.verdict && then.policy?.value === now.policy?.value) continue
      const rules = changed.map((c) => c.cfr)
      out.push({
        kind: 'condition',
        id: `ultimate-parent-question-${party.role}-${country.code}`,
        party: { role: party.role, name: party.name },
        text: `Is ${owner.name} (${country.code}, ${country.from}; ${Math.round(owner.share * 100)} % owner) the ultimate parent of ${party.name} (${party.role})? No ultimate parent was given (ultimateParentHeadquarters). Rules in force on ${ctx.asOf} look at where the ultimate parent is headquartered: if it is ${owner.name}, ${rules.length ? `${[...new Set(rules)].join('; ')} ${new Set(rules).size === 1 ? 'applies' : 'apply'} and ` : ''}the answer would be ${then.verdict}${then.policy?.value ? `, reviewed ${POLICY_WORDS[then.policy.value]}` : ''}. Give the ultimate parent's headquarters to settle it.`,
        citations: [...changed, citationOf(threshold)],
      })
    }
  }
  return out
}
