/**
 * The RecordsStore over Kysely: one implementation for SQLite and PostgreSQL, as a thin facade. Each
 * aggregate lives in its own module (`src/store/<aggregate>.ts`: functions taking a `StoreContext`);
 * every write goes through `runWrite` (store-context.ts), one database transaction that takes the audit
 * chain head, does its changes, appends one hash-chained audit event per changed row, and commits.
 */
import type { RecordsStore } from '../records/records-store.js'
import type { StoreDialect } from './dialect.js'
import { runWrite, type StoreContext } from './store-context.js'

import * as parties from './parties.js'
import * as screenings from './screenings.js'
import * as transactions from './transactions.js'
import * as licenses from './licenses.js'
import * as allocations from './allocations.js'
import * as documents from './documents.js'
import * as techAccess from './tech-access.js'
import * as apiKeys from './api-keys.js'
import * as audit from './audit.js'

export { newId } from './store-context.js'
export { addYears } from './dates.js'

export type KyselyStoreOptions = {
  /** the clock for recordedAt / audit timestamps (ISO 8601 UTC) */
  now?: () => string
}

/** A module function's arguments after its StoreContext. */
type Args<F> = F extends (ctx: StoreContext, ...rest: infer R) => unknown ? R : never

export class KyselyStore implements RecordsStore {
  readonly dialect: 'sqlite' | 'postgres'
  readonly #ctx: StoreContext

  constructor(dialect: StoreDialect, options: KyselyStoreOptions = {}) {
    this.dialect = dialect.name
    const db = dialect.db
    const caps = dialect.capabilities
    const now = options.now ?? (() => new Date().toISOString())
    this.#ctx = { db, caps, j: caps.isJsonParsedByDriver, now, write: (actor, fn) => runWrite(db, caps, now, actor, fn) }
  }

  // parties
  createParty(...a: Args<typeof parties.createParty>) {
    return parties.createParty(this.#ctx, ...a)
  }
  getParty(...a: Args<typeof parties.getParty>) {
    return parties.getParty(this.#ctx, ...a)
  }
  listParties(...a: Args<typeof parties.listParties>) {
    return parties.listParties(this.#ctx, ...a)
  }

  // screenings
  recordScreening(...a: Args<typeof screenings.recordScreening>) {
    return screenings.recordScreening(this.#ctx, ...a)
  }
  getScreeningRun(...a: Args<typeof screenings.getScreeningRun>) {
    return screenings.getScreeningRun(this.#ctx, ...a)
  }
  listScreeningRuns(...a: Args<typeof screenings.listScreeningRuns>) {
    return screenings.listScreeningRuns(this.#ctx, ...a)
  }
  listHits(...a: Args<typeof screenings.listHits>) {
    return screenings.listHits(this.#ctx, ...a)
  }
  reviewHit(...a: Args<typeof screenings.reviewHit>) {
    return screenings.reviewHit(this.#ctx, ...a)
  }
  reopenChangedHits(...a: Args<typeof screenings.reopenChangedHits>) {
    return screenings.reopenChangedHits(this.#ctx, ...a)
  }

  // transactions
  recordDetermination(...a: Args<typeof transactions.recordDetermination>) {
    return transactions.recordDetermination(this.#ctx, ...a)
  }
  getTransaction(...a: Args<typeof transactions.getTransaction>) {
    return transactions.getTransaction(this.#ctx, ...a)
  }
  listTransactions(...a: Args<typeof transactions.listTransactions>) {
    return transactions.listTransactions(this.#ctx, ...a)
  }
  approveTransaction(...a: Args<typeof transactions.approveTransaction>) {
    return transactions.approveTransaction(this.#ctx, ...a)
  }

  // licenses
  createLicense(...a: Args<typeof licenses.createLicense>) {
    return licenses.createLicense(this.#ctx, ...a)
  }
  getLicense(...a: Args<typeof licenses.getLicense>) {
    return licenses.getLicense(this.#ctx, ...a)
  }
  listLicenses(...a: Args<typeof licenses.listLicenses>) {
    return licenses.listLicenses(this.#ctx, ...a)
  }
  recordShipment(...a: Args<typeof licenses.recordShipment>) {
    return licenses.recordShipment(this.#ctx, ...a)
  }
  listShipments(...a: Args<typeof licenses.listShipments>) {
    return licenses.listShipments(this.#ctx, ...a)
  }

  // allocations
  recordAllocation(...a: Args<typeof allocations.recordAllocation>) {
    return allocations.recordAllocation(this.#ctx, ...a)
  }
  listAllocations(...a: Args<typeof allocations.listAllocations>) {
    return allocations.listAllocations(this.#ctx, ...a)
  }
  allocationLedger(...a: Args<typeof allocations.allocationLedger>) {
    return allocations.allocationLedger(this.#ctx, ...a)
  }

  // documents
  addDocument(...a: Args<typeof documents.addDocument>) {
    return documents.addDocument(this.#ctx, ...a)
  }
  getDocument(...a: Args<typeof documents.getDocument>) {
    return documents.getDocument(this.#ctx, ...a)
  }
  listDocuments(...a: Args<typeof documents.listDocuments>) {
    return documents.listDocuments(this.#ctx, ...a)
  }
  deleteDocument(...a: Args<typeof documents.deleteDocument>) {
    return documents.deleteDocument(this.#ctx, ...a)
  }
  setLegalHold(...a: Args<typeof documents.setLegalHold>) {
    return documents.setLegalHold(this.#ctx, ...a)
  }
  listDocumentAlerts(...a: Args<typeof documents.listDocumentAlerts>) {
    return documents.listDocumentAlerts(this.#ctx, ...a)
  }

  // tech-access
  recordTechAccess(...a: Args<typeof techAccess.recordTechAccess>) {
    return techAccess.recordTechAccess(this.#ctx, ...a)
  }
  listTechAccess(...a: Args<typeof techAccess.listTechAccess>) {
    return techAccess.listTechAccess(this.#ctx, ...a)
  }

  // api-keys
  createApiKey(...a: Args<typeof apiKeys.createApiKey>) {
    return apiKeys.createApiKey(this.#ctx, ...a)
  }
  findApiKeyByHash(...a: Args<typeof apiKeys.findApiKeyByHash>) {
    return apiKeys.findApiKeyByHash(this.#ctx, ...a)
  }
  listApiKeys(...a: Args<typeof apiKeys.listApiKeys>) {
    return apiKeys.listApiKeys(this.#ctx, ...a)
  }
  revokeApiKey(...a: Args<typeof apiKeys.revokeApiKey>) {
    return apiKeys.revokeApiKey(this.#ctx, ...a)
  }

  // audit
  listAuditEvents(...a: Args<typeof audit.listAuditEvents>) {
    return audit.listAuditEvents(this.#ctx, ...a)
  }
  verifyAudit(...a: Args<typeof audit.verifyAudit>) {
    return audit.verifyAudit(this.#ctx, ...a)
  }

  async close(): Promise<void> {
    await this.#ctx.db.destroy()
  }
}
