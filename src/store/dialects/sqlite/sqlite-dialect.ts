/**
 * SQLite through better-sqlite3 (one file under CHIPNAV_HOME).
 *
 * Durability: WAL journal with synchronous=NORMAL by default. A commit appends the transaction to the
 * WAL file with write() before better-sqlite3 returns, so the data is in the operating system's page
 * cache when the store acknowledges a write: a process killed with SIGKILL (or crashing) loses nothing
 * it acknowledged, and the database stays consistent. What NORMAL gives up is only durability across a
 * power loss or kernel crash for the last transactions (never corruption); `synchronous: 'FULL'` fsyncs
 * the WAL at every commit and keeps those too, at a cost of one fsync per write.
 * busy_timeout lets another process's writer finish instead of failing at once.
 */
import BetterSqlite3 from 'better-sqlite3'
import { Kysely, SqliteDialect, type SqliteDatabase, type SqliteStatement } from 'kysely'
import type { Database } from '../../schema.js'
import type { StoreDialect } from '../../dialect.js'

export type SqliteOptions = { file: string; synchronous?: 'NORMAL' | 'FULL'; busyTimeoutMs?: number }

const STATEMENT_CACHE_SIZE = 256

/** better-sqlite3 with a statement cache: each distinct SQL text is prepared once. */
function withStatementCache(raw: BetterSqlite3.Database): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>()
  return {
    close: () => raw.close(),
    prepare(sql: string): SqliteStatement {
      let stmt = cache.get(sql)
      if (stmt === undefined) {
        stmt = raw.prepare(sql) as unknown as SqliteStatement
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.clear()
        cache.set(sql, stmt)
      }
      return stmt
    },
  }
}

export function openSqliteDialect({ file, synchronous = 'NORMAL', busyTimeoutMs = 10_000 }: SqliteOptions): StoreDialect {
  const raw = new BetterSqlite3(file)
  raw.pragma(`busy_timeout = ${busyTimeoutMs}`)
  raw.pragma('journal_mode = WAL')
  raw.pragma(`synchronous = ${synchronous}`)
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(raw) }) })
  return {
    name: 'sqlite',
    db,
    capabilities: { beginWriteSql: 'begin immediate', beginReadSql: 'begin', supportsForUpdate: false, hasOneStatementCreates: false, isJsonParsedByDriver: false, columnTypes: { json: 'text', blob: 'blob' } },
    currentSchema: async () => undefined,
  }
}
