/**
 * The API server's CPU per stored determination (issue 15, the PostgreSQL write path): one
 * server (`src/server/main.ts` of any checkout, as `npm start`) on PostgreSQL or SQLite, the API bench's fixed body
 * (`examples/h100-to-uae.json`, `POST /v1/determinations`) sent a fixed number of times by autocannon from this
 * process, and the server's user + system CPU time (from /proc) over the measured requests, ms per request. For
 * instruction counts, which repeat under load, see bench/api/inject-instructions.ts (in-process, no HTTP).
 *
 *   node --import tsx bench/api/server-cpu.ts [--code <checkout>] [--db postgres|sqlite] [--warm 1500]
 *     [--requests 2000] [--connections 5]
 *
 * `--code` (default this checkout): whose server runs, so one script measures two commits alike (a second checkout
 * with node_modules linked). PostgreSQL: CHIPNAV_BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test),
 * a fresh schema dropped afterwards. The lists are the real snapshots (bench/api/real-lists.ts), imported once into a
 * temp CHIPNAV_HOME. Method and results: bench/README.md, "PostgreSQL write path, session 7".
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'
import pg from 'pg'
import { importListFiles } from '../../src/screening/snapshots/import-list.js'
import { adminKey } from './bench-server.js'
import { REAL_LIST_PATHS } from './real-lists.js'

const argv = process.argv.slice(2)
const option = (name: string): string | undefined => (argv.includes(name) ? argv.splice(argv.indexOf(name), 2)[1] : undefined)
const code = resolve(option('--code') ?? fileURLToPath(new URL('../..', import.meta.url)))
const dialect = option('--db') ?? 'postgres'
const WARM = Number(option('--warm') ?? 1500)
const REQUESTS = Number(option('--requests') ?? 2000)
const CONNECTIONS = Number(option('--connections') ?? 5)
if (argv.length > 0) throw new Error(`unknown arguments ${argv.join(' ')}; usage: server-cpu.ts [--code DIR] [--db postgres|sqlite] [--warm N] [--requests N] [--connections N]`)
const PG_URL = process.env.CHIPNAV_BENCH_DATABASE_URL?.trim() || 'postgres://postgres@127.0.0.1:5432/test'
const BODY = readFileSync(join(code, 'examples/h100-to-uae.json'), 'utf8')

function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100
}

function start(home: string, databaseUrl: string | undefined): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: code,
    env: { ...process.env, CHIPNAV_HOME: home, CHIPNAV_DATABASE_URL: databaseUrl ?? '', HOST: '127.0.0.1', PORT: '0', CHIPNAV_LOG_LEVEL: 'warn', CHIPNAV_RATE_LIMIT: '100000000', CHIPNAV_MONITOR: '0' },
    stdio: ['ignore', 'inherit', 'pipe'],
  })
  return new Promise((ok, fail) => {
    let err = ''
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString()
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(err)
      if (m) ok({ url: m[1]!, child })
    })
    child.once('exit', (c) => fail(new Error(`the server exited (${c}):\n${err}`)))
  })
}

function send(url: string, key: string, amount: number): Promise<autocannon.Result> {
  return new Promise((ok, fail) => {
    autocannon(
      { url, connections: CONNECTIONS, amount, timeout: 600, requests: [{ method: 'POST', path: '/v1/determinations', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: BODY }] },
      (err, r) => (err ? fail(err) : r.non2xx > 0 || r.errors > 0 ? fail(new Error(`${r.non2xx} non-2xx, ${r.errors} errors`)) : ok(r)),
    )
  })
}

/** SIGTERM, and wait for the exit; at once when it has exited already. */
function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((ok) => {
    child.once('exit', () => ok())
    child.kill('SIGTERM')
  })
}

const home = mkdtempSync(join(tmpdir(), 'chipnav-server-cpu-'))
const schema = `chipnav_bench_${randomBytes(6).toString('hex')}`
const admin = dialect === 'postgres' ? new pg.Client({ connectionString: PG_URL }) : null
try {
  const files = REAL_LIST_PATHS().map((p) => ({ name: p.split('/').pop()!, bytes: readFileSync(p) }))
  await importListFiles({ home, files, now: new Date().toISOString() })
  let databaseUrl: string | undefined
  if (admin) {
    await admin.connect()
    await admin.query(`create schema ${schema}`)
    const u = new URL(PG_URL)
    u.searchParams.set('options', `-c search_path=${schema}`)
    databaseUrl = u.toString()
  }
  const key = await adminKey(home, databaseUrl)
  const { url, child } = await start(home, databaseUrl)
  try {
    await send(url, key, WARM)
    const load = loadavg()[0]!.toFixed(1)
    const before = cpuMs(child.pid!)
    const t0 = performance.now()
    await send(url, key, REQUESTS)
    const wall = performance.now() - t0
    const cpu = cpuMs(child.pid!) - before
    console.log(`${code} ${dialect}: ${REQUESTS} requests after ${WARM} warm-up, ${CONNECTIONS} connections: ${(cpu / REQUESTS).toFixed(3)} ms server CPU per request (${(REQUESTS / (wall / 1000)).toFixed(0)}/s, load ${load})`)
  } finally {
    await stop(child)
  }
} finally {
  if (admin) {
    await admin.query(`drop schema ${schema} cascade`).catch(() => undefined)
    await admin.end()
  }
  rmSync(home, { recursive: true, force: true })
}
