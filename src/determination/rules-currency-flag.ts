/** The caveat an answer carries when its date is after the date the rules data is current through (rules/rules-currency.ts). */
import { rulesCurrency } from '../rules/rules-currency.js'
import type { Rules } from '../rules/load-rules.js'
import type { IsoDate } from '../shared/iso-date.js'
import type { Flag } from './types.js'

/** A `rules-currency` flag (shown last, beside the unverified rules) when the answer's date is after the date the rules data is current through; none otherwise. */
export function rulesCurrencyFlag(rules: Rules, asOf: IsoDate): Flag | null {
  const { reviewedThrough } = rulesCurrency(rules)
  if (asOf <= reviewedThrough) return null
  return {
    kind: 'rules-currency',
    id: 'rules-reviewed-through',
    text: `The rules data reflects what was published through ${reviewedThrough} (the oldest review of its dated values); this answer is for ${asOf}. A rule or guidance published after ${reviewedThrough} is not reflected: check the Federal Register (and any BIS letter to the exporter) for changes since, or update chipnav.`,
  }
}
