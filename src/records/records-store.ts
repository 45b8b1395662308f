/**
 * The records store: what chipnav keeps, tamper-evident (issue 5). Domain code, the server and the CLI
 * reach the database only through `RecordsStore`; `src/store/` implements it with Kysely over SQLite
 * or PostgreSQL. The stored shapes are the schemas of the `*-records.ts` modules re-exported here (a contract:
 * changing one may need a migration).
 *
 * Conventions: every write takes an `actor` (who did it: `cli:<user>`, `key:<apiKeyId>`…) and appends
 * hash-chained audit events in the same database transaction. Lists page by an opaque cursor:
 * `{ items, nextCursor }` (null when there is nothing more). Timestamps are ISO 8601 UTC strings;
 * legal dates are `YYYY-MM-DD`.
 */
import type { Ledger } from '../determination/transaction-schema.js'
import type { AuditEvent } from './audit-events.js'
import type { MonitoringStore } from './monitoring-records.js'
import type { UsersStore } from './users.js'
import type { Attestation, Authorisation, Deployment, DeploymentShipment, NewAttestation, NewAuthorisation, NewDeployment, NewDeploymentShipment, ShippedTo } from './deployment-records.js'
import type { Actor, Page, PageOptions } from './record-basics.js'
import type { HitStatus, NewParty, Party, PartyHitReview, PartyScreeningState, RecordScreeningInput, ReviewHitInput, ScreeningHitRecord, ScreeningRun, ScreeningRunWithHits } from './party-records.js'
import { VERDICTS_NEEDING_APPROVAL } from './transaction-records.js'
import type { Allocation, AllocationLedgerQuery, ApprovalStatus, ApproveTransactionInput, License, ListAllocationsOptions, NewLicense, RecordAllocationInput, RecordDeterminationInput, RecordedDetermination, RecordShipmentInput, Shipment, StoredTransactionWithApproval, TransactionApproval, TransactionSummary, TransactionSummaryWithApproval } from './transaction-records.js'
import type { AddDocumentInput, DocumentAlert, DocumentKind, DocumentRecord, RecordTechAccessInput, SetLegalHoldInput, TechAccess, TechAccessEvaluation, TechAccessReportRow } from './document-records.js'
import type { ApiKey, ApiKeyRole, AuditAnchor, AuditVerification, ListAuditEventsOptions, VerifyAuditOptions } from './key-audit-records.js'

export { hashApiKey } from './api-key-hash.js'
export * from './record-basics.js'
export * from './party-records.js'
export * from './transaction-records.js'
export * from './document-records.js'
export * from './key-audit-records.js'

// ---------------------------------------------------------------- the interface

export interface RecordsStore extends MonitoringStore, UsersStore {
  /** which database: 'sqlite' | 'postgres' */
  readonly dialect: 'sqlite' | 'postgres'

  createParty(input: NewParty & { actor: Actor }): Promise<Party>
  /** NOT_FOUND when there is no such party */
  getParty(id: string): Promise<Party>
  listParties(options?: PageOptions): Promise<Page<Party>>
  /** each party's screening state (last run, open hits), by party id: two queries for all of them; an unknown id reads as never screened */
  partyScreeningStates(partyIds: readonly string[]): Promise<Record<string, PartyScreeningState>>

  /**
   * Stores a screening run and its hits. A hit whose party (subject) already has a good-guy entry for the
   * same list entry with the same content hash is recorded `cleared` (statusSource 'good-guy'); with a
   * different hash it is recorded `open` (statusSource 'entry-changed') and the stale good-guy is removed.
   */
  recordScreening(input: RecordScreeningInput): Promise<ScreeningRunWithHits>
  getScreeningRun(id: string): Promise<ScreeningRunWithHits>
  /** runs without their hits, oldest first; by party when `partyId` is given */
  listScreeningRuns(options?: PageOptions & { partyId?: string }): Promise<Page<ScreeningRun>>
  /** hits by status (default: open), oldest first */
  listHits(options?: PageOptions & { status?: HitStatus; partyId?: string }): Promise<Page<ScreeningHitRecord>>
  /**
   * open → cleared (false positive: becomes a good-guy entry tied to the entry hash) or confirmed
   * (blocks the party). CONFLICT when the hit is not open; NOT_FOUND when it does not exist.
   */
  reviewHit(input: ReviewHitInput): Promise<ScreeningHitRecord>
  /** the clearances (good guys) and confirmed hits of these stored parties, for a determination recorded with them */
  hitReviewsForParties(partyIds: readonly string[]): Promise<PartyHitReview[]>
  /**
   * A new list snapshot: re-open every cleared hit whose entry's content hash changed (by list + entryId)
   * and drop its good-guy entry. Returns the re-opened hits.
   */
  reopenChangedHits(input: { entries: { list: string; entryId: string; entryHash: string }[]; actor: Actor }): Promise<ScreeningHitRecord[]>

