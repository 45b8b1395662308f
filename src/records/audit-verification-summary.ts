/**
 * What an audit verification covered and found, in words, from its own figures (never more than it checked):
 * a full verification re-hashes every event and re-checks every audited record; an incremental one only the
 * events after its checkpoint and the records those events touched, so it also says when everything was last
 * checked, and what that found.
 */
import type { AuditFullVerification, AuditVerification } from './key-audit-records.js'

const n = (x: number) => String(x).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
const plural = (x: number, one: string, many: string) => `${n(x)} ${x === 1 ? one : many}`
const found = (problems: readonly unknown[]) => (problems.length === 0 ? 'nothing wrong' : `${plural(problems.length, 'problem', 'problems')}${problems.length >= 100 ? ' (the first 100)' : ''}`)

function lastFullText(f: AuditFullVerification | undefined): string {
  if (f === undefined) return 'No full verification has been recorded: run one (the Audit page, GET /v1/audit/verify?mode=full or `chipnav audit verify`) to re-check every record.'
  return `The last full verification, at ${f.at}, re-checked events 1 to ${n(f.headSeq)} and ${plural(f.rowsChecked, 'record', 'records')} and found ${found(f.problems)}.`
}

export function auditVerificationSummary(v: Omit<AuditVerification, 'summary'>, ownProblems: readonly unknown[] = v.problems): string {
  if (v.mode !== 'incremental') {
    return `Full verification: all ${plural(v.checked, 'event', 'events')} in the chain and all ${plural(v.rowsChecked, 'audited record', 'audited records')} re-checked; ${found(ownProblems)}.`
  }
  const from = v.fromSeq ?? 0
  const scope =
    v.checked === 0
      ? `no new events since the last verified checkpoint (event ${n(from)}), so no record was re-checked`
      : `events ${n(from + 1)} to ${n(v.head.seq)} and the ${plural(v.rowsChecked, 'record', 'records')} they touched re-checked; ${found(ownProblems)}`
  return `Incremental verification: ${scope}. Records no new event touched were not re-checked. ${lastFullText(v.lastFull)}`
}
