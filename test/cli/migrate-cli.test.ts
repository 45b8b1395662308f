/**
 * Only `chipnav migrate` (and the server) change a database's schema: a command that reads — check, diff, a list, the
 * MCP server — refuses a database an earlier chipnav left with migrations to run (STORE_NEEDS_MIGRATION, exit 1,
 * naming them and `chipnav migrate`) and leaves it as it was; `chipnav migrate --status` lists them, `chipnav migrate`
 * runs them, and the commands work again. A new database is created by the first command that needs one.
 * SQLite in a fresh CHIPNAV_HOME.
 */
import assert from 'node:assert/strict'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { Migrator } from 'kysely'
import { openSqliteDialect } from '../../src/store/dialects/sqlite/sqlite-dialect.js'
import { migrationsOf, SQLITE_FILE_NAME, storeMigrationStatus } from '../../src/store/open-store.js'
import { hasStackTrace, runCli } from '../helpers/run-cli.js'

/** a CHIPNAV_HOME whose database ran every migration but the newest (as the release before left it) */
async function homeOneMigrationBehind(): Promise<{ home: string; missing: string }> {
  const home = mkdtempSync(join(tmpdir(), 'chipnav-home-'))
  const dialect = openSqliteDialect({ file: join(home, SQLITE_FILE_NAME) })
  const names = Object.keys(migrationsOf(dialect)).sort()
  const missing = names[names.length - 1]!
  const before = Object.fromEntries(Object.entries(migrationsOf(dialect)).filter(([name]) => name !== missing))
  assert.equal((await new Migrator({ db: dialect.db, provider: { getMigrations: async () => before } }).migrateToLatest()).error, undefined)
  await dialect.db.destroy()
  return { home, missing }
}

test('a database with a migration left is refused by the reading commands, unchanged; chipnav migrate runs it', async () => {
  const { home, missing } = await homeOneMigrationBehind()
  const env = { CHIPNAV_HOME: home, CHIPNAV_ACTOR: 'cli:test' }
  const tx = JSON.stringify({ date: '2025-03-01', item: { chip: 'nvidia-h100-sxm' }, quantity: 8, to: 'AE' })
  for (const args of [['deployments', 'list'], ['check', '--file', '-'], ['diff', '--file', '-', '--dates', '2025-03-01,2025-05-13'], ['keys', 'list'], ['mcp']]) {
    const r = runCli(args, { env, input: tx })
    assert.equal(r.code, 1, `${args.join(' ')}: ${r.stdout}${r.stderr}`)
    assert.match(r.stderr, new RegExp(`STORE_NEEDS_MIGRATION[\\s\\S]*${missing}[\\s\\S]*chipnav migrate`), args.join(' '))
    assert.ok(!hasStackTrace(r.stderr))
  }
  assert.deepEqual((await storeMigrationStatus({ home })).pending, [missing], 'nothing was migrated')

  const status = runCli(['migrate', '--status', '--json'], { env })
  assert.equal(status.code, 0, status.stderr)
  assert.deepEqual(JSON.parse(status.stdout).pending, [missing])
  const run = runCli(['migrate'], { env })
  assert.equal(run.code, 0, run.stderr)
  assert.match(run.stdout, new RegExp(`migrated the SQLite database in CHIPNAV_HOME: ${missing}`))
  assert.deepEqual((await storeMigrationStatus({ home })).pending, [])
  assert.match(runCli(['migrate'], { env }).stdout, /is up to date/)
  const list = runCli(['deployments', 'list'], { env })
  assert.equal(list.code, 0, list.stderr)
})

test('a new database is created by the first command that needs one', () => {
  const env = { CHIPNAV_HOME: mkdtempSync(join(tmpdir(), 'chipnav-home-')), CHIPNAV_ACTOR: 'cli:test' }
  const r = runCli(['deployments', 'list', '--json'], { env })
  assert.equal(r.code, 0, r.stderr)
})
