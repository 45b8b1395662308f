/**
 * What monitoring keeps (issue 13): the events feed, webhooks and their deliveries, holds on transactions,
 * delta re-screening runs, and impact reports. `MonitoringStore` is the part of the records store that
 * keeps them (implemented in src/store/monitoring*.ts, delegated to by the Kysely store).
 */
import type { Actor, NewHit, Page, PageOptions, RelatedName } from './records-store.js'

/** The events the feed and the webhooks carry. Add types; never rename one. */
export const MONITOR_EVENT_TYPES = [
  'hit.new',
  'hit.reopened',
  'transaction.held',
  'impact.found',
  'list.stale',
  'list.undated',
  'list.refresh-failed',
  'audit.verify-failed',
  'certificate.expiring',
  'tech-access.flagged',
  'deployment.flagged',
  'list.incomplete',
] as const
export type MonitorEventType = (typeof MONITOR_EVENT_TYPES)[number]

export type MonitorEvent = {
  /** increasing; the feed's cursor */
  seq: number
  type: MonitorEventType
  at: string
  subjectType: string
  subjectId: string
  data: Record<string, unknown>
}

export type NewMonitorEvent = {
  type: MonitorEventType
  subjectType: string
  subjectId: string
  /** the same key twice is one event (a retried job, a second worker noticing the same thing) */
  dedupeKey: string
  data: Record<string, unknown>
}

export type Webhook = {
  id: string
  url: string
  /** the event types sent; empty = every type */
  events: MonitorEventType[]
  isActive: boolean
  createdAt: string
  createdBy: string
}

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number]

export type WebhookDelivery = {
  id: string
  webhookId: string
  eventSeq: number
  status: DeliveryStatus
  attempts: number
  lastStatusCode: number | null
  lastError: string | null
  nextAttemptAt: string
  deliveredAt: string | null
  createdAt: string
}

export type WebhookAttempt = { id: string; deliveryId: string; attempt: number; at: string; statusCode: number | null; error: string | null; durationMs: number }

/** A delivery with what sending it needs. */
export type DeliveryToSend = { delivery: WebhookDelivery; webhook: Webhook & { secret: string }; event: MonitorEvent }

export type TransactionHold = {
  id: string
  transactionId: string
  partyId: string | null
  hitId: string | null
  reason: string
  placedAt: string
  placedBy: string
  releasedAt: string | null
  releasedBy: string | null
  releaseReason: string | null
}

/** A list entry as the delta between two snapshots names it: its list, id and content hash. */
export type EntryRef = { source: string; list: string; entryId: string; hash: string }
export type SnapshotDelta = { added: EntryRef[]; changed: EntryRef[]; removed: EntryRef[] }

export type RescreenRun = {
  id: string
  fromKey: string | null
  toKey: string
  /** the snapshots re-screened against: source, snapshot id, sha256 */
  toSnapshots: { source: string; id: string; sha256: string }[]
  delta: SnapshotDelta
  status: 'baseline' | 'running' | 'done'
  chunksTotal: number
  partiesTotal: number
  createdAt: string
  finishedAt: string | null
}

export type RescreenProgress = RescreenRun & {
  chunksDone: number
  partiesChanged: number
  newHits: number
  reopenedHits: number
  closedHits: number
  heldTransactions: number
}

/** One party's re-screen against the changed entries of a run (the hits found at or above the threshold). */
export type PartyRescreenInput = {
  runId: string
  partyId: string
  /** matches against added or changed entries; `matchedVia`: the party's parent or owner whose name matched (not its own) */
  hits: Array<NewHit & { matchedVia?: MatchedVia }>
  query: { name: string; country?: string }
  threshold: number
  snapshots: { source: string; sha256: string; importedAt?: string; listDate?: string }[]
  /** entries removed from the lists (open hits on them are closed) */
  removed: { list: string; entryId: string }[]
  actor: Actor
}

export type PartyRescreenOutcome = {
  /** already done for this run (a retried job): nothing written */
  skipped: boolean
  newHitIds: string[]
  reopenedHitIds: string[]
  closedHitIds: string[]
  heldTransactionIds: string[]
  /** webhook deliveries created with the events (to be sent) */
  deliveryIds: string[]
}

export type ImpactReportRecord = { id: string; createdAt: string; createdBy: string; inputs: Record<string, unknown>; flipCount: number; report: unknown }

/** the ultimate parent or owner of a party whose name matched a list entry (the party's own risk) */
export type MatchedVia = { role: RelatedName['role']; name: string }

