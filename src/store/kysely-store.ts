/**
 * The RecordsStore over Kysely: one implementation for SQLite and PostgreSQL, as a thin facade. Each
 * aggregate lives in its own module (`src/store/<aggregate>.ts`: functions taking a `StoreContext`);
 * every write goes through `runWrite` (store-context.ts), one database transaction that takes the audit
 * chain head, does its changes, appends one hash-chained audit event per changed row, and commits.
 */
import type { RecordsStore } from '../records/records-store.js'
import type { ChainKey } from '../records/hash-chain.js'
import type { StoreDialect } from './dialect.js'
import { createInWrite, PendingAppender, runWrite, type StoreContext } from './store-context.js'
import { CreateLane, runCreate } from './create-lane.js'
import { assertStorableText } from './text-guard.js'

import * as parties from './parties.js'
import * as screenings from './screenings.js'
import * as transactions from './transactions.js'
import * as licenses from './licenses.js'
import * as allocations from './allocations.js'
import * as documents from './documents.js'
import * as techAccess from './tech-access.js'
import * as deployments from './deployments.js'
import * as authorisations from './authorisations.js'
import * as apiKeys from './api-keys.js'
import * as audit from './audit.js'
import * as auditVerify from './audit-verify.js'
// monitoring (issue 13)
import type { MonitoringStore } from '../records/monitoring-records.js'
import { MonitoringMethods } from './monitoring-methods.js'
import * as users from './users.js'

export { newId } from './store-context.js'
export { addYears } from './dates.js'

