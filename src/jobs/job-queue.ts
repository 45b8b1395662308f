/**
 * Jobs (issue 13): re-screen chunks, webhook deliveries and impact runs run as jobs. On SQLite they run in
 * the server process (`InProcessJobQueue`); on PostgreSQL on pg-boss 10 (`PgBossJobQueue`), so several
 * `chipnav worker` processes share one re-screen. A job may run more than once (a worker killed halfway,
 * a retry): every handler is idempotent (re-screen writes are keyed by run + party, deliveries by id).
 */

export const JOB_NAMES = { rescreenChunk: 'rescreen-chunk', deliverWebhook: 'deliver-webhook', impactRun: 'impact-run' } as const
export type JobName = (typeof JOB_NAMES)[keyof typeof JOB_NAMES]

export type RescreenChunkJob = { runId: string; chunkNo: number; afterId: string | null; toId: string | null }
export type DeliverWebhookJob = { deliveryId: string }
export type ImpactRunJob = { from?: string; to?: string; reason: string }

export type JobOptions = {
  /** at most one queued or running job with this key (a second send is dropped) */
  singletonKey?: string
  /** attempts after the first (default 5) */
  retryLimit?: number
  /** seconds before the first retry, doubled each time (default 5) */
  retryDelaySeconds?: number
  /** do not start before this many seconds */
  startAfterSeconds?: number
}

export type JobHandler<T> = (data: T, meta: { id: string; attempt: number }) => Promise<void>

export interface JobQueue {
  readonly kind: 'in-process' | 'pg-boss'
  send<T extends object>(name: JobName, data: T, options?: JobOptions): Promise<void>
  sendMany<T extends object>(name: JobName, jobs: { data: T; options?: JobOptions }[]): Promise<void>
  /** starts taking jobs of this name, `concurrency` at a time */
  work<T>(name: JobName, handler: JobHandler<T>, options?: { concurrency?: number }): Promise<void>
  /** resolves once no job is queued or running (in-process; pg-boss: once its queues are empty) */
  idle(): Promise<void>
  stop(): Promise<void>
}

/** The delay before retry `attempt` (1 = the first retry): `base` doubled each time, capped at an hour. */
export function backoffSeconds(attempt: number, base: number): number {
  return Math.min(3600, base * 2 ** Math.max(0, attempt - 1))
}
