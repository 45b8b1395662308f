/**
 * Delta re-screen speed (issue 13): N stored parties re-screened after a real list update.
 * Updates: `--update weekly` (default): the OFAC SDN file of 2024-05-03 with 50 rows held back → the same
 * with those 50 added back, 30 others removed and 100 with new remarks (a busy week); `--update 2026`: the
 * 2024-05-03 file alone → with the 2026-06 address and alias files (add.csv, alt.csv), where nearly every
 * entry changed (the worst case: a full re-screen). Parties: generated
 * company and person names (seeded), 0.5 % of them names of changed entries (so there are real hits).
 * Parties are inserted directly (bulk SQL, not audited: this is setup, not what is measured).
 *
 *   node --import tsx bench/monitoring/rescreen.ts [--parties 100000] [--db sqlite|postgres] [--workers 1]
 *
 * SQLite: the re-screen runs in this process (as in the server). PostgreSQL (CHIPNAV_BENCH_DATABASE_URL,
 * a fresh schema dropped at the end): this process plans, `--workers` `chipnav worker --no-plan` processes
 * do the chunks on pg-boss. Measured: from the moment the new snapshot is seen to the run done.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { InProcessJobQueue } from '../../src/jobs/in-process-queue.js'
import { openJobQueue } from '../../src/jobs/open-job-queue.js'
import { Monitor } from '../../src/monitoring/monitor.js'
import { importListFiles } from '../../src/screening/snapshots/import-list.js'
import { loadActiveSnapshots } from '../../src/screening/snapshots/load-active-snapshots.js'
import { openStore, SQLITE_FILE_NAME } from '../../src/store/open-store.js'
import { rng } from '../seeded-random.js'

const SHARED = fileURLToPath(new URL('../../../shared/data/lists/', import.meta.url))
const REPO = fileURLToPath(new URL('../../', import.meta.url))
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name)
  return i >= 0 ? process.argv[i + 1]! : fallback
}
const PARTIES = Number(arg('--parties', '100000'))
const DB = arg('--db', 'sqlite')
const WORKERS = Number(arg('--workers', '1'))
const CHUNK = Number(arg('--chunk', '2000'))
/** weekly (synthetic, default) or 2026 (the real two-year update: nearly every entry changed) */
const UPDATE = arg('--update', 'weekly')

const WORDS = 'Global Pacific Northern Golden Silver Eastern Western Union United Advanced Precision Digital Micro Nano Quantum Optical Signal Bridge Harbor River Mountain Summit Pioneer Apex Vertex Orbit Solar Lunar Atlas Delta Sigma Omega Crystal Falcon Eagle Lotus Maple Cedar Granite Cobalt Titan Nova Zenith Horizon Keystone Beacon Frontier Meridian Sterling'.split(' ')
const KINDS = 'Trading Technologies Electronics Logistics Industries Semiconductor Systems Components Devices Holdings Engineering Instruments Solutions Networks Materials'.split(' ')
const FORMS = 'Co Ltd,LLC,GmbH,Inc,Limited,Co.,S.A.,Pte Ltd,Corp,AG,BV,Sdn Bhd'.split(',')
const GIVEN = 'James Maria Wei Li Ahmed Olga Ivan Chen Sara Omar Yuki Hans Pierre Ana Luis Fatima Raj Priya Mohammed Elena'.split(' ')
const FAMILY = 'Smith Garcia Wang Zhang Petrov Kim Nguyen Mueller Rossi Silva Khan Tanaka Novak Kowalski Cohen Haddad Jensen Okafor Schmidt Moreau'.split(' ')
const COUNTRIES = ['US', 'DE', 'FR', 'GB', 'CN', 'HK', 'SG', 'JP', 'KR', 'IN', 'AE', 'TR', 'RU', 'BR', 'MX']

/** the row with a sentence added to its remarks (the last field) */
function editRemarks(line: string, i: number): string {
  const cr = line.endsWith('\r') ? '\r' : ''
  const body = cr ? line.slice(0, -1) : line
  if (body.endsWith('"')) return `${body.slice(0, -1)} Updated ${i}."${cr}`
  return `${body.replace(/-0-\s*$/, '')}"Updated ${i}."${cr}`
}

/** user + system CPU seconds of a child process so far (Linux /proc; NaN elsewhere) */
function cpuSecondsOf(child: ChildProcess): number {
  try {
    const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100
  } catch {
    return Number.NaN
  }
}

