/**
 * Opens the records store: PostgreSQL when `databaseUrl` is set, else SQLite in `<home>/chipnav.db`.
 * The dialect is picked once, here; composition roots read the environment (CHIPNAV_DATABASE_URL,
 * CHIPNAV_HOME) and pass a config. Migrations run at open.
 */
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { Migrator, type Migration, type MigrationProvider } from 'kysely'
import { AppError } from '../shared/errors.js'
import type { RecordsStore } from '../records/records-store.js'
import type { StoreDialect } from './dialect.js'
import { KyselyStore } from './kysely-store.js'
import { bindAuditKey, resolveAuditKey } from './audit-key.js'
import { init20261126 } from './migrations/2026-11-26-init.js'
import { approvals20261127 } from './migrations/2026-11-27-approvals.js'
import { shipmentOverrides20261207 } from './migrations/2026-12-07-shipment-overrides.js'
import { auditKeyedChain20261207 } from './migrations/2026-12-07-audit-keyed-chain.js'
import { monitoring20261207 } from './migrations/2026-12-07-monitoring.js'
import { users20261207 } from './migrations/2026-12-07-users.js'
import { techAccessChecks20261207 } from './migrations/2026-12-07-tech-access-checks.js'
import { deployments20261207 } from './migrations/2026-12-07-deployments.js'
import { authorisations20261207 } from './migrations/2026-12-07-authorisations.js'
import { writePath20261207 } from './migrations/2026-12-07-write-path.js'
import { deploymentShipments20261208 } from './migrations/2026-12-08-deployment-shipments.js'
import { answerCompression20261209 } from './migrations/2026-12-09-answer-compression.js'
import { deploymentShipmentLinks20261210 } from './migrations/2026-12-10-deployment-shipment-links.js'
import { transactionDeal20261210 } from './migrations/2026-12-10-transaction-deal.js'
import { auditFullVerification20261211 } from './migrations/2026-12-11-audit-full-verification.js'
import { transactionSupersessions20261212 } from './migrations/2026-12-12-transaction-supersessions.js'

export type StoreConfig = {
  /** postgres://… for team mode; unset = SQLite under home */
  databaseUrl?: string | undefined
  /** CHIPNAV_HOME: where the SQLite file lives */
  home: string
  /** SQLite durability: NORMAL (default; survives a process kill) or FULL (also survives power loss) */
  sqliteSynchronous?: 'NORMAL' | 'FULL'
  /** the clock (ISO 8601 UTC) for recorded-at timestamps; default the system clock */
  now?: () => string
  /** the four-eyes rule (default on): the approver of a transaction is not the user or key that recorded it; CHIPNAV_FOUR_EYES=off turns it off */
  fourEyes?: boolean
  /** the audit chain's HMAC key (CHIPNAV_AUDIT_KEY, parsed); default: the key file <home>/audit.key, created 0600 at the first start */
  auditKey?: Uint8Array
  /**
   * The migrations an existing database has not run: `apply` them (the default: the server, `chipnav migrate`), or
   * `refuse` to open it (STORE_NEEDS_MIGRATION, naming them), so that a command that mostly reads never changes the
   * schema of a database a server of the earlier version may still be using. A new database (no migration run yet)
   * is created either way.
   */
  migrations?: 'apply' | 'refuse'
  /**
   * A database that does not exist yet: `create` it (the default), or `refuse` (STORE_NOT_FOUND naming where it was
   * looked for; nothing is created: no SQLite file, no home folder, no tables, no audit key), for a command that only
   * reads — a list or a verification of nothing recorded is most often a wrong CHIPNAV_HOME or CHIPNAV_DATABASE_URL.
   * On PostgreSQL a database exists for chipnav once a migration has run in it.
   */
  ifMissing?: 'create' | 'refuse'
}

export { SQLITE_FILE_NAME } from './store-files.js'
import { SQLITE_FILE_NAME } from './store-files.js'

