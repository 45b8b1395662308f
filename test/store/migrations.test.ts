/**
 * Migrations are frozen once shipped and run in order at open: a database created by the first schema
 * (2026-11-26-init) and written to, then opened by the current code, gains the later tables
 * (2026-11-27-approvals, …, 2026-12-07-audit-keyed-chain), keeps its audit chain valid (its events keep their
 * sha256 links; new ones are keyed), and takes the new writes. SQLite always;
 * PostgreSQL when CHIPNAV_TEST_DATABASE_URL is set (a fresh schema, dropped at the end).
 */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { Migrator, sql } from 'kysely'
import pg from 'pg'
import type { StoreDialect } from '../../src/store/dialect.js'
import { KyselyStore } from '../../src/store/kysely-store.js'
import { eventHash } from '../../src/records/hash-chain.js'
import { init20261126 } from '../../src/store/migrations/2026-11-26-init.js'
import { rowHash } from '../../src/records/hash-chain.js'
import { sha256Hex } from '../../src/shared/hash.js'
import { toJson } from '../../src/store/json.js'
import { dealOf, summaryFromRow } from '../../src/store/transactions.js'
import { allPages } from '../../src/records/all-pages.js'
import { migrationsOf } from '../../src/store/open-store.js'
import { openStore, SQLITE_FILE_NAME, type StoreConfig } from '../../src/store/open-store.js'
import { PG_SKIP, PG_URL, urlWithSchema } from './dialects-under-test.js'

type Target = { config: StoreConfig; openDialect(): Promise<StoreDialect>; cleanup(): Promise<void> }

async function sqliteTarget(): Promise<Target> {
  const home = mkdtempSync(join(tmpdir(), 'chipnav-migrate-'))
  return {
    config: { home },
    openDialect: async () => (await import('../../src/store/dialects/sqlite/sqlite-dialect.js')).openSqliteDialect({ file: join(home, SQLITE_FILE_NAME) }),
    cleanup: async () => rmSync(home, { recursive: true, force: true }),
  }
}