  /**
   * Stores the transaction and its determination whole (explanation, rulesVersion, list snapshot hashes); answers its
   * summary and the answer's text as stored. With `newParties` and `screenings` (its parties' hits to queue), the
   * parties, the screenings and the transaction are one write: all of them or none.
   */
  recordDetermination(input: RecordDeterminationInput): Promise<RecordedDetermination>
  /** the transaction, its whole result and its approval state */
  getTransaction(id: string): Promise<StoredTransactionWithApproval>
  /** oldest first; `approvalStatus` filters (e.g. 'pending': the approval queue) */
  /** `isOnHold`: only those with an active hold (a list change's, not released), whatever their approval */
  listTransactions(options?: PageOptions & { approvalStatus?: ApprovalStatus; isOnHold?: boolean }): Promise<Page<TransactionSummaryWithApproval>>
  /**
   * Records the one decision on a transaction whose verdict needs approval (VERDICTS_NEEDING_APPROVAL),
   * with who, when and why, tied to a recorded licence (required to approve LICENSE_REQUIRED:
   * APPROVAL_NEEDS_LICENSE; a licence exception needs none). NOT_FOUND (transaction or licence),
   * APPROVAL_NOT_REQUIRED (NLR), TRANSACTION_PROHIBITED, APPROVAL_ALREADY_DECIDED (decisions are final),
   * LICENSE_DOES_NOT_COVER (the licence is not valid on the transaction date, does not name its destination, ECCN,
   * item or parties, or has fewer units left than its quantity; `problems` names each gap).
   */
  approveTransaction(input: ApproveTransactionInput): Promise<TransactionApproval>

  createLicense(input: NewLicense): Promise<License>
  getLicense(id: string): Promise<License>
  listLicenses(options?: PageOptions): Promise<Page<License>>
  /**
   * Depletes the licence atomically (exact under concurrency). Refuses with LICENSE_NOT_VALID when
   * `shippedOn` is outside the validity dates or the destination is not on the licence, and with
   * LICENSE_OVERDRAWN when quantity, value or TPP would pass what is authorized. A shipment linked to a
   * transaction (`transactionId`) is held by the licence decision, checked in the same database
   * transaction as the depletion: NOT_FOUND (no such transaction), SHIPMENT_PROHIBITED (verdict
   * PROHIBITED), APPROVAL_PENDING (it needs a licence or licence exception and no approver has decided),
   * TRANSACTION_REJECTED, APPROVED_UNDER_OTHER_LICENSE (the approval names another licence).
   */
  recordShipment(input: RecordShipmentInput): Promise<{ shipment: Shipment; license: License }>
  listShipments(options?: PageOptions & { licenseId?: string }): Promise<Page<Shipment>>

  /** ALLOCATION_EXCEEDED when `cap` is given and would be passed (checked atomically, over `period` for tier2-country) */
  recordAllocation(input: RecordAllocationInput): Promise<Allocation>
  /** oldest first, filtered by any of kind, country, consignee, year, transaction */
  listAllocations(options?: ListAllocationsOptions): Promise<Page<Allocation>>
  /** The ledger the determination takes (`tx.ledger`), summed from the stored allocations. */
  allocationLedger(query: AllocationLedgerQuery): Promise<Required<Ledger>>

