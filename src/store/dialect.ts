import type { Kysely } from 'kysely'
import type { Database } from './schema.js'

/**
 * What differs between databases, as capability flags (Kysely's habit), never `if (dialect === …)`
 * in the store itself.
 */
export type StoreCapabilities = {
  /** the statement that starts a write transaction that holds the write lock from the start */
  beginWriteSql: 'begin immediate' | 'begin'
  /** whether `select … for update` exists (PostgreSQL); SQLite writers are already serial */
  supportsForUpdate: boolean
  /** whether the driver hands back jsonb columns already parsed */
  isJsonParsedByDriver: boolean
  /** column types the migrations need */
  columnTypes: { json: 'text' | 'jsonb'; blob: 'blob' | 'bytea' }
}

export type StoreDialect = {
  name: 'sqlite' | 'postgres'
  db: Kysely<Database>
  capabilities: StoreCapabilities
}