async function postgresTarget(): Promise<Target> {
  const schema = `chipnav_migrate_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: PG_URL })
  await admin.connect()
  await admin.query(`create schema ${schema}`)
  const url = urlWithSchema(PG_URL!, schema)
  return {
    config: { home: tmpdir(), databaseUrl: url },
    openDialect: async () => (await import('../../src/store/dialects/postgres/postgres-dialect.js')).openPostgresDialect({ url }),
    cleanup: async () => {
      await admin.query(`drop schema ${schema} cascade`).catch(() => undefined)
      await admin.end()
    },
  }
}

const targets = [
  { name: 'sqlite', skip: false as const, make: sqliteTarget },
  { name: 'postgres', skip: PG_SKIP, make: postgresTarget },
]

describe('migrations', () => {
  for (const t of targets) {
    test(`${t.name}: a database of the first schema, with records, is migrated at open; its audit chain still verifies and approvals work`, { skip: t.skip }, async () => {
      const target = await t.make()
      try {
        // 1. the database as the first release left it
        const dialect = await target.openDialect()
        const schema = await dialect.currentSchema()
        const migrator = new Migrator({ db: dialect.db, provider: { getMigrations: async () => ({ '2026-11-26-init': init20261126(dialect.capabilities.columnTypes) }) }, ...(schema !== undefined ? { migrationTableSchema: schema } : {}) })
        const first = await migrator.migrateToLatest()
        assert.equal(first.error, undefined)
        const old = new KyselyStore(dialect)
        await old.createParty({ name: 'Old Co', country: 'DE', actor: 'alice' })
        const result = { date: '2025-02-02', regime: 'as-enforced', verdict: 'LICENSE_REQUIRED', listSnapshots: [], rulesVersion: 'test' }
        // a transaction as the first release wrote it (today's store also writes the deal columns added since)
        const txn = await recordAsInFirstSchema(dialect, { transaction: { date: '2025-02-02', item: { chip: 'nvidia-h100-sxm' }, quantity: 8, to: 'AE', parties: [{ role: 'end-user', name: 'Example Cloud LLC', country: 'AE' }] }, result, actor: 'alice' })
        await old.close()

        // 2. the current code opens it
        const store = await openStore(target.config)
        try {
          const v = await store.verifyAudit()
          assert.equal(v.ok, true, v.problem)
          assert.equal(v.checked, 2)
          const stored = await store.getTransaction(txn.id)
          assert.equal(stored.approvalStatus, 'pending')
          // 2026-12-10-transaction-deal filled the deal the list shows from the stored text
          const listed = (await store.listTransactions()).items.find((x) => x.id === txn.id)
          assert.deepEqual(listed && { item: listed.item, quantity: listed.quantity, destination: listed.destination, endUser: listed.endUser }, { item: 'nvidia-h100-sxm', quantity: 8, destination: 'AE', endUser: 'Example Cloud LLC' })
          await store.approveTransaction({ transactionId: txn.id, decision: 'rejected', reason: 'no licence will be applied for', actor: 'bob' })
          assert.equal((await store.getTransaction(txn.id)).approvalStatus, 'rejected')
          const after = await store.verifyAudit()
          assert.equal(after.ok, true, after.problem)
          assert.equal(after.rowsChecked, 3)
          // the history keeps its sha256 links; what is written after the migration is keyed (HMAC)
          const events = (await store.listAuditEvents()).items
          const plain = events.map((e) => {
            const { prevHash, hash, ...content } = e
            return hash === eventHash(prevHash, content, null)
          })
          assert.deepEqual(plain, [true, true, false])
        } finally {
          await store.close()
        }
        // 3. and again: nothing left to migrate
        const again = await openStore(target.config)
        assert.equal((await again.verifyAudit()).ok, true)
        await again.close()
      } finally {
        await target.cleanup()
      }
    })
  }
})

describe('a store opened only to read (ifMissing: refuse)', () => {
  for (const t of targets) {
    test(`${t.name}: a database that does not exist is refused with STORE_NOT_FOUND and nothing is created; once created, it opens`, { skip: t.skip }, async () => {
      const target = await t.make()
      try {
        await assert.rejects(openStore({ ...target.config, ifMissing: 'refuse' }), (e: unknown) => (e as { code?: string }).code === 'STORE_NOT_FOUND' && (t.name === 'sqlite' ? new RegExp(`no chipnav database at ${join(target.config.home, SQLITE_FILE_NAME)}`) : /PostgreSQL database \(CHIPNAV_DATABASE_URL\) has no chipnav tables/).test((e as Error).message))
        if (t.name === 'sqlite') {
          assert.deepEqual(readdirSync(target.config.home), [], 'no database file, no audit key')
        } else {
          const dialect = await target.openDialect()
          try {
            const { rows } = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables where table_schema = current_schema()`.execute(dialect.db)
            assert.equal(rows[0]!.n, 0, 'no table was created')
          } finally {
            await dialect.db.destroy()
          }
        }
        const created = await openStore(target.config)
        await created.close()
        const reader = await openStore({ ...target.config, ifMissing: 'refuse' })
        assert.equal((await reader.verifyAudit()).ok, true)
        await reader.close()
      } finally {
        await target.cleanup()
      }
    })
  }
})

/**
 * Records a determination as the first release's store did, in the schema of 2026-11-26-init: its row (no columns
 * added since) and its audit event, chained with plain sha256 (no audit key then).
 */
