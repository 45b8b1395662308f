/**
 * A short load test with the server's memory watched (issue 11): the same mixed load, run again and
 * again against one server, must not make its memory grow. Each round is `--duration` seconds of
 * autocannon at `--connections` over a mix of requests: determinations (stored), parties (stored),
 * hostile requests the server refuses (lone surrogates, NUL, 1e308, a 5,000-line system, a nonsense
 * cursor, no key), reads, and `/health`. After each round the server's resident memory (VmRSS from
 * /proc) is read after a short pause. Growth is reported from the second round on (the first warms up).
 *
 *   node --import tsx bench/api/load-memory.ts [--rounds 5] [--duration 8] [--connections 8] [--only sqlite|postgres]
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import autocannon from 'autocannon'
import pg from 'pg'
import { adminKey, startServer } from './bench-server.js'

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name)
  return i >= 0 ? process.argv[i + 1] : undefined
}
const ROUNDS = Number(arg('--rounds') ?? 5)
const DURATION = Number(arg('--duration') ?? 8)
const CONNECTIONS = Number(arg('--connections') ?? 8)
const ONLY = arg('--only')
const PG_URL = process.env.CHIPNAV_BENCH_DATABASE_URL?.trim() || 'postgres://postgres@127.0.0.1:5432/test'

const TX = { date: '2024-06-01', item: { chip: 'nvidia-h100-sxm' }, quantity: 8, to: 'AE', parties: [{ role: 'end-user', name: 'Example Cloud LLC', country: 'AE' }] }
const BIG_SYSTEM = { date: '2024-06-01', item: { spec: { id: 'big', kind: 'system', components: Array.from({ length: 5000 }, () => ({ chip: 'nvidia-h100-sxm', count: 1 })) } } }

function requests(key: string): autocannon.Request[] {
  const auth = { authorization: `Bearer ${key}`, 'content-type': 'application/json' }
  let n = 0
  return [
    { method: 'POST', path: '/v1/determinations', headers: auth, body: JSON.stringify(TX) },
    { method: 'POST', path: '/v1/parties', headers: auth, setupRequest: (r) => ({ ...r, body: JSON.stringify({ name: `Load Party ${n++}`, country: 'AE' }) }) },
    { method: 'POST', path: '/v1/parties', headers: auth, body: '{"name":"x\\ud800y","country":"AE"}' },
    { method: 'POST', path: '/v1/parties', headers: auth, body: '{"name":"x\\u0000y","country":"AE"}' },
    { method: 'POST', path: '/v1/allocations', headers: auth, body: '{"kind":"tier2-country","country":"IN","year":2025,"tpp":1e308}' },
    { method: 'POST', path: '/v1/classify', headers: auth, body: JSON.stringify(BIG_SYSTEM) },
    { method: 'GET', path: '/v1/parties?cursor=zzz', headers: auth },
    { method: 'GET', path: '/v1/parties?limit=50', headers: auth },
    { method: 'GET', path: '/v1/transactions?limit=20', headers: auth },
    { method: 'GET', path: '/v1/parties', headers: { authorization: 'Bearer wrong' } },
    { method: 'GET', path: '/health' },
  ]
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return m ? Number(m[1]) / 1024 : NaN
}

async function freshSchema(): Promise<{ url: string; drop: () => Promise<void> } | null> {
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
  return { url: u.toString(), drop: async () => (await admin.query(`drop schema ${schema} cascade`).catch(() => undefined), await admin.end()) }
}

async function main(): Promise<void> {
  for (const dialect of ['sqlite', 'postgres'] as const) {
    if (ONLY && ONLY !== dialect) continue
    const home = mkdtempSync(join(tmpdir(), 'chipnav-load-'))
    const db = dialect === 'postgres' ? await freshSchema() : { url: undefined, drop: async () => undefined }
    if (db === null) {
      console.log(`postgres: skipped, ${PG_URL} cannot be reached`)
      continue
    }
    try {
      const key = await adminKey(home, db.url)
      // the failed-authentication limit would turn the wrong-key requests into 429s at once: both are refusals, so keep it
      const server = await startServer(home, db.url)
      try {
        console.log(`\n${dialect}: ${ROUNDS} rounds of ${DURATION} s, ${CONNECTIONS} connections; server RSS at start ${rssMb(server.pid).toFixed(0)} MB`)
        console.log('| round | requests | requests/s | p50 ms | p99 ms | 2xx | 4xx | 5xx | errors | server RSS MB |')
        console.log('|---|---|---|---|---|---|---|---|---|---|')
        const rss: number[] = []
        for (let round = 1; round <= ROUNDS; round++) {
          const r = await autocannon({ url: server.url, connections: CONNECTIONS, duration: DURATION, requests: requests(key) })
          await sleep(1500)
          rss.push(rssMb(server.pid))
          console.log(`| ${round} | ${r.requests.total} | ${Math.round(r.requests.average)} | ${r.latency.p50} | ${r.latency.p99} | ${r['2xx']} | ${r['4xx']} | ${r['5xx']} | ${r.errors} | ${rss[rss.length - 1]!.toFixed(0)} |`)
        }
        const settled = rss.slice(1)
        if (settled.length >= 2) console.log(`RSS from round 2 to round ${ROUNDS}: ${settled[0]!.toFixed(0)} → ${settled[settled.length - 1]!.toFixed(0)} MB (${(((settled[settled.length - 1]! - settled[0]!) / settled[0]!) * 100).toFixed(1)}%), max ${Math.max(...settled).toFixed(0)} MB`)
      } finally {
        await server.stop()
      }
    } finally {
      await db.drop()
      rmSync(home, { recursive: true, force: true })
    }
  }
}

await main()
