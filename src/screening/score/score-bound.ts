import type { PreparedName } from './prepare-name.js'
import { LIST_EXTRA_PENALTY, QUERY_EXTRA_PENALTY } from './compare-names.js'
import { editDistanceLowerBound } from './edit-distance.js'
import { editBudget } from './token-similarity.js'

/**
 * An (approximate) best name score a candidate could reach: the query tokens it shares (weight
 * `shared`) align perfectly, the rest of the query is left over at the query-extra penalty and the
 * rest of the list name at the list-extra penalty, both with safety margins (taken at 3/4 and 1/2,
 * and the list side's matched weight at up to 1.5× the query's), since token weights differ
 * between spellings.
 */
export function scoreUpperBound(shared: number, queryWeight: number, nameWeight: number): number {
  const queryLeft = queryWeight - shared
  const nameLeft = nameWeight - 1.5 * shared
  const penalty = (queryLeft > 0 ? 0.75 * QUERY_EXTRA_PENALTY * queryLeft : 0) + (nameLeft > 0 ? 0.5 * LIST_EXTRA_PENALTY * nameLeft : 0)
  return shared <= 0 ? 0 : (2 * shared) / (2 * shared + penalty)
}

/**
 * Weight of the query words the index may not have credited to a list name although the scorer
 * could still align them: a spelling two edits away ("Rahzad"/"Shahzad", "Vedyashkin"/"Vedyakhin"),
 * or a short word that may be an acronym of the list name's words ("A.C." / "Anticrisis Center").
 * A cheap test on letter sets and lengths, never a score: it only decides whether a candidate the
 * shared-weight bound would drop is scored after all (with this weight counted as shared).
 */
export function unindexedWeight(query: PreparedName, name: PreparedName): number {
  const qt = query.tokens
  const ct = name.tokens
  let extra = 0
  for (let i = 0; i < qt.length; i++) {
    const a = qt[i]!
    if (a.kind !== 'word' || a.isSyllabic) continue
    const la = a.text.length
    let isPlausible = false
    let isExact = false
    for (let j = 0; j < ct.length && !isExact; j++) {
      const b = ct[j]!
      if (b.text === a.text) isExact = true
      else if (!isPlausible && b.kind === 'word') {
        const lb = b.text.length
        const budget = editBudget(la > lb ? la : lb)
        if (Math.abs(la - lb) <= 2 * budget && editDistanceLowerBound(a.letters, b.letters) <= budget) isPlausible = true
      }
    }
    if (isExact) continue // the index credits an exact word
    if (!isPlausible && la >= 2 && la <= 5 && ct.length >= la) isPlausible = true // an acronym of the list name's words
    if (isPlausible) extra += query.weights[i]!
  }
  return extra
}
