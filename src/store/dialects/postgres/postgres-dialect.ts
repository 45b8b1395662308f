/**
 * PostgreSQL through a pg Pool (team mode, CHIPNAV_DATABASE_URL). Loaded with a dynamic import by
 * open-store.ts, so SQLite users never load pg. Writes are serialised on the audit chain head row
 * (`select … for update`), so READ COMMITTED is enough for exact depletion; a create of a record that
 * never changes (a stored determination) is one statement that does not take the head (audit-pending.ts).
 */
import { Kysely, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import type { Database } from '../../schema.js'
import type { StoreDialect } from '../../dialect.js'

export type PostgresOptions = { url: string; maxConnections?: number }

export function openPostgresDialect({ url, maxConnections = 10 }: PostgresOptions): StoreDialect {
  const pool = new pg.Pool({ connectionString: url, max: maxConnections, connectionTimeoutMillis: 15_000 })
  // an idle client losing its connection must not crash the process
  pool.on('error', () => {})
  // nor may one losing it in the middle of a query (a restart, pg_terminate_backend): the query fails,
  // the error reaches its caller as STORE_UNAVAILABLE, and the pool replaces the client
  pool.on('connect', (client) => client.on('error', () => {}))
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
  return {
    name: 'postgres',
    db,
    capabilities: { beginWriteSql: 'begin', beginReadSql: 'begin transaction isolation level repeatable read read only', supportsForUpdate: true, hasOneStatementCreates: true, isJsonParsedByDriver: true, columnTypes: { json: 'jsonb', blob: 'bytea' } },
    async currentSchema() {
      const r = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db)
      const schema = r.rows[0]?.schema
      if (!schema) throw new Error('no schema is selected: the search_path names no existing schema')
      return schema
    },
  }
}
