import type { PreparedName } from './prepare-name.js'
import { LIST_EXTRA_PENALTY } from './compare-names.js'

/**
 * The query-extra cost the bound assumes: 0.45 (3/4 of the 0.6 the scorer charged until issue 10,
 * part B), not 3/4 of today's 0.8, since words the index credits to one query token only (a joined
 * "Hik Vision" → "hikvision") leave their partner counted as left over.
 */
const BOUND_QUERY_EXTRA = 0.45

/**
 * An (approximate) best name score a candidate could reach: the query tokens it shares (weight
 * `shared`) align perfectly, the rest of the query is left over at BOUND_QUERY_EXTRA and the
 * rest of the list name at the list-extra penalty, both with safety margins (taken at 3/4 and 1/2,
 * and the list side's matched weight at up to 1.5× the query's), since token weights differ
 * between spellings.
 */
export function scoreUpperBound(shared: number, queryWeight: number, nameWeight: number): number {
  const queryLeft = queryWeight - shared
  const nameLeft = nameWeight - 1.5 * shared
  const penalty = (queryLeft > 0 ? BOUND_QUERY_EXTRA * queryLeft : 0) + (nameLeft > 0 ? 0.5 * LIST_EXTRA_PENALTY * nameLeft : 0)
  return shared <= 0 ? 0 : (2 * shared) / (2 * shared + penalty)
}
