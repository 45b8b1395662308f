/**
 * PostgreSQL: a stored determination's answer (`transactions.result`, ~14 KB of JSON text) is compressed with
 * lz4 instead of the default pglz when the server has lz4 (PostgreSQL 14+ built with it): the same text comes
 * back, and the backend spends about a third less CPU per insert (issue 15, the PostgreSQL write path: 0.32 →
 * 0.19-0.22 ms per insert of the API bench's answer, bench/README.md). Rows written before keep pglz and read
 * as before. SQLite: nothing. FROZEN once shipped: never edit it; add a new dated file. Imports only kysely.
 */
import { sql, type Kysely, type Migration } from 'kysely'

export function answerCompression20261209(isPostgres: boolean): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      if (!isPostgres) return
      const r = await sql<{ has_lz4: boolean }>`select 'lz4' = any(enumvals) as has_lz4 from pg_settings where name = 'default_toast_compression'`.execute(db)
      if (r.rows[0]?.has_lz4 !== true) return
      await sql`alter table transactions alter column result set compression lz4`.execute(db)
    },
  }
}
