/**
 * Only `chipnav migrate` (and the server) change a database's schema: a command that reads — check, diff, a list, the
 * MCP server — refuses a database an earlier chipnav left with migrations to run (STORE_NEEDS_MIGRATION, exit 1,
 * naming them and `chipnav migrate`) and leaves it as it was; `chipnav migrate --status` lists them, `chipnav migrate`
 * runs them, and the commands work again. A new database is created by the first command that needs one.
 * SQLite in a fresh CHIPNAV_HOME.
 */
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync } from 'node:fs'
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

test('a command that only reads, in a home with no database, says there is none there (exit 1) and creates nothing; the first command that records creates it', () => {
  const home = join(mkdtempSync(join(tmpdir(), 'chipnav-home-')), 'home')
  const env = { CHIPNAV_HOME: home, CHIPNAV_ACTOR: 'cli:test' }
  const reading = [['audit', 'verify'], ['audit', 'anchor'], ['keys', 'list'], ['users', 'list'], ['deployments', 'list', '--json'], ['deployments', 'show', 'dep_x'], ['authorisations', 'list'], ['licenses', 'list'], ['licenses', 'show', 'lic_x'], ['transactions', 'list'], ['transactions', 'show', 'txn_x'], ['events'], ['webhooks', 'list']]
  for (const args of reading) {
    const r = runCli(args, { env })
    assert.equal(r.code, 1, `${args.join(' ')}: ${r.stdout}${r.stderr}`)
    assert.match(r.stderr, new RegExp(`STORE_NOT_FOUND: there is no chipnav database at ${join(home, SQLITE_FILE_NAME)}[\\s\\S]*CHIPNAV_HOME`), args.join(' '))
    if (args.includes('--json')) assert.equal(JSON.parse(r.stdout).error.code, 'STORE_NOT_FOUND')
    else assert.equal(r.stdout, '', args.join(' '))
    assert.ok(!hasStackTrace(r.stderr))
    assert.equal(existsSync(home), false, `${args.join(' ')} created ${home}`)
  }
  // migrate --status only reports, so it creates nothing either
  const status = runCli(['migrate', '--status'], { env })
  assert.equal(status.code, 0, status.stderr)
  assert.match(status.stdout, /there is no chipnav database at .* yet: nothing to migrate/)
  assert.deepEqual(JSON.parse(runCli(['migrate', '--status', '--json'], { env }).stdout), { dialect: 'sqlite', exists: false, executed: 0, applied: [], pending: [] })
  assert.equal(existsSync(home), false)
  const created = runCli(['authorisations', 'add', '--file', '-'], { env, input: '{}' })
  assert.equal(created.code, 2, 'a bad record is refused…')
  assert.equal(existsSync(join(home, SQLITE_FILE_NAME)), true, '…by the database the recording command opened')
  const r = runCli(['deployments', 'list', '--json'], { env })
  assert.equal(r.code, 0, r.stderr)
  assert.deepEqual(JSON.parse(r.stdout).deployments, [])
})
