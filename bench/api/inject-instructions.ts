/**
 * A stored determination's CPU in the API process, counted in instructions (issue 15, the PostgreSQL write path):
 * `buildApp` of any checkout on a PostgreSQL store (a fresh schema, dropped afterwards) or a SQLite one (a temp home)
 * with the real lists, the API bench's fixed body (`examples/h100-to-uae.json`) sent with `app.inject` (no socket),
 * 5 at a time: 600 warm-up requests, then `N` counted.
 *
 *   node --import tsx bench/api/inject-instructions.ts [--code <checkout>] [--n 200] [--db postgres|sqlite] [--out FILE]
 *
 * runs itself under `valgrind --tool=callgrind` and prints one JSON line: instructions (Ir) per determination over
 * exactly the N counted requests, and how many it counted. The window is exact, not a timed toggle (session 9 found
 * `callgrind_control -i on` sent while the process blocked in spawnSync took effect ~116 requests late): the child
 * turns instrumentation on with `callgrind_control` awaited asynchronously (its event loop runs meanwhile, so the
 * command is taken at once), confirms it with `callgrind_control -s`, sends 20 more warm-up requests, then the counted
 * window is opened and closed by callgrind itself on entering two functions nothing else calls — `--zero-before` of
 * libuv's `uv_os_getpriority` (`os.getPriority()`) and `--dump-before` of `uv_uptime` (`os.uptime()`). Every counted
 * request calls `os.loadavg()` once (libuv's `uv_loadavg`, a `sysinfo` call); the driver reads the calls of
 * `uv_loadavg` in the dump and fails unless they are exactly N. `callgrind_annotate FILE.1` (the dump) gives the
 * functions. HTTP parsing and socket writes are not counted (bench/api/server-cpu.ts counts the whole server's CPU).
 * PostgreSQL: CHIPNAV_BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test).
 */
import { spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { getPriority, loadavg, tmpdir, uptime } from 'node:os'
import { basename, dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { REAL_LIST_PATHS } from './real-lists.js'
import { callsOf, totalIr } from './callgrind-file.js'

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name)
  return i >= 0 ? process.argv[i + 1] : undefined
}
const code = resolve(arg('--code') ?? fileURLToPath(new URL('../..', import.meta.url)))
const N = Number(arg('--n') ?? 200)
const DB = arg('--db') ?? 'postgres'
const PG_URL = process.env.CHIPNAV_BENCH_DATABASE_URL?.trim() || 'postgres://postgres@127.0.0.1:5432/test'
const WARM_UP = 600
const MARK = { zero: 'uv_os_getpriority', dump: 'uv_uptime', request: 'uv_loadavg' }

if (process.argv.includes('--child')) await child()
else await driver()

