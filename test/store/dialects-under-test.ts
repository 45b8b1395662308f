/**
 * The databases the store tests run against: SQLite (a temp file) always; PostgreSQL when
 * CHIPNAV_TEST_DATABASE_URL is set, each opened store in a fresh schema (dropped at cleanup).
 * Tests get raw SQL access too, to tamper with the database behind the store's back.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import BetterSqlite3 from 'better-sqlite3'
import pg from 'pg'
import { openStore, SQLITE_FILE_NAME, type StoreConfig } from '../../src/store/open-store.js'
import type { RecordsStore } from '../../src/records/records-store.js'

export type OpenedStore = {
  store: RecordsStore
  /** what a second process needs to open the same database */
  config: StoreConfig
  /** raw SQL against the same database (`?` placeholders are rewritten to $n on PostgreSQL) */
  exec(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>
  cleanup(): Promise<void>
}

/** what a test may set on the store it opens */
export type OpenOptions = { now?: () => string; fourEyes?: boolean }

export type DialectUnderTest = {
  name: 'sqlite' | 'postgres'
  /** false, or why the dialect is skipped */
  skip: false | string
  open(options?: OpenOptions): Promise<OpenedStore>
}

export const PG_URL = process.env.CHIPNAV_TEST_DATABASE_URL?.trim() || undefined
export const PG_SKIP = PG_URL ? false : 'CHIPNAV_TEST_DATABASE_URL is not set: the PostgreSQL store suite is skipped (CI sets it)'

async function openSqlite(options: OpenOptions = {}): Promise<OpenedStore> {
  const home = mkdtempSync(join(tmpdir(), 'chipnav-store-'))
  const config: StoreConfig = { home, ...(options.now ? { now: options.now } : {}), ...(options.fourEyes !== undefined ? { fourEyes: options.fourEyes } : {}) }
  const store = await openStore(config)
  let raw: BetterSqlite3.Database | undefined
  return {
    store,
    config: { home },
    async exec(sql, params = []) {
      raw ??= new BetterSqlite3(join(home, SQLITE_FILE_NAME))
      const stmt = raw.prepare(sql)
      if (stmt.reader) return stmt.all(...params) as Record<string, unknown>[]
      stmt.run(...params)
      return []
    },
    async cleanup() {
      await store.close().catch(() => undefined)
      raw?.close()
      rmSync(home, { recursive: true, force: true })
    },
  }
}

/** The URL with search_path set to `schema` (pg passes `options` to the server at connect). */
export function urlWithSchema(url: string, schema: string): string {
  const u = new URL(url)
  u.searchParams.set('options', `-c search_path=${schema}`)
  return u.toString()
}

async function openPostgres(options: OpenOptions = {}): Promise<OpenedStore> {
  const schema = `chipnav_test_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: PG_URL })
  await admin.connect()
  await admin.query(`create schema ${schema}`)
  const databaseUrl = urlWithSchema(PG_URL!, schema)
  let store: RecordsStore
  try {
    store = await openStore({ home: tmpdir(), databaseUrl, ...(options.now ? { now: options.now } : {}), ...(options.fourEyes !== undefined ? { fourEyes: options.fourEyes } : {}) })
    await admin.query(`set search_path to ${schema}`)
  } catch (e) {
    await admin.query(`drop schema ${schema} cascade`).catch(() => undefined)
    await admin.end()
    throw e
  }
  return {
    store,
    config: { home: tmpdir(), databaseUrl },
    async exec(sql, params = []) {
      let n = 0
      const r = await admin.query(sql.replace(/\?/g, () => `$${++n}`), params)
      return r.rows as Record<string, unknown>[]
    },
    async cleanup() {
      await store.close().catch(() => undefined)
      await admin.query(`drop schema ${schema} cascade`).catch(() => undefined)
      await admin.end()
    },
  }
}

export function storeDialectsUnderTest(): DialectUnderTest[] {
  return [
    { name: 'sqlite', skip: false, open: openSqlite },
    { name: 'postgres', skip: PG_SKIP, open: openPostgres },
  ]
}
