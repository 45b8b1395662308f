/**
 * The MonitoringStore methods of the Kysely store (issue 13), given its database, its write transaction
 * (audit chain head held, audit events appended) and its clock. KyselyStore delegates to one instance.
 */
import type { Kysely } from 'kysely'
import { AppError } from '../shared/errors.js'
import {
  MONITOR_EVENT_TYPES,
  type DeliveryToSend,
  type ImpactReportRecord,
  type MonitorEvent,
  type MonitorEventType,
  type MonitoringStore,
  type NewMonitorEvent,
  type PartyRescreenInput,
  type PartyRescreenOutcome,
  type PartyToRescreen,
  type RescreenProgress,
  type RescreenRun,
  type TransactionHold,
  type Webhook,
  type WebhookAttempt,
  type WebhookDelivery,
} from '../records/monitoring-records.js'
import type { Actor, Page, PageOptions } from '../records/records-store.js'
import { toJson } from './json.js'
import { decodeCursor, pageSize, toPage } from './paging.js'
import { newId, notFound, type WriteContext } from './store-context.js'
import {
  activeHolds,
  appendEventsIn,
  applyPartyRescreenIn,
  attemptFromRow,
  deliveryFromRow,
  eventFromRow,
  getDeliveryToSend,
  holdFromRow,
  newWebhookSecret,
  recordDeliveryAttemptIn,
  releaseHoldsIn,
  webhookFromRow,
} from './monitoring.js'
import { completeRescreenChunkIn, createRescreenRunIn, impactFromRow, latestRescreenRun, partiesInRange, rescreenProgress } from './monitoring-runs.js'
import type { Database } from './schema.js'

type Write = <T>(actor: Actor, fn: (w: WriteContext) => Promise<T>) => Promise<T>
const SYSTEM_ACTOR = 'system:monitoring'

function invalid(path: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', { detail: `${path}: ${message}`, issues: [{ path, message }] })
}

export function checkWebhookUrl(url: string): void {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    throw invalid('url', 'expected an absolute http(s) URL')
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw invalid('url', 'expected an http or https URL')
}

export function checkEventTypes(events: readonly string[]): MonitorEventType[] {
  for (const [i, e] of events.entries()) if (!(MONITOR_EVENT_TYPES as readonly string[]).includes(e)) throw invalid(`events[${i}]`, `expected one of ${MONITOR_EVENT_TYPES.join(', ')}`)
  return events as MonitorEventType[]
}

export class MonitoringMethods implements MonitoringStore {
  readonly #db: Kysely<Database>
  readonly #j: boolean
  readonly #write: Write

  constructor(o: { db: Kysely<Database>; isJsonParsedByDriver: boolean; write: Write }) {
    this.#db = o.db
    this.#j = o.isJsonParsedByDriver
    this.#write = o.write
  }

  appendEvents(events: NewMonitorEvent[]): Promise<{ events: MonitorEvent[]; deliveryIds: string[] }> {
    return this.#write(SYSTEM_ACTOR, (w) => appendEventsIn(w.db, w.at, this.#j, events))
  }

  async listEvents(options: PageOptions & { type?: MonitorEventType } = {}): Promise<Page<MonitorEvent>> {
    const limit = pageSize(options.limit)
    const after = decodeCursor(options.cursor)
    if (after !== null && !/^\d+$/.test(after)) throw invalid('cursor', 'not a cursor this API returned')
    let q = this.#db.selectFrom('monitor_events').selectAll().orderBy('seq').limit(limit + 1)
    if (options.type !== undefined) q = q.where('type', '=', checkEventTypes([options.type])[0]!)
    if (after !== null) q = q.where('seq', '>', Number(after))
    return toPage(await q.execute(), limit, (r) => Number(r.seq), (r) => eventFromRow(r, this.#j))
  }

  addWebhook(input: { url: string; events: MonitorEventType[]; secret?: string; actor: Actor }): Promise<{ webhook: Webhook; secret: string }> {
    checkWebhookUrl(input.url)
    const events = checkEventTypes(input.events)
    const secret = input.secret ?? newWebhookSecret()
    if (secret.length < 16) throw invalid('secret', 'expected at least 16 characters')
    return this.#write(input.actor, async (w) => {
      const row = { id: newId('whk'), url: input.url, events: toJson(events), secret, is_active: 1, created_at: w.at, created_by: input.actor }
      await w.db.insertInto('webhooks').values(row).execute()
      return { webhook: webhookFromRow(row, false), secret }
    })
  }

