/**
 * The store's write path alone (issue 15), without HTTP: `--writers` concurrent writers in this process
 * record `--writes` determinations (each with a 13 KB answer, like the API bench's) through one store,
 * and the script reports writes/s, p50/p99, the database queries sent per write (pg's Client.query
 * counted) and this process's CPU time per write, then verifies the chain. Queries and CPU per write
 * hardly move with the load on the box; the wall-clock figures do.
 *
 *   node --import tsx bench/api/store-writes.ts [--writes 2000] [--writers 10] [--stores 1]
 *
 * `--stores 2`: the writers are shared out among two stores (two connection pools, two create lanes) on the same
 * schema, as two API processes would be: each store's lane then finds the chain head moved by the other.
 *
 * PostgreSQL: CHIPNAV_BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), in a fresh
 * schema dropped afterwards.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { openStore } from '../../src/store/open-store.js'
import { countPgQueries } from './count-queries.js'

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name)
  return i >= 0 ? process.argv[i + 1] : undefined
}
const WRITES = Number(arg('--writes') ?? 2000)
const WRITERS = Number(arg('--writers') ?? 10)
const STORES = Math.max(1, Number(arg('--stores') ?? 1))
const PG_URL = process.env.CHIPNAV_BENCH_DATABASE_URL?.trim() || 'postgres://postgres@127.0.0.1:5432/test'

const queriesSent = countPgQueries()

const schema = `chipnav_bench_${randomBytes(6).toString('hex')}`
const admin = new pg.Client({ connectionString: PG_URL })
await admin.connect()
await admin.query(`create schema ${schema}`)
const home = mkdtempSync(join(tmpdir(), 'chipnav-store-writes-'))
try {
  const url = new URL(PG_URL)
  url.searchParams.set('options', `-c search_path=${schema}`)
  const store = await openStore({ home, databaseUrl: url.toString() })
  const stores = [store]
  for (let i = 1; i < STORES; i++) stores.push(await openStore({ home, databaseUrl: url.toString() }))
  const result = { date: '2025-06-01', regime: 'as-enforced', verdict: 'LICENSE_REQUIRED', to: 'CN', quantity: 1, item: { eccn: null }, listSnapshots: [], rulesVersion: 'bench', trace: 'x'.repeat(13_000) }
  const write = (w = 0) => stores[w % STORES]!.recordDetermination({ transaction: { date: '2025-06-01' }, result: result as never, actor: 'bench' })
  for (let i = 0; i < 50; i++) await write(i) // warm-up
  const load = loadavg().map((l) => l.toFixed(2)).join(' ')
  const queries0 = queriesSent()
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  const latencies: number[] = []
  let started = 0
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, w) => {
      while (started < WRITES) {
        started++
        const s = performance.now()
        await write(w)
        latencies.push(performance.now() - s)
      }
    }),
  )
  const ms = performance.now() - t0
  const cpu = process.cpuUsage(cpu0)
  latencies.sort((a, b) => a - b)
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)]!.toFixed(1)
  const v = await store.verifyAudit()
  console.log(
    JSON.stringify({
      writes: latencies.length,
      writers: WRITERS,
      stores: STORES,
      writesPerSec: Math.round((latencies.length / ms) * 1000),
      p50: at(0.5),
      p99: at(0.99),
      queriesPerWrite: Number(((queriesSent() - queries0) / latencies.length).toFixed(2)),
      cpuMsPerWrite: Number(((cpu.user + cpu.system) / 1000 / latencies.length).toFixed(3)),
      verified: v.ok,
      events: v.checked,
      loadAverage: `${load} → ${loadavg().map((l) => l.toFixed(2)).join(' ')}`,
    }),
  )
  for (const s of stores) await s.close()
} finally {
  await admin.query(`drop schema ${schema} cascade`).catch(() => undefined)
  await admin.end()
  rmSync(home, { recursive: true, force: true })
}
