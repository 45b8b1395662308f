/**
 * HTTP API throughput and latency (issue 5, item 8): requests/s, p50 and p99 of
 * `POST /v1/determinations` (determine + screen the parties + store the result) and `POST /v1/screen`
 * (screen one name), with autocannon at a fixed concurrency for a fixed duration, on SQLite and on
 * PostgreSQL.
 *
 * The server runs as a child process (`node --import tsx src/server/main.ts`), on 127.0.0.1 only,
 * with its own CHIPNAV_HOME (a temp dir) holding the real list snapshots from ../shared/data/lists
 * (or the small test fixtures when absent), an admin key created through the store beforehand, the
 * rate limit raised out of the way and request logging at `warn` (the default `info` logs two lines
 * per request). autocannon runs in this process; both share the machine's 2 cores.
 *
 *   node --import tsx bench/api/api-bench.ts [--duration 10] [--connections 10] [--only sqlite|postgres] [--processes 2]
 *
 * `--processes N` starts N servers on the same database (SQLite file or PostgreSQL schema), each on its
 * own port, and shares the connections out among them; the table gives the load average at the start
 * and end of each run and the servers' CPU time per request (from /proc), which a loaded box inflates
 * less than the wall-clock figures.
 *
 * PostgreSQL: CHIPNAV_BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), in a fresh
 * schema dropped afterwards; skipped with a message when it cannot be reached.
 */
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'
import pg from 'pg'
import { importListFiles } from '../../src/screening/snapshots/import-list.js'
import type { SourceFile } from '../../src/screening/sources/source-file.js'
import { adminKey, startServer } from './bench-server.js'
import { hasRealLists, REAL_LIST_PATHS } from './real-lists.js'

const REPO = fileURLToPath(new URL('../../', import.meta.url))
const NEGATIVES = fileURLToPath(new URL('../../../shared/data/matching/yente/negatives_us.csv', import.meta.url))

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name)
  return i >= 0 ? process.argv[i + 1] : undefined
}
const DURATION = Number(arg('--duration') ?? 10)
const CONNECTIONS = Number(arg('--connections') ?? 10)
const ONLY = arg('--only')
/** `--profile DIR`: the server writes a V8 CPU profile there (node --cpu-prof) when it stops. */
const PROFILE_DIR = arg('--profile')
/** `--endpoint determinations|screen`: run one endpoint only */
const ENDPOINT = arg('--endpoint')
/** `--parties fixed|new`: run one kind of body only */
const PARTIES = arg('--parties')
/** `--processes N`: N servers on one database (each its own port), the connections shared out among them */
const PROCESSES = Math.max(1, Number(arg('--processes') ?? 1))
const PG_URL = process.env.CHIPNAV_BENCH_DATABASE_URL?.trim() || 'postgres://postgres@127.0.0.1:5432/test'

/** The transaction of examples/h100-to-uae.json: a catalogue chip, one end user with an owner (two names screened). */
const DETERMINATION_BODY = readFileSync(join(REPO, 'examples/h100-to-uae.json'), 'utf8')
const SCREEN_BODY = JSON.stringify({ name: 'Huawei Technologies', country: 'CN' })

/** A request body each time it is called: the same one, or one with names not screened before. */
type BodySource = (names: () => string) => () => string
const fixedBody = (body: string): BodySource => () => () => body
/** the transaction of examples/h100-to-uae.json with a new end user and owner each time */
const variedDetermination: BodySource = (next) => {
  const tx = JSON.parse(DETERMINATION_BODY)
  return () => {
    tx.parties[0].name = next()
    tx.parties[0].owners[0].name = next()
    return JSON.stringify(tx)
  }
}
const variedScreen: BodySource = (next) => () => JSON.stringify({ name: next(), country: 'CN' })

/**
 * Each endpoint with a fixed body (every request the same: the server's screening cache answers the
 * parties after the first request) and with names never screened before (each request screens its names).
 */
const SCENARIOS: [string, 'fixed' | 'new names', BodySource][] = [
  ['/v1/determinations', 'fixed', fixedBody(DETERMINATION_BODY)],
  ['/v1/determinations', 'new names', variedDetermination],
  ['/v1/screen', 'fixed', fixedBody(SCREEN_BODY)],
  ['/v1/screen', 'new names', variedScreen],
]

/**
 * Names never screened before, in turn: the 50,000 people of negatives_us.csv (not on any list), then
 * numbered variants once those run out; numbered company names when ../shared is absent.
 */
