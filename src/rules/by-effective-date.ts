import { AppError } from '../shared/errors.js'
import type { IsoDate } from '../shared/iso-date.js'
import type { Rules } from './load-rules.js'

export type DatedTable<F> = { ruleId: string; dates: IsoDate[]; at(asOf: IsoDate, rules: Rules): { effective: IsoDate; fn: F } }

/**
 * Dated logic as an explicit table keyed by effective date (each key must be an event in data/events.yaml).
 * Before the first key it fails with RULE_NOT_IN_FORCE.
 */
export function byEffectiveDate<F>(ruleId: string, table: Record<string, F>): DatedTable<F> {
  const dates = Object.keys(table).sort().reverse() as IsoDate[]
  return {
    ruleId,
    dates,
    at(asOf, rules) {
      const effective = dates.find((d) => d <= asOf)
      if (!effective) {
        const first = dates[dates.length - 1]
        throw new AppError('RULE_NOT_IN_FORCE', {
          detail: `${ruleId} was not in force on ${asOf}: the first version took effect on ${first}`,
          asOf,
          firstEffective: first,
        })
      }
      if (!rules.events.some((e) => e.date === effective && e.rules.some((r) => ruleId === r || ruleId.startsWith(`${r}.`) || r.startsWith(`${ruleId}.`)))) {
        throw new AppError('DATA_INVALID', { detail: `${ruleId}: the dated version ${effective} has no matching event in data/events.yaml` })
      }
      return { effective, fn: table[effective] as F }
    },
  }
}