  async listWebhooks(options: PageOptions = {}): Promise<Page<Webhook>> {
    const limit = pageSize(options.limit)
    const after = decodeCursor(options.cursor)
    let q = this.#db.selectFrom('webhooks').selectAll().orderBy('id').limit(limit + 1)
    if (after !== null) q = q.where('id', '>', after)
    return toPage(await q.execute(), limit, (r) => r.id, (r) => webhookFromRow(r, this.#j))
  }

  removeWebhook(input: { id: string; actor: Actor }): Promise<Webhook> {
    return this.#write(input.actor, async (w) => {
      const r = await w.db.selectFrom('webhooks').selectAll().where('id', '=', input.id).executeTakeFirst()
      if (!r) throw notFound('webhook', input.id)
      await w.db.updateTable('webhooks').set({ is_active: 0 }).where('id', '=', input.id).execute()
      return { ...webhookFromRow(r, this.#j), isActive: false }
    })
  }

  getDeliveryToSend(id: string): Promise<DeliveryToSend | null> {
    return getDeliveryToSend(this.#db, this.#j, id)
  }

  async claimDelivery(input: { deliveryId: string; seenNextAttemptAt: string; leaseUntil: string }): Promise<boolean> {
    const r = await this.#db
      .updateTable('webhook_deliveries')
      .set({ next_attempt_at: input.leaseUntil })
      .where('id', '=', input.deliveryId)
      .where('status', '=', 'pending')
      .where('next_attempt_at', '=', input.seenNextAttemptAt)
      .executeTakeFirst()
    return Number(r.numUpdatedRows) === 1
  }

  async dueDeliveries(input: { now: string; limit?: number }): Promise<string[]> {
    const rows = await this.#db.selectFrom('webhook_deliveries').select('id').where('status', '=', 'pending').where('next_attempt_at', '<=', input.now).orderBy('next_attempt_at').limit(input.limit ?? 100).execute()
    return rows.map((r) => r.id)
  }

  recordDeliveryAttempt(input: { deliveryId: string; ok: boolean; statusCode: number | null; error: string | null; durationMs: number; nextAttemptAt: string | null }): Promise<WebhookDelivery> {
    return this.#write(SYSTEM_ACTOR, (w) => recordDeliveryAttemptIn(w.db, w.at, input))
  }

  async listDeliveries(options: PageOptions & { webhookId?: string } = {}): Promise<Page<WebhookDelivery & { attemptLog: WebhookAttempt[] }>> {
    const limit = pageSize(options.limit)
    const after = decodeCursor(options.cursor)
    let q = this.#db.selectFrom('webhook_deliveries').selectAll().orderBy('id').limit(limit + 1)
    if (options.webhookId !== undefined) q = q.where('webhook_id', '=', options.webhookId)
    if (after !== null) q = q.where('id', '>', after)
    const page = toPage(await q.execute(), limit, (r) => r.id, deliveryFromRow)
    const ids = page.items.map((d) => d.id)
    const attempts = ids.length === 0 ? [] : (await this.#db.selectFrom('webhook_attempts').selectAll().where('delivery_id', 'in', ids).orderBy('attempt').execute()).map(attemptFromRow)
    return { ...page, items: page.items.map((d) => ({ ...d, attemptLog: attempts.filter((a) => a.deliveryId === d.id) })) }
  }

  async listHolds(options: { transactionId?: string; isActive?: boolean } = {}): Promise<TransactionHold[]> {
    if (options.transactionId !== undefined && options.isActive !== false) return activeHolds(this.#db, options.transactionId)
    let q = this.#db.selectFrom('transaction_holds').selectAll().orderBy('id')
    if (options.transactionId !== undefined) q = q.where('transaction_id', '=', options.transactionId)
    if (options.isActive === true) q = q.where('released_at', 'is', null)
    return (await q.execute()).map(holdFromRow)
  }

  releaseHolds(input: { transactionId: string; reason: string; actor: Actor }): Promise<TransactionHold[]> {
    if (typeof input.reason !== 'string' || input.reason.trim() === '') throw invalid('reason', 'required: why the hold can be lifted (the hit reviewed, by whom)')
    return this.#write(input.actor, (w) => releaseHoldsIn(w, { ...input, reason: input.reason.trim() }))
  }

  latestRescreenRun(): Promise<RescreenRun | null> {
    return latestRescreenRun(this.#db, this.#j)
  }

  createRescreenRun(input: Omit<RescreenRun, 'chunksTotal' | 'partiesTotal' | 'createdAt' | 'finishedAt'> & { chunkSize: number }) {
    return this.#write(SYSTEM_ACTOR, (w) => createRescreenRunIn(w.db, w.at, this.#j, input))
  }

  getRescreenRun(id: string): Promise<RescreenProgress> {
    return rescreenProgress(this.#db, this.#j, id)
  }

  partiesInRange(input: { afterId: string | null; toId: string | null }): Promise<PartyToRescreen[]> {
    return partiesInRange(this.#db, this.#j, input)
  }

  async partiesWithOpenHitsOn(entries: { list: string; entryId: string }[]): Promise<Set<string>> {
    const wanted = new Set(entries.map((e) => `${e.list}\u0000${e.entryId}`))
    const ids = [...new Set(entries.map((e) => e.entryId))]
    const out = new Set<string>()
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await this.#db.selectFrom('screening_hits').select(['party_id', 'list', 'entry_id']).where('status', '=', 'open').where('party_id', 'is not', null).where('entry_id', 'in', ids.slice(i, i + 500)).execute()
      for (const r of rows) if (wanted.has(`${r.list}\u0000${r.entry_id}`)) out.add(r.party_id!)
    }
    return out
  }

  async applyPartyRescreen(input: PartyRescreenInput): Promise<PartyRescreenOutcome> {
    return (await this.applyPartyRescreens([input]))[0]!
  }

  async applyPartyRescreens(inputs: PartyRescreenInput[]): Promise<PartyRescreenOutcome[]> {
    const actor = inputs[0]?.actor
    if (actor === undefined) return []
    if (inputs.some((i) => i.actor !== actor)) throw invalid('actor', 'one batch of re-screens is written by one actor')
    return this.#write(actor, async (w) => {
      const out: PartyRescreenOutcome[] = []
      for (const input of inputs) {
        const { events, ...outcome } = await applyPartyRescreenIn(w, this.#j, input)
        const { deliveryIds } = await appendEventsIn(w.db, w.at, this.#j, events)
        out.push({ ...outcome, deliveryIds })
      }
      return out
    })
  }

  async completeRescreenChunk(input: { runId: string; chunkNo: number; parties: number; changedParties: number; worker: string }): Promise<RescreenProgress> {
    await this.#write(SYSTEM_ACTOR, (w) => completeRescreenChunkIn(w.db, w.at, input))
    return rescreenProgress(this.#db, this.#j, input.runId)
  }

  saveImpactReport(input: { inputs: Record<string, unknown>; flipCount: number; report: unknown; actor: Actor }): Promise<ImpactReportRecord> {
    return this.#write(input.actor, async (w) => {
      const row = { id: newId('imp'), created_at: w.at, created_by: input.actor, inputs: toJson(input.inputs), flip_count: input.flipCount, report: toJson(input.report) }
      await w.db.insertInto('impact_reports').values(row).execute()
      return impactFromRow(row, false)
    })
  }

  async getImpactReport(id: string): Promise<ImpactReportRecord> {
    const r = await this.#db.selectFrom('impact_reports').selectAll().where('id', '=', id).executeTakeFirst()
    if (!r) throw notFound('impact report', id)
    return impactFromRow(r, this.#j)
  }

  async listImpactReports(options: PageOptions = {}): Promise<Page<Omit<ImpactReportRecord, 'report'>>> {
    const limit = pageSize(options.limit)
    const after = decodeCursor(options.cursor)
    let q = this.#db.selectFrom('impact_reports').selectAll().orderBy('id', 'desc').limit(limit + 1)
    if (after !== null) q = q.where('id', '<', after)
    return toPage(await q.execute(), limit, (r) => r.id, (r) => {
      const { report: _report, ...rest } = impactFromRow(r, this.#j)
      return rest
    })
  }
}
