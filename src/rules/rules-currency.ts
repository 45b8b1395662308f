/**
 * How current the rules data is: every dated parameter in data/ carries the date it was last checked against the
 * Federal Register and the eCFR (`reviewed`). The data as a whole is current only through the OLDEST of those
 * dates: a rule published after it may have changed a parameter not re-read since. An answer for a later date
 * (today's, or a future one) applies every dated value in data/, scheduled ones included, but cannot reflect what
 * was published after that date, and says so
 * (`determination/rules-currency-flag.ts`).
 */
import type { IsoDate } from '../shared/iso-date.js'
import type { Rules } from './load-rules.js'

export type RulesCurrency = {
  /** the oldest `reviewed` date of any parameter: the data is current through this date */
  reviewedThrough: IsoDate
  /** the newest `reviewed` date */
  newestReview: IsoDate
  /** the parameters reviewed on `reviewedThrough` (the ones to re-read first) */
  oldest: string[]
}

const cache = new WeakMap<Rules, RulesCurrency>()

export function rulesCurrency(rules: Rules): RulesCurrency {
  const hit = cache.get(rules)
  if (hit) return hit
  let through: IsoDate | null = null
  let newest: IsoDate | null = null
  let oldest: string[] = []
  for (const p of rules.parameters.values()) {
    if (through === null || p.reviewed < through) {
      through = p.reviewed
      oldest = [p.id]
    } else if (p.reviewed === through) oldest.push(p.id)
    if (newest === null || p.reviewed > newest) newest = p.reviewed
  }
  const out: RulesCurrency = { reviewedThrough: through ?? ('1970-01-01' as IsoDate), newestReview: newest ?? ('1970-01-01' as IsoDate), oldest }
  cache.set(rules, out)
  return out
}
