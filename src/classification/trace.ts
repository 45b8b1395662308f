import type { IsoDate } from '../shared/iso-date.js'
import type { Comparison } from '../rules/data-schemas.js'
import type { Rules } from '../rules/load-rules.js'
import { compare, thresholdAt, type Citation } from '../rules/parameter-at.js'

/** Three-valued logic: null = unknown (a value the spec does not give). */
export type Tri = boolean | null
export const and = (...xs: Tri[]): Tri => (xs.includes(false) ? false : xs.includes(null) ? null : true)
export const or = (...xs: Tri[]): Tri => (xs.includes(true) ? true : xs.includes(null) ? null : false)
export const not = (x: Tri): Tri => (x === null ? null : !x)

export type TraceStep = {
  ruleId: string
  /** the regulation's own label, e.g. "3A090.a.1: TPP >= 4800" */
  test: string
  measured: number | boolean | string | null
  threshold: number | null
  comparison: Comparison | null
  unit: string | null
  outcome: 'met' | 'not-met' | 'unknown' | 'info'
  citation: Citation
  /** about this test on this item */
  note?: string
  /** about the dated value used (from data/) */
  versionNote?: string
}

/** Evaluate one dated threshold against a measured value, recording the step. */
export function testThreshold(opts: {
  rules: Rules
  asOf: IsoDate
  ruleId: string
  label: string
  measured: number | null
  trace: TraceStep[]
  note?: string
}): Tri {
  const t = thresholdAt(opts.rules, opts.ruleId, opts.asOf)
  if (!t || !t.comparison) throw new Error(`${opts.ruleId} has no threshold with a comparison in force on ${opts.asOf}`)
  const result: Tri = opts.measured === null ? null : compare(opts.measured, t.comparison, t.value)
  const { value, unit, comparison, note, ...citation } = t
  opts.trace.push({
    ruleId: opts.ruleId,
    test: `${opts.label} ${comparison} ${value}`,
    measured: opts.measured,
    threshold: value,
    comparison,
    unit,
    outcome: result === null ? 'unknown' : result ? 'met' : 'not-met',
    citation,
    ...(opts.note ? { note: opts.note } : {}),
    ...(note ? { versionNote: note } : {}),
  })
  return result
}

/** Threshold values (with the comparison) a dated rule uses: the scenario grid for unknown inputs is built from them. */
export function thresholdValues(rules: Rules, asOf: IsoDate, ruleIds: string[]): number[] {
  const out = new Set<number>()
  for (const id of ruleIds) {
    const t = thresholdAt(rules, id, asOf)
    if (t) out.add(t.value)
  }
  return [...out].sort((a, b) => a - b)
}
