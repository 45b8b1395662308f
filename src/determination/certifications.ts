/** The certification ids data/ knows (any policy, any date), so a misspelt id in a transaction is named, not ignored. */
import type { Rules } from '../rules/load-rules.js'
import type { Flag } from './types.js'

const known = new WeakMap<Rules, ReadonlySet<string>>()

export function knownCertificationIds(rules: Rules): ReadonlySet<string> {
  let ids = known.get(rules)
  if (!ids) {
    const all = new Set<string>()
    for (const p of rules.parameters.values()) {
      if (p.unit !== 'certification-set') continue
      for (const v of p.values) for (const c of (v.value as { id: string }[] | null) ?? []) all.add(c.id)
    }
    known.set(rules, (ids = all))
  }
  return ids
}

/** A flag for each certification id no policy in data/ asks for. */
export function unknownCertificationFlags(rules: Rules, given: readonly string[] | undefined): Flag[] {
  const ids = knownCertificationIds(rules)
  return (given ?? []).filter((id) => !ids.has(id)).map((id) => ({ kind: 'condition' as const, id: `unknown-certification-${id}`, text: `The certification "${id}" matches no certification any policy in the rules data asks for (known: ${[...ids].join(', ')}).` }))
}
