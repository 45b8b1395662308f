import type { NameScore, TokenAlignment } from '../score/types.js'

export type SummarizeOptions = { score: NameScore; finalScore: number; threshold: number; matchedName?: string }

/**
 * One plain-English sentence saying why a name scored as it did: which parts lined up, how, and
 * what was left over or adjusted.
 */
export function summarizeNameScore({ score, finalScore, threshold, matchedName }: SummarizeOptions): string {
  const isMatch = finalScore >= threshold
  const aligned = score.alignment.filter((a) => a.kind !== 'unmatched')
  // leftovers that count (titles such as "Dr", "Jr" are ignored by the score)
  const counts = (a: TokenAlignment): boolean => a.kind === 'unmatched' && a.weight > 0.1
  const queryLeft = score.alignment.filter((a) => counts(a) && a.query !== '').map((a) => a.query)
  const listLeft = score.alignment.filter((a) => counts(a) && a.list !== '').map((a) => a.list)
  const head = `${isMatch ? 'Match' : 'No match'} (${finalScore.toFixed(2)} ${isMatch ? '≥' : '<'} ${threshold.toFixed(2)})${matchedName ? ` on "${matchedName}"` : ''}`
  const parts: string[] = []
  if (aligned.length === 0) parts.push('no part of the names lines up')
  else parts.push(`${aligned.length} part${aligned.length === 1 ? '' : 's'} line up (${describeAligned(aligned)})`)
  if (queryLeft.length > 0 && listLeft.length > 0) parts.push(`"${queryLeft.join(' ')}" and "${listLeft.join(' ')}" differ`)
  else if (queryLeft.length > 0) parts.push(`the list name lacks "${queryLeft.join(' ')}"`)
  else if (listLeft.length > 0) parts.push(`the query lacks "${listLeft.join(' ')}"`)
  for (const a of score.adjustments) parts.push(`${a.reason} ${a.delta >= 0 ? '+' : ''}${a.delta.toFixed(2)}`)
  return `${head}: ${parts.join('; ')}.`
}

function describeAligned(aligned: TokenAlignment[]): string {
  return aligned
    .map((a) => (a.kind === 'exact' ? a.list : `${a.query}≈${a.list} ${a.kind}`))
    .join(', ')
}
