/**
 * The "done when": importing a snapshot with one added entry that matches a stored party and one
 * changed entry behind a cleared hit produces exactly one new alert and one re-opened hit, puts the
 * party's open transaction on hold (a shipment under it is refused), fires a signed webhook to a local
 * receiver and shows in the events feed — on SQLite (jobs in the process) and on PostgreSQL with two
 * `chipnav worker` processes; and a worker killed mid-job leaves no duplicate alert after the retry.
 */
import { strict as assert } from 'node:assert'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { determine } from '../../src/determination/determine.js'
import { InProcessJobQueue } from '../../src/jobs/in-process-queue.js'
import { Monitor } from '../../src/monitoring/monitor.js'
import { verifyWebhookSignature, SIGNATURE_HEADER } from '../../src/monitoring/webhooks.js'
import { screeningToRecord } from '../../src/records/screening-hits.js'
import type { RecordsStore } from '../../src/records/records-store.js'
import { loadRules } from '../../src/rules/load-rules.js'
import { buildScreener } from '../../src/screening/screener.js'
import { importListFiles } from '../../src/screening/snapshots/import-list.js'
import { loadActiveSnapshots } from '../../src/screening/snapshots/load-active-snapshots.js'
import { openStore } from '../../src/store/open-store.js'
import { PG_URL, urlWithSchema } from '../store/dialects-under-test.js'
import { REPO_ROOT } from '../helpers/paths.js'
import { startReceiver, V1, V2, waitFor, writeCsl } from './fixtures.js'

const rules = loadRules()
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined }

async function importCsl(home: string, rows: typeof V1, name: string, now: string) {
  const path = writeCsl(join(home, 'in', name), 'consolidated.csv', rows)
  await importListFiles({ home, files: [{ name: 'consolidated.csv', bytes: readFileSync(path) }], now })
}

/** Stored before the update: Zephyr (no hit yet) with an open transaction; Nimbus with a hit cleared as a false positive. */
async function seed(store: RecordsStore, home: string) {
  const zephyr = await store.createParty({ name: 'Zephyr Silicon Trading Company', country: 'HK', actor: 'test' })
  const nimbus = await store.createParty({ name: 'Nimbus Photonics Limited', country: 'CN', actor: 'test' })
  const { entries, snapshots } = await loadActiveSnapshots(home)
  const screener = buildScreener({ entries, snapshots })
  const run = await store.recordScreening(screeningToRecord({ result: screener.screen({ name: nimbus.name, country: 'CN' }), partyId: nimbus.id, actor: 'test' }))
  assert.equal(run.hits.length, 1, 'Nimbus matches the v1 entry')
  await store.reviewHit({ hitId: run.hits[0]!.id, decision: 'cleared', reason: 'different company (other address)', actor: 'analyst' })
  const tx = { date: '2025-06-01', item: { chip: 'nvidia-h100-sxm' }, quantity: 10, to: 'HK', parties: [{ role: 'ultimate-consignee', name: zephyr.name, country: 'HK' }] }
  const txn = await store.recordDetermination({ transaction: tx, result: determine(tx, { rules, screener }), partyIds: [zephyr.id], actor: 'test' })
  const license = await store.createLicense({ number: 'D1234567', destinations: ['HK'], validFrom: '2025-01-01', validTo: '2027-12-31', actor: 'test' })
  return { zephyr, nimbus, clearedHitId: run.hits[0]!.id, txnId: txn.id, licenseId: license.id }
}