async function recordAsInFirstSchema(dialect: StoreDialect, d: { transaction: unknown; result: { date: string; regime: string; verdict: string; listSnapshots: unknown[]; rulesVersion: string }; actor: string }): Promise<{ id: string }> {
  const db = dialect.db as any
  const at = new Date().toISOString()
  const row = { id: `txn_first_${randomBytes(4).toString('hex')}`, reference: null, as_of: d.result.date, regime: d.result.regime, verdict: d.result.verdict, rules_version: d.result.rulesVersion, list_snapshots: toJson(d.result.listSnapshots), party_ids: toJson([]), input: toJson(d.transaction), result: toJson(d.result), recorded_at: at, recorded_by: d.actor }
  const record = { ...summaryFromRow(row, false), inputSha256: sha256Hex(row.input), resultSha256: sha256Hex(row.result) }
  const head = await db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow()
  const event = { seq: Number(head.seq) + 1, at, actor: d.actor, action: 'transaction.recorded', entityType: 'transaction', entityId: row.id, beforeHash: null, afterHash: rowHash(record), data: { verdict: row.verdict } }
  const hash = eventHash(head.hash, event as never, null)
  await db.insertInto('transactions').values(row).execute()
  await db.insertInto('audit_events').values({ seq: event.seq, at, actor: event.actor, action: event.action, entity_type: event.entityType, entity_id: event.entityId, before_hash: null, after_hash: event.afterHash, data: toJson(event.data), prev_hash: head.hash, hash }).execute()
  await db.updateTable('audit_head').set({ seq: event.seq, hash }).where('id', '=', 1).execute()
  return { id: row.id }
}

/** The database as the release before `migration` left it: every migration that sorts before it, run. */
async function openMigratedBefore(target: Target, migration: string): Promise<StoreDialect> {
  const dialect = await target.openDialect()
  const schema = await dialect.currentSchema()
  const before = Object.fromEntries(Object.entries(migrationsOf(dialect)).filter(([name]) => name < migration))
  const migrator = new Migrator({ db: dialect.db, provider: { getMigrations: async () => before }, ...(schema !== undefined ? { migrationTableSchema: schema } : {}) })
  assert.equal((await migrator.migrateToLatest()).error, undefined)
  return dialect
}