/** The migrations, by name (ISO-date names sort in the order they run). Frozen once shipped. */
export function migrationsOf(d: StoreDialect): Record<string, Migration> {
  return {
    '2026-11-26-init': init20261126(d.capabilities.columnTypes),
    '2026-11-27-approvals': approvals20261127(),
    '2026-12-07-shipment-overrides': shipmentOverrides20261207(),
    '2026-12-07-audit-keyed-chain': auditKeyedChain20261207(),
    '2026-12-07-monitoring': monitoring20261207(d.capabilities.columnTypes),
    '2026-12-07-users': users20261207(),
    '2026-12-07-tech-access-checks': techAccessChecks20261207(),
    '2026-12-07-deployments': deployments20261207(),
    '2026-12-07-authorisations': authorisations20261207(),
    '2026-12-07-write-path': writePath20261207(),
    '2026-12-08-deployment-shipments': deploymentShipments20261208(),
    '2026-12-09-answer-compression': answerCompression20261209(d.name === 'postgres'),
    '2026-12-10-deployment-shipment-links': deploymentShipmentLinks20261210(),
    '2026-12-10-transaction-deal': transactionDeal20261210(),
    '2026-12-11-audit-full-verification': auditFullVerification20261211(),
    '2026-12-12-transaction-supersessions': transactionSupersessions20261212(),
  }
}

async function openDialect(config: StoreConfig): Promise<StoreDialect> {
  try {
    if (config.databaseUrl !== undefined && config.databaseUrl.trim() !== '') {
      const { openPostgresDialect } = await import('./dialects/postgres/postgres-dialect.js')
      return openPostgresDialect({ url: config.databaseUrl })
    }
    const { openSqliteDialect } = await import('./dialects/sqlite/sqlite-dialect.js')
    mkdirSync(config.home, { recursive: true })
    return openSqliteDialect({ file: join(config.home, SQLITE_FILE_NAME), ...(config.sqliteSynchronous ? { synchronous: config.sqliteSynchronous } : {}) })
  } catch (e) {
    throw new AppError('STORE_UNAVAILABLE', { detail: `the database cannot be opened: ${(e as Error).message}` })
  }
}

export async function openStore(config: StoreConfig): Promise<RecordsStore & { readonly dialect: 'sqlite' | 'postgres' }> {
  if (config.ifMissing === 'refuse') refuseMissingSqliteFile(config)
  const dialect = await openDialect(config)
  if (config.ifMissing === 'refuse') await refuseDatabaseWithoutMigrations(dialect)
  if (config.migrations === 'refuse') await refusePendingMigrations(dialect)
  await migrateStore(dialect)
  let chain
  try {
    chain = await bindAuditKey(dialect.db, config.auditKey ?? resolveAuditKey({ home: config.home }))
  } catch (e) {
    await dialect.db.destroy().catch(() => undefined)
    throw e
  }
  return new KyselyStore(dialect, { chain, ...(config.now ? { now: config.now } : {}), ...(config.fourEyes !== undefined ? { fourEyes: config.fourEyes } : {}) })
}

async function migratorOf(dialect: StoreDialect): Promise<Migrator> {
  const all = migrationsOf(dialect)
  const provider: MigrationProvider = { getMigrations: async () => all }
  // PostgreSQL: keep kysely's migration tables in the store's own schema (its table-exists check
  // otherwise sees another schema's tables in the same database)
  const schema = await dialect.currentSchema()
  return new Migrator({ db: dialect.db, provider, ...(schema !== undefined ? { migrationTableSchema: schema } : {}) })
}

/** The migrations this chipnav knows that the database has run, and those it has not (in the order they run). */
async function migrationStatusOf(dialect: StoreDialect): Promise<{ executed: string[]; pending: string[] }> {
  let infos
  try {
    infos = await (await migratorOf(dialect)).getMigrations()
  } catch (e) {
    await dialect.db.destroy().catch(() => undefined)
    throw new AppError('STORE_UNAVAILABLE', { detail: `the database cannot be reached: ${(e as Error).message}` })
  }
  return { executed: infos.filter((i) => i.executedAt !== undefined).map((i) => i.name), pending: infos.filter((i) => i.executedAt === undefined).map((i) => i.name) }
}

/** The SQLite file a config names, or undefined on PostgreSQL. */
export function sqliteFileOf(config: StoreConfig): string | undefined {
  return config.databaseUrl !== undefined && config.databaseUrl.trim() !== '' ? undefined : join(config.home, SQLITE_FILE_NAME)
}

