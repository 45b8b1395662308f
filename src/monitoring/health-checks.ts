/**
 * The periodic checks that raise events (issue 13): end-user certificates expiring (the store's document
 * alerts), lists older than their limit (`list.stale`) or whose publication date is unknown under a limit (`list.undated`) —
 * judged as everywhere else, by `staleListWarnings` (freshness.ts: the publisher's date, per-list limits) — and an
 * audit chain that does not verify
 * (`audit.verify-failed`), and, given the rules, deployments whose flags are new (`deployment.flagged`: over
 * capacity, attested short, transshipment risk, attestation overdue, operator on a list). Each event's dedupe key names what it is about, so a check run again (or by
 * another process) raises nothing twice.
 */
import type { NewMonitorEvent } from '../records/monitoring-records.js'
import type { AuditVerification, RecordsStore } from '../records/records-store.js'
import type { PartyScreener } from '../determination/types.js'
import type { Rules } from '../rules/load-rules.js'
import type { IsoDate } from '../shared/iso-date.js'
import { checkDeployments } from '../deployments/deployment-alerts.js'
import { readActiveSnapshotMetas } from '../screening/snapshots/load-active-snapshots.js'
import { DEFAULT_MAX_LIST_AGE, staleListWarnings, type MaxListAge } from '../screening/snapshots/freshness.js'

/** what the deployment checks need: the rules, and the screener in use now (the operator screened against it) */
export type DeploymentHealth = { rules: Rules; screener?: () => PartyScreener | undefined }

export type HealthCheckOptions = {
  store: RecordsStore
  home: string
  now: Date
  /** the list age limits (CHIPNAV_LIST_MAX_AGE_DAYS); default DEFAULT_MAX_LIST_AGE, as the answers' listWarnings */
  maxListAge?: MaxListAge
  isAuditChecked?: boolean
  /**
   * how the audit chain is verified (default: the store's own verifyAudit, on this connection). The server passes a
   * verifier on a worker thread with its own connection, so a long verification never holds the connection its
   * requests use (on SQLite the only one).
   */
  verifyAudit?: () => Promise<AuditVerification>
  deployments?: DeploymentHealth
}

export async function runHealthChecks(o: HealthCheckOptions): Promise<NewMonitorEvent[]> {
  const events: NewMonitorEvent[] = []
  const today = o.now.toISOString().slice(0, 10)
  for (const a of await o.store.listDocumentAlerts({ asOf: today })) {
    events.push({ type: 'certificate.expiring', subjectType: 'document', subjectId: a.documentId, dedupeKey: `certificate.expiring:${a.documentId}:${a.expiresOn}:${a.kind}`, data: { documentId: a.documentId, kind: a.kind, expiresOn: a.expiresOn, daysLeft: a.daysLeft, ...(a.partyId ? { partyId: a.partyId, partyName: a.partyName } : {}) } })
  }
  // once per snapshot: stale (older than its limit by its publisher's date) or undated (no date to judge; not aged from the import)
  for (const m of await readActiveSnapshotMetas(o.home)) {
    for (const w of staleListWarnings([m], o.now, o.maxListAge ?? DEFAULT_MAX_LIST_AGE)) {
      const type = w.kind === 'undated-list' ? 'list.undated' : 'list.stale'
      events.push({ type, subjectType: 'list-snapshot', subjectId: m.id, dedupeKey: `${type}:${m.id}`, data: { source: m.source, snapshotId: m.id, importedAt: m.importedAt, listDate: w.date, basis: w.basis, ageDays: w.ageDays, maxAgeDays: w.maxAgeDays, message: w.message } })
    }
    // and what it does not screen fully (listings known only from the alias file, …)
    if (m.cautions?.length) events.push({ type: 'list.incomplete', subjectType: 'list-snapshot', subjectId: m.id, dedupeKey: `list.incomplete:${m.id}`, data: { source: m.source, snapshotId: m.id, importedAt: m.importedAt, cautions: m.cautions, message: `${m.source} snapshot ${m.id}: ${m.cautions.join(' ')}` } })
  }
  if (o.isAuditChecked !== false) {
    // verify reads the chain, the head and the rows in one snapshot: a write by another worker is not a mismatch
    const v = await (o.verifyAudit ?? (() => o.store.verifyAudit()))()
    if (!v.ok) events.push({ type: 'audit.verify-failed', subjectType: 'audit', subjectId: String(v.head.seq), dedupeKey: `audit.verify-failed:${v.head.seq}:${v.head.hash}`, data: { problem: v.problem ?? null, problems: v.problems.slice(0, 20), head: v.head } })
  }
  if (o.deployments) {
    const screener = o.deployments.screener?.()
    events.push(...(await checkDeployments(o.store, { rules: o.deployments.rules, asOf: today as IsoDate, ...(screener ? { screener } : {}) })))
  }
  if (events.length > 0) await o.store.appendEvents(events)
  return events
}