function namePool(): () => string {
  const people = existsSync(NEGATIVES)
    ? readFileSync(NEGATIVES, 'utf8').split('\n').slice(1).map((l) => l.split(',')[0]!.trim()).filter((n) => n !== '')
    : []
  let i = 0
  return () => {
    const n = i++
    return n < people.length ? people[n]! : `Example Trading ${n} Company`
  }
}

type Row = { dialect: string; processes: number; endpoint: string; parties: string; requestsPerSec: number; p50: number; p90: number; p99: number; max: number; requests: number; errors: number; non2xx: number; serverCpuMsPerRequest: number; queriesPerRequest: number | null; databaseCpuMsPerRequest: number | null; loadAverage: string }

const loadAverage = () => loadavg().map((l) => l.toFixed(2)).join(' ')

/** user + system CPU time of a process so far, in ms (from /proc; 0 where there is no /proc) */
function cpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100 // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return 0
  }
}

/**
 * CPU time so far of the PostgreSQL backends serving this bench's servers (found by the application_name the
 * bench gives their connections; the database is local), by pid, in ms. The shared background processes
 * (WAL writer, checkpointer) are not counted.
 */
async function backendCpuMs(admin: pg.Client, applicationName: string): Promise<Map<number, number>> {
  const r = await admin.query<{ pid: number }>('select pid from pg_stat_activity where application_name = $1', [applicationName])
  return new Map(r.rows.map((x) => [x.pid, cpuMs(x.pid)]))
}
const cpuSpent = (before: Map<number, number>, after: Map<number, number>) => [...after].reduce((n, [pid, ms]) => n + ms - (before.get(pid) ?? 0), 0)

/** queries the servers sent to PostgreSQL so far (each counts into its own file: bench/api/count-queries.ts) */
function queriesSent(files: readonly string[]): number {
  return files.reduce((n, f) => n + (existsSync(f) ? Number(readFileSync(f, 'utf8')) || 0 : 0), 0)
}
const settle = () => new Promise((r) => setTimeout(r, 300))

async function main(): Promise<void> {
  const home = mkdtempSync(join(tmpdir(), 'chipnav-api-bench-'))
  const rows: Row[] = []
  try {
    const lists = await importLists(home)
    console.log(`lists: ${lists}`)
    for (const dialect of ['sqlite', 'postgres'] as const) {
      if (ONLY && ONLY !== dialect) continue
      const db: { url: string | undefined; drop: () => Promise<void>; backends?: () => Promise<Map<number, number>> } | null = dialect === 'postgres' ? await freshSchema() : { url: undefined, drop: async () => undefined }
      if (db === null) {
        console.log(`postgres: skipped, ${PG_URL} cannot be reached`)
        continue
      }
      try {
        const key = await adminKey(home, db.url)
        const countFiles = dialect === 'postgres' ? Array.from({ length: PROCESSES }, (_, i) => join(home, `queries-${i}.txt`)) : []
        const servers = await Promise.all(Array.from({ length: PROCESSES }, (_, i) => startServer(home, db.url, { ...(PROFILE_DIR ? { profileDir: PROFILE_DIR } : {}), ...(countFiles[i] ? { countQueriesFile: countFiles[i] } : {}) })))
        try {
          const names = namePool()
          for (const [endpoint, parties, body] of SCENARIOS) {
            if (ENDPOINT && `/v1/${ENDPOINT}` !== endpoint) continue
            if (PARTIES && !parties.startsWith(PARTIES)) continue
            const next = body(names)
            await runAll(servers, endpoint, next, key, 2) // warm-up
            await settle()
            const cpuBefore = servers.reduce((n, s) => n + cpuMs(s.pid), 0)
            const dbCpuBefore = db.backends ? await db.backends() : new Map<number, number>()
            const queriesBefore = queriesSent(countFiles)
            const load = loadAverage()
            const r = await runAll(servers, endpoint, next, key, DURATION)
            await settle()
            const cpu = servers.reduce((n, s) => n + cpuMs(s.pid), 0) - cpuBefore
            const perRequest = (x: number, digits: number) => (r.requests > 0 ? Number((x / r.requests).toFixed(digits)) : 0)
            const isPg = dialect === 'postgres'
            const row = {
              dialect,
              processes: PROCESSES,
              endpoint,
              parties,
              ...r,
              serverCpuMsPerRequest: perRequest(cpu, 3),
              queriesPerRequest: isPg ? perRequest(queriesSent(countFiles) - queriesBefore, 2) : null,
              databaseCpuMsPerRequest: db.backends ? perRequest(cpuSpent(dbCpuBefore, await db.backends()), 3) : null,
              loadAverage: `${load} → ${loadAverage()}`,
            }
            rows.push(row)
            console.log(JSON.stringify(row))
          }
        } finally {
          await Promise.all(servers.map((s) => s.stop()))
        }
      } finally {
        await db.drop()
      }
    }
  } finally {
    rmSync(home, { recursive: true, force: true })
  }
  console.log(`\nconcurrency ${CONNECTIONS} over ${PROCESSES} server process(es), ${DURATION} s per endpoint, Node ${process.version}, ${cpus().length} cores, load average now ${loadAverage()}\n`)
  console.log('| database | processes | endpoint | parties | requests/s | p50 ms | p90 ms | p99 ms | max ms | requests | errors / non-2xx | server CPU ms / request | queries / request | PostgreSQL backends CPU ms / request | load average (1, 5, 15 min) start → end |')
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|')
  for (const r of rows) console.log(`| ${r.dialect} | ${r.processes} | POST ${r.endpoint} | ${r.parties} | ${Math.round(r.requestsPerSec).toLocaleString('en-US')} | ${r.p50} | ${r.p90} | ${r.p99} | ${r.max} | ${r.requests.toLocaleString('en-US')} | ${r.errors} / ${r.non2xx} | ${r.serverCpuMsPerRequest} | ${r.queriesPerRequest ?? '—'} | ${r.databaseCpuMsPerRequest ?? '—'} | ${r.loadAverage} |`)
}