export type KyselyStoreOptions = {
  /** the clock for recordedAt / audit timestamps (ISO 8601 UTC) */
  now?: () => string
  /** the four-eyes rule (default true): a transaction is approved or rejected by someone other than who recorded it */
  fourEyes?: boolean
  /** the keyed audit chain (openStore binds the audit key); without it every event is plain sha256 */
  chain?: ChainKey
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
    const chain = options.chain ?? null
    const write: StoreContext['write'] = (actor, fn) => runWrite(db, caps, now, chain, actor, fn)
    const appender = caps.hasOneStatementCreates && chain !== null ? new PendingAppender(db, chain) : null
    const lane = appender !== null && chain !== null ? new CreateLane(db, chain, appender) : null
    this.#ctx = {
      db,
      caps,
      j: caps.isJsonParsedByDriver,
      now,
      fourEyes: options.fourEyes ?? true,
      chain,
      write,
      create: (actor, build) => (lane !== null && chain !== null ? runCreate(lane, now, chain, actor, build) : createInWrite(write, actor, build)),
      flushAudit: async () => {
        if (appender !== null) await appender.request()
      },
    }
  }

  /**
   * Every call: its strings checked once (text-guard.ts), then the module function with the context. `checksOwnText`:
   * the function checks its arguments' text itself (recordDetermination checks the 14 KB answer as the JSON text it
   * stores, and walks the arguments only when that text may hold a bad string).
   */
  async #call<A extends unknown[], R>(fn: (ctx: StoreContext, ...a: A) => Promise<R>, args: A, checksOwnText = false): Promise<R> {
    if (!checksOwnText) assertStorableText(args)
    return fn(this.#ctx, ...args)
  }

  // parties
  createParty(...a: Args<typeof parties.createParty>) {
    return this.#call(parties.createParty, a)
  }
  getParty(...a: Args<typeof parties.getParty>) {
    return this.#call(parties.getParty, a)
  }
  listParties(...a: Args<typeof parties.listParties>) {
    return this.#call(parties.listParties, a)
  }
  partyScreeningStates(...a: Args<typeof parties.partyScreeningStates>) {
    return this.#call(parties.partyScreeningStates, a)
  }

  // screenings
  recordScreening(...a: Args<typeof screenings.recordScreening>) {
    return this.#call(screenings.recordScreening, a)
  }
  getScreeningRun(...a: Args<typeof screenings.getScreeningRun>) {
    return this.#call(screenings.getScreeningRun, a)
  }
  listScreeningRuns(...a: Args<typeof screenings.listScreeningRuns>) {
    return this.#call(screenings.listScreeningRuns, a)
  }
  listHits(...a: Args<typeof screenings.listHits>) {
    return this.#call(screenings.listHits, a)
  }
  reviewHit(...a: Args<typeof screenings.reviewHit>) {
    return this.#call(screenings.reviewHit, a)
  }
  hitReviewsForParties(...a: Args<typeof screenings.hitReviewsForParties>) {
    return this.#call(screenings.hitReviewsForParties, a)
  }
  reopenChangedHits(...a: Args<typeof screenings.reopenChangedHits>) {
    return this.#call(screenings.reopenChangedHits, a)
  }

  // transactions
  recordDetermination(...a: Args<typeof transactions.recordDetermination>) {
    return this.#call(transactions.recordDetermination, a, true)
  }
  getTransaction(...a: Args<typeof transactions.getTransaction>) {
    return this.#call(transactions.getTransaction, a)
  }
  listTransactions(...a: Args<typeof transactions.listTransactions>) {
    return this.#call(transactions.listTransactions, a)
  }
  approveTransaction(...a: Args<typeof transactions.approveTransaction>) {
    return this.#call(transactions.approveTransaction, a)
  }

  // licenses
  createLicense(...a: Args<typeof licenses.createLicense>) {
    return this.#call(licenses.createLicense, a)
  }
  getLicense(...a: Args<typeof licenses.getLicense>) {
    return this.#call(licenses.getLicense, a)
  }
  listLicenses(...a: Args<typeof licenses.listLicenses>) {
    return this.#call(licenses.listLicenses, a)
  }
  recordShipment(...a: Args<typeof licenses.recordShipment>) {
    return this.#call(licenses.recordShipment, a)
  }
  listShipments(...a: Args<typeof licenses.listShipments>) {
    return this.#call(licenses.listShipments, a)
  }

  // allocations
  recordAllocation(...a: Args<typeof allocations.recordAllocation>) {
    return this.#call(allocations.recordAllocation, a)
  }
  listAllocations(...a: Args<typeof allocations.listAllocations>) {
    return this.#call(allocations.listAllocations, a)
  }
  allocationLedger(...a: Args<typeof allocations.allocationLedger>) {
    return this.#call(allocations.allocationLedger, a)
  }

  // documents
  addDocument(...a: Args<typeof documents.addDocument>) {
    return this.#call(documents.addDocument, a)
  }
  getDocument(...a: Args<typeof documents.getDocument>) {
    return this.#call(documents.getDocument, a)
  }
  listDocuments(...a: Args<typeof documents.listDocuments>) {
    return this.#call(documents.listDocuments, a)
  }
  deleteDocument(...a: Args<typeof documents.deleteDocument>) {
    return this.#call(documents.deleteDocument, a)
  }
  setLegalHold(...a: Args<typeof documents.setLegalHold>) {
    return this.#call(documents.setLegalHold, a)
  }
  listDocumentAlerts(...a: Args<typeof documents.listDocumentAlerts>) {
    return this.#call(documents.listDocumentAlerts, a)
  }

  // tech-access
  recordTechAccess(...a: Args<typeof techAccess.recordTechAccess>) {
    return this.#call(techAccess.recordTechAccess, a)
  }
  listTechAccess(...a: Args<typeof techAccess.listTechAccess>) {
    return this.#call(techAccess.listTechAccess, a)
  }
  techAccessReport(...a: Args<typeof techAccess.techAccessReport>) {
    return this.#call(techAccess.techAccessReport, a)
  }
  // deployments (issue 14)
  createDeployment(...a: Args<typeof deployments.createDeployment>) {
    return this.#call(deployments.createDeployment, a)
  }
  addAttestation(...a: Args<typeof deployments.addAttestation>) {
    return this.#call(deployments.addAttestation, a)
  }
  addDeploymentShipment(...a: Args<typeof deployments.addDeploymentShipment>) {
    return this.#call(deployments.addDeploymentShipment, a)
  }
  getDeployment(...a: Args<typeof deployments.getDeployment>) {
    return this.#call(deployments.getDeployment, a)
  }
  listDeploymentShipments(...a: Args<typeof deployments.listDeploymentShipments>) {
    return this.#call(deployments.listDeploymentShipments, a)
  }
  listDeployments(...a: Args<typeof deployments.listDeployments>) {
    return this.#call(deployments.listDeployments, a)
  }
  createAuthorisation(...a: Args<typeof authorisations.createAuthorisation>) {
    return this.#call(authorisations.createAuthorisation, a)
  }
  listAuthorisations(...a: Args<typeof authorisations.listAuthorisations>) {
    return this.#call(authorisations.listAuthorisations, a)
  }
  authorisationsInForce(...a: Args<typeof authorisations.authorisationsInForce>) {
    return this.#call(authorisations.authorisationsInForce, a)
  }

  // api-keys
  createApiKey(...a: Args<typeof apiKeys.createApiKey>) {
    return this.#call(apiKeys.createApiKey, a)
  }
  findApiKeyByHash(...a: Args<typeof apiKeys.findApiKeyByHash>) {
    return this.#call(apiKeys.findApiKeyByHash, a)
  }
  listApiKeys(...a: Args<typeof apiKeys.listApiKeys>) {
    return this.#call(apiKeys.listApiKeys, a)
  }
  revokeApiKey(...a: Args<typeof apiKeys.revokeApiKey>) {
    return this.#call(apiKeys.revokeApiKey, a)
  }
  actorLabels(...a: Args<typeof apiKeys.actorLabels>) {
    return this.#call(apiKeys.actorLabels, a)
  }

  // named users and their sessions (issue 12)
  createUser(...a: Args<typeof users.createUser>) {
    return users.createUser(this.#ctx, ...a)
  }
  findUserByUsername(...a: Args<typeof users.findUserByUsername>) {
    return users.findUserByUsername(this.#ctx, ...a)
  }
  listUsers(...a: Args<typeof users.listUsers>) {
    return users.listUsers(this.#ctx, ...a)
  }
  signInState(...a: Args<typeof users.signInState>) {
    return users.signInState(this.#ctx, ...a)
  }
  recordSignInFailure(...a: Args<typeof users.recordSignInFailure>) {
    return users.recordSignInFailure(this.#ctx, ...a)
  }
  clearSignInFailures(...a: Args<typeof users.clearSignInFailures>) {
    return users.clearSignInFailures(this.#ctx, ...a)
  }
  createSession(...a: Args<typeof users.createSession>) {
    return users.createSession(this.#ctx, ...a)
  }
  findSession(...a: Args<typeof users.findSession>) {
    return users.findSession(this.#ctx, ...a)
  }
  deleteSession(...a: Args<typeof users.deleteSession>) {
    return users.deleteSession(this.#ctx, ...a)
  }

  // audit
  listAuditEvents(...a: Args<typeof audit.listAuditEvents>) {
    return this.#call(audit.listAuditEvents, a)
  }
  verifyAudit(...a: Args<typeof auditVerify.verifyAudit>) {
    return this.#call(auditVerify.verifyAudit, a)
  }
  auditAnchor(...a: Args<typeof auditVerify.auditAnchor>) {
    return this.#call(auditVerify.auditAnchor, a)
  }

  // monitoring (issue 13): monitoring-methods.ts
  #monitoringMethods: MonitoringMethods | undefined
  get #monitoring(): MonitoringMethods {
    return (this.#monitoringMethods ??= new MonitoringMethods({ db: this.#ctx.db, isJsonParsedByDriver: this.#ctx.j, write: (actor, fn) => this.#ctx.write(actor, fn) }))
  }
  appendEvents: MonitoringStore['appendEvents'] = (e) => this.#monitoring.appendEvents(e)
  listEvents: MonitoringStore['listEvents'] = (o) => this.#monitoring.listEvents(o)
  addWebhook: MonitoringStore['addWebhook'] = (i) => this.#monitoring.addWebhook(i)
  listWebhooks: MonitoringStore['listWebhooks'] = (o) => this.#monitoring.listWebhooks(o)
  removeWebhook: MonitoringStore['removeWebhook'] = (i) => this.#monitoring.removeWebhook(i)
  getDeliveryToSend: MonitoringStore['getDeliveryToSend'] = (id) => this.#monitoring.getDeliveryToSend(id)
  claimDelivery: MonitoringStore['claimDelivery'] = (i) => this.#monitoring.claimDelivery(i)
  dueDeliveries: MonitoringStore['dueDeliveries'] = (i) => this.#monitoring.dueDeliveries(i)
  recordDeliveryAttempt: MonitoringStore['recordDeliveryAttempt'] = (i) => this.#monitoring.recordDeliveryAttempt(i)
  listDeliveries: MonitoringStore['listDeliveries'] = (o) => this.#monitoring.listDeliveries(o)
  listHolds: MonitoringStore['listHolds'] = (o) => this.#monitoring.listHolds(o)
  releaseHolds: MonitoringStore['releaseHolds'] = (i) => this.#monitoring.releaseHolds(i)
  latestRescreenRun: MonitoringStore['latestRescreenRun'] = () => this.#monitoring.latestRescreenRun()
  createRescreenRun: MonitoringStore['createRescreenRun'] = (i) => this.#monitoring.createRescreenRun(i)
  getRescreenRun: MonitoringStore['getRescreenRun'] = (id) => this.#monitoring.getRescreenRun(id)
  partiesInRange: MonitoringStore['partiesInRange'] = (i) => this.#monitoring.partiesInRange(i)
  partiesWithOpenHitsOn: MonitoringStore['partiesWithOpenHitsOn'] = (e) => this.#monitoring.partiesWithOpenHitsOn(e)
  applyPartyRescreen: MonitoringStore['applyPartyRescreen'] = (i) => this.#monitoring.applyPartyRescreen(i)
  applyPartyRescreens: MonitoringStore['applyPartyRescreens'] = (i) => this.#monitoring.applyPartyRescreens(i)
  completeRescreenChunk: MonitoringStore['completeRescreenChunk'] = (i) => this.#monitoring.completeRescreenChunk(i)
  saveImpactReport: MonitoringStore['saveImpactReport'] = (i) => this.#monitoring.saveImpactReport(i)
  getImpactReport: MonitoringStore['getImpactReport'] = (id) => this.#monitoring.getImpactReport(id)
  listImpactReports: MonitoringStore['listImpactReports'] = (o) => this.#monitoring.listImpactReports(o)

  async close(): Promise<void> {
    // the waiting events of this process's creates are chained now (else by the next writer's append)
    await this.#ctx.flushAudit().catch(() => undefined)
    await this.#ctx.db.destroy()
  }
}
