/**
 * Deployments (issue 14, destination verification): shipped chips tied to a site (country, operator, address,
 * declared chip capacity), with periodic attestations backed by evidence documents; and the authorisations
 * (Validated End-User and others) that may cover where chips and access go.
 */
import { z } from 'zod'
import { CountryCodeInputSchema } from '../shared/country-code-schema.js'
import { ActorSchema } from './records-store.js'
import { QuantitySchema, StoreDateSchema, UnitCountSchema } from './store-limits.js'

const text = z.string().trim().min(1).max(500)
/** ISO 3166-1 alpha-2 through the one country check (INVALID_COUNTRY with a suggestion) */
const cc = CountryCodeInputSchema

export const NewDeploymentSchema = z.strictObject({
  site: z.strictObject({ country: cc, operator: text, address: z.string().trim().min(1).max(2000), declaredCapacity: UnitCountSchema }),
  /** chips shipped to the site */
  shippedQuantity: QuantitySchema,
  /** the shipment records the chips came from, when known */
  shipmentIds: z.array(text).max(1000).default([]),
  /** the site must attest at least this often */
  attestationIntervalDays: z.number().int().min(1).max(3660),
  /** when the chips arrived (attestations fall due from then) */
  deployedOn: StoreDateSchema,
  actor: ActorSchema,
})
export type NewDeployment = z.input<typeof NewDeploymentSchema>

export const NewAttestationSchema = z.strictObject({
  deploymentId: text,
  attestedOn: StoreDateSchema,
  /** chips the site attests are installed there */
  attestedQuantity: UnitCountSchema,
  /** documents under retention: site visit reports, photos, power/rack inventories */
  evidenceDocumentIds: z.array(text).max(100).default([]),
  actor: ActorSchema,
})
export type NewAttestation = z.input<typeof NewAttestationSchema>

/**
 * A shipment tied to a deployment after it was recorded: a shipment record (its quantity and date are the
 * shipment's) and/or a quantity, with the chips' serials when known. Either `shipmentId` or `quantity` is given;
 * `shippedOn` defaults to the shipment's date (the store checks both, naming the field).
 */
export const NewDeploymentShipmentSchema = z.strictObject({
  deploymentId: text,
  /** a shipment recorded against a licence (POST /v1/licenses/{id}/shipments) */
  shipmentId: text.optional(),
  /** chips in this shipment; must equal the shipment's quantity when a shipment is named */
  quantity: QuantitySchema.optional(),
  /** the chips' serial numbers, one per chip, when known */
  serials: z.array(text).max(10_000).refine((a) => new Set(a).size === a.length, 'a serial number appears twice').default([]),
  /** when the chips were shipped (default: the shipment's date) */
  shippedOn: StoreDateSchema.optional(),
  actor: ActorSchema,
})
export type NewDeploymentShipment = z.input<typeof NewDeploymentShipmentSchema>
export type DeploymentShipment = { id: string; deploymentId: string; shipmentId: string | null; quantity: number; serials: string[]; shippedOn: string; recordedAt: string; recordedBy: string }
/** where a shipment record tied to a deployment was shipped: checked against the site's country */
export type ShippedTo = { shipmentId: string; destination: string; shippedOn: string }

export type Attestation = { id: string; deploymentId: string; attestedOn: string; attestedQuantity: number; evidenceDocumentIds: string[]; recordedAt: string; recordedBy: string }

export type Deployment = {
  id: string
  site: { country: string; operator: string; address: string; declaredCapacity: number }
  shippedQuantity: number
  shipmentIds: string[]
  attestationIntervalDays: number
  deployedOn: string
  createdAt: string
  createdBy: string
}

/**
 * A Validated End-User (or other) authorisation as recorded from its Federal Register notice: who, which site,
 * which items (ECCNs), which destinations, its conditions and validity. The `reference` is the notice that
 * grants it (e.g. an FR citation and the supplement entry); chipnav cites it as recorded.
 */
export const NewAuthorisationSchema = z.strictObject({
  program: z.enum(['data-center-veu', 'veu', 'uveu', 'nveu']),
  reference: z.string().trim().min(1).max(500),
  endUser: text,
  site: z.strictObject({ country: cc, address: z.string().trim().min(1).max(2000) }),
  eccns: z.array(z.string().trim().regex(/^[0-9][A-E][0-9]{3}(\.[a-z0-9.]+)?$/, 'expected an ECCN such as 3A090 or 3E001')).min(1).max(100),
  /** where the items may go under the authorisation (the site's country when empty) */
  destinations: z.array(cc).max(250).default([]),
  conditions: z.array(z.string().trim().min(1).max(2000)).max(100).default([]),
  validFrom: StoreDateSchema,
  validTo: StoreDateSchema.optional(),
  actor: ActorSchema,
})
export type NewAuthorisation = z.input<typeof NewAuthorisationSchema>
export type Authorisation = Omit<z.output<typeof NewAuthorisationSchema>, 'actor' | 'validTo'> & { id: string; validTo: string | null; createdAt: string; createdBy: string }