async function importLists(home: string): Promise<string> {
  const isReal = hasRealLists()
  const paths = REAL_LIST_PATHS()
  const files: SourceFile[] = paths.map((p) => ({ name: p.split('/').pop()!, bytes: readFileSync(p) }))
  const { snapshots } = await importListFiles({ home, files, now: new Date().toISOString() })
  return `${isReal ? 'real snapshots from ../shared/data/lists' : 'test fixtures (../shared/data/lists is absent)'}: ${snapshots.map((s) => `${s.source} ${s.totalRows}`).join(', ')}`
}

/** A fresh schema in the bench database, or null when it cannot be reached. */
async function freshSchema(): Promise<{ url: string; drop: () => Promise<void>; backends: () => Promise<Map<number, number>> } | null> {
  const schema = `chipnav_bench_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: PG_URL })
  try {
    await admin.connect()
  } catch {
    return null
  }
  await admin.query(`create schema ${schema}`)
  const u = new URL(PG_URL)
  u.searchParams.set('options', `-c search_path=${schema}`)
  u.searchParams.set('application_name', schema)
  return {
    url: u.toString(),
    backends: () => backendCpuMs(admin, schema),
    drop: async () => {
      await admin.query(`drop schema ${schema} cascade`).catch(() => undefined)
      await admin.end()
    },
  }
}

type RunResult = Pick<Row, 'requestsPerSec' | 'p50' | 'p90' | 'p99' | 'max' | 'requests' | 'errors' | 'non2xx'>

/**
 * autocannon against every server at once, the connections shared out among them (10 over 2 servers: 5
 * each); latencies are taken per response and merged, so the percentiles are those of all requests.
 */
async function runAll(servers: readonly { url: string }[], path: string, body: () => string, key: string, duration: number): Promise<RunResult> {
  const latencies: number[] = []
  const results = await Promise.all(
    servers.map((s, i) => {
      const connections = Math.floor(CONNECTIONS / servers.length) + (i < CONNECTIONS % servers.length ? 1 : 0)
      return new Promise<autocannon.Result>((resolve, reject) => {
        const options: autocannon.Options = {
          url: s.url,
          connections: Math.max(1, connections),
          duration,
          requests: [{ method: 'POST', path, headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, setupRequest: (req) => ({ ...req, body: body() }) }],
        }
        const instance = autocannon(options, (err, result) => (err ? reject(err) : resolve(result)))
        instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime))
      })
    }),
  )
  latencies.sort((a, b) => a - b)
  const at = (q: number) => (latencies.length === 0 ? 0 : Number(latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)]!.toFixed(1)))
  return {
    requestsPerSec: results.reduce((n, r) => n + r.requests.average, 0),
    p50: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    max: at(1),
    requests: results.reduce((n, r) => n + r.requests.total, 0),
    errors: results.reduce((n, r) => n + r.errors, 0),
    non2xx: results.reduce((n, r) => n + r.non2xx, 0),
  }
}

await main()
