/**
 * A stored determination's CPU in the API process, counted in instructions (issue 15, the PostgreSQL write path):
 * `buildApp` of any checkout on a PostgreSQL store (a fresh schema, dropped afterwards) with the real lists, the API
 * bench's fixed body (`examples/h100-to-uae.json`) sent with `app.inject` (no socket), 5 at a time: 600 warm-up
 * requests, then `N` counted. Run under callgrind, instrumentation on for the counted requests only:
 *
 *   valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file=OUT node --single-threaded --import tsx \
 *     bench/api/inject-instructions.ts [<checkout>] [N=200]
 *
 * then `callgrind_annotate OUT | head` gives the instructions (Ir) of the N requests; they repeat within a few per
 * cent whatever else the machine runs (`--single-threaded`: no background compiler or GC threads). Without valgrind it
 * prints the process's CPU per request. HTTP parsing and socket writes are not counted (bench/api/server-cpu.ts
 * counts the whole server's CPU). PostgreSQL: CHIPNAV_BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test).
 */
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { REAL_LIST_PATHS } from './real-lists.js'

const [codeArg, nArg] = process.argv.slice(2)
const code = resolve(codeArg ?? fileURLToPath(new URL('../..', import.meta.url)))
const N = Number(nArg ?? 200)
const PG_URL = process.env.CHIPNAV_BENCH_DATABASE_URL?.trim() || 'postgres://postgres@127.0.0.1:5432/test'
const src = (p: string): Promise<any> => import(join(code, 'src', p)) // eslint-disable-line @typescript-eslint/no-explicit-any
const { buildApp } = await src('server/app.ts')
const { openStore } = await src('store/open-store.ts')
const { loadRules } = await src('rules/load-rules.ts')
const { importListFiles } = await src('screening/snapshots/import-list.ts')
const { loadScreener } = await src('screening/snapshots/screening-index-store.ts')

const home = mkdtempSync(join(tmpdir(), 'chipnav-inject-instr-'))
const schema = `chipnav_bench_${randomBytes(6).toString('hex')}`
const admin = new pg.Client({ connectionString: PG_URL })
await admin.connect()
await admin.query(`create schema ${schema}`)
try {
  await importListFiles({ home, files: REAL_LIST_PATHS().map((p) => ({ name: p.split('/').pop()!, bytes: readFileSync(p) })), now: new Date().toISOString() })
  const url = new URL(PG_URL)
  url.searchParams.set('options', `-c search_path=${schema}`)
  const store = await openStore({ home, databaseUrl: url.toString() })
  const app = await buildApp({ store, rules: loadRules(), screener: await loadScreener(home), clock: () => new Date(), home, rateLimit: { max: 1e9, timeWindowMs: 60_000 } })
  const key = (await store.createApiKey({ role: 'admin', label: 'bench', actor: 'bench' })).key
  const body = readFileSync(join(code, 'examples/h100-to-uae.json'), 'utf8')
  const one = async () => {
    const r = await app.inject({ method: 'POST', url: '/v1/determinations', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, payload: body })
    if (r.statusCode !== 201) throw new Error(r.body)
  }
  const batch = async (n: number) => {
    for (let i = 0; i < n; i += 5) await Promise.all([one(), one(), one(), one(), one()])
  }
  await batch(600)
  spawnSync('callgrind_control', ['-i', 'on', String(process.pid)])
  const c0 = process.cpuUsage()
  await batch(N)
  const c = process.cpuUsage(c0)
  spawnSync('callgrind_control', ['-i', 'off', String(process.pid)])
  console.log(`${code}: ${N} determinations, ${((c.user + c.system) / N / 1000).toFixed(3)} ms CPU per determination`)
  await app.close()
  await store.close()
} finally {
  await admin.query(`drop schema ${schema} cascade`).catch(() => undefined)
  await admin.end()
  rmSync(home, { recursive: true, force: true })
}
