/**
 * Alerts when a deployment's flags change (issue 14): each flag `deploymentStatus` answers becomes a
 * `deployment.flagged` event in the events feed, keyed by what makes it new, so a check run again raises nothing
 * twice and a changed fact raises a new one: over capacity (by the quantities), attested short (by the
 * attestation's date), attested over (by the attestations and the shipped total), a transshipment-risk destination (by the dated value that names it), an attestation
 * overdue (by the date it fell due), an operator on a list (by the entries it matches, so a list update that adds
 * one raises it). Called after a deployment or attestation is written and by the monitoring health checks.
 */
import type { PartyScreener } from '../determination/types.js'
import { pageThrough } from '../records/all-pages.js'
import type { Attestation, Deployment, ShippedTo } from '../records/deployment-records.js'
import type { NewMonitorEvent } from '../records/monitoring-records.js'
import type { RecordsStore } from '../records/records-store.js'
import type { Rules } from '../rules/load-rules.js'
import type { IsoDate } from '../shared/iso-date.js'
import { deploymentStatus, type DeploymentFlag, type DeploymentStatus } from './deployment-flags.js'

function flagKey(d: Deployment, s: DeploymentStatus, f: DeploymentFlag): string {
  switch (f.kind) {
    case 'over-capacity':
      return `${d.shippedQuantity}>${d.site.declaredCapacity}`
    case 'attested-short':
      return s.lastAttestedOn ?? ''
    case 'attested-over':
      return `${(f.attestations ?? []).map((a) => a.attestationId).sort().join(',')}>${d.shippedQuantity}`
    case 'transshipment-risk':
      return f.citations?.[0]?.effective ?? ''
    case 'attestation-overdue':
      return s.nextAttestationDue
    case 'restricted-party':
      return (f.hits ?? []).map((h) => `${h.list}:${h.entryId}`).sort().join(',')
    case 'destination-mismatch':
      return (f.shipments ?? []).map((x) => x.shipmentId).sort().join(',')
  }
}

export function deploymentFlagEvents(d: Deployment, s: DeploymentStatus): NewMonitorEvent[] {
  return s.flags.map((f) => ({
    type: 'deployment.flagged',
    subjectType: 'deployment',
    subjectId: d.id,
    dedupeKey: `deployment.flagged:${d.id}:${f.kind}:${flagKey(d, s, f)}`,
    data: { deploymentId: d.id, kind: f.kind, text: f.text, operator: d.site.operator, country: d.site.country, asOf: s.asOf, rulesVersion: s.rulesVersion, ...(f.hits ? { hits: f.hits } : {}), ...(f.shipments ? { shipments: f.shipments } : {}), ...(f.attestations ? { attestations: f.attestations } : {}) },
  }))
}

export type DeploymentCheckOptions = { rules: Rules; asOf: IsoDate; screener?: PartyScreener; shippedTo?: ShippedTo[] }

/** One deployment's flags on the date, raised as events (those already raised are skipped by their key). */
export async function raiseDeploymentFlags(store: Pick<RecordsStore, 'appendEvents'>, d: Deployment, attestations: Attestation[], o: DeploymentCheckOptions): Promise<NewMonitorEvent[]> {
  const events = deploymentFlagEvents(d, deploymentStatus(d, attestations, o))
  if (events.length > 0) await store.appendEvents(events)
  return events
}

/** Every deployment's flags on the date, as events (not yet appended: the health checks append them with the rest). */
export async function checkDeployments(store: Pick<RecordsStore, 'listDeployments' | 'getDeployment'>, o: DeploymentCheckOptions): Promise<NewMonitorEvent[]> {
  const events: NewMonitorEvent[] = []
  for await (const d of pageThrough((p) => store.listDeployments(p))) {
    const { attestations, shippedTo } = await store.getDeployment(d.id)
    events.push(...deploymentFlagEvents(d, deploymentStatus(d, attestations, { ...o, shippedTo })))
  }
  return events
}
