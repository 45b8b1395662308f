/**
 * PostgreSQL through a pg Pool (team mode, CHIPNAV_DATABASE_URL). Loaded with a dynamic import by
 * open-store.ts, so SQLite users never load pg. Writes are serialised on the audit chain head row
 * (`select … for update`), so READ COMMITTED is enough for exact depletion; a create of a record that
 * never changes (a stored determination) is one statement that does not take the head (audit-pending.ts).
 */
import { Kysely, PostgresDialect, sql, type DatabaseIntrospector, type DatabaseMetadata, type SchemaMetadata, type TableMetadata } from 'kysely'
import pg from 'pg'
import type { Database } from '../../schema.js'
import type { StoreDialect } from '../../dialect.js'
import { preparedName } from '../../prepared.js'

export type PostgresOptions = { url: string; maxConnections?: number }

/**
 * What kysely's migrator asks the catalogue (which schemas exist, which tables the store's schema has), answered
 * for the current schema alone. kysely's own PostgreSQL introspector lists every schema's tables and calls
 * pg_get_serial_sequence on each column, so a schema that another tenant or test drops meanwhile fails the open
 * with "schema … does not exist"; the store needs nothing beyond its own schema (columns are not read).
 */
class CurrentSchemaIntrospector implements DatabaseIntrospector {
  readonly #db: Kysely<unknown>

  constructor(db: Kysely<unknown>) {
    this.#db = db
  }

  async getSchemas(): Promise<SchemaMetadata[]> {
    const r = await sql<{ name: string }>`select nspname as name from pg_catalog.pg_namespace`.execute(this.#db)
    return r.rows.map((x) => ({ name: x.name }))
  }

  async getTables(): Promise<TableMetadata[]> {
    const r = await sql<{ name: string; schema: string; kind: string }>`
      select c.relname as name, n.nspname as schema, c.relkind as kind
      from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      where n.nspname = current_schema() and c.relkind in ('r', 'p', 'v', 'm')`.execute(this.#db)
    return r.rows.map((t) => ({ name: t.name, schema: t.schema, isView: t.kind === 'v' || t.kind === 'm', columns: [] }))
  }

  async getMetadata(): Promise<DatabaseMetadata> {
    return { tables: await this.getTables() }
  }
}

class StorePostgresDialect extends PostgresDialect {
  override createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new CurrentSchemaIntrospector(db)
  }
}

/** A named statement the server no longer runs as prepared: its table changed since (0A000, "cached plan must not change result type"), or it is gone (26000). */
const STALE_PREPARED = new Set(['0A000', '26000'])

/**
 * A pg client that runs the SQL texts the store marked (prepared.ts: the statements of every write) as named
 * prepared statements: parsed and planned once per connection. Every other query is sent as before. A statement
 * the server refuses as stale (another process migrated its table meanwhile, and a `select *` changed shape) or no
 * longer has (DISCARD ALL) is prepared again and run once more (neither error runs anything); without that, pg would
 * keep sending the stale name and every append on the connection would fail until it closed.
 */
class PreparingClient extends pg.Client {
  override query(...args: unknown[]): any {
    const [text, values, callback] = args
    if (typeof text === 'string' && callback === undefined && (values === undefined || Array.isArray(values))) {
      const name = preparedName(text)
      if (name !== undefined) return this.#runNamed(name, text, values as unknown[] | undefined)
    }
    return (super.query as (...a: unknown[]) => unknown)(...args)
  }

  async #runNamed(name: string, text: string, values: unknown[] | undefined): Promise<pg.QueryResult> {
    try {
      return await super.query({ name, text, values })
    } catch (err) {
      const code = (err as { code?: string }).code
      if (code === undefined || !STALE_PREPARED.has(code)) throw err
      // pg remembers the statement as parsed on this connection: forget it, and drop the server's stale one
      delete (this as unknown as { connection: { parsedStatements: Record<string, string> } }).connection.parsedStatements[name]
      if (code === '0A000') await super.query(`deallocate "${name}"`).catch(() => undefined)
      return super.query({ name, text, values })
    }
  }
}

export function openPostgresDialect({ url, maxConnections = 10 }: PostgresOptions): StoreDialect {
  const pool = new pg.Pool({ connectionString: url, max: maxConnections, connectionTimeoutMillis: 15_000, Client: PreparingClient })
  // an idle client losing its connection must not crash the process
  pool.on('error', () => {})
  // nor may one losing it in the middle of a query (a restart, pg_terminate_backend): the query fails,
  // the error reaches its caller as STORE_UNAVAILABLE, and the pool replaces the client
  pool.on('connect', (client) => client.on('error', () => {}))
  const db = new Kysely<Database>({ dialect: new StorePostgresDialect({ pool }) })
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
