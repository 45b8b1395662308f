import type { PreparedName } from './prepare-name.js'
import { LIST_EXTRA_PENALTY, QUERY_EXTRA_PENALTY } from './compare-names.js'

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
