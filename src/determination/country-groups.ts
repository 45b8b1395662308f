import type { IsoDate } from '../shared/iso-date.js'
import type { Rules } from '../rules/load-rules.js'
import { parameterAt, type Citation } from '../rules/parameter-at.js'

export type GroupId = 'a5' | 'a6' | 'd1' | 'd4' | 'd5' | 'e1' | 'e2' | 'diffusion-tier1' | 'named-beside-d5'

export type Membership = { members: ReadonlySet<string>; citation: Citation | null }

/** memberships per loaded rules, date and group (a date's groups in one map: a look-up builds no key string) */
const cache = new WeakMap<Rules, Map<string, Map<string, Membership>>>()
const CACHE_MAX_DATES = 5_000

/** The members of a country group on a date (empty before the group's first dated entry). */
export function groupAt(rules: Rules, group: GroupId | string, asOf: IsoDate): Membership {
  let byDate = cache.get(rules)
  if (!byDate) cache.set(rules, (byDate = new Map()))
  let byGroup = byDate.get(asOf)
  if (!byGroup) {
    if (byDate.size >= CACHE_MAX_DATES) byDate.clear()
    byDate.set(asOf, (byGroup = new Map()))
  }
  const hit = byGroup.get(group)
  if (hit) return hit
  const p = parameterAt<string[]>(rules, `country-groups.${group}`, asOf)
  const { value, unit: _u, comparison: _c, note: _n, ...citation } = p ?? { value: null }
  const m: Membership = { members: new Set(value ?? []), citation: p ? (citation as Citation) : null }
  byGroup.set(group, m)
  return m
}

/** The destination a code is treated as (Hong Kong → China), with the citation when a mapping applies. */
export function treatedAs(rules: Rules, code: string, asOf: IsoDate): { code: string; citation: Citation | null } {
  const p = parameterAt<Record<string, string>>(rules, 'country-groups.treated-as', asOf)
  const mapped = p?.value?.[code]
  if (!p || !mapped) return { code, citation: null }
  const { value: _v, unit: _u, comparison: _c, note: _n, ...citation } = p
  return { code: mapped, citation }
}

/** Is `code` (after treated-as mapping) in the group on `asOf`? */
export function inGroup(rules: Rules, group: GroupId | string, code: string | undefined, asOf: IsoDate): boolean {
  if (!code) return false
  const members = groupAt(rules, group, asOf).members
  // treatedAs(…).code, without building its citation
  return members.has(code) || members.has(parameterAt<Record<string, string>>(rules, 'country-groups.treated-as', asOf)?.value?.[code] || code)
}

/**
 * Country Group D:5 or Macau: the AI Diffusion Rule's Tier 3 and the other 2023-2025 rules' "D:5 and Macau"
 * (15 CFR 742.6(a)(6)(iii)). Macau is named beside D:5 in the text, not a member of the group: the destinations so
 * named are the data's `country-groups.named-beside-d5` on the date.
 */
export function isD5OrMacauAt(rules: Rules, code: string | undefined, asOf: IsoDate): boolean {
  return inGroup(rules, 'named-beside-d5', code, asOf) || inGroup(rules, 'd5', code, asOf)
}

/**
 * The AI Diffusion Rule's tier of a destination on a date, as published (15 CFR 742.6(a)(6)(iii)): 1 for the Tier 1
 * group (the United States is in it, data/country-groups/diffusion-tier1.yaml), 3 for D:5 and Macau, 2 for every other; null while the rule's Tier 1 group is not in
 * the data (before 2025-01-13).
 */
export function diffusionTierAt(rules: Rules, code: string, asOf: IsoDate): { tier: 1 | 2 | 3; citation: Citation } | null {
  const tier1 = groupAt(rules, 'diffusion-tier1', asOf)
  if (!tier1.citation) return null
  if (isD5OrMacauAt(rules, code, asOf)) return { tier: 3, citation: groupAt(rules, 'd5', asOf).citation ?? tier1.citation }
  return { tier: inGroup(rules, 'diffusion-tier1', code, asOf) ? 1 : 2, citation: tier1.citation }
}

export type DestinationScope = { countries: string[]; groups: string[]; excludeGroups: string[] }

/**
 * Is `code` within a destination-scope rule on the date (its countries or groups, less its excluded groups)? Null
 * before the rule's first date or after its repeal. The groups' memberships are read on the same date.
 */
export function inDestinationScopeAt(rules: Rules, ruleId: string, code: string, asOf: IsoDate): { within: boolean; groups: string[]; excludeGroups: string[]; citation: Citation } | null {
  const p = parameterAt<DestinationScope>(rules, ruleId, asOf)
  if (!p?.value) return null
  const { value, unit: _u, comparison: _c, note: _n, ...citation } = p
  const mapped = treatedAs(rules, code, asOf).code
  const inAny = value.countries.includes(code) || value.countries.includes(mapped) || value.groups.some((g) => inGroup(rules, g, code, asOf))
  const within = inAny && !value.excludeGroups.some((g) => inGroup(rules, g, code, asOf))
  return { within, groups: value.groups, excludeGroups: value.excludeGroups, citation: citation as Citation }
}
