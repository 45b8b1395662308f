/**
 * What `GET /v1/transactions` costs the store, and how much of it is the deal each item shows (item, quantity,
 * destination, end user). `--rows` determinations are recorded (each with a 13 KB answer, like the API bench's),
 * then every page (500, the largest) of `listTransactions` is read `--rounds` times; each round also reads the same
 * rows with the driver directly, with and without the stored transaction text, and parses the deal out of that
 * text (`dealOf`), so the share of the list's time that goes to the text is measured beside the list itself.
 *
 *   node --import tsx bench/api/transaction-list.ts [--rows 3000] [--rounds 15] [--shape typical|large] [--dialect sqlite|postgres]
 *
 * `typical`: the README's H100-to-UAE transaction (~0.4 KB); `large`: the same with 20 parties of 10 owners each,
 * 200 red-flag answers and 50 certifications (~30 KB; the request limit allows 512 KB). PostgreSQL:
 * CHIPNAV_BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), in a fresh schema dropped afterwards.
 * Prints one JSON line: per page of 500, the median wall and this process's CPU milliseconds, and the load average.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import pg from 'pg'
import { openStore, SQLITE_FILE_NAME } from '../../src/store/open-store.js'

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name)
  return i >= 0 ? process.argv[i + 1] : undefined
}
const ROWS = Number(arg('--rows') ?? 3000)
const ROUNDS = Number(arg('--rounds') ?? 15)
const SHAPE = arg('--shape') ?? 'typical'
const DIALECT = arg('--dialect') ?? 'sqlite'
const PG_URL = process.env.CHIPNAV_BENCH_DATABASE_URL?.trim() || 'postgres://postgres@127.0.0.1:5432/test'
const PAGE = 500

const example = JSON.parse(readFileSync(new URL('../../examples/h100-to-uae.json', import.meta.url), 'utf8')) as Record<string, unknown>
function transaction(i: number): Record<string, unknown> {
  const t = { ...example, parties: [{ ...(example.parties as object[])[0], name: `Example Cloud ${i} LLC` }] }
  if (SHAPE !== 'large') return t
  const owners = Array.from({ length: 10 }, (_, k) => ({ name: `Holding ${i}-${k} Investment Company Limited`, share: 0.05, country: 'AE' }))
  return {
    ...t,
    parties: Array.from({ length: 20 }, (_, p) => ({ role: p === 19 ? 'end-user' : 'intermediate-consignee', name: `Party ${i}-${p} Trading and Logistics FZE`, country: 'AE', headquarters: 'AE', owners })),
    answers: Object.fromEntries(Array.from({ length: 200 }, (_, k) => [`red-flags.question-${k}`, k % 2 === 0])),
    certifications: Array.from({ length: 50 }, (_, k) => `policies.certification-${k}-statement-of-the-exporter`),
  }
}
const result = { date: '2024-06-01', regime: 'as-enforced', verdict: 'LICENSE_REQUIRED', to: 'AE', quantity: 8, item: { eccn: '3A090.a' }, listSnapshots: [], rulesVersion: 'bench', trace: 'x'.repeat(13_000) }

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const cpuMs = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1000

/** wall and CPU milliseconds of `fn` */
async function timed(fn: () => Promise<unknown>): Promise<{ wall: number; cpu: number }> {
  const c0 = process.cpuUsage()
  const t0 = performance.now()
  await fn()
  return { wall: performance.now() - t0, cpu: cpuMs(process.cpuUsage(c0)) }
}

