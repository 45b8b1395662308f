/** The job queue for a store: in the process on SQLite, pg-boss 10 on PostgreSQL (pg-boss loaded only then). */
import { InProcessJobQueue } from './in-process-queue.js'
import type { JobQueue } from './job-queue.js'

export type JobQueueConfig = {
  /** PostgreSQL URL (the store's): pg-boss; unset: in-process */
  databaseUrl?: string | undefined
  /** pg-boss's schema (CHIPNAV_JOBS_SCHEMA, default pgboss) */
  schema?: string | undefined
  /** a running job older than this is taken as dead and retried (CHIPNAV_JOB_EXPIRE_SECONDS, default 300) */
  expireInSeconds?: number | undefined
  onError?: (e: unknown) => void
}

export async function openJobQueue(c: JobQueueConfig): Promise<JobQueue> {
  if (c.databaseUrl === undefined || c.databaseUrl.trim() === '') return new InProcessJobQueue(c.onError ? { onError: c.onError } : {})
  const { PgBossJobQueue } = await import('./pg-boss-queue.js')
  return PgBossJobQueue.start({ connectionString: c.databaseUrl, ...(c.schema ? { schema: c.schema } : {}), ...(c.expireInSeconds ? { expireInSeconds: c.expireInSeconds } : {}), ...(c.onError ? { onError: c.onError } : {}) })
}

/** The job settings from the environment (a composition root's job). */
export function jobQueueConfigFromEnv(env: NodeJS.ProcessEnv, databaseUrl: string | undefined): JobQueueConfig {
  const expire = Number(env.CHIPNAV_JOB_EXPIRE_SECONDS)
  return {
    databaseUrl,
    ...(env.CHIPNAV_JOBS_SCHEMA?.trim() ? { schema: env.CHIPNAV_JOBS_SCHEMA.trim() } : {}),
    ...(Number.isInteger(expire) && expire > 0 ? { expireInSeconds: expire } : {}),
  }
}
