/** The certification ids data/ knows (any policy, any date), so a misspelt id in a transaction is named, not ignored. */
import type { Rules } from '../rules/load-rules.js'
import { parameterAt, type Citation, type ParameterValue } from '../rules/parameter-at.js'
import type { IsoDate } from '../shared/iso-date.js'
import { citationOf } from './requirement-context.js'
import type { Flag } from './types.js'

/** `citation.unverified` is set when the statement itself could not be verified in the primary text (data: its `unverified`), with `note` saying why */
export type CertificationInForce = { set: string; id: string; text: string; citation: Citation; note?: string }

/**
 * The statements policies in force on `asOf` ask an exporter to certify (every `certification-set` parameter
 * of data/), each with the policy it belongs to and its citation: what a form offers to tick, and what a
 * transaction's `certifications` refer to.
 */
export function certificationsInForce(rules: Rules, asOf: IsoDate): CertificationInForce[] {
  const out: CertificationInForce[] = []
  for (const [ruleId, p] of rules.parameters) {
    if (p.unit !== 'certification-set') continue
    const v = parameterAt<Certification[]>(rules, ruleId, asOf)
    if (!v?.value) continue
    for (const c of v.value) out.push({ set: ruleId, id: c.id, text: c.text, citation: certificationCitation(v, c), ...(c.note ? { note: c.note } : {}) })
  }
  return out
}

/** One statement of a `certification-set` value (data-schemas.ts). */
export type Certification = { id: string; text: string; unverified?: boolean; note?: string }

/** The citation of one statement: its set's, marked unverified when the statement is (even if the rest of the set is not). */
export function certificationCitation(set: ParameterValue<unknown>, c: Certification): Citation {
  const citation = citationOf(set)
  return c.unverified ? { ...citation, unverified: true } : citation
}

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
