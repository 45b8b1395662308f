/** The caveat an answer carries when its date is after the date the rules data is current through (rules/rules-currency.ts). */
import { rulesCurrency } from '../rules/rules-currency.js'
import type { Rules } from '../rules/load-rules.js'
import type { IsoDate } from '../shared/iso-date.js'
import type { Flag } from './types.js'

/** A condition flag when the answer's date is after the date the rules data is current through; none otherwise. */
export function rulesCurrencyFlag(rules: Rules, asOf: IsoDate): Flag | null {
  const { reviewedThrough } = rulesCurrency(rules)
  if (asOf <= reviewedThrough) return null
  return {
    kind: 'condition',
    id: 'rules-reviewed-through',
    text: `The rules data was last checked against the Federal Register on ${reviewedThrough}; this answer is for ${asOf} and applies the rules as they stood on ${reviewedThrough}. A rule or guidance published after ${reviewedThrough} is not reflected: check the Federal Register (and any BIS letter to the exporter) for changes between the two dates, or update chipnav.`,
  }
}
