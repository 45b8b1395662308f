/**
 * The monitor a server or a `chipnav worker` runs (issue 13): it watches the snapshot store's active
 * pointer (a CLI import, an API import or a scheduled refresh all move it), tells the owner to swap its
 * screener, plans the delta re-screen, and works the jobs: re-screen chunks and webhook deliveries.
 * Pending deliveries left by a restart are swept on start and every minute.
 */
import type { MaxListAge } from '../screening/snapshots/freshness.js'
import { hostname } from 'node:os'
import type { RecordsStore } from '../records/records-store.js'
import { readActivePointer } from '../screening/snapshots/snapshot-store.js'
import { buildScreener } from '../screening/screener.js'
import { JOB_NAMES, backoffSeconds, type DeliverWebhookJob, type JobQueue, type RescreenChunkJob } from '../jobs/job-queue.js'
import { cachedScreenerSource, planRescreen, runRescreenChunk, type ScreenerSource } from './rescreen.js'
import { runHealthChecks, type DeploymentHealth, type HealthCheckOptions } from './health-checks.js'
import { checkDeployments } from '../deployments/deployment-alerts.js'
import type { IsoDate } from '../shared/iso-date.js'
import { deliverWebhook, RETRY_BASE_SECONDS } from './webhooks.js'

export type MonitorLogger = { info(o: object, msg: string): void; warn(o: object, msg: string): void; error(o: object, msg: string): void }

export type MonitorOptions = {
  store: RecordsStore
  home: string
  jobs: JobQueue
  logger: MonitorLogger
  clock?: () => Date
  /** how often the active pointer is read (default 2 s) */
  watchIntervalMs?: number
  chunkSize?: number
  /** chunks worked at once in this process (default 1: a chunk is CPU-bound) */
  concurrency?: number
  /** called when the active snapshots changed, before the re-screen is planned (the server swaps its screener) */
  onSnapshotChange?: () => Promise<void>
  /** false: plan runs but do not work jobs (the server on PostgreSQL when workers do the work) */
  isWorking?: boolean
  /** false: work jobs but never plan (a worker that leaves planning to others); default true */
  isPlanning?: boolean
  /** how often the health checks run (default every 6 hours: the audit check re-hashes every row) */
  healthIntervalMs?: number
  /** the list age limits: a list older than its limit raises list.stale, an undated one list.undated (default DEFAULT_MAX_LIST_AGE) */
  maxListAge?: MaxListAge
  screenerFor?: ScreenerSource
  afterPartyWrite?: () => void
  /** given: the health checks (and every list change) raise new deployment flags (`deployment.flagged`) */
  deployments?: DeploymentHealth
  /** how the health checks verify the audit chain (default: the store's verifyAudit on its own connection) */
  verifyAudit?: HealthCheckOptions['verifyAudit']
}

export class Monitor {
  readonly #o: MonitorOptions
  readonly screenerFor: ScreenerSource
  #timer: NodeJS.Timeout | undefined
  #sweepTimer: NodeJS.Timeout | undefined
  #healthTimer: NodeJS.Timeout | undefined
  #lastPointer = ''
  #checking: Promise<void> = Promise.resolve()

  constructor(o: MonitorOptions) {
    this.#o = o
    this.screenerFor = o.screenerFor ?? cachedScreenerSource(o.home, buildScreener)
  }

