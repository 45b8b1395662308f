/**
 * Which hit is shown first when several lists match one name. Scores are the order; among matches
 * whose scores tie within `within` of the best, a licence-relevant list is preferred as the top hit
 * (the batch output, a determination's flags and a reviewer read the top hit first). This is
 * configuration, not regulation: which lists carry an export licence requirement or prohibition is
 * stated in the list files themselves; the order here only chooses what is shown first, and every
 * match is still returned and recorded.
 */
import type { ListCode } from './model.js'

export type TopHitPreference = {
  /** lists preferred as the top hit, most relevant first */
  lists: readonly ListCode[]
  /** a preferred list's match is put first when its score is at most this far below the best */
  within: number
}

/** Entity List, Military End User List, Denied Persons List, SDN: the lists with licence consequences for an export. */
export const DEFAULT_TOP_HIT_PREFERENCE: TopHitPreference = Object.freeze({ lists: Object.freeze(['el', 'meu', 'dpl', 'sdn'] as const), within: 0.02 })

const LIST_LABELS: Partial<Record<ListCode, string>> = { el: 'Entity List', meu: 'Military End User List', dpl: 'Denied Persons List', sdn: 'SDN list' }

export type Ranked = { list: ListCode; score: number }

/**
 * The index of the hit to show first among `hits` (sorted best first, matches only), and why when
 * it is not the best-scored one: the most preferred list among those within `within` of the best.
 */
export function preferredTop(hits: readonly Ranked[], pref: TopHitPreference): { index: number; reason?: string } {
  const best = hits[0]
  if (best === undefined || pref.lists.includes(best.list)) return { index: 0 }
  let chosen = -1
  let rank = Infinity
  for (let i = 1; i < hits.length; i++) {
    const h = hits[i]!
    if (best.score - h.score > pref.within + 1e-9) break
    const r = pref.lists.indexOf(h.list)
    if (r >= 0 && r < rank) {
      rank = r
      chosen = i
    }
  }
  if (chosen < 0) return { index: 0 }
  const h = hits[chosen]!
  return {
    index: chosen,
    reason: `shown first: ${LIST_LABELS[h.list] ?? h.list.toUpperCase()} is a licence-relevant list and its score ${h.score.toFixed(3)} is within ${pref.within} of the best (${best.list.toUpperCase()} ${best.score.toFixed(3)})`,
  }
}
