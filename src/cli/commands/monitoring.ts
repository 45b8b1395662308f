/**
 * Monitoring commands (issue 13): `chipnav worker` (re-screen chunks and webhook deliveries on PostgreSQL;
 * also watches the lists and plans), `chipnav rescreen` (plan and run the pending delta re-screen here and
 * wait: SQLite without a server), `chipnav impact [--from D1 --to D2] [--json]`, `chipnav webhooks
 * add|list|remove`, `chipnav events`, `chipnav holds list|release`.
 */
import type { Command } from 'commander'
import { pino } from 'pino'
import { jobQueueConfigFromEnv, openJobQueue } from '../../jobs/open-job-queue.js'
import { checkImpactDates, formatImpact, runAndStoreImpact, type ImpactReport } from '../../monitoring/impact.js'
import { Monitor } from '../../monitoring/monitor.js'
import { MONITOR_EVENT_TYPES } from '../../records/monitoring-records.js'
import { AppError, isAppError } from '../../shared/errors.js'
import { todayUtc } from '../../shared/iso-date.js'
import { cliRules } from '../context.js'
import { action } from '../run-command.js'
import { cliLoadScreener } from './cli-screener.js'
import { cliMaxListAge } from '../list-age.js'
import { cliActor, openCliStore, openCliStoreToRead, storeConfigFromEnv } from './store-config.js'

const collect = (v: string, prev: string[] = []) => [...prev, ...v.split(',').map((x) => x.trim()).filter(Boolean)]

function crashHook(): (() => void) | undefined {
  // fault injection for the retry test: the worker dies (SIGKILL) right after its n-th party write
  const n = Number(process.env.CHIPNAV_WORKER_KILL_AFTER_WRITES)
  if (!Number.isInteger(n) || n <= 0) return undefined
  let writes = 0
  return () => {
    if (++writes >= n) process.kill(process.pid, 'SIGKILL')
  }
}