  async start(): Promise<void> {
    const { jobs, store } = this.#o
    if (this.#o.isWorking !== false) {
      const worker = `${hostname()}:${process.pid}`
      await jobs.work<RescreenChunkJob>(
        JOB_NAMES.rescreenChunk,
        async (job) => {
          const r = await runRescreenChunk({ store, jobs, screenerFor: this.screenerFor, worker, ...(this.#o.afterPartyWrite ? { afterPartyWrite: this.#o.afterPartyWrite } : {}) }, job)
          this.#o.logger.info({ runId: job.runId, chunk: job.chunkNo, ...r }, 're-screen chunk done')
        },
        { concurrency: this.#o.concurrency ?? 1 },
      )
      await jobs.work<DeliverWebhookJob>(JOB_NAMES.deliverWebhook, async (job) => this.#deliver(job.deliveryId), { concurrency: 4 })
      await this.sweepDeliveries()
      this.#sweepTimer = setInterval(() => void this.sweepDeliveries().catch(() => undefined), 60_000)
      this.#sweepTimer.unref()
    }
    if (this.#o.isPlanning !== false) {
      await this.checkHealth()
      this.#healthTimer = setInterval(() => void this.checkHealth(), this.#o.healthIntervalMs ?? 6 * 3_600_000)
      this.#healthTimer.unref()
      await this.check()
      this.#timer = setInterval(() => void this.check(), this.#o.watchIntervalMs ?? 2000)
      this.#timer.unref()
    }
  }

  /** Reads the active pointer; on a change, lets the owner swap its screener and plans the re-screen. */
  check(): Promise<void> {
    this.#checking = this.#checking.then(async () => {
      try {
        const p = await readActivePointer(this.#o.home)
        const key = JSON.stringify(p.active)
        if (key === this.#lastPointer) return
        const isFirst = this.#lastPointer === ''
        this.#lastPointer = key
        if (!isFirst && this.#o.onSnapshotChange) await this.#o.onSnapshotChange()
        if (!isFirst) await this.checkDeploymentFlags()
        const run = await planRescreen({ store: this.#o.store, home: this.#o.home, jobs: this.#o.jobs, ...(this.#o.chunkSize ? { chunkSize: this.#o.chunkSize } : {}) })
        if (run) this.#o.logger.info({ runId: run.id, status: run.status, added: run.delta.added.length, changed: run.delta.changed.length, removed: run.delta.removed.length, parties: run.partiesTotal, chunks: run.chunksTotal }, 'list snapshots changed: re-screen planned')
      } catch (e) {
        this.#lastPointer = ''
        this.#o.logger.error({ err: e }, 'list snapshot check failed')
      }
    })
    return this.#checking
  }

  async #deliver(deliveryId: string): Promise<void> {
    const r = await deliverWebhook(this.#o.store, deliveryId, this.#o.clock)
    if (!r.ok && !r.skipped) this.#o.logger.warn({ deliveryId, statusCode: r.statusCode, error: r.error, willRetry: r.retry }, 'webhook delivery failed')
    if (r.retry) {
      const d = await this.#o.store.getDeliveryToSend(deliveryId)
      await this.#o.jobs.send(JOB_NAMES.deliverWebhook, { deliveryId }, { startAfterSeconds: backoffSeconds(d?.delivery.attempts ?? 1, RETRY_BASE_SECONDS) })
    }
  }

  /** Queues the pending deliveries that are due (left by a restart or a lost job). */
  async sweepDeliveries(graceMs = 60_000): Promise<void> {
    // a delivery queued by its event is due at once: only those a minute overdue were lost
    const now = (this.#o.clock?.() ?? new Date()).getTime()
    const ids = await this.#o.store.dueDeliveries({ now: new Date(now - graceMs).toISOString(), limit: 500 })
    if (ids.length > 0) await this.#o.jobs.sendMany(JOB_NAMES.deliverWebhook, ids.map((deliveryId) => ({ data: { deliveryId }, options: { singletonKey: deliveryId } })))
  }

  /** certificates expiring, lists stale, audit chain broken: events (each raised once) */
  async checkHealth(): Promise<void> {
    try {
      const events = await runHealthChecks({ store: this.#o.store, home: this.#o.home, now: this.#o.clock?.() ?? new Date(), ...(this.#o.maxListAge ? { maxListAge: this.#o.maxListAge } : {}), ...(this.#o.deployments ? { deployments: this.#o.deployments } : {}), ...(this.#o.verifyAudit ? { verifyAudit: this.#o.verifyAudit } : {}) })
      if (events.length > 0) {
        this.#o.logger.warn({ events: events.map((e) => e.type) }, 'health checks raised events')
        await this.sweepDeliveries(0)
      }
    } catch (e) {
      this.#o.logger.error({ err: e }, 'health checks failed')
    }
  }

  /** after a list change: a site operator that now matches a list is a new deployment flag (raised once) */
  async checkDeploymentFlags(): Promise<void> {
    const d = this.#o.deployments
    if (!d) return
    try {
      const screener = d.screener?.()
      const events = await checkDeployments(this.#o.store, { rules: d.rules, asOf: (this.#o.clock?.() ?? new Date()).toISOString().slice(0, 10) as IsoDate, ...(screener ? { screener } : {}) })
      if (events.length > 0) await this.#o.store.appendEvents(events)
    } catch (e) {
      this.#o.logger.error({ err: e }, 'deployment flag check failed')
    }
  }

  async stop(): Promise<void> {
    if (this.#healthTimer) clearInterval(this.#healthTimer)
    if (this.#timer) clearInterval(this.#timer)
    if (this.#sweepTimer) clearInterval(this.#sweepTimer)
    await this.#checking
  }
}