  /** Stores the bytes content-addressed (sha256; identical bytes are stored once) and the metadata. */
  addDocument(input: AddDocumentInput): Promise<DocumentRecord>
  getDocument(id: string): Promise<{ document: DocumentRecord; bytes: Uint8Array }>
  listDocuments(options?: PageOptions & { kind?: DocumentKind; partyId?: string; transactionId?: string }): Promise<Page<DocumentRecord>>
  /**
   * RETENTION_ACTIVE while `asOf` is before five years after the latest relevant event (the document's
   * eventOn, the linked transaction's date, the linked licence's shipments), or while on legal hold.
   */
  deleteDocument(input: { id: string; asOf: string; actor: Actor }): Promise<{ retainUntil: string }>
  /**
   * Places a document on legal hold or lifts the hold, with the reason, audited (`document.legal-hold-placed`,
   * `document.legal-hold-lifted`: who, when, why). NOT_FOUND; CONFLICT when it is already in that state.
   * While on hold a document is never deleted; lifting the hold leaves the 762.6 retention in force.
   */
  setLegalHold(input: SetLegalHoldInput): Promise<DocumentRecord>
  /** end-user certificates expiring within `withinDays` of `asOf` (default 30), or already expired */
  listDocumentAlerts(input: { asOf: string; withinDays?: number }): Promise<DocumentAlert[]>

  recordTechAccess(input: RecordTechAccessInput, check?: TechAccessEvaluation): Promise<TechAccess>
  /** accesses in [from, to] (ISO dates, inclusive) grouped by nationality, ECCN and outcome */
  techAccessReport(range: { from: string; to: string }): Promise<TechAccessReportRow[]>
  createDeployment(input: NewDeployment): Promise<Deployment>
  /** ATTESTATION_BEFORE_DEPLOYMENT when dated before the deployment date or the first shipment to the site; ATTESTATION_IN_FUTURE when after today (the store's clock) */
  addAttestation(input: NewAttestation): Promise<Attestation>
  /** ties a later shipment to the deployment: its shipped quantity becomes the sum (DEPLOYMENT_SHIPMENT_TAKEN, DEPLOYMENT_QUANTITY_MISMATCH) */
  addDeploymentShipment(input: NewDeploymentShipment): Promise<{ deployment: Deployment; shipment: DeploymentShipment }>
  /** `shippedTo`: the destination of each shipment record tied to it (named at creation or tied later) */
  /** the deployment with what its flags are computed from: its attestations and where its tied shipment records went */
  getDeployment(id: string): Promise<{ deployment: Deployment; attestations: Attestation[]; shippedTo: ShippedTo[] }>
  /** the shipments tied to the deployment after it was recorded, with their serials (the detail view); none for an unknown id */
  listDeploymentShipments(deploymentId: string): Promise<DeploymentShipment[]>
  listDeployments(options?: PageOptions): Promise<Page<Deployment>>
  createAuthorisation(input: NewAuthorisation): Promise<Authorisation>
  listAuthorisations(options?: PageOptions): Promise<Page<Authorisation>>
  authorisationsInForce(date: string): Promise<Authorisation[]>
  listTechAccess(options?: PageOptions & { resource?: string; subject?: string }): Promise<Page<TechAccess>>

  /** Returns the plaintext key once; only its sha256 is stored. */
  createApiKey(input: { role: ApiKeyRole; label?: string; actor: Actor }): Promise<{ key: string; apiKey: ApiKey }>
  /** The key with this sha256 (revoked keys too: check `revokedAt`), or null. Hash the bearer key with `hashApiKey`. */
  findApiKeyByHash(keyHash: string): Promise<ApiKey | null>
  listApiKeys(options?: PageOptions): Promise<Page<ApiKey>>
  /** NOT_FOUND, or CONFLICT when already revoked */
  revokeApiKey(input: { id: string; actor: Actor }): Promise<ApiKey>
  /** Readable names for these actors (`key:<id>` → the key's label, `user:<name>` → the user), by actor; others have none. */
  actorLabels(actors: readonly string[]): Promise<Record<string, string>>

  /** newest last (by sequence); filter by entity */
  listAuditEvents(options?: ListAuditEventsOptions): Promise<Page<AuditEvent>>
  /** Re-hashes the chain and the current rows of every audited table: detects edited, inserted and deleted rows. */
  verifyAudit(options?: VerifyAuditOptions): Promise<AuditVerification>
  /** A signed checkpoint of the chain head to keep elsewhere (AUDIT_KEY_INVALID without an audit key). */
  auditAnchor(): Promise<AuditAnchor>

  close(): Promise<void>
}