describe('migration 2026-12-10-deployment-shipment-links', () => {
  for (const t of targets) {
    test(`${t.name}: shipments named at creation move from JSON text to the one relation; the audited records read the same; a legacy double name is kept and held by the first`, { skip: t.skip }, async () => {
      const target = await t.make()
      try {
        const dialect = await openMigratedBefore(target, '2026-12-10-deployment-shipment-links')
        // shipment records (their tables are unchanged, so today's store writes them)
        const old = new KyselyStore(dialect)
        const lic = await old.createLicense({ number: 'MIG-1', destinations: ['DE', 'NL'], validFrom: '2026-01-01', validTo: '2028-12-31', actor: 'test' })
        const shp: string[] = []
        for (let i = 0; i < 5; i++) shp.push((await old.recordShipment({ licenseId: lic.id, quantity: 2, shippedOn: '2026-02-01', destination: i === 4 ? 'NL' : 'DE', override: { reason: `s${i}` }, actor: 'test' })).shipment.id)
        // deployments as the old code wrote them, including what it did not check before session 5: a shipment
        // named by two deployments (A first, then B) and twice in one list (C); A's last id was tied later
        const db = dialect.db as any
        const dep = (id: string, createdAt: string, ids: string[]) => ({ id, site_country: 'DE', operator_name: `Op ${id}`, address: 'x', declared_capacity: 100, shipped_quantity: 10, shipment_ids: JSON.stringify(ids), attestation_interval_days: 90, deployed_on: '2026-01-10', created_at: createdAt, created_by: 'alice' })
        const legacy = [dep('dep_a', '2026-03-01T00:00:00.000Z', [shp[0]!, shp[1]!, shp[4]!]), dep('dep_b', '2026-03-02T00:00:00.000Z', [shp[0]!]), dep('dep_c', '2026-03-03T00:00:00.000Z', [shp[2]!, shp[2]!]), dep('dep_d', '2026-03-04T00:00:00.000Z', [])]
        await db.insertInto('deployments').values(legacy).execute()
        await db.insertInto('deployment_shipments').values({ id: 'dsh_a', deployment_id: 'dep_a', shipment_id: shp[4], quantity: 2, serials: '[]', shipped_on: '2026-02-01', recorded_at: '2026-03-05T00:00:00.000Z', recorded_by: 'alice' }).execute()
        // the record each row hashed to under the old code (shipmentIds parsed from the JSON text)
        const oldHash = (r: ReturnType<typeof dep>) => rowHash({ id: r.id, site: { country: r.site_country, operator: r.operator_name, address: r.address, declaredCapacity: r.declared_capacity }, shippedQuantity: r.shipped_quantity, shipmentIds: JSON.parse(r.shipment_ids), attestationIntervalDays: r.attestation_interval_days, deployedOn: r.deployed_on, createdAt: r.created_at, createdBy: r.created_by })
        await old.close()

        // 2. the current code opens it
        const store = await openStore(target.config)
        try {
          for (const r of legacy) {
            const { deployment, shippedTo } = await store.getDeployment(r.id)
            assert.deepEqual(deployment.shipmentIds, JSON.parse(r.shipment_ids), r.id)
            assert.equal(rowHash(deployment), oldHash(r), `${r.id}: the audited record reads the same`)
            assert.deepEqual(shippedTo.map((x) => x.shipmentId).sort(), [...new Set(JSON.parse(r.shipment_ids) as string[])].sort())
          }
          assert.deepEqual((await store.listDeployments()).items.map((d) => d.shipmentIds.length), [3, 1, 2, 0])
          // the first name holds: the shipment named by A then B is A's; C's double name is C's; nothing ties them again
          const fresh = await store.createDeployment({ site: { country: 'DE', operator: 'New Op', address: 'y', declaredCapacity: 10 }, shippedQuantity: 1, attestationIntervalDays: 90, deployedOn: '2026-04-01', actor: 'alice' })
          for (const [id, holder] of [[shp[0]!, 'dep_a'], [shp[2]!, 'dep_c'], [shp[4]!, 'dep_a']] as const) {
            await assert.rejects(store.addDeploymentShipment({ deploymentId: fresh.id, shipmentId: id, actor: 'alice' }), (e: { code?: string; details?: { deploymentId?: string } }) => e.code === 'DEPLOYMENT_SHIPMENT_TAKEN' && e.details?.deploymentId === holder)
          }
          // a free shipment ties after the moved ones, in order
          const tied = await store.addDeploymentShipment({ deploymentId: 'dep_d', shipmentId: shp[3]!, actor: 'alice' })
          assert.deepEqual(tied.deployment.shipmentIds, [shp[3]])
          const more = await store.createDeployment({ site: { country: 'DE', operator: 'New Op', address: 'y', declaredCapacity: 10 }, shippedQuantity: 1, shipmentIds: [], attestationIntervalDays: 90, deployedOn: '2026-04-01', actor: 'alice' })
          assert.deepEqual((await store.getDeployment(more.id)).deployment.shipmentIds, [])
          // the old column and the later ties' own unique index are gone: one relation, one guarantee
          const cols = await columnsOf(target, dialect.name, 'deployments')
          assert.ok(!cols.includes('shipment_ids'), cols.join(', '))
        } finally {
          await store.close()
        }
      } finally {
        await target.cleanup()
      }
    })
  }
})

