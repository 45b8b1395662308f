import type { IsoDate } from '../shared/iso-date.js'
import type { Rules } from '../rules/load-rules.js'
import { parameterAt, type Citation } from '../rules/parameter-at.js'

export type GroupId = 'a5' | 'a6' | 'd1' | 'd4' | 'd5' | 'e1' | 'e2' | 'diffusion-tier1'

export type Membership = { members: ReadonlySet<string>; citation: Citation | null }

const cache = new WeakMap<Rules, Map<string, Membership>>()

/** The members of a country group on a date (empty before the group's first dated entry). */
export function groupAt(rules: Rules, group: GroupId | string, asOf: IsoDate): Membership {
  let byKey = cache.get(rules)
  if (!byKey) cache.set(rules, (byKey = new Map()))
  const key = `${group}@${asOf}`
  const hit = byKey.get(key)
  if (hit) return hit
  const p = parameterAt<string[]>(rules, `country-groups.${group}`, asOf)
  const { value, unit: _u, comparison: _c, note: _n, ...citation } = p ?? { value: null }
  const m: Membership = { members: new Set(value ?? []), citation: p ? (citation as Citation) : null }
  byKey.set(key, m)
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
  return members.has(code) || members.has(treatedAs(rules, code, asOf).code)
}
