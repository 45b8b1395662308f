/**
 * A listed entry's own licence review policy, read for the item at hand (15 CFR 744.11(b); supp. no. 4 to part 744).
 * An entry may split its policy by item scope ("Presumption of denial for items uniquely required for production of
 * semiconductors at advanced technology nodes …; Case by case for all other items"): the text is cut into clauses,
 * each clause gets a policy and a scope from the phrase table in data/policies/review/entity-list-entry-policy.yaml,
 * and the clause that covers the item decides. Where whether a clause covers the item cannot be told (an end use, an
 * ECCN chipnav does not know), the strictest policy that may apply is the answer and the others are returned as open.
 */
import type { EntryPolicyScope, ReviewPolicy } from '../shared/review-policies.js'
import { RESTRICTIVENESS } from './requirement-context.js'

export const ENTRY_POLICY_RULE = 'policies.review.entity-list-entry-policy'

export type EntryPolicyReading = { policies: { phrase: string; policy: ReviewPolicy }[]; scopes: { phrase: string; covers: EntryPolicyScope }[] }
type Clause = { text: string; policy: ReviewPolicy | null; covers: EntryPolicyScope | null }
export type EntryPolicyAnswer = {
  policy: ReviewPolicy | null
  /** the clauses that decide, and those read as not covering the item */
  deciding: string[]
  notCovering: string[]
  /** clauses that may cover the item with another (less strict) policy: chipnav cannot tell */
  open: { clause: string; policy: ReviewPolicy }[]
  /** the text states more than one policy or limits its policy to some items */
  split: boolean
}

/** case- and space-insensitive: the CSL splits words ("semiconducto rs") */
const squash = (s: string) => s.toLowerCase().replace(/\s+/g, '')
const ECCN = /\b[0-9][A-E][0-9]{3}(?:\.[a-z0-9]+)*/gi

/** Clauses at ";" and at a sentence end; a piece naming no policy belongs to the clause before it ("U.S. Government …"). */
function clausesOf(text: string, reading: EntryPolicyReading): Clause[] {
  const pieces = text.split(/;|\.(?=\s+[A-Z])/).map((p) => p.trim().replace(/\.$/, '')).filter(Boolean)
  const out: Clause[] = []
  for (const piece of pieces) {
    const t = squash(piece)
    const policy = reading.policies.find((p) => t.includes(squash(p.phrase)))?.policy ?? null
    const last = out.at(-1)
    if (!policy && last) {
      last.text = `${last.text}. ${piece}`
      last.covers ??= reading.scopes.find((s) => t.includes(squash(s.phrase)))?.covers ?? null
      continue
    }
    out.push({ text: piece, policy, covers: reading.scopes.find((s) => t.includes(squash(s.phrase)))?.covers ?? null })
  }
  return out
}

/** Whether a clause's scope covers the item: true, false, or null (chipnav cannot tell). */
function covers(c: Clause, eccn: string | null): boolean | null {
  switch (c.covers) {
    case null:
      return true
    case 'ccl':
      return eccn === null ? null : true
    case 'ear99':
      return eccn === null ? null : false
    case 'named-eccns': {
      if (eccn === null) return null
      const named = c.text.match(ECCN) ?? []
      return named.some((n) => eccn.toLowerCase() === n.toLowerCase() || eccn.toLowerCase().startsWith(`${n.toLowerCase()}.`))
    }
    case 'other-items':
      return false
    case 'end-use':
      return null
    case 'rest':
      return null // decided by the other clauses
  }
}

const strictest = (xs: Clause[]) => [...xs].sort((a, b) => RESTRICTIVENESS[b.policy!] - RESTRICTIVENESS[a.policy!])[0]

/** The entry's review policy for an item with this ECCN (null: outside 3A090/4A090, its other ECCN unknown). */
export function readEntryPolicy(text: string, reading: EntryPolicyReading, eccn: string | null): EntryPolicyAnswer {
  const clauses = clausesOf(text, reading).filter((c) => c.policy !== null)
  if (!clauses.length) return { policy: null, deciding: [], notCovering: [], open: [], split: false }
  const split = clauses.length > 1 || clauses[0]!.covers !== null
  const scoped = clauses.filter((c) => c.covers !== 'rest')
  const answers = scoped.map((c) => ({ c, on: covers(c, eccn) }))
  const yes = answers.filter((a) => a.on === true).map((a) => a.c)
  const maybe = answers.filter((a) => a.on === null).map((a) => a.c)
  const no = answers.filter((a) => a.on === false).map((a) => a.c)
  const candidates = yes.length ? [...yes, ...maybe] : [...maybe, ...clauses.filter((c) => c.covers === 'rest')]
  if (!candidates.length) return { policy: null, deciding: [], notCovering: no.map((c) => c.text), open: [], split }
  const chosen = strictest(candidates)!
  const deciding = (yes.length ? yes : clauses.filter((c) => c.covers === 'rest')).filter((c) => c.policy === chosen.policy)
  return {
    policy: chosen.policy,
    deciding: (deciding.length ? deciding : [chosen]).map((c) => c.text),
    notCovering: no.map((c) => c.text),
    open: candidates.filter((c) => c.policy !== chosen.policy).map((c) => ({ clause: c.text, policy: c.policy! })),
    split,
  }
}