/** a party as a re-screen reads it: its own name and country, and the names of its ultimate parent and owners */
export type PartyToRescreen = { id: string; name: string; country: string; related: RelatedName[] }

export interface MonitoringStore {
  /** Appends events (a known dedupe key is skipped) and queues their webhook deliveries; returns the deliveries created. */
  appendEvents(events: NewMonitorEvent[]): Promise<{ events: MonitorEvent[]; deliveryIds: string[] }>
  /** oldest first, after the cursor; filter by type */
  listEvents(options?: PageOptions & { type?: MonitorEventType }): Promise<Page<MonitorEvent>>

  /** The secret is returned once (it signs every delivery). */
  addWebhook(input: { url: string; events: MonitorEventType[]; secret?: string; actor: Actor }): Promise<{ webhook: Webhook; secret: string }>
  listWebhooks(options?: PageOptions): Promise<Page<Webhook>>
  removeWebhook(input: { id: string; actor: Actor }): Promise<Webhook>
  getDeliveryToSend(id: string): Promise<DeliveryToSend | null>
  /**
   * Takes a pending delivery for one sender: moves its next attempt from `seenNextAttemptAt` (as read) to
   * `leaseUntil`, only if nobody moved it meanwhile. False: another job has it (or it is no longer pending).
   */
  claimDelivery(input: { deliveryId: string; seenNextAttemptAt: string; leaseUntil: string }): Promise<boolean>
  /** pending deliveries due at `now` (for a sweep after a restart) */
  dueDeliveries(input: { now: string; limit?: number }): Promise<string[]>
  /** logs one attempt; `nextAttemptAt` null = no more retries (failed) when not ok */
  recordDeliveryAttempt(input: { deliveryId: string; ok: boolean; statusCode: number | null; error: string | null; durationMs: number; nextAttemptAt: string | null }): Promise<WebhookDelivery>
  listDeliveries(options?: PageOptions & { webhookId?: string }): Promise<Page<WebhookDelivery & { attemptLog: WebhookAttempt[] }>>

  /** holds not released, for one transaction or all */
  listHolds(options?: { transactionId?: string; isActive?: boolean }): Promise<TransactionHold[]>
  /** releases every active hold on the transaction, audited; CONFLICT when none is active */
  releaseHolds(input: { transactionId: string; reason: string; actor: Actor }): Promise<TransactionHold[]>

  /** the newest run (the snapshot set last monitored), or null */
  latestRescreenRun(): Promise<RescreenRun | null>
  /**
   * Creates the run from one snapshot set to the next unless it exists (several processes may notice the
   * same import): `isNew` says whether this call created it. Chunks split the parties by id.
   */
  createRescreenRun(input: Omit<RescreenRun, 'chunksTotal' | 'partiesTotal' | 'createdAt' | 'finishedAt'> & { chunkSize: number }): Promise<{ run: RescreenRun; isNew: boolean; chunkBounds: (string | null)[] }>
  getRescreenRun(id: string): Promise<RescreenProgress>
  /** the parties of one chunk: ids after `afterId` (null: from the start) up to and including `toId` (null: to the end) */
  partiesInRange(input: { afterId: string | null; toId: string | null }): Promise<PartyToRescreen[]>
  /** the parties with an open hit on one of these entries (entries removed from the lists) */
  partiesWithOpenHitsOn(entries: { list: string; entryId: string }[]): Promise<Set<string>>
  /** records one party's re-screen in one write (idempotent by run + party) */
  applyPartyRescreen(input: PartyRescreenInput): Promise<PartyRescreenOutcome>
  /**
   * records several parties' re-screens (one actor) in one write transaction, each idempotent by run + party
   * as `applyPartyRescreen`; the outcomes in the order given. All or none are kept.
   */
  applyPartyRescreens(inputs: PartyRescreenInput[]): Promise<PartyRescreenOutcome[]>
  /** marks a chunk done (idempotent); the run is done once every chunk is */
  completeRescreenChunk(input: { runId: string; chunkNo: number; parties: number; changedParties: number; worker: string }): Promise<RescreenProgress>

  saveImpactReport(input: { inputs: Record<string, unknown>; flipCount: number; report: unknown; actor: Actor }): Promise<ImpactReportRecord>
  getImpactReport(id: string): Promise<ImpactReportRecord>
  listImpactReports(options?: PageOptions): Promise<Page<Omit<ImpactReportRecord, 'report'>>>
}