async function expectOutcome(store: RecordsStore, s: Awaited<ReturnType<typeof seed>>, received: { headers: Record<string, unknown>; body: string }[], secret: string) {
  const open = (await store.listHits({ status: 'open', limit: 500 })).items
  const newHits = open.filter((h) => h.partyId === s.zephyr.id)
  assert.equal(newHits.length, 1, 'exactly one new alert, for Zephyr')
  assert.equal(newHits[0]!.entryId, 'el-zephyr')
  const reopened = open.filter((h) => h.partyId === s.nimbus.id)
  assert.equal(reopened.length, 1, 'the cleared Nimbus hit is re-opened (not a second hit)')
  assert.equal(reopened[0]!.id, s.clearedHitId)
  assert.equal(reopened[0]!.statusSource, 'entry-changed')
  assert.equal(open.length, 2)

  const holds = await store.listHolds({ transactionId: s.txnId })
  assert.equal(holds.length, 1, "Zephyr's open transaction is on hold")
  await assert.rejects(
    store.recordShipment({ licenseId: s.licenseId, quantity: 1, shippedOn: '2025-07-01', destination: 'HK', transactionId: s.txnId, actor: 'test' }),
    (e: { code?: string }) => e.code === 'TRANSACTION_ON_HOLD',
  )
  const audit = (await store.listAuditEvents({ entityType: 'transaction-hold', limit: 50 })).items
  assert.equal(audit.length, 1, 'the hold is an audited record')
  assert.equal((await store.verifyAudit()).ok, true)

  // the fixtures' lists are dated long before the clock, so the health checks also raise their age (list.stale,
  // list.undated): not what this test is about, and checked in health-checks.test.ts
  const notListAge = (type: string) => !type.startsWith('list.')
  const events = (await store.listEvents({ limit: 100 })).items
  assert.deepEqual(events.map((e) => e.type).filter(notListAge).sort(), ['hit.new', 'hit.reopened', 'transaction.held'])
  const types = new Set<string>()
  for (const r of received) {
    assert.ok(verifyWebhookSignature({ secret, header: r.headers[SIGNATURE_HEADER] as string, body: r.body, nowSeconds: Math.floor(Date.now() / 1000) }), 'every delivery is signed (HMAC-SHA256 over timestamp and body)')
    types.add((JSON.parse(r.body) as { type: string }).type)
  }
  assert.deepEqual([...types].filter(notListAge).sort(), ['hit.new', 'hit.reopened', 'transaction.held'])
  assert.equal(received.filter((r) => notListAge((JSON.parse(r.body) as { type: string }).type)).length, 3, 'one delivery per event, none twice')
  const reScreenSeqs = new Set(events.filter((e) => notListAge(e.type)).map((e) => e.seq))
  const deliveries = (await store.listDeliveries({ limit: 50 })).items.filter((d) => reScreenSeqs.has(d.eventSeq))
  assert.equal(deliveries.length, 3)
  assert.ok(deliveries.every((d) => d.status === 'delivered' && d.attemptLog.length === 1), 'each delivery logged')
}

describe('delta re-screen after a list update, SQLite (jobs in the process)', () => {
  test('one new alert, one re-opened hit, the transaction held, a signed webhook, the events feed', async () => {
    const home = mkdtempSync(join(tmpdir(), 'chipnav-mon-'))
    const receiver = await startReceiver()
    const store = await openStore({ home })
    const jobs = new InProcessJobQueue()
    const monitor = new Monitor({ store, home, jobs, logger: quiet, watchIntervalMs: 3_600_000 })
    try {
      await importCsl(home, V1, 'v1', '2026-12-01T00:00:00.000Z')
      const s = await seed(store, home)
      const { secret } = await store.addWebhook({ url: receiver.url, events: [], actor: 'admin' })
      await monitor.start() // the first set seen is the baseline
      assert.equal((await store.latestRescreenRun())?.status, 'baseline')
      await importCsl(home, V2, 'v2', '2026-12-02T00:00:00.000Z')
      await monitor.check()
      await jobs.idle()
      const run = await store.getRescreenRun((await store.latestRescreenRun())!.id)
      assert.equal(run.status, 'done')
      assert.deepEqual([run.delta.added.length, run.delta.changed.length, run.delta.removed.length], [1, 1, 0])
      await expectOutcome(store, s, receiver.received, secret)
      // a second look at the same snapshots plans nothing
      await monitor.check()
      await jobs.idle()
      assert.equal((await store.listHits({ status: 'open' })).items.length, 2)
    } finally {
      await monitor.stop()
      await jobs.stop()
      await store.close()
      await receiver.close()
      rmSync(home, { recursive: true, force: true })
    }
  })
})

