/**
 * `chipnav migrate [--status]`: bring the records store's schema to this chipnav's (the frozen migrations of
 * src/store/migrations, in order), or only say which it has not run. Every other command but `serve` refuses a
 * database with migrations left (STORE_NEEDS_MIGRATION), so a command that reads never changes the schema of a
 * database a server of the earlier version may still be using.
 */
import { existsSync } from 'node:fs'
import type { Command } from 'commander'
import { action } from '../run-command.js'
import { openCliStore, storeConfigFromEnv } from './store-config.js'

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description("Run the records store's pending migrations (CHIPNAV_DATABASE_URL, else the SQLite file in CHIPNAV_HOME); --status only lists them")
    .option('--status', 'list the migrations run and those left, change nothing')
    .option('--json', 'print JSON')
    .action(
      action(async (f: { status?: boolean; json?: boolean }) => {
        const { sqliteFileOf, storeMigrationStatus } = await import('../../store/open-store.js')
        const config = storeConfigFromEnv()
        const file = sqliteFileOf(config)
        if (f.status && file !== undefined && !existsSync(file)) {
          // --status changes nothing: no database is created to be asked about
          if (f.json) process.stdout.write(`${JSON.stringify({ dialect: 'sqlite', exists: false, executed: 0, applied: [], pending: [] }, null, 2)}\n`)
          else process.stdout.write(`there is no chipnav database at ${file} yet: nothing to migrate (the first command that records something creates it with every migration run)\n`)
          return
        }
        const before = await storeMigrationStatus(config)
        let applied: string[] = []
        if (!f.status && before.pending.length > 0) {
          const store = await openCliStore({ migrations: 'apply' })
          await store.close()
          applied = before.pending
        }
        const pending = f.status ? before.pending : []
        if (f.json) {
          process.stdout.write(`${JSON.stringify({ dialect: before.dialect, exists: true, executed: before.executed.length + applied.length, applied, pending }, null, 2)}\n`)
          return
        }
        const where = before.dialect === 'postgres' ? 'the PostgreSQL database (CHIPNAV_DATABASE_URL)' : 'the SQLite database in CHIPNAV_HOME'
        if (f.status) process.stdout.write(pending.length === 0 ? `${where} is up to date (${before.executed.length} migrations run)\n` : `${where} has ${pending.length} migration(s) to run: ${pending.join(', ')}\n`)
        else process.stdout.write(applied.length === 0 ? `${where} is up to date (${before.executed.length} migrations run)\n` : `migrated ${where}: ${applied.join(', ')}\n`)
      }),
    )
}