async function main(): Promise<void> {
  const home = mkdtempSync(join(tmpdir(), 'chipnav-bench-mon-'))
  const schema = `chipnav_bench_${randomBytes(4).toString('hex')}`
  const baseUrl = process.env.CHIPNAV_BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test'
  let databaseUrl: string | undefined
  const pg = DB === 'postgres' ? (await import('pg')).default : undefined
  const admin = pg ? new pg.Client({ connectionString: baseUrl }) : undefined
  if (admin) {
    await admin.connect()
    await admin.query(`create schema ${schema}`)
    const u = new URL(baseUrl)
    u.searchParams.set('options', `-c search_path=${schema}`)
    databaseUrl = u.toString()
  }
  const workers: ChildProcess[] = []
  try {
    const file = (p: string) => ({ name: p.split('/').pop()!, bytes: readFileSync(join(SHARED, p)) })
    // weekly: a synthetic update of the 2024 SDN file (50 rows added back, 30 removed, 100 with new remarks)
    const sdnLines = readFileSync(join(SHARED, 'ofac_sdn_2024-05-03/sdn.csv'), 'latin1').split('\n').filter((l) => /^\d+,/.test(l))
    const pickRows = rng(7)
    const index = sdnLines.map((_, i) => i).sort(() => pickRows() - 0.5)
    const heldBack = new Set(index.slice(0, 50))
    const dropped = new Set(index.slice(50, 80))
    const edited = new Set(index.slice(80, 180))
    const sdnOf = (lines: string[]) => ({ name: 'sdn.csv', bytes: Buffer.from(`${lines.join('\n')}\n`, 'latin1') })
    const v1Files = UPDATE === 'weekly' ? [sdnOf(sdnLines.filter((_, i) => !heldBack.has(i)))] : [file('ofac_sdn_2024-05-03/sdn.csv')]
    const v2Files =
      UPDATE === 'weekly'
        ? [sdnOf(sdnLines.filter((_, i) => !dropped.has(i)).map((l, i) => (edited.has(i) ? editRemarks(l, i) : l)))]
        : [file('ofac_sdn_2024-05-03/sdn.csv'), file('ofac_sdn_2026-06/add.csv'), file('ofac_sdn_2026-06/alt.csv')]
    await importListFiles({ home, files: v1Files, now: '2026-12-01T00:00:00.000Z' })
    const store = await openStore({ home, ...(databaseUrl ? { databaseUrl } : {}) })

    // parties: generated names, plus names of entries the update will change (hits)
    const random = rng(13)
    const pick = <T>(a: T[]) => a[Math.floor(random() * a.length)]!
    const v1 = (await loadActiveSnapshots(home)).entries.filter((e) => e.type !== 'vessel' && e.type !== 'aircraft')
    // weekly: 0.5 % of the parties are named after the rows the update adds back (so there are new hits)
    const hitNames = UPDATE === 'weekly' ? [...heldBack].map((i) => /^\d+,"([^"]+)"/.exec(sdnLines[i]!)?.[1]).filter((n): n is string => n !== undefined) : []
    const rows: { id: string; name: string; country: string }[] = []
    for (let i = 0; i < PARTIES; i++) {
      const r = random()
      const name = r < 0.005 ? (hitNames.length > 0 ? pick(hitNames) : pick(v1).names[0]!.name) : r < 0.7 ? `${pick(WORDS)} ${pick(WORDS)} ${pick(KINDS)} ${pick(FORMS)}` : `${pick(GIVEN)} ${pick(FAMILY)}`
      rows.push({ id: `pty_bench${String(i).padStart(9, '0')}`, name, country: pick(COUNTRIES) })
    }
    const t0 = performance.now()
    if (DB === 'sqlite') {
      const Database = (await import('better-sqlite3')).default
      const db = new Database(join(home, SQLITE_FILE_NAME))
      const ins = db.prepare(`insert into parties (id, name, country, headquarters, ultimate_parent, ownership, identifiers, is_blocked, created_at, updated_at) values (?, ?, ?, null, null, '[]', '[]', 0, ?, ?)`)
      db.transaction(() => rows.forEach((r) => ins.run(r.id, r.name, r.country, '2026-12-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z')))()
      db.close()
    } else {
      // bulk: 10,000 rows per statement, as arrays (unnest), in one transaction
      await admin!.query('begin')
      for (let i = 0; i < rows.length; i += 10_000) {
        const slice = rows.slice(i, i + 10_000)
        await admin!.query(
          `insert into ${schema}.parties (id, name, country, headquarters, ultimate_parent, ownership, identifiers, is_blocked, created_at, updated_at)
           select id, name, country, null, null, '[]', '[]', 0, '2026-12-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z' from unnest($1::text[], $2::text[], $3::text[]) as t(id, name, country)`,
          [slice.map((r) => r.id), slice.map((r) => r.name), slice.map((r) => r.country)],
        )
      }
      await admin!.query('commit')
      await admin!.query(`analyze ${schema}.parties`)
    }
    const setupMs = performance.now() - t0

    const jobsSchema = `${schema}_jobs`
    const jobs = DB === 'sqlite' ? new InProcessJobQueue() : await openJobQueue({ databaseUrl, schema: jobsSchema })
    const quiet = { info: () => undefined, warn: (o: object, m: string) => console.error(m, o), error: (o: object, m: string) => console.error(m, o) }
    const monitor = new Monitor({ store, home, jobs, logger: quiet, watchIntervalMs: 3_600_000, chunkSize: CHUNK, isWorking: DB === 'sqlite' })
    await monitor.start() // baseline
    if (DB === 'postgres') {
      for (let i = 0; i < WORKERS; i++) {
        workers.push(spawn(process.execPath, ['--import', 'tsx', join(REPO, 'src/cli/main.ts'), 'worker', '--no-plan'], { cwd: REPO, env: { ...process.env, CHIPNAV_HOME: home, CHIPNAV_DATABASE_URL: databaseUrl, CHIPNAV_JOBS_SCHEMA: jobsSchema, CHIPNAV_LOG_LEVEL: process.env.CHIPNAV_BENCH_WORKER_LOG ?? 'warn' }, stdio: ['ignore', process.env.CHIPNAV_BENCH_WORKER_LOG ? 'inherit' : 'ignore', 'inherit'] }))
      }
    }
    await importListFiles({ home, files: v2Files, now: '2026-12-02T00:00:00.000Z', shouldForce: true })
    const load = loadavg().map((x) => x.toFixed(2)).join(' ')
    const cpu0 = process.cpuUsage()
    const workerCpu0 = workers.map(cpuSecondsOf)
    const started = performance.now()
    await monitor.check()
    const plannedSeconds = (performance.now() - started) / 1000
    const runId = (await store.latestRescreenRun())!.id
    let p = await store.getRescreenRun(runId)
    if (DB === 'sqlite') await jobs.idle()
    while (p.status !== 'done') {
      await new Promise((r) => setTimeout(r, 250))
      p = await store.getRescreenRun(runId)
    }
    const seconds = (performance.now() - started) / 1000
    const cpu = process.cpuUsage(cpu0)
    const workerCpu = new Map(workers.map((w, i) => [String(w.pid), Number((cpuSecondsOf(w) - workerCpu0[i]!).toFixed(1))]))
    const chunks = DB === 'postgres' ? await admin!.query(`select worker, count(*)::int as chunks, sum(parties)::int as parties from ${schema}.rescreen_chunks where run_id = $1 group by worker`, [runId]) : undefined
    console.log(
      JSON.stringify(
        {
          db: DB,
          update: UPDATE,
          workers: DB === 'sqlite' ? 'in-process (1)' : WORKERS,
          parties: PARTIES,
          delta: { added: p.delta.added.length, changed: p.delta.changed.length, removed: p.delta.removed.length },
          chunks: p.chunksTotal,
          seconds: Number(seconds.toFixed(1)),
          /** of which planning: the delta computed, the run and its chunk jobs created */
          plannedSeconds: Number(plannedSeconds.toFixed(1)),
          partiesPerSecond: Math.round(PARTIES / seconds),
          perWorker: chunks?.rows.map((r: { worker: string; chunks: number; parties: number }) => ({ ...r, partiesPerSecond: Math.round(r.parties / seconds), cpuSeconds: workerCpu.get(r.worker.split(':').pop()!) })),
          /** CPU seconds (user + system) of this process during the run: on SQLite, the whole re-screen; on PostgreSQL, the planning */
          cpuSeconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(1)),
          newHits: p.newHits,
          reopened: p.reopenedHits,
          partiesWithChanges: p.partiesChanged,
          setupSeconds: Number((setupMs / 1000).toFixed(1)),
          loadAverageAtStart: load,
          loadAverageAtEnd: loadavg().map((x) => x.toFixed(2)).join(' '),
        },
        null,
        2,
      ),
    )
    await monitor.stop()
    await jobs.stop()
    await store.close()
  } finally {
    for (const w of workers) w.kill('SIGTERM')
    await Promise.all(workers.map((w) => new Promise((r) => (w.exitCode !== null ? r(null) : w.on('exit', r)))))
    if (admin) {
      await admin.query(`drop schema if exists ${schema} cascade`)
      await admin.query(`drop schema if exists ${schema}_jobs cascade`)
      await admin.end()
    }
    rmSync(home, { recursive: true, force: true })
  }
}

await main()
