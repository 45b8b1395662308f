/**
 * Audit events: one per changed row, appended in the same database transaction as the change and
 * hash-chained (see hash-chain.ts). WARNING: stored JSON is a contract. Add actions; never rename one
 * or change the meaning of a field, or old chains stop verifying.
 */
import { z } from 'zod'

/** The audited tables, as `entityType`. */
export const AUDITED_ENTITIES = ['party', 'screening-run', 'screening-hit', 'good-guy', 'transaction', 'transaction-approval', 'license', 'shipment', 'allocation', 'document', 'blob', 'tech-access', 'api-key', 'transaction-hold', 'user', 'deployment', 'deployment-attestation', 'authorisation', 'deployment-shipment', 'transaction-supersession'] as const
export type AuditedEntity = (typeof AUDITED_ENTITIES)[number]

const base = {
  /** position in the chain, 1, 2, 3… without gaps */
  seq: z.number().int().positive(),
  /** ISO 8601 UTC */
  at: z.string(),
  actor: z.string(),
  entityType: z.enum(AUDITED_ENTITIES),
  entityId: z.string(),
  /** row hash before the change (null for a creation) */
  beforeHash: z.string().nullable(),
  /** row hash after the change (null for a deletion) */
  afterHash: z.string().nullable(),
  /** the previous event's hash ('0' × 64 for the first) */
  prevHash: z.string(),
  /** sha256(prevHash + canonical JSON of this event without prevHash and hash) */
  hash: z.string(),
}

const ev = <A extends string, D extends z.ZodType>(action: A, data: D) => z.object({ ...base, action: z.literal(action), data })
const none = z.null()

export const AuditEventSchema = z.discriminatedUnion('action', [
  ev('party.created', none),
  ev('party.blocked', z.object({ hitId: z.string() })),
  ev('screening.recorded', z.object({ hitCount: z.number() })),
  ev('hit.recorded', z.object({ status: z.string(), statusSource: z.string().nullable() })),
  ev('hit.reviewed', z.object({ decision: z.enum(['cleared', 'confirmed']), reason: z.string() })),
  ev('hit.reopened', z.object({ entryHash: z.string() })),
  ev('good-guy.created', z.object({ hitId: z.string() })),
  ev('good-guy.removed', z.object({ reason: z.string() })),
  ev('transaction.recorded', z.object({ verdict: z.string() })),
  ev('transaction.approved', z.object({ verdict: z.string(), licenseId: z.string().nullable(), reason: z.string() })),
  ev('transaction.rejected', z.object({ verdict: z.string(), licenseId: z.string().nullable(), reason: z.string() })),
  ev('license.created', none),
  ev('license.depleted', z.object({ shipmentId: z.string() })),
  ev('shipment.recorded', z.object({ licenseId: z.string(), override: z.object({ reason: z.string(), by: z.string() }).optional() })),
  ev('allocation.recorded', none),
  ev('document.added', z.object({ sha256: z.string() })),
  ev('document.deleted', z.object({ retainUntil: z.string() })),
  ev('document.legal-hold-placed', z.object({ reason: z.string() })),
  ev('document.legal-hold-lifted', z.object({ reason: z.string() })),
  ev('blob.added', none),
  ev('blob.deleted', none),
  ev('tech-access.recorded', none),
  ev('deployment.created', none),
  ev('deployment.attested', none),
  ev('deployment.shipment-added', z.object({ deploymentShipmentId: z.string(), shipmentId: z.string().nullable(), quantity: z.number() })),
  ev('deployment-shipment.recorded', none),
  ev('authorisation.recorded', none),
  ev('api-key.created', z.object({ role: z.string() })),
  ev('api-key.revoked', none),
  // monitoring (issue 13)
  ev('hit.closed', z.object({ reason: z.string() })),
  ev('transaction.held', z.object({ transactionId: z.string(), reason: z.string() })),
  ev('transaction.hold-released', z.object({ transactionId: z.string(), reason: z.string() })),
  ev('transaction.superseded', z.object({ transactionId: z.string(), supersededBy: z.string() })),
  ev('user.created', z.object({ username: z.string(), role: z.string() })),
])
export type AuditEvent = z.infer<typeof AuditEventSchema>
export type AuditAction = AuditEvent['action']
/** every action an audit event may have */
export const AUDIT_ACTIONS = AuditEventSchema.options.map((o) => o.shape.action.value) as readonly AuditAction[]

/** What a write passes to append an event; seq, at, actor and the hashes are filled in by the store. */
export type AuditEventDraft = {
  [A in AuditAction]: {
    action: A
    entityType: AuditedEntity
    entityId: string
    beforeHash: string | null
    afterHash: string | null
    data: Extract<AuditEvent, { action: A }>['data']
  }
}[AuditAction]
