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
  /** true when the cited thing's own date is unknown (a list entry the list gives no listing date): `effective` is then only the date of the list version screened, or the date asked, and is not shown as an effective date */
  effectiveUnknown?: boolean
  cfr: string
  source: { id: string; citation: string; title: string; url: string; unverified?: boolean }
  unverified?: boolean
  /** other rules of the same answer that cite exactly this (same paragraph, source, date and standing): given once, their ids kept here so the trace still names every rule applied */
  alsoRuleIds?: string[]
}

/**
 * Citations that would print alike (same paragraph, source, date and standing) given once, the first kept: a reason or
 * flag names each once. The rule ids of the ones folded into it are kept on it (`alsoRuleIds`), so no rule drops out of
 * the trace.
 */
export function distinctCitations<C extends Citation>(citations: readonly C[]): C[] {
  const kept = new Map<string, C>()
  for (const c of citations) {
    const key = `${c.cfr}\u0000${c.source.id}\u0000${c.effective}\u0000${c.unverified ? 1 : 0}`
    const first = kept.get(key)
    if (!first) {
      kept.set(key, c)
      continue
    }
    const ids = [c.ruleId, ...(c.alsoRuleIds ?? [])].filter((id) => id !== first.ruleId && !(first.alsoRuleIds ?? []).includes(id))
    if (ids.length) kept.set(key, { ...first, alsoRuleIds: [...(first.alsoRuleIds ?? []), ...new Set(ids)] })
  }
  return [...kept.values()]
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
 * Answers of `parameterAt` already given, per loaded rules (immutable once loaded) and date: determinations ask
 * for the same parameters on the same dates many times. The answers are frozen (callers share them). Kept as one
 * map per date (a snapshot of the rules on that date, filled as asked) keyed by rule id, so a look-up builds no
 * key string; the last date asked is remembered apart, as one determination asks hundreds of times on its date.
 */
const answered = new WeakMap<Rules, Map<string, Map<string, ParameterValue<unknown> | null>>>()
const ANSWERED_MAX = 50_000
let answeredCount = 0
let last: { rules: Rules; asOf: string; known: Map<string, ParameterValue<unknown> | null> } | null = null

/** The answers already given for `rules` on `asOf` (created empty when none). */
function answersOn(rules: Rules, asOf: IsoDate): Map<string, ParameterValue<unknown> | null> {
  if (last !== null && last.rules === rules && last.asOf === asOf) return last.known
  let byDate = answered.get(rules)
  if (byDate === undefined) answered.set(rules, (byDate = new Map()))
  let known = byDate.get(asOf)
  if (known === undefined) byDate.set(asOf, (known = new Map()))
  last = { rules, asOf, known }
  return known
}

/** The value of a parameter in force on `asOf` (the value may be null: repealed), or undefined before its first date. */
export function parameterAt<T = unknown>(rules: Rules, ruleId: string, asOf: IsoDate): ParameterValue<T | null> | undefined {
  let known = answersOn(rules, asOf)
  const hit = known.get(ruleId)
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
  if (answeredCount >= ANSWERED_MAX) {
    answered.delete(rules)
    answeredCount = 0
    last = null
    known = answersOn(rules, asOf)
  }
  answeredCount += 1
  known.set(ruleId, answer ?? null)
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
