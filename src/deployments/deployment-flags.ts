/**
 * Destination verification (issue 14): what a deployment's records say on a date. Flags: more chips shipped to
 * the site than it declares it can hold; the latest attestation accounting for fewer chips than were shipped; an
 * attestation accounting for more chips than the records show shipped (`attested-over`); a
 * site in a transshipment-risk destination (data/policies/transshipment-risk-destinations.yaml, the value in
 * force on the date, cited); an attestation overdue (none within the interval since the last one, or since
 * deployment); a site operator that matches a restricted-party list (the current snapshots); a shipment record
 * tied to the deployment that went to another country than the site's (the records do not show how the chips
 * reached the site: a possible diversion or re-export to verify).
 */
import type { PartyHit, PartyScreener } from '../determination/types.js'
import type { Attestation, Deployment, ShippedTo } from '../records/deployment-records.js'
import { parameterAt, type Citation } from '../rules/parameter-at.js'
import type { Rules } from '../rules/load-rules.js'
import type { IsoDate } from '../shared/iso-date.js'
import { addDays, daysBetween } from '../store/dates.js'

export type DeploymentFlag = {
  kind: 'over-capacity' | 'attested-short' | 'attested-over' | 'transshipment-risk' | 'attestation-overdue' | 'restricted-party' | 'destination-mismatch'
  text: string
  citations?: Citation[]
  hits?: Pick<PartyHit, 'list' | 'entryId' | 'primaryName' | 'score'>[]
  /** destination-mismatch: the shipment records that went elsewhere */
  shipments?: ShippedTo[]
  /** attested-over: the attestations of more chips than were shipped */
  attestations?: { attestationId: string; attestedOn: string; attestedQuantity: number }[]
}

export type DeploymentStatus = {
  asOf: string
  /** the last attestation's date, or the deployment date when none yet */
  lastAttestedOn: string | null
  nextAttestationDue: string
  flags: DeploymentFlag[]
  rulesVersion: string
  listSnapshots: { source: string; sha256: string }[]
}

export function deploymentStatus(d: Deployment, attestations: Attestation[], opts: { rules: Rules; asOf: IsoDate; screener?: PartyScreener; shippedTo?: ShippedTo[] }): DeploymentStatus {
  const flags: DeploymentFlag[] = []
  if (d.shippedQuantity > d.site.declaredCapacity) {
    flags.push({ kind: 'over-capacity', text: `${d.shippedQuantity} chips were shipped to a site that declares capacity for ${d.site.declaredCapacity}: ${d.shippedQuantity - d.site.declaredCapacity} are not accounted for by the site's declaration.` })
  }
  const upTo = attestations.filter((a) => a.attestedOn <= opts.asOf)
  const last = upTo.length > 0 ? upTo.reduce((x, y) => (y.attestedOn >= x.attestedOn ? y : x)) : null
  if (last && last.attestedQuantity < d.shippedQuantity) {
    flags.push({ kind: 'attested-short', text: `The attestation of ${last.attestedOn} accounts for ${last.attestedQuantity} of the ${d.shippedQuantity} chips shipped.` })
  }
  // an attestation of more chips than the records show shipped is recorded (it is the site's statement, the
  // evidence) and flagged: chips from a source the records do not show, a shipment not yet tied, or a wrong count
  const over = upTo.filter((a) => a.attestedQuantity > d.shippedQuantity)
  if (over.length > 0) {
    const list = over.map((a) => `${a.attestedQuantity} on ${a.attestedOn}`).join(', ')
    flags.push({
      kind: 'attested-over',
      text: `${over.length === 1 ? 'An attestation accounts' : `${over.length} attestations account`} for more chips than the ${d.shippedQuantity} the records show shipped to the site (${list}): chips from a source the records do not show (another exporter, a diversion to this site), a shipment not yet tied to the deployment, or a wrong attestation. Verify before relying on it.`,
      attestations: over.map((a) => ({ attestationId: a.id, attestedOn: a.attestedOn, attestedQuantity: a.attestedQuantity })),
    })
  }
  const risk = parameterAt<string[]>(opts.rules, 'policies.transshipment-risk-destinations', opts.asOf as IsoDate)
  if (risk?.value?.includes(d.site.country)) {
    const { value: _v, unit: _u, note: _n, comparison: _c, ...citation } = risk
    flags.push({ kind: 'transshipment-risk', text: `The site is in ${d.site.country}, a destination named as a diversion/transshipment route on ${opts.asOf}: verify the chips are where the records say (flag for review; no licence requirement of its own).`, citations: [citation] })
  }
  const since = last ? last.attestedOn : d.deployedOn
  const due = addDays(since, d.attestationIntervalDays)
  if (due < opts.asOf) {
    flags.push({ kind: 'attestation-overdue', text: `${last ? `The last attestation was on ${last.attestedOn}` : `No attestation since deployment on ${d.deployedOn}`}; one was due by ${due} (every ${d.attestationIntervalDays} days), ${daysBetween(due, opts.asOf)} days ago.` })
  }
  const elsewhere = (opts.shippedTo ?? []).filter((s) => s.shippedOn <= opts.asOf && s.destination !== d.site.country)
  if (elsewhere.length > 0) {
    const list = elsewhere.map((s) => `${s.shipmentId} to ${s.destination} on ${s.shippedOn}`).join(', ')
    flags.push({ kind: 'destination-mismatch', text: `The site is in ${d.site.country}, but ${elsewhere.length === 1 ? 'a shipment tied to it was' : `${elsewhere.length} shipments tied to it were`} shipped elsewhere (${list}): the records do not show how the chips reached the site. Verify the route, and whether moving them to ${d.site.country} was a re-export or transfer that needed its own authorisation.`, shipments: elsewhere })
  }
  let listSnapshots: DeploymentStatus['listSnapshots'] = []
  if (opts.screener) {
    const s = opts.screener.screen({ name: d.site.operator, country: d.site.country, type: 'entity' })
    listSnapshots = s.snapshots.map((x) => ({ source: x.source, sha256: x.sha256 }))
    if (s.hits.length > 0) {
      flags.push({ kind: 'restricted-party', text: `The site operator "${d.site.operator}" matches ${s.hitCount ?? s.hits.length} restricted-party entr${(s.hitCount ?? s.hits.length) === 1 ? 'y' : 'ies'}: review before more chips go to this site.`, hits: s.hits.map((h) => ({ list: h.list, entryId: h.entryId, primaryName: h.primaryName, score: h.score })) })
    }
  }
  return { asOf: opts.asOf, lastAttestedOn: last?.attestedOn ?? null, nextAttestationDue: due, flags, rulesVersion: opts.rules.version, listSnapshots }
}
