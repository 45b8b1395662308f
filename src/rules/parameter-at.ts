import { AppError } from '../shared/errors.js'
import type { IsoDate } from '../shared/iso-date.js'
import type { Comparison } from './data-schemas.js'
import type { Rules } from './load-rules.js'
import { valueAt } from './value-at.js'

/** How an answer cites the rule it rests on. */
export type Citation = {
  ruleId: string
  /** the effective date of the version used */
  effective: IsoDate
  cfr: string
  source: { id: string; citation: string; title: string; url: string; unverified?: boolean }
  unverified?: boolean
}

export type ParameterValue<T> = Citation & { value: T; unit: string; comparison?: Comparison; note?: string }

export function citationFor(rules: Rules, ruleId: string, effective: IsoDate, sourceId: string, cfr: string, unverified?: boolean): Citation {
  const s = rules.sources.get(sourceId)
  if (!s) throw new AppError('DATA_UNKNOWN_SOURCE', { detail: `source "${sourceId}" cited by ${ruleId} is not in data/sources.yaml` })
  return {
    ruleId,
    effective,
    cfr,
    source: { id: s.id, citation: s.citation, title: s.title, url: s.url, ...(s.unverified ? { unverified: true } : {}) },
    ...(unverified || s.unverified ? { unverified: true } : {}),
  }
}

/**
 * Answers of `parameterAt` already given, per loaded rules (immutable once loaded): determinations ask
 * for the same parameters on the same dates many times. The answers are frozen (callers share them).
 */
const answered = new WeakMap<Rules, Map<string, ParameterValue<unknown> | null>>()
const ANSWERED_MAX = 50_000

/** The value of a parameter in force on `asOf` (the value may be null: repealed), or undefined before its first date. */
export function parameterAt<T = unknown>(rules: Rules, ruleId: string, asOf: IsoDate): ParameterValue<T | null> | undefined {
  let known = answered.get(rules)
  if (known === undefined) answered.set(rules, (known = new Map()))
  const key = `${ruleId}\u0000${asOf}`
  const hit = known.get(key)
  if (hit !== undefined) return hit === null ? undefined : (hit as ParameterValue<T | null>)
  const p = rules.parameters.get(ruleId)
  if (!p) throw new AppError('DATA_INVALID', { detail: `the rules data has no parameter "${ruleId}"` })
  const v = valueAt(p.values, asOf)
  const answer = v
    ? {
        ...citationFor(rules, ruleId, v.effective, v.source, v.cfr, v.unverified),
        value: v.value as T | null,
        unit: p.unit,
        ...(p.comparison ? { comparison: p.comparison } : {}),
        ...(v.note ? { note: v.note } : {}),
      }
    : undefined
  if (answer) {
    Object.freeze(answer.source)
    Object.freeze(answer)
  }
  if (known.size >= ANSWERED_MAX) known.clear()
  known.set(key, answer ?? null)
  return answer
}

/**
 * The citation for one member of a set parameter on `asOf`: the rule that put it in the set where the data names one
 * (`memberCitations`), otherwise the dated entry's own; undefined before the parameter's first date.
 */
export function memberCitationAt(rules: Rules, ruleId: string, asOf: IsoDate, member: string): Citation | undefined {
  const p = rules.parameters.get(ruleId)
  if (!p) throw new AppError('DATA_INVALID', { detail: `the rules data has no parameter "${ruleId}"` })
  const v = valueAt(p.values, asOf)
  if (!v) return undefined
  const m = v.memberCitations?.[member]
  return m ? citationFor(rules, ruleId, m.effective, m.source, m.cfr, m.unverified) : citationFor(rules, ruleId, v.effective, v.source, v.cfr, v.unverified)
}

/** A numeric threshold in force on `asOf`, or undefined when none is (before its first date, or repealed). */
export function thresholdAt(rules: Rules, ruleId: string, asOf: IsoDate): ParameterValue<number> | undefined {
  const p = parameterAt<number>(rules, ruleId, asOf)
  if (!p || p.value === null) return undefined
  return p as ParameterValue<number>
}

/** Compare a measured value with a threshold using the comparison the regulation uses. */
export function compare(measured: number, comparison: Comparison, threshold: number): boolean {
  switch (comparison) {
    case '>=':
      return measured >= threshold
    case '>':
      return measured > threshold
    case '<':
      return measured < threshold
    case '<=':
      return measured <= threshold
  }
}