export function registerMonitoring(program: Command): void {
  program
    .command('worker')
    .description('Work the monitoring jobs (delta re-screen chunks, webhook deliveries) and watch the list snapshots; run several, on several machines, against one PostgreSQL')
    .option('--concurrency <n>', 're-screen chunks at once in this process (default 1)')
    .option('--no-plan', 'only work jobs: leave noticing new snapshots to the server or other workers')
    .action(
      action(async (f: { concurrency?: string; plan: boolean }) => {
        const config = storeConfigFromEnv()
        const logger = pino({ level: process.env.CHIPNAV_LOG_LEVEL ?? 'info' })
        const store = await openCliStore()
        const jobs = await openJobQueue({ ...jobQueueConfigFromEnv(process.env, config.databaseUrl), onError: (e) => logger.warn({ err: e }, 'job failed') })
        const hook = crashHook()
        const monitor = new Monitor({ store, home: config.home, jobs, logger, maxListAge: cliMaxListAge(undefined), isPlanning: f.plan, concurrency: Number(f.concurrency ?? 1) || 1, ...(process.env.CHIPNAV_LIST_WATCH_MS ? { watchIntervalMs: Number(process.env.CHIPNAV_LIST_WATCH_MS) } : {}), ...(Number(process.env.CHIPNAV_RESCREEN_CHUNK) > 0 ? { chunkSize: Number(process.env.CHIPNAV_RESCREEN_CHUNK) } : {}), ...(hook ? { afterPartyWrite: hook } : {}) })
        await monitor.start()
        logger.info({ jobs: jobs.kind }, 'worker started')
        await new Promise<void>((resolve) => {
          const stop = () => resolve()
          process.once('SIGINT', stop)
          process.once('SIGTERM', stop)
        })
        await monitor.stop()
        await jobs.stop()
        await store.close()
      }),
    )

  program
    .command('rescreen')
    .description('Re-screen the stored parties against what the lists changed since they were last monitored, here, and wait until done')
    .option('--json', 'print the run as JSON')
    .action(
      action(async (f: { json?: boolean }) => {
        const config = storeConfigFromEnv()
        const logger = pino({ level: process.env.CHIPNAV_LOG_LEVEL ?? 'warn' })
        const store = await openCliStore()
        const jobs = await openJobQueue({ ...jobQueueConfigFromEnv(process.env, config.databaseUrl), onError: (e) => logger.warn({ err: e }, 'job failed') })
        try {
          const monitor = new Monitor({ store, home: config.home, jobs, logger, watchIntervalMs: 3_600_000 })
          await monitor.start()
          await jobs.idle()
          await monitor.stop()
          const latest = await store.latestRescreenRun()
          const run = latest ? await store.getRescreenRun(latest.id) : null
          if (f.json) process.stdout.write(`${JSON.stringify(run, null, 2)}\n`)
          else if (!run) process.stdout.write('no list snapshot imported: nothing to monitor\n')
          else process.stdout.write(`${run.id} ${run.status}: ${run.delta.added.length} added, ${run.delta.changed.length} changed, ${run.delta.removed.length} removed entries; ${run.partiesTotal} parties; ${run.newHits} new hit(s), ${run.reopenedHits} re-opened, ${run.closedHits} closed, ${run.heldTransactions} transaction(s) held\n`)
        } finally {
          await jobs.stop()
          await store.close()
        }
      }),
    )

  program
    .command('impact')
    .description('Re-determine every open transaction, pending approval and unexhausted licence, and report what flips and which rule versions caused it')
    .option('--from <YYYY-MM-DD>', 'as of this date…')
    .option('--to <YYYY-MM-DD>', '…against this date (without both: the stored answers against the rules now)')
    .option('--json', 'print the report as JSON')
    .action(
      action(async (f: { from?: string; to?: string; json?: boolean }) => {
        const inputs = checkImpactDates(f.from, f.to)
        const rules = await cliRules()
        let screener
        try {
          screener = await cliLoadScreener(storeConfigFromEnv().home, { isLongRunning: true })
        } catch (e) {
          if (!(isAppError(e) && e.code === 'LIST_SNAPSHOT_MISSING')) throw e
        }
        const store = await openCliStore()
        try {
          const { record, report } = await runAndStoreImpact({ store, rules, ...(screener ? { screener } : {}), inputs, today: todayUtc(), actor: cliActor() })
          process.stdout.write(f.json ? `${JSON.stringify({ id: record.id, ...(report as ImpactReport) }, null, 2)}\n` : `${formatImpact(report, record.id)}\n`)
        } finally {
          await store.close()
        }
      }),
    )

  const webhooks = program.command('webhooks').description('Webhooks: signed POSTs of monitoring events')
  webhooks
    .command('add <url>')
    .description('Add a webhook; prints the signing secret once')
    .option('--events <types>', `event types, comma-separated (default all): ${MONITOR_EVENT_TYPES.join(', ')}`, collect)
    .option('--secret <secret>', 'the signing secret (default: a new random one)')
    .option('--json', 'print JSON')
    .action(
      action(async (url: string, f: { events?: string[]; secret?: string; json?: boolean }) => {
        const store = await openCliStore()
        try {
          const r = await store.addWebhook({ url, events: (f.events ?? []) as never, ...(f.secret ? { secret: f.secret } : {}), actor: cliActor() })
          process.stdout.write(f.json ? `${JSON.stringify(r, null, 2)}\n` : `webhook ${r.webhook.id} → ${r.webhook.url} (${r.webhook.events.length ? r.webhook.events.join(', ') : 'all events'})\nsecret (shown once): ${r.secret}\n`)
        } finally {
          await store.close()
        }
      }),
    )
  webhooks
    .command('list')
    .option('--json', 'print JSON')
    .action(
      action(async (f: { json?: boolean }) => {
        const store = await openCliStoreToRead()
        try {
          const page = await store.listWebhooks({ limit: 500 })
          process.stdout.write(f.json ? `${JSON.stringify(page.items, null, 2)}\n` : page.items.map((w) => `${w.id} ${w.isActive ? 'active ' : 'stopped'} ${w.url} (${w.events.length ? w.events.join(', ') : 'all events'})\n`).join(''))
        } finally {
          await store.close()
        }
      }),
    )
  webhooks
    .command('remove <id>')
    .description('Stop a webhook')
    .option('--json', 'print the stopped webhook as JSON')
    .action(
    action(async (id: string, f: { json?: boolean }) => {
      const store = await openCliStore()
      try {
        const w = await store.removeWebhook({ id, actor: cliActor() })
        process.stdout.write(f.json ? `${JSON.stringify(w, null, 2)}\n` : `webhook ${w.id} stopped\n`)
      } finally {
        await store.close()
      }
    }),
  )

  program
    .command('events')
    .description('The monitoring events feed, oldest first')
    .option('--after <cursor>', 'the nextCursor of the previous page')
    .option('--limit <n>', 'at most this many (default 50)')
    .option('--type <type>', `only events of this type, as GET /v1/events?type= (${MONITOR_EVENT_TYPES.join(', ')})`)
    .option('--json', 'print JSON')
    .action(
      action(async (f: { after?: string; limit?: string; type?: string; json?: boolean }) => {
        const type = f.type === undefined ? undefined : MONITOR_EVENT_TYPES.find((t) => t === f.type)
        if (f.type !== undefined && type === undefined) {
          throw new AppError('VALIDATION_FAILED', { detail: `--type "${f.type}" is not an event type`, issues: [{ path: '--type', message: `expected one of ${MONITOR_EVENT_TYPES.join(', ')}` }] })
        }
        const store = await openCliStoreToRead()
        try {
          const page = await store.listEvents({ ...(f.after ? { cursor: f.after } : {}), ...(f.limit ? { limit: Number(f.limit) } : {}), ...(type ? { type } : {}) })
          process.stdout.write(f.json ? `${JSON.stringify(page, null, 2)}\n` : page.items.map((e) => `${e.seq} ${e.at} ${e.type} ${e.subjectType} ${e.subjectId}\n`).join(''))
        } finally {
          await store.close()
        }
      }),
    )

  const holds = program.command('holds').description('Holds a new screening hit put on open transactions')
  holds
    .command('release <transactionId>')
    .requiredOption('--reason <text>', 'why the hold can be lifted (the hit reviewed, by whom)')
    .option('--json', 'print the released holds as JSON')
    .action(
      action(async (transactionId: string, f: { reason: string; json?: boolean }) => {
        const store = await openCliStore()
        try {
          const released = await store.releaseHolds({ transactionId, reason: f.reason, actor: cliActor() })
          process.stdout.write(f.json ? `${JSON.stringify({ transactionId, released }, null, 2)}\n` : `released ${released.length} hold(s) on ${transactionId}\n`)
        } finally {
          await store.close()
        }
      }),
    )
}