describe('migration 2026-12-10-transaction-deal', () => {
  for (const t of targets) {
    test(`${t.name}: every stored transaction's deal is filled from its text, in chunks, whatever the text holds`, { skip: t.skip }, async () => {
      const target = await t.make()
      try {
        const dialect = await openMigratedBefore(target, '2026-12-10-transaction-deal')
        // texts a store may hold: full deals, partial ones, an item by spec or ECCN, no end user, not an object at all
        const texts = [
          { item: { chip: 'nvidia-h100-sxm' }, quantity: 8, to: 'AE', parties: [{ role: 'purchaser', name: 'Buyer' }, { role: 'end-user', name: 'Example Cloud LLC' }] },
          { item: { spec: { id: 'custom-1' } }, quantity: 2.5, to: 'CN' },
          { item: { eccn: '4A090.a' }, to: '' },
          { item: { chip: '', system: 'dgx-h100' }, parties: 'not a list' },
          null,
          'a string',
          [1, 2],
        ]
        const n = 1203 // more than two chunks of 500
        const rows = Array.from({ length: n }, (_, i) => ({ id: `txn_${String(i).padStart(6, '0')}`, reference: null, as_of: '2025-01-01', regime: 'as-enforced', verdict: 'NLR', rules_version: 'x', list_snapshots: '[]', party_ids: '[]', input: JSON.stringify(texts[i % texts.length]), result: '{}', recorded_at: '2025-01-01T00:00:00.000Z', recorded_by: 'alice' }))
        for (let i = 0; i < n; i += 200) await (dialect.db as any).insertInto('transactions').values(rows.slice(i, i + 200)).execute()
        await dialect.db.destroy()

        const store = await openStore(target.config)
        try {
          const listed = await allPages((o) => store.listTransactions(o))
          assert.equal(listed.length, n)
          for (const [i, x] of listed.entries()) {
            assert.deepEqual({ item: x.item, quantity: x.quantity, destination: x.destination, endUser: x.endUser }, dealOf(rows[i]!.input), `${x.id}: ${rows[i]!.input}`)
          }
          assert.deepEqual(listed.slice(0, 4).map((x) => [x.item, x.quantity, x.destination, x.endUser]), [
            ['nvidia-h100-sxm', 8, 'AE', 'Example Cloud LLC'],
            ['custom-1', 2.5, 'CN', null],
            ['4A090.a', null, null, null],
            ['dgx-h100', null, null, null],
          ])
        } finally {
          await store.close()
        }
      } finally {
        await target.cleanup()
      }
    })
  }
})

/** the columns of a table, read from the database's catalogue */
async function columnsOf(target: Target, dialect: 'sqlite' | 'postgres', table: string): Promise<string[]> {
  const d = await target.openDialect()
  try {
    const tables = await d.db.introspection.getTables()
    return tables.find((x) => x.name === table)?.columns.map((c) => c.name) ?? []
  } finally {
    await d.db.destroy()
  }
}

test('postgres: stores open while other schemas of the same database are created and dropped (the migrator reads every schema)', { skip: PG_SKIP }, async () => {
  const admin = new pg.Client({ connectionString: PG_URL })
  await admin.connect()
  const churner = new pg.Client({ connectionString: PG_URL })
  await churner.connect()
  const tag = randomBytes(4).toString('hex')
  let isChurning = true
  // another tenant's schemas coming and going, each with a table the migrator's catalogue scan passes over
  const churn = (async () => {
    for (let i = 0; isChurning; i++) {
      const other = `chipnav_churn_${tag}_${i}`
      await churner.query(`create schema ${other}; create table ${other}.t (id serial primary key, v text)`)
      await churner.query(`drop schema ${other} cascade`)
    }
  })()
  const schemas = Array.from({ length: 6 }, (_, i) => `chipnav_open_${tag}_${i}`)
  try {
    for (const schema of schemas) {
      await admin.query(`create schema ${schema}`)
      const store = await openStore({ home: tmpdir(), databaseUrl: urlWithSchema(PG_URL!, schema) })
      assert.equal((await store.verifyAudit()).ok, true)
      await store.close()
    }
  } finally {
    isChurning = false
    await churn.catch(() => undefined)
    for (const schema of schemas) await admin.query(`drop schema if exists ${schema} cascade`).catch(() => undefined)
    await admin.end()
    await churner.end()
  }
})
