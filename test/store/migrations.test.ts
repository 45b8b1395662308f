/**
 * Migrations are frozen once shipped and run in order at open: a database created by the first schema
 * (2026-11-26-init) and written to, then opened by the current code, gains the later tables
 * (2026-11-27-approvals, …, 2026-12-07-audit-keyed-chain), keeps its audit chain valid (its events keep their
 * sha256 links; new ones are keyed), and takes the new writes. SQLite always;
 * PostgreSQL when CHIPNAV_TEST_DATABASE_URL is set (a fresh schema, dropped at the end).
 */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { Migrator } from 'kysely'
import pg from 'pg'
import type { StoreDialect } from '../../src/store/dialect.js'
import { KyselyStore } from '../../src/store/kysely-store.js'
import { eventHash } from '../../src/records/hash-chain.js'
import { init20261126 } from '../../src/store/migrations/2026-11-26-init.js'
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
        const txn = await old.recordDetermination({ transaction: { date: '2025-02-02' }, result: result as never, actor: 'alice' })
        await old.close()

        // 2. the current code opens it
        const store = await openStore(target.config)
        try {
          const v = await store.verifyAudit()
          assert.equal(v.ok, true, v.problem)
          assert.equal(v.checked, 2)
          const stored = await store.getTransaction(txn.id)
          assert.equal(stored.approvalStatus, 'pending')
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
