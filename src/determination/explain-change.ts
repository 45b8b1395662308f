/**
 * What changed between two answers for the same transaction, and which dated rules changed it: the rule
 * versions the later answer cites that took effect after the earlier date, and the `data/events.yaml`
 * events between the two dates that touch them. Used by `chipnav diff` (dates) and by the impact run
 * (open business under new rules or another date).
 */
import type { Rules } from '../rules/load-rules.js'
import type { DeterminationResult } from './types.js'

export type AnswerAt = { date: string; result: DeterminationResult }

export type RuleChange = { ruleId: string; effective: string; citation: string; cfr: string }
export type RuleEvent = { date: string; id: string; source: string; summary: string }

export type AnswerChange = {
  changed: boolean
  verdictChanged: boolean
  reviewPolicyChanged: boolean
  licenseExceptionsChanged: boolean
  changedBy: RuleChange[]
  eventsBetween: RuleEvent[]
  rulesAdded: string[]
  rulesRemoved: string[]
}

const exceptionIds = (r: DeterminationResult) => r.licenseExceptions.map((e) => e.id)

export function explainChange(rules: Rules, prev: AnswerAt, row: AnswerAt): AnswerChange {
  const changedBy = [
    ...new Map(
      row.result.reasons
        .flatMap((r) => r.citations)
        .filter((c) => !c.effectiveUnknown && c.effective > prev.date && c.effective <= row.date)
        .map((c) => [`${c.ruleId}@${c.effective}`, { ruleId: c.ruleId, effective: c.effective, citation: c.source.citation, cfr: c.cfr }]),
    ).values(),
  ]
  const relevant = new Set(changedBy.map((c) => c.ruleId))
  const eventsBetween = rules.events
    .filter((e) => e.date > prev.date && e.date <= row.date && e.rules.some((r) => [...relevant].some((id) => id === r || id.startsWith(`${r}.`))))
    .map((e) => ({ date: e.date, id: e.id, source: e.source, summary: e.summary }))
  const verdictChanged = prev.result.verdict !== row.result.verdict
  const reviewPolicyChanged = prev.result.reviewPolicy !== row.result.reviewPolicy
  const licenseExceptionsChanged = exceptionIds(prev.result).join() !== exceptionIds(row.result).join()
  const prevRules = new Set(prev.result.reasons.map((r) => r.ruleId))
  const nowRules = new Set(row.result.reasons.map((r) => r.ruleId))
  return {
    changed: verdictChanged || reviewPolicyChanged || licenseExceptionsChanged,
    verdictChanged,
    reviewPolicyChanged,
    licenseExceptionsChanged,
    changedBy,
    eventsBetween,
    rulesAdded: [...nowRules].filter((r) => !prevRules.has(r)),
    rulesRemoved: [...prevRules].filter((r) => !nowRules.has(r) && !r.startsWith('determination.')),
  }
}
