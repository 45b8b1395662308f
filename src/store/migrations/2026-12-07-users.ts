/**
 * Named users, their sign-in failures and their sessions (issue 12). FROZEN once shipped: never edit it;
 * add a new dated file. Imports only kysely (no app code).
 *
 * `users` is audited (its row hash is in the chain); the sign-in counters and the sessions change on every
 * sign-in and are not records of the compliance programme, so they live in tables of their own that the
 * audit chain does not cover (a user's row never changes when someone mistypes a password).
 */
import type { Kysely, Migration } from 'kysely'

export function users20261207(): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('username', 'text', (c) => c.notNull().unique())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('disabled_at', 'text')
        .execute()
      await db.schema
        .createTable('user_sign_in_failures')
        .addColumn('user_id', 'text', (c) => c.primaryKey())
        .addColumn('failed_count', 'integer', (c) => c.notNull())
        .addColumn('locked_until', 'text')
        .execute()
      await db.schema
        .createTable('user_sessions')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('csrf_token', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('user_sessions_user').on('user_sessions').columns(['user_id']).execute()
    },
  }
}
