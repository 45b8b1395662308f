import type { Kysely } from 'kysely'
import type { Database } from './schema.js'

/**
 * What differs between databases, as capability flags (Kysely's habit), never `if (dialect === …)`
 * in the store itself.
 */
export type StoreCapabilities = {
  /** the statement that starts a write transaction that holds the write lock from the start */
  beginWriteSql: 'begin immediate' | 'begin'
  /**
   * the statement that starts a read-only transaction seeing one snapshot for all its reads (audit verify):
   * SQLite's deferred `begin` (the WAL snapshot is taken at the first read and kept); PostgreSQL needs
   * REPEATABLE READ (READ COMMITTED takes a new snapshot per statement)
   */
  beginReadSql: 'begin' | 'begin transaction isolation level repeatable read read only'
  /** whether `select … for update` exists (PostgreSQL); SQLite writers are already serial */
  supportsForUpdate: boolean
  /**
   * whether a write that only creates a never-changing record is one statement whose audit event waits in
   * `audit_pending` (audit-pending.ts) instead of taking the chain head: PostgreSQL, where writers in
   * several processes run side by side; SQLite writers are serial anyway and append inline
   */
  hasOneStatementCreates: boolean
  /** whether the driver hands back jsonb columns already parsed */
  isJsonParsedByDriver: boolean
  /** column types the migrations need */
  columnTypes: { json: 'text' | 'jsonb'; blob: 'blob' | 'bytea' }
}

export type StoreDialect = {
  name: 'sqlite' | 'postgres'
  db: Kysely<Database>
  capabilities: StoreCapabilities
  /**
   * The schema the store's tables live in (PostgreSQL: current_schema(), from search_path), so the
   * migration bookkeeping tables go there too; undefined where there are no schemas (SQLite).
   */
  currentSchema(): Promise<string | undefined>
}
