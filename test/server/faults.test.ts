/**
 * Faults of the database under the API: a disk that fills up and a database that turns read-only give a
 * clean problem+json (507 STORE_FULL, 503 STORE_READ_ONLY) and write nothing partial (the audit trail
 * verifies, the refused record is absent, writing resumes once the fault is gone); PostgreSQL connections
 * killed under load (pg_terminate_backend on this test's own connections, never a restart of the shared
 * server) give 503 STORE_UNAVAILABLE at worst, never a 500 or a dead process, and the server recovers
 * without a restart. SQLite's faults are simulated on the store's own connection (`max_page_count`,
 * `query_only`), so the test needs no privileges; the crash test (test/store/crash.test.ts) covers SIGKILL.
 */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { sql } from 'kysely'
import pg from 'pg'
import type { RecordsStore } from '../../src/records/records-store.js'
import { openSqliteDialect } from '../../src/store/dialects/sqlite/sqlite-dialect.js'
import { KyselyStore } from '../../src/store/kysely-store.js'
import { openStore, SQLITE_FILE_NAME } from '../../src/store/open-store.js'
import { assertProblem } from '../helpers/assert-problem.js'
import { PG_SKIP, PG_URL, urlWithSchema } from '../store/dialects-under-test.js'
import { openTestApp, type TestApp } from './server-fixture.js'

describe('SQLite: disk full and read-only', () => {
  let t: TestApp
  let home: string
  let pragma: (p: string) => Promise<unknown>
  before(async () => {
    home = mkdtempSync(join(tmpdir(), 'chipnav-fault-'))
    // migrate once, then hold the store's own connection so its pragmas apply to its writes
    await (await openStore({ home })).close()
    const dialect = openSqliteDialect({ file: join(home, SQLITE_FILE_NAME) })
    const store: RecordsStore = new KyselyStore(dialect)
    pragma = async (p) => (await sql.raw(`pragma ${p}`).execute(dialect.db)).rows
    t = await openTestApp({ name: 'sqlite', skip: false, open: async () => ({ store, config: { home }, exec: async () => [], cleanup: async () => store.close() }) })
  })
  after(async () => {
    await t?.close()
    rmSync(home, { recursive: true, force: true })
  })

  test('a full disk: 507 problem+json, nothing half-written, writing resumes when there is room', async () => {
    const rows = (await pragma('page_count')) as { page_count: number }[]
    await pragma(`max_page_count = ${rows[0]!.page_count + 2}`)
    const big = 'x'.repeat(400)
    const acked: string[] = []
    let full: Awaited<ReturnType<TestApp['call']>> | undefined
    for (let i = 0; i < 400 && !full; i++) {
      const r = await t.call('POST', '/v1/parties', { as: 'analyst', body: { name: `Party ${i} ${big}`, country: 'AE', identifiers: [{ scheme: 'note', value: big.slice(0, 200) }] } })
      if (r.statusCode === 201) acked.push(r.json().id)
      else full = r
    }
    assert.ok(full, 'the database never filled up')
    assertProblem(full, 507, 'STORE_FULL')
    const v = await t.store.verifyAudit()
    assert.equal(v.ok, true, JSON.stringify(v.problems.slice(0, 3)))
    const listed = (await t.call('GET', '/v1/parties?limit=500', { as: 'viewer' })).json().items.map((p: { id: string }) => p.id)
    assert.deepEqual(listed.sort(), [...acked].sort(), 'exactly the acknowledged parties exist')
    await pragma('max_page_count = 1073741823')
    assert.equal((await t.call('POST', '/v1/parties', { as: 'analyst', body: { name: 'After', country: 'AE' } })).statusCode, 201)
    assert.equal((await t.store.verifyAudit()).ok, true)
  })

  test('a read-only database: 503 problem+json, reads still answer, nothing written', async () => {
    const before = (await t.store.verifyAudit()).checked
    await pragma('query_only = ON')
    try {
      assertProblem(await t.call('POST', '/v1/parties', { as: 'analyst', body: { name: 'Never', country: 'AE' } }), 503, 'STORE_READ_ONLY')
      assertProblem(await t.call('POST', '/v1/determinations', { as: 'analyst', body: { date: '2024-06-01', item: { chip: 'nvidia-h100-sxm' }, quantity: 8, to: 'AE' } }), 503, 'STORE_READ_ONLY')
      assert.equal((await t.call('GET', '/v1/parties', { as: 'viewer' })).statusCode, 200)
    } finally {
      await pragma('query_only = OFF')
    }
    const v = await t.store.verifyAudit()
    assert.equal(v.ok, true)
    assert.equal(v.checked, before)
  })
})

