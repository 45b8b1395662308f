/**
 * What a full audit verification costs on a store of a realistic size, beside an incremental one: `--parties`
 * parties and `--transactions` determinations (each with a 13 KB answer, like the API bench's) are recorded through
 * the store (so every row has its audit event), then a full verification and an incremental one (after one new
 * party) are timed `--rounds` times each, alternated. The full one is what `GET /v1/audit/verify?mode=full` and the
 * server's health check (at start, then every 6 hours) run, on a worker thread.
 *
 *   node --import tsx bench/audit-verify.ts [--parties 5000] [--transactions 20000] [--rounds 3] [--dialect sqlite|postgres]
 *
 * PostgreSQL: CHIPNAV_BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), in a fresh schema
 * dropped afterwards. Prints one JSON line: the events and rows, the seeding time, and per mode the median wall and
 * this process's CPU milliseconds (PostgreSQL's own CPU is not counted), and the load average.
 */
import { readFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { openScratchStore } from './scratch-store.js'

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name)
  return i >= 0 ? process.argv[i + 1] : undefined
}
const PARTIES = Number(arg('--parties') ?? 5000)
const TRANSACTIONS = Number(arg('--transactions') ?? 20000)
const ROUNDS = Number(arg('--rounds') ?? 3)
const DIALECT = arg('--dialect') ?? 'sqlite'
const PG_URL = process.env.CHIPNAV_BENCH_DATABASE_URL?.trim() || 'postgres://postgres@127.0.0.1:5432/test'

const example = JSON.parse(readFileSync(new URL('../examples/h100-to-uae.json', import.meta.url), 'utf8')) as Record<string, unknown>
const transaction = (i: number) => ({ ...example, parties: [{ ...(example.parties as object[])[0], name: `Example Cloud ${i} LLC` }] })
const result = { date: '2024-06-01', regime: 'as-enforced', verdict: 'LICENSE_REQUIRED', to: 'AE', quantity: 8, item: { eccn: '3A090.a' }, listSnapshots: [], rulesVersion: 'bench', trace: 'x'.repeat(13_000) }
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

async function timed(fn: () => Promise<unknown>): Promise<{ wall: number; cpu: number }> {
  const c0 = process.cpuUsage()
  const t0 = performance.now()
  await fn()
  const c = process.cpuUsage(c0)
  return { wall: performance.now() - t0, cpu: (c.user + c.system) / 1000 }
}

const scratch = await openScratchStore({ dialect: DIALECT, pgUrl: PG_URL, prefix: 'chipnav-auditbench' })
try {
  const store = scratch.store
  const seeding = await timed(async () => {
    for (let i = 0; i < PARTIES; i++) await store.createParty({ name: `Bench Party ${i} Trading LLC`, country: 'AE', actor: 'bench' })
    for (let i = 0; i < TRANSACTIONS; i++) await store.recordDetermination({ transaction: transaction(i), result: result as never, actor: 'bench' })
  })
  const runs: Record<'full' | 'incremental', { wall: number; cpu: number }[]> = { full: [], incremental: [] }
  let last: { checked: number; rowsChecked: number; ok: boolean } | undefined
  for (let r = 0; r < ROUNDS; r++) {
    let v: Awaited<ReturnType<typeof store.verifyAudit>> | undefined
    runs.full.push(await timed(async () => (v = await store.verifyAudit({ mode: 'full' }))))
    last = v
    await store.createParty({ name: `Bench New Party ${r}`, country: 'AE', actor: 'bench' })
    runs.incremental.push(await timed(() => store.verifyAudit({ mode: 'incremental' })))
  }
  await store.close()
  const m = (xs: { wall: number; cpu: number }[]) => ({ wallMs: Math.round(median(xs.map((x) => x.wall))), cpuMs: Math.round(median(xs.map((x) => x.cpu))) })
  console.log(JSON.stringify({ dialect: DIALECT, parties: PARTIES, transactions: TRANSACTIONS, events: last?.checked, rows: last?.rowsChecked, ok: last?.ok, seedingS: Math.round(seeding.wall / 1000), full: m(runs.full), incremental: m(runs.incremental), rounds: ROUNDS, loadavg: loadavg().map((x) => x.toFixed(2)) }))
} finally {
  await scratch.dispose()
}
