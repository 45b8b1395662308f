/**
 * The periodic checks that raise events (issue 13): end-user certificates expiring (the store's document
 * alerts), lists older than `maxListAgeDays` (`list.stale`), and an audit chain that does not verify
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

export const DEFAULT_MAX_LIST_AGE_DAYS = 8

/** what the deployment checks need: the rules, and the screener in use now (the operator screened against it) */
export type DeploymentHealth = { rules: Rules; screener?: () => PartyScreener | undefined }

export type HealthCheckOptions = {
  store: RecordsStore
  home: string
  now: Date
  maxListAgeDays?: number
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
    events.push({ type: 'certificate.expiring', subjectType: 'document', subjectId: a.documentId, dedupeKey: `certificate.expiring:${a.documentId}:${a.expiresOn}:${a.kind}`, data: { documentId: a.documentId, kind: a.kind, expiresOn: a.expiresOn, daysLeft: a.daysLeft } })
  }
  const maxAge = (o.maxListAgeDays ?? DEFAULT_MAX_LIST_AGE_DAYS) * 86_400_000
  for (const m of await readActiveSnapshotMetas(o.home)) {
    const age = o.now.getTime() - Date.parse(m.importedAt)
    if (age > maxAge) events.push({ type: 'list.stale', subjectType: 'list-snapshot', subjectId: m.id, dedupeKey: `list.stale:${m.id}`, data: { source: m.source, snapshotId: m.id, importedAt: m.importedAt, listDate: m.listDate ?? null, ageDays: Math.floor(age / 86_400_000) } })
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
