/**
 * Validated End-User and other authorisations (issue 14). FROZEN once shipped: never edit it; add a new dated
 * file. Imports only kysely (no app code). Lists are JSON text (parsed by the store module).
 */
import type { Kysely, Migration } from 'kysely'

export function authorisations20261207(): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('authorisations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('program', 'text', (c) => c.notNull())
        .addColumn('reference', 'text', (c) => c.notNull())
        .addColumn('end_user', 'text', (c) => c.notNull())
        .addColumn('site_country', 'text', (c) => c.notNull())
        .addColumn('site_address', 'text', (c) => c.notNull())
        .addColumn('eccns', 'text', (c) => c.notNull())
        .addColumn('destinations', 'text', (c) => c.notNull())
        .addColumn('conditions', 'text', (c) => c.notNull())
        .addColumn('valid_from', 'text', (c) => c.notNull())
        .addColumn('valid_to', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .execute()
    },
  }
}