describe('delta re-screen on PostgreSQL with two worker processes', { skip: PG_URL ? false : 'CHIPNAV_TEST_DATABASE_URL is not set' }, () => {
  let admin: pg.Client
  const schema = `chipnav_mon_${randomBytes(5).toString('hex')}`
  const jobsSchema = `${schema}_jobs`
  before(async () => {
    admin = new pg.Client({ connectionString: PG_URL })
    await admin.connect()
    await admin.query(`create schema ${schema}`)
  })
  after(async () => {
    await admin.query(`drop schema if exists ${schema} cascade`)
    await admin.query(`drop schema if exists ${jobsSchema} cascade`)
    await admin.end()
  })

  function startWorker(env: Record<string, string>): ChildProcess & { exited: Promise<number | null> } {
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'src/cli/main.ts'), 'worker'], { cwd: REPO_ROOT, env: { ...process.env, CHIPNAV_LOG_LEVEL: 'warn', CHIPNAV_LIST_WATCH_MS: '300', ...env }, stdio: ['ignore', 'ignore', 'inherit'] })
    return Object.assign(child, { exited: new Promise<number | null>((r) => child.on('exit', (code, signal) => r(signal ? -1 : code))) })
  }

  test('two workers share the re-screen; a worker killed after its first write leaves no duplicate alert after the retry', async () => {
    const home = mkdtempSync(join(tmpdir(), 'chipnav-mon-pg-'))
    const databaseUrl = urlWithSchema(PG_URL!, schema)
    const receiver = await startReceiver()
    const store = await openStore({ home, databaseUrl })
    const env = { CHIPNAV_HOME: home, CHIPNAV_DATABASE_URL: databaseUrl, CHIPNAV_JOBS_SCHEMA: jobsSchema, CHIPNAV_JOB_EXPIRE_SECONDS: '3', CHIPNAV_RESCREEN_CHUNK: '1', CHIPNAV_LIST_MAX_AGE_DAYS: '100000' } // no list-age events: not this test's subject
    const workers: (ChildProcess & { exited: Promise<number | null> })[] = []
    try {
      await importCsl(home, V1, 'v1', '2026-12-01T00:00:00.000Z')
      const s = await seed(store, home)
      // chunks of one party each, so both workers take part
      const { secret } = await store.addWebhook({ url: receiver.url, events: [], actor: 'admin' })
      // the first worker dies (SIGKILL) right after its first party write; the second is healthy
      const doomed = startWorker({ ...env, CHIPNAV_WORKER_KILL_AFTER_WRITES: '1' })
      workers.push(doomed)
      await waitFor('the baseline run', async () => (await store.latestRescreenRun())?.status === 'baseline', 240_000)
      await importCsl(home, V2, 'v2', '2026-12-02T00:00:00.000Z')
      assert.equal(await doomed.exited, -1, 'the first worker was killed mid-job')
      workers.push(startWorker(env), startWorker(env))
      const run = await waitFor('the run to finish', async () => {
        const latest = await store.latestRescreenRun()
        if (!latest || latest.status === 'baseline') return undefined
        const p = await store.getRescreenRun(latest.id)
        return p.status === 'done' ? p : undefined
      }, 180_000)
      assert.equal(run.partiesTotal, 2)
      await waitFor('three deliveries', async () => receiver.received.filter((r) => !(JSON.parse(r.body) as { type: string }).type.startsWith('list.')).length >= 3, 120_000)
      await new Promise((r) => setTimeout(r, 1500)) // nothing more arrives
      await expectOutcome(store, s, receiver.received, secret)
    } finally {
      for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGTERM')
      await Promise.all(workers.map((w) => w.exited))
      await store.close()
      await receiver.close()
      rmSync(home, { recursive: true, force: true })
    }
  })
})