/** STORE_NOT_FOUND, before anything is opened (opening a SQLite file creates it), when the SQLite file is not there. */
function refuseMissingSqliteFile(config: StoreConfig): void {
  const file = sqliteFileOf(config)
  if (file === undefined || existsSync(file)) return
  throw new AppError('STORE_NOT_FOUND', {
    detail: `there is no chipnav database at ${file}: nothing has been recorded in this home yet, and nothing was created. Check CHIPNAV_HOME (\`chipnav doctor\` shows which home is used and why); a command that records something (chipnav keys create, chipnav users create, chipnav serve) creates the database`,
  })
}

/** STORE_NOT_FOUND when the database (PostgreSQL) has never run a chipnav migration: it holds no chipnav records. */
async function refuseDatabaseWithoutMigrations(dialect: StoreDialect): Promise<void> {
  const { executed } = await migrationStatusOf(dialect)
  if (executed.length > 0) return
  await dialect.db.destroy().catch(() => undefined)
  throw new AppError('STORE_NOT_FOUND', {
    detail: `the ${dialect.name === 'postgres' ? 'PostgreSQL database (CHIPNAV_DATABASE_URL)' : 'SQLite database'} has no chipnav tables: nothing has been recorded in it yet, and nothing was created. Check CHIPNAV_DATABASE_URL; \`chipnav migrate\` or \`chipnav serve\` creates the tables`,
  })
}

/** STORE_NEEDS_MIGRATION when an existing database (one that has run a migration) has not run them all. */
async function refusePendingMigrations(dialect: StoreDialect): Promise<void> {
  const { executed, pending } = await migrationStatusOf(dialect)
  if (executed.length === 0 || pending.length === 0) return
  await dialect.db.destroy().catch(() => undefined)
  throw new AppError('STORE_NEEDS_MIGRATION', {
    detail: `the database has not run ${pending.length} migration${pending.length === 1 ? '' : 's'} of this chipnav (${pending.join(', ')}): run \`chipnav migrate\` (with the same CHIPNAV_HOME or CHIPNAV_DATABASE_URL), once the servers using it are stopped or upgraded`,
    pending,
  })
}

/** What `chipnav migrate` reports: the migrations the database has run and those it has not, without changing it. */
export async function storeMigrationStatus(config: StoreConfig): Promise<{ dialect: 'sqlite' | 'postgres'; executed: string[]; pending: string[] }> {
  const dialect = await openDialect(config)
  try {
    return { dialect: dialect.name, ...(await migrationStatusOf(dialect)) }
  } finally {
    await dialect.db.destroy().catch(() => undefined)
  }
}

async function migrateStore(dialect: StoreDialect): Promise<void> {
  let result
  try {
    const migrator = await migratorOf(dialect)
    result = await migrator.migrateToLatest()
    // SQLite has no migration lock across processes: when two processes create a new database at once,
    // the loser's transaction rolls back (busy, or a table already exists); once more sees it migrated
    for (let attempt = 1; attempt <= 5 && result.error && dialect.name === 'sqlite' && isSqliteRace(result.error); attempt++) {
      await new Promise((r) => setTimeout(r, 50 * attempt))
      result = await migrator.migrateToLatest()
    }
  } catch (e) {
    await dialect.db.destroy().catch(() => undefined)
    throw new AppError('STORE_UNAVAILABLE', { detail: `the database cannot be reached: ${(e as Error).message}` })
  }
  if (result.error) {
    await dialect.db.destroy().catch(() => undefined)
    const err = result.error as Error
    const code = (err as { code?: string }).code
    if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === '28P01' || code === '3D000') throw new AppError('STORE_UNAVAILABLE', { detail: `the database cannot be reached: ${err.message}` })
    throw new AppError('STORE_MIGRATION_FAILED', { detail: `${err.message ?? String(err)}`, failed: (result.results ?? []).filter((r) => r.status === 'Error').map((r) => r.migrationName) })
  }
}

function isSqliteRace(e: unknown): boolean {
  const code = String((e as { code?: unknown })?.code ?? '')
  return code.startsWith('SQLITE_BUSY') || /already exists/.test(String((e as Error)?.message ?? ''))
}
