/**
 * Rule-change impact (issue 13): re-determine the open business — every transaction not rejected (pending
 * approvals marked), and every unexhausted licence (each ECCN × destination it names) — and report what
 * flips (verdict, review policy, licence exceptions) with the rule versions and events that caused it
 * (`explainChange`, as `chipnav diff`). Two modes:
 * - `dates`: each item as of `from` and as of `to` with the rules loaded now;
 * - `stored`: each transaction's stored answer (the rules it was recorded with) against the rules now, on
 *   its own date (what a new `rulesVersion` changes).
 * `determine()` is used as a black box. The report is stored with its inputs.
 */
import { determine } from '../determination/determine.js'
import { explainChange, type AnswerChange } from '../determination/explain-change.js'
import type { HitReviewInput } from '../determination/hit-reviews.js'
import { hitReviewsOf } from '../records/party-hit-reviews.js'
import type { DeterminationResult, PartyScreener, Regime } from '../determination/types.js'
import { pageThrough } from '../records/all-pages.js'
import type { ImpactReportRecord } from '../records/monitoring-records.js'
import type { License, RecordsStore, TransactionSummaryWithApproval } from '../records/records-store.js'
import type { Rules } from '../rules/load-rules.js'
import { AppError, isAppError } from '../shared/errors.js'
import { isIsoDate } from '../shared/iso-date.js'

export type ImpactInputs = { mode: 'dates'; from: string; to: string } | { mode: 'stored' }

export type Answer = { date: string; verdict: string; reviewPolicy: string | null; licenseExceptions: string[]; rulesVersion: string }

export type ImpactFlip = {
  kind: 'transaction' | 'license'
  id: string
  reference: string | null
  /** pending approval, approved, not-required, prohibited; licences: 'unexhausted' */
  status: string
  /** licences: the ECCN and destination re-determined */
  scope?: { eccn: string; destination: string }
  before: Answer
  after: Answer
  changes: ('verdict' | 'review-policy' | 'license-exceptions')[]
  causes: AnswerChange['changedBy']
  events: AnswerChange['eventsBetween']
  rulesVersionChanged: boolean
}

export type ImpactReport = {
  inputs: ImpactInputs & { rulesVersion: string; asOf: string }
  checked: { transactions: number; pendingApprovals: number; licenses: number; skipped: { id: string; problem: string }[] }
  flips: ImpactFlip[]
}

const answerOf = (date: string, r: DeterminationResult): Answer => ({ date, verdict: r.verdict, reviewPolicy: r.reviewPolicy ?? null, licenseExceptions: r.licenseExceptions.map((e) => e.id), rulesVersion: r.rulesVersion })

const citedIn = (r: DeterminationResult) => new Set(r.reasons.flatMap((x) => x.citations).map((c) => `${c.ruleId}@${c.effective}`))

function changesOf(c: AnswerChange): ImpactFlip['changes'] {
  return [...(c.verdictChanged ? (['verdict'] as const) : []), ...(c.reviewPolicyChanged ? (['review-policy'] as const) : []), ...(c.licenseExceptionsChanged ? (['license-exceptions'] as const) : [])]
}

export function checkImpactDates(from: string | undefined, to: string | undefined): ImpactInputs {
  if (from === undefined && to === undefined) return { mode: 'stored' }
  const issues = []
  if (from === undefined || !isIsoDate(from)) issues.push({ path: 'from', message: 'expected YYYY-MM-DD (give both from and to, or neither)' })
  if (to === undefined || !isIsoDate(to)) issues.push({ path: 'to', message: 'expected YYYY-MM-DD (give both from and to, or neither)' })
  if (issues.length > 0) throw new AppError('INVALID_DATE', { detail: 'from and to must both be dates', issues })
  if (from! > to!) throw new AppError('VALIDATION_FAILED', { detail: 'from must not be after to', issues: [{ path: 'to', message: 'expected a date on or after from' }] })
  return { mode: 'dates', from: from!, to: to! }
}

const isUnexhausted = (l: License, today: string) =>
  l.validTo >= today &&
  (l.authorizedQuantity === null || l.usedQuantity < l.authorizedQuantity) &&
  (l.authorizedValue === null || l.usedValue < l.authorizedValue) &&
  (l.authorizedTpp === null || l.usedTpp < l.authorizedTpp)

