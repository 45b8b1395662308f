/**
 * `chipnav check --exit-code`: the verdict as the process exit code, so scripts can act on it.
 * 0 NLR or LICENSE_EXCEPTION, 3 LICENSE_REQUIRED, 4 PROHIBITED, 5 undetermined. Codes 1 and 2 keep
 * their meaning for every command (1 a failure of the data or environment, 2 bad input).
 */
import type { DeterminationResult, Verdict } from '../determination/types.js'
import { UNCOVERED_NAME_FLAG } from '../determination/screen-parties.js'

export const VERDICT_EXIT_CODES: Readonly<Record<Verdict, number>> = { NLR: 0, LICENSE_EXCEPTION: 0, LICENSE_REQUIRED: 3, PROHIBITED: 4 }
export const UNDETERMINED_EXIT_CODE = 5

/**
 * Why the answer cannot be relied on as it stands, or an empty list: the item's classification is
 * undetermined (the verdict assumed the most restrictive one), parties were named but not screened (or a name is in a
 * script the lists barely hold: not cleanly screened), or a rule
 * whose standing is unknown (the Affiliates Rule from 2026-11-10) changes the answer (`unknownRuleStatus`), or the verdict
 * rests on screening matches no officer has reviewed (`pendingReview`).
 */
export function undeterminedBecause(r: DeterminationResult): string[] {
  const why: string[] = []
  if (!r.item.determined) why.push('the classification is undetermined')
  if (r.flags.some((f) => f.kind === 'not-screened' && !f.id.startsWith(UNCOVERED_NAME_FLAG))) why.push('the parties were not screened')
  const uncovered = [...new Set(r.flags.filter((f) => f.kind === 'not-screened' && f.id.startsWith(UNCOVERED_NAME_FLAG)).map((f) => f.party?.name ?? ''))]
  if (uncovered.length > 0) why.push(`${uncovered.map((n) => `"${n}"`).join(', ')} ${uncovered.length === 1 ? 'is' : 'are'} in a script the lists barely hold, so not cleanly screened: screen the English or romanized name too`)
  for (const u of r.unknownRuleStatus ?? []) why.push(`the status of ${u.ruleId} is unknown and changes the answer (${u.ifInForce.verdict} if in force, ${u.ifNotInForce.verdict} if not)`)
  // matches only a red flag rests on (an owner on a restricted list) are reviewed too, but the verdict does not wait on them
  if (r.pendingReview?.hits.some((h) => h.kind !== 'red-flag')) why.push(`screening matches are pending review (${r.verdict} if confirmed, ${r.pendingReview.ifCleared.verdict} if cleared)`)
  return why
}

/**
 * PROHIBITED stands whatever is undetermined (no licence can cure it), unless it rests on screening matches no officer
 * has reviewed and clearing them would lift it: that answer is on hold (5). Otherwise undetermined answers exit 5.
 */
export function verdictExitCode(r: DeterminationResult): number {
  if (r.verdict === 'PROHIBITED' && (!r.pendingReview || r.pendingReview.ifCleared.verdict === 'PROHIBITED')) return VERDICT_EXIT_CODES.PROHIBITED
  if (undeterminedBecause(r).length > 0) return UNDETERMINED_EXIT_CODE
  return VERDICT_EXIT_CODES[r.verdict]
}