describe('PostgreSQL: connections killed under load', { skip: PG_SKIP }, () => {
  let t: TestApp
  let admin: pg.Client
  const schema = `chipnav_fault_${randomBytes(6).toString('hex')}`
  const appName = `chipnav-fault-${randomBytes(4).toString('hex')}`
  before(async () => {
    admin = new pg.Client({ connectionString: PG_URL })
    await admin.connect()
    await admin.query(`create schema ${schema}`)
    const u = new URL(urlWithSchema(PG_URL!, schema))
    u.searchParams.set('application_name', appName)
    const store = await openStore({ home: tmpdir(), databaseUrl: u.toString() })
    t = await openTestApp({ name: 'postgres', skip: false, open: async () => ({ store, config: { home: tmpdir(), databaseUrl: u.toString() }, exec: async () => [], cleanup: async () => store.close() }) })
  })
  after(async () => {
    await t?.close()
    await admin?.query(`drop schema ${schema} cascade`).catch(() => undefined)
    await admin?.end()
  })

  test('only 2xx or 503 while connections die; every acknowledged write is kept; it recovers by itself', async () => {
    const acked: string[] = []
    const statuses = new Map<number, number>()
    const write = async (i: number) => {
      const r = await t.call('POST', '/v1/parties', { as: 'analyst', body: { name: `Load ${i}`, country: 'AE' } })
      statuses.set(r.statusCode, (statuses.get(r.statusCode) ?? 0) + 1)
      if (r.statusCode === 201) acked.push(r.json().id)
      else assertProblem(r, 503, 'STORE_UNAVAILABLE')
    }
    let killed = 0
    for (let round = 0; round < 4; round++) {
      const load = Promise.all(Array.from({ length: 25 }, (_, i) => write(round * 100 + i)))
      // kill this test's own backends (the application_name is unique to it) in the middle of the load
      const r = await admin.query('select pg_terminate_backend(pid) as ok from pg_stat_activity where application_name = $1 and pid <> pg_backend_pid()', [appName])
      killed += r.rowCount ?? 0
      await load
    }
    assert.ok(killed > 0, 'no connection was terminated')
    // recovered without a restart: the next writes and reads succeed
    for (let i = 0; i < 5; i++) {
      const r = await t.call('POST', '/v1/parties', { as: 'analyst', body: { name: `After ${i}`, country: 'AE' } })
      assert.equal(r.statusCode, 201, r.body)
      acked.push(r.json().id)
    }
    const listed = new Set<string>()
    let cursor: string | null = null
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = (await t.call('GET', `/v1/parties?limit=500${cursor ? `&cursor=${cursor}` : ''}`, { as: 'viewer' })).json()
      for (const p of page.items) listed.add(p.id)
      cursor = page.nextCursor
    } while (cursor)
    for (const id of acked) assert.ok(listed.has(id), `acknowledged party ${id} is missing`)
    const v = await t.store.verifyAudit()
    assert.equal(v.ok, true, JSON.stringify(v.problems.slice(0, 3)))
    assert.ok(!statuses.has(500), JSON.stringify([...statuses]))
  })
})