/** Runs this file under callgrind and checks the dump holds exactly N requests. */
async function driver(): Promise<void> {
  if (DB !== 'postgres' && DB !== 'sqlite') throw new Error(`--db is postgres or sqlite, not ${DB}`)
  const out = resolve(arg('--out') ?? join(mkdtempSync(join(tmpdir(), 'chipnav-callgrind-')), 'callgrind.out'))
  const self = fileURLToPath(import.meta.url)
  const r = spawnSync(
    'valgrind',
    ['--tool=callgrind', '--instr-atstart=no', `--zero-before=${MARK.zero}`, `--dump-before=${MARK.dump}`, `--callgrind-out-file=${out}`,
      process.execPath, '--single-threaded', '--import', 'tsx', self, '--child', '--code', code, '--n', String(N), '--db', DB],
    { stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8', maxBuffer: 64 << 20 },
  )
  if (r.status !== 0) throw new Error(`valgrind exited ${r.status}:\n${r.stderr.slice(-4000)}`)
  const dump = readdirSync(dirname(out))
    .filter((f) => f.startsWith(`${basename(out)}.`))
    .map((f) => join(dirname(out), f))
    .find((f) => readFileSync(f, 'utf8').includes(`Trigger: --dump-before=${MARK.dump}`))
  if (dump === undefined) throw new Error(`no callgrind dump triggered by ${MARK.dump} next to ${out}`)
  const text = readFileSync(dump, 'utf8')
  const counted = callsOf(text, MARK.request)
  const ir = totalIr(text)
  console.log(JSON.stringify({ code, db: DB, requests: N, counted, irPerDetermination: Math.round(ir / N), irTotal: ir, dump }))
  if (counted !== N) {
    console.error(`the window counted ${counted} requests, not ${N}: the figure above is wrong`)
    process.exit(1)
  }
}

async function child(): Promise<void> {
  const src = (p: string): Promise<any> => import(join(code, 'src', p)) // eslint-disable-line @typescript-eslint/no-explicit-any
  const { buildApp } = await src('server/app.ts')
  const { openStore } = await src('store/open-store.ts')
  const { loadRules } = await src('rules/load-rules.ts')
  const { importListFiles } = await src('screening/snapshots/import-list.ts')
  const { loadScreener } = await src('screening/snapshots/screening-index-store.ts')

  const home = mkdtempSync(join(tmpdir(), 'chipnav-inject-instr-'))
  const schema = `chipnav_bench_${randomBytes(6).toString('hex')}`
  const admin = DB === 'postgres' ? new pg.Client({ connectionString: PG_URL }) : undefined
  await admin?.connect()
  await admin?.query(`create schema ${schema}`)
  try {
    await importListFiles({ home, files: REAL_LIST_PATHS().map((p) => ({ name: p.split('/').pop()!, bytes: readFileSync(p) })), now: new Date().toISOString() })
    const url = new URL(PG_URL)
    url.searchParams.set('options', `-c search_path=${schema}`)
    const store = await openStore(DB === 'postgres' ? { home, databaseUrl: url.toString() } : { home })
    const app = await buildApp({ store, rules: loadRules(), screener: await loadScreener(home), clock: () => new Date(), home, rateLimit: { max: 1e9, timeWindowMs: 60_000 } })
    const key = (await store.createApiKey({ role: 'admin', label: 'bench', actor: 'bench' })).key
    const body = readFileSync(join(code, 'examples/h100-to-uae.json'), 'utf8')
    let isCounting = false
    const one = async () => {
      if (isCounting) loadavg() // one uv_loadavg per counted request: the driver checks the dump holds N
      const r = await app.inject({ method: 'POST', url: '/v1/determinations', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, payload: body })
      if (r.statusCode !== 201) throw new Error(r.body)
    }
    const batch = async (n: number) => {
      for (let i = 0; i < n; i += 5) await Promise.all([one(), one(), one(), one(), one()])
    }
    await batch(WARM_UP)
    await control(['-i', 'on'])
    const status = await control(['-s'])
    if (status.includes('switched off')) throw new Error(`callgrind instrumentation is still off:\n${status}`)
    await batch(20) // the code translated again with instrumentation
    const c0 = process.cpuUsage()
    getPriority() // --zero-before: the counted window opens
    isCounting = true
    await batch(N)
    isCounting = false
    uptime() // --dump-before: the counted window closes
    const c = process.cpuUsage(c0)
    console.error(`${code}: ${N} determinations, ${((c.user + c.system) / N / 1000).toFixed(3)} ms CPU per determination (under valgrind)`)
    await app.close()
    await store.close()
  } finally {
    await admin?.query(`drop schema ${schema} cascade`).catch(() => undefined)
    await admin?.end()
    rmSync(home, { recursive: true, force: true })
  }
}

/** `callgrind_control <args> <this pid>`, awaited without blocking the event loop (callgrind takes the command while this process runs). */
function control(args: string[]): Promise<string> {
  return new Promise((ok, fail) => {
    const p = spawn('callgrind_control', [...args, String(process.pid)], { stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    p.stdout.on('data', (d: Buffer) => (out += d.toString()))
    const tick = setInterval(() => undefined, 5)
    p.once('error', fail)
    p.once('exit', (code) => {
      clearInterval(tick)
      if (code === 0) ok(out)
      else fail(new Error(`callgrind_control ${args.join(' ')} exited ${code}`))
    })
  })
}
