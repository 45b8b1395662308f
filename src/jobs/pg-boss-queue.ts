/**
 * Jobs on PostgreSQL through pg-boss 10 (a job queue in PostgreSQL itself: no new service; 11.x needs
 * Node 22). Every `chipnav worker` (and the server) connects to the same queues, so chunks of one re-screen
 * spread over the workers. A job whose worker dies stays active until it expires (`expireInSeconds`), then
 * pg-boss retries it with back-off; handlers are idempotent, so a retry writes nothing twice.
 */
import PgBoss from 'pg-boss'
import { JOB_NAMES, type JobHandler, type JobName, type JobOptions, type JobQueue } from './job-queue.js'

export type PgBossQueueConfig = {
  connectionString: string
  /** pg-boss's own schema (default pgboss); tests give each run a fresh one */
  schema?: string
  /** a job still active this long after it started is taken as dead and retried (default 300 s) */
  expireInSeconds?: number
  /** how often an idle worker asks for jobs (default 1 s) */
  pollingIntervalSeconds?: number
  onError?: (e: unknown) => void
}

export class PgBossJobQueue implements JobQueue {
  readonly kind = 'pg-boss' as const
  readonly #boss: PgBoss
  readonly #config: PgBossQueueConfig

  private constructor(boss: PgBoss, config: PgBossQueueConfig) {
    this.#boss = boss
    this.#config = config
  }

  static async start(config: PgBossQueueConfig): Promise<PgBossJobQueue> {
    const expire = config.expireInSeconds ?? 300
    const boss = new PgBoss({
      connectionString: config.connectionString,
      schema: config.schema ?? 'pgboss',
      max: 4,
      expireInSeconds: expire,
      // look for expired jobs often enough that a dead worker's job is retried soon after it expires
      maintenanceIntervalSeconds: Math.max(1, Math.min(60, Math.ceil(expire / 2))),
      monitorStateIntervalSeconds: 60,
      schedule: false,
    })
    boss.on('error', (e) => (config.onError ?? (() => undefined))(e))
    await boss.start()
    for (const name of Object.values(JOB_NAMES)) {
      // createQueue is idempotent in pg-boss 10 (it checks before creating); two processes may race
      await boss.createQueue(name, { name, policy: 'standard', retryLimit: 5, retryDelay: 5, retryBackoff: true, expireInSeconds: expire }).catch((e: unknown) => {
        if (!/already exists|duplicate key/i.test(String((e as Error)?.message))) throw e
      })
    }
    return new PgBossJobQueue(boss, config)
  }

  #sendOptions(o: JobOptions = {}): PgBoss.SendOptions {
    return {
      retryLimit: o.retryLimit ?? 5,
      retryDelay: o.retryDelaySeconds ?? 5,
      retryBackoff: true,
      ...(this.#config.expireInSeconds !== undefined ? { expireInSeconds: this.#config.expireInSeconds } : {}),
      ...(o.singletonKey !== undefined ? { singletonKey: o.singletonKey } : {}),
      ...(o.startAfterSeconds !== undefined ? { startAfter: o.startAfterSeconds } : {}),
    }
  }

  async send<T extends object>(name: JobName, data: T, options?: JobOptions): Promise<void> {
    await this.#boss.send(name, data, this.#sendOptions(options))
  }

  async sendMany<T extends object>(name: JobName, jobs: { data: T; options?: JobOptions }[]): Promise<void> {
    for (let i = 0; i < jobs.length; i += 500) {
      await this.#boss.insert(
        jobs.slice(i, i + 500).map((j) => {
          const o = this.#sendOptions(j.options)
          return { name, data: j.data, retryLimit: o.retryLimit!, retryDelay: o.retryDelay!, retryBackoff: true, ...(o.expireInSeconds !== undefined ? { expireInSeconds: o.expireInSeconds } : {}), ...(o.singletonKey !== undefined ? { singletonKey: o.singletonKey } : {}) }
        }),
      )
    }
  }

  async work<T>(name: JobName, handler: JobHandler<T>, options: { concurrency?: number } = {}): Promise<void> {
    const n = Math.max(1, options.concurrency ?? 1)
    for (let i = 0; i < n; i++) {
      let workerId = ''
      workerId = await this.#boss.work<T>(name, { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: this.#config.pollingIntervalSeconds ?? 1 }, async (jobs) => {
        for (const job of jobs) await handler(job.data, { id: job.id, attempt: job.retryCount })
        // a job was found: look for the next one at once, not after the polling interval (a re-screen is
        // many short chunk jobs; only an empty queue waits)
        if (jobs.length > 0) this.#boss.notifyWorker(workerId)
      })
    }
  }

  async idle(): Promise<void> {
    for (;;) {
      let waiting = 0
      for (const name of Object.values(JOB_NAMES)) waiting += await this.#boss.getQueueSize(name, { before: 'completed' })
      if (waiting === 0) return
      await new Promise((r) => setTimeout(r, 250))
    }
  }

  async stop(): Promise<void> {
    await this.#boss.stop({ graceful: true, timeout: 10_000, close: true })
  }
}