export async function runImpact(o: { store: RecordsStore; rules: Rules; screener?: PartyScreener; inputs: ImpactInputs; today: string }): Promise<ImpactReport> {
  const { rules, inputs } = o
  const report: ImpactReport = { inputs: { ...inputs, rulesVersion: rules.version, asOf: o.today }, checked: { transactions: 0, pendingApprovals: 0, licenses: 0, skipped: [] }, flips: [] }
  // a transaction recorded with stored parties is determined with their hit reviews (a cleared match decides nothing)
  const opts = (regime: string, hitReviews: readonly HitReviewInput[] = []) => ({ rules, regime: regime as Regime, ...(o.screener ? { screener: o.screener } : {}), ...(hitReviews.length ? { hitReviews } : {}) })

  for await (const t of pageThrough<TransactionSummaryWithApproval>((p) => o.store.listTransactions(p))) {
    if (t.approvalStatus === 'rejected') continue
    report.checked.transactions++
    if (t.approvalStatus === 'pending') report.checked.pendingApprovals++
    try {
      const stored = await o.store.getTransaction(t.id)
      const input = stored.transaction as Record<string, unknown>
      const reviews = await hitReviewsOf(o.store, stored.partyIds)
      let before: { date: string; result: DeterminationResult }
      let after: { date: string; result: DeterminationResult }
      if (inputs.mode === 'dates') {
        before = { date: inputs.from, result: determine({ ...input, date: inputs.from }, opts(t.regime, reviews)) }
        after = { date: inputs.to, result: determine({ ...input, date: inputs.to }, opts(t.regime, reviews)) }
      } else {
        before = { date: t.asOf, result: stored.result }
        after = { date: t.asOf, result: determine(input, opts(t.regime, reviews)) }
      }
      const change = explainChange(rules, inputs.mode === 'stored' ? { ...before, date: '0000-00-00' } : before, after)
      if (!change.changed) continue
      report.flips.push({
        kind: 'transaction',
        id: t.id,
        reference: t.reference,
        status: t.approvalStatus,
        before: answerOf(before.date, before.result),
        after: answerOf(after.date, after.result),
        changes: changesOf(change),
        // stored mode (same date, other rules): the rule versions the new answer cites that the stored one did not
        causes: inputs.mode === 'dates' ? change.changedBy : change.changedBy.filter((c) => !citedIn(before.result).has(`${c.ruleId}@${c.effective}`)),
        events: inputs.mode === 'dates' ? change.eventsBetween : [],
        rulesVersionChanged: before.result.rulesVersion !== after.result.rulesVersion,
      })
    } catch (e) {
      report.checked.skipped.push({ id: t.id, problem: isAppError(e) ? `${e.code}: ${e.message}` : String(e) })
    }
  }

  for await (const l of pageThrough<License>((p) => o.store.listLicenses(p))) {
    if (!isUnexhausted(l, o.today)) continue
    report.checked.licenses++
    const beforeDate = inputs.mode === 'dates' ? inputs.from : l.validFrom
    const afterDate = inputs.mode === 'dates' ? inputs.to : o.today
    for (const eccn of l.eccns) {
      for (const destination of l.destinations) {
        try {
          const tx = { item: { eccn }, quantity: 1, to: destination }
          const before = { date: beforeDate, result: determine({ ...tx, date: beforeDate }, opts('as-enforced')) }
          const after = { date: afterDate, result: determine({ ...tx, date: afterDate }, opts('as-enforced')) }
          const change = explainChange(rules, before, after)
          if (!change.changed) continue
          report.flips.push({ kind: 'license', id: l.id, reference: l.number, status: 'unexhausted', scope: { eccn, destination }, before: answerOf(before.date, before.result), after: answerOf(after.date, after.result), changes: changesOf(change), causes: change.changedBy, events: change.eventsBetween, rulesVersionChanged: false })
        } catch (e) {
          report.checked.skipped.push({ id: `${l.id}:${eccn}:${destination}`, problem: isAppError(e) ? `${e.code}: ${e.message}` : String(e) })
        }
      }
    }
  }
  return report
}

/** Runs the impact, stores it with its inputs, and raises `impact.found` when something flips. */
export async function runAndStoreImpact(o: Parameters<typeof runImpact>[0] & { actor: string }): Promise<{ record: ImpactReportRecord; report: ImpactReport }> {
  const report = await runImpact(o)
  const record = await o.store.saveImpactReport({ inputs: report.inputs, flipCount: report.flips.length, report, actor: o.actor })
  if (report.flips.length > 0) {
    await o.store.appendEvents([
      {
        type: 'impact.found',
        subjectType: 'impact-report',
        subjectId: record.id,
        dedupeKey: `impact.found:${record.id}`,
        data: { reportId: record.id, flips: report.flips.length, inputs: report.inputs, transactions: report.flips.filter((f) => f.kind === 'transaction').map((f) => f.id).slice(0, 100) },
      },
    ])
  }
  return { record: { ...record, report }, report }
}

export function formatImpact(r: ImpactReport, reportId?: string): string {
  const L: string[] = []
  const range = r.inputs.mode === 'dates' ? `${r.inputs.from} → ${r.inputs.to}` : `stored answers → rules ${r.inputs.rulesVersion.slice(0, 12)}`
  L.push(`Impact (${range}): ${r.flips.length} flip(s) over ${r.checked.transactions} open transaction(s) (${r.checked.pendingApprovals} pending approval) and ${r.checked.licenses} unexhausted licence(s)${reportId ? `; report ${reportId}` : ''}`)
  for (const f of r.flips) {
    const what = f.kind === 'transaction' ? `transaction ${f.id}${f.reference ? ` (${f.reference})` : ''} [${f.status}]` : `licence ${f.reference} (${f.id}) ${f.scope!.eccn} → ${f.scope!.destination}`
    const show = (a: Answer) => `${a.verdict}${a.reviewPolicy ? ` (${a.reviewPolicy})` : ''}${a.licenseExceptions.length ? ` [${a.licenseExceptions.join(', ')}]` : ''}`
    L.push(`- ${what}: ${show(f.before)} on ${f.before.date} → ${show(f.after)} on ${f.after.date}  (${f.changes.join(', ')})`)
    for (const c of f.causes) L.push(`    caused by ${c.ruleId}, effective ${c.effective} (${c.cfr}; ${c.citation})`)
    for (const e of f.events) L.push(`    event ${e.date}: ${e.summary}`)
    if (f.rulesVersionChanged) L.push(`    rulesVersion ${f.before.rulesVersion.slice(0, 12)} → ${f.after.rulesVersion.slice(0, 12)}`)
  }
  for (const s of r.checked.skipped) L.push(`  skipped ${s.id}: ${s.problem}`)
  return L.join('\n')
}
