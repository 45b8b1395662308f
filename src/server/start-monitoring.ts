/**
 * The server's monitoring (issue 13), started by main.ts: a job queue (in-process on SQLite, pg-boss on
 * PostgreSQL), the snapshot watcher (a CLI import swaps the server's screener without a restart, then the
 * delta re-screen is planned), and, on a new rulesVersion, an impact run over the stored open business.
 */
import type { Logger } from 'pino'
import { JOB_NAMES, type ImpactRunJob } from '../jobs/job-queue.js'
import { jobQueueConfigFromEnv, openJobQueue } from '../jobs/open-job-queue.js'
import { runAndStoreImpact } from '../monitoring/impact.js'
import { Monitor } from '../monitoring/monitor.js'
import { startListRefresh } from '../monitoring/list-refresh.js'
import type { AuditVerification, RecordsStore } from '../records/records-store.js'
import type { Rules } from '../rules/load-rules.js'
import type { ListsState } from './app.js'
import type { ServerConfig } from './main.js'

export type RunningMonitor = { monitor: Monitor; stop(): Promise<void> }

export async function startMonitoring(o: { config: ServerConfig; store: RecordsStore; rules: Rules; lists: ListsState; logger: Logger; verifyAudit?: () => Promise<AuditVerification> }): Promise<RunningMonitor> {
  const jobs = await openJobQueue({ ...jobQueueConfigFromEnv(process.env, o.config.databaseUrl), onError: (e) => o.logger.warn({ err: e }, 'job failed') })
  const isWorking = o.config.databaseUrl === undefined || o.config.isWorkingJobs !== false
  const monitor = new Monitor({
    store: o.store,
    home: o.config.home,
    jobs,
    logger: o.logger,
    isWorking,
    maxListAge: o.config.maxListAge,
    // deployments whose flags are new raise deployment.flagged (health checks, and after every list change)
    deployments: { rules: o.rules, screener: () => o.lists.current() },
    // the periodic full verification runs on a worker thread with its own connection, never holding the requests' one
    ...(o.verifyAudit ? { verifyAudit: o.verifyAudit } : {}),
    ...(process.env.CHIPNAV_LIST_WATCH_MS ? { watchIntervalMs: Number(process.env.CHIPNAV_LIST_WATCH_MS) } : {}),
    ...(Number(process.env.CHIPNAV_RESCREEN_CHUNK) > 0 ? { chunkSize: Number(process.env.CHIPNAV_RESCREEN_CHUNK) } : {}),
    onSnapshotChange: async () => {
      await o.lists.reload()
      o.logger.info({ entries: o.lists.current()?.entryCount }, 'list snapshots changed: screener swapped')
    },
  })
  if (isWorking) {
    await jobs.work<ImpactRunJob>(JOB_NAMES.impactRun, async (job) => {
      const screener = o.lists.current()
      const { record, report } = await runAndStoreImpact({ store: o.store, rules: o.rules, ...(screener ? { screener } : {}), inputs: job.from && job.to ? { mode: 'dates', from: job.from, to: job.to } : { mode: 'stored' }, today: new Date().toISOString().slice(0, 10), actor: 'system:monitoring' })
      o.logger.info({ reportId: record.id, flips: report.flips.length, reason: job.reason }, 'impact run done')
    })
  }
  await monitor.start()
  // lists that refresh themselves: a new snapshot moves the pointer the monitor watches; a failure raises list.refresh-failed
  const refresh =
    o.config.listRefreshMs && isWorking
      ? startListRefresh({
          home: o.config.home,
          fetch: (url, init) => globalThis.fetch(url, init),
          now: () => new Date(),
          store: o.store,
          jurisdictions: o.config.jurisdictions,
          intervalMs: o.config.listRefreshMs,
          log: (level, message, data) => o.logger[level](data ?? {}, message),
        })
      : undefined
  // a new rulesVersion: re-determine the stored open business once (the stored reports remember which version ran)
  const last = (await o.store.listImpactReports({ limit: 50 })).items.find((r) => r.inputs.mode === 'stored')
  const anyStale = (await o.store.listTransactions({ limit: 1 })).items.length > 0
  if (anyStale && last?.inputs.rulesVersion !== o.rules.version) await jobs.send(JOB_NAMES.impactRun, { reason: `rulesVersion ${o.rules.version}` }, { singletonKey: `rules:${o.rules.version}` })
  return {
    monitor,
    async stop() {
      refresh?.stop()
      await monitor.stop()
      await jobs.stop()
    },
  }
}