const home = mkdtempSync(join(tmpdir(), 'chipnav-txlist-'))
const schema = `chipnav_bench_${randomBytes(6).toString('hex')}`
const admin = DIALECT === 'postgres' ? new pg.Client({ connectionString: PG_URL }) : undefined
try {
  let databaseUrl: string | undefined
  if (admin) {
    await admin.connect()
    await admin.query(`create schema ${schema}`)
    const url = new URL(PG_URL)
    url.searchParams.set('options', `-c search_path=${schema}`)
    databaseUrl = url.toString()
  }
  const store = await openStore({ home, ...(databaseUrl ? { databaseUrl } : {}) })
  for (let i = 0; i < ROWS; i++) await store.recordDetermination({ transaction: transaction(i), result: result as never, actor: 'bench' })
  const inputBytes = JSON.stringify(transaction(0)).length

  // the driver directly: the list's columns with and without the transaction text
  const cols = 'id, reference, as_of, regime, verdict, rules_version, list_snapshots, party_ids, recorded_at, recorded_by'
  let raw: (withInput: boolean, after: string) => Promise<Record<string, unknown>[]>
  let closeRaw: () => Promise<void>
  if (databaseUrl) {
    const c = new pg.Client({ connectionString: databaseUrl })
    await c.connect()
    raw = async (withInput, after) => (await c.query(`select ${cols}${withInput ? ', input' : ''} from transactions where id > $1 order by id limit ${PAGE}`, [after])).rows
    closeRaw = () => c.end()
  } else {
    const db = new BetterSqlite3(join(home, SQLITE_FILE_NAME), { readonly: true })
    const withText = db.prepare(`select ${cols}, input from transactions where id > ? order by id limit ${PAGE}`)
    const without = db.prepare(`select ${cols} from transactions where id > ? order by id limit ${PAGE}`)
    raw = async (withInput, after) => (withInput ? withText : without).all(after) as Record<string, unknown>[]
    closeRaw = async () => {
      db.close()
    }
  }
  const { dealOf } = await import('../../src/store/transactions.js').catch(() => ({ dealOf: undefined }))
  const pages = Math.ceil(ROWS / PAGE)
  const allRaw = async (withInput: boolean, parse: boolean) => {
    let after = ''
    for (;;) {
      const rows = await raw(withInput, after)
      if (rows.length === 0) break
      if (parse && dealOf) for (const r of rows) dealOf(String(r.input))
      after = String(rows[rows.length - 1]!.id)
    }
  }
  const list = async () => {
    let cursor: string | null = null
    do {
      const p = await store.listTransactions({ limit: PAGE, cursor })
      cursor = p.nextCursor
    } while (cursor)
  }
  for (let i = 0; i < 3; i++) await list() // warm-up
  const load0 = loadavg().map((l) => l.toFixed(2)).join(' ')
  const m = { list: [] as { wall: number; cpu: number }[], rawWithout: [] as { wall: number; cpu: number }[], rawWith: [] as { wall: number; cpu: number }[], rawWithParse: [] as { wall: number; cpu: number }[] }
  for (let r = 0; r < ROUNDS; r++) {
    m.list.push(await timed(list))
    m.rawWithout.push(await timed(() => allRaw(false, false)))
    m.rawWith.push(await timed(() => allRaw(true, false)))
    m.rawWithParse.push(await timed(() => allRaw(true, true)))
  }
  const perPage = (xs: { wall: number; cpu: number }[]) => ({ wallMs: Number((median(xs.map((x) => x.wall)) / pages).toFixed(2)), cpuMs: Number((median(xs.map((x) => x.cpu)) / pages).toFixed(2)) })
  console.log(
    JSON.stringify({
      dialect: DIALECT,
      shape: SHAPE,
      rows: ROWS,
      inputBytes,
      perPageOf500: { listTransactions: perPage(m.list), driverWithoutText: perPage(m.rawWithout), driverWithText: perPage(m.rawWith), ...(dealOf ? { driverWithTextAndDealOf: perPage(m.rawWithParse) } : {}) },
      loadAverage: `${load0} → ${loadavg().map((l) => l.toFixed(2)).join(' ')}`,
    }),
  )
  await closeRaw()
  await store.close()
} finally {
  if (admin) {
    await admin.query(`drop schema ${schema} cascade`).catch(() => undefined)
    await admin.end()
  }
  rmSync(home, { recursive: true, force: true })
}
