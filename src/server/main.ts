/**
 * The server's composition root and the only file that listens: it reads the environment, checks that
 * the port is free, opens the store, loads the rules and the active list snapshots, builds the app,
 * listens, then starts monitoring (which writes), and shuts down gracefully on SIGINT/SIGTERM. `chipnav serve` calls `startServer`; `node --import tsx
 * src/server/main.ts` runs it directly with the environment's settings.
 *
 * Environment: CHIPNAV_HOME (else ./.chipnav when it exists, else the per-user data folder:
 * src/shared/chipnav-home.ts; list snapshots, and the SQLite database unless
 * CHIPNAV_DATABASE_URL is set), CHIPNAV_DATABASE_URL (postgres://… for PostgreSQL), CHIPNAV_DATA_DIR
 * (the rules data), PORT (8080), HOST (127.0.0.1), CHIPNAV_LOG_LEVEL (info), CHIPNAV_RATE_LIMIT
 * (requests per key per minute, 6000), CHIPNAV_PUBLIC_DOCS=1 (serve /docs and /openapi.json without a key),
 * CHIPNAV_SQLITE_SYNCHRONOUS (NORMAL or FULL, as for the CLI), CHIPNAV_SCREEN_CACHE (screening answers kept
 * per list snapshot, 2000; 0 = none), CHIPNAV_LIST_MAX_AGE_DAYS (when a list snapshot is stale: "30" for every
 * list or "csl=14,sdn=7,dpl=none"; default 14 days for the CSL and OFAC, none for the DPL).
 */
import { createServer } from 'node:net'
import { resolve } from 'node:path'
import { parseRefreshInterval } from '../monitoring/list-refresh.js'
import { resolveChipnavHome } from '../shared/chipnav-home.js'
import { parseJurisdictions, type BindingJurisdiction } from '../shared/jurisdictions.js'
import { pathToFileURL } from 'node:url'
import type { FastifyInstance } from 'fastify'
import { pino, type Logger } from 'pino'
import type { RecordsStore } from '../records/records-store.js'
import { loadRules } from '../rules/load-rules.js'
import { DEFAULT_SCREEN_CACHE_ENTRIES } from '../screening/screen-cache.js'
import type { Screener } from '../screening/screener.js'
import { loadScreener as loadSavedScreener } from '../screening/snapshots/screening-index-store.js'
import { parseMaxListAge, type MaxListAge } from '../screening/snapshots/freshness.js'
import { AppError, isAppError } from '../shared/errors.js'
import { openStore } from '../store/open-store.js'
import { storeSecurityFromEnv } from '../store/store-env.js'
import { buildApp, DEFAULT_RATE_LIMIT, listsState } from './app.js'
import { DEFAULT_HOST, DEFAULT_PORT } from './listen-address.js'
import { auditVerifiersInWorker } from './audit-verify-worker.js'
import { startMonitoring, type RunningMonitor } from './start-monitoring.js'
import { sessionSecret, UI_DIST_DIR } from './ui-config.js'

export type ServerConfig = {
  port: number
  host: string
  /** CHIPNAV_HOME, absolute */
  home: string
  /** PostgreSQL when set; SQLite under `home` otherwise */
  databaseUrl?: string
  dataDir?: string
  logLevel: string
  ratePerMinute: number
  isDocsPublic: boolean
  sqliteSynchronous?: 'NORMAL' | 'FULL'
  /** screening answers kept per screener (0 = none) */
  screenCacheEntries: number
  /** monitoring (issue 13): watch the list snapshots and re-screen on a change (CHIPNAV_MONITOR=0 turns it off) */
  isMonitoring?: boolean
  /** CHIPNAV_LIST_REFRESH: how often the server downloads the official lists (ms; null = never; default daily) */
  listRefreshMs?: number | null
  /** PostgreSQL: also work the jobs here (CHIPNAV_SERVER_WORKS_JOBS=0 leaves them to `chipnav worker`) */
  isWorkingJobs?: boolean
  /** days after which a list snapshot is stale (CHIPNAV_LIST_MAX_AGE_DAYS: "30" or "csl=14,sdn=7,dpl=none") */
  maxListAge: MaxListAge
  /** CHIPNAV_JURISDICTIONS: whose sanctions law binds the organisation (default US) */
  jurisdictions: BindingJurisdiction[]
}

export { DEFAULT_HOST, DEFAULT_PORT } from './listen-address.js'

/** The configuration from the environment; `overrides` (command-line options) win. */
export function configFromEnv(env: NodeJS.ProcessEnv, overrides: Partial<ServerConfig> = {}): ServerConfig {
  const nonEmpty = (v: string | undefined) => (v !== undefined && v.trim() !== '' ? v.trim() : undefined)
  const databaseUrl = nonEmpty(env.CHIPNAV_DATABASE_URL)
  const dataDir = nonEmpty(env.CHIPNAV_DATA_DIR)
  const sync = nonEmpty(env.CHIPNAV_SQLITE_SYNCHRONOUS)?.toUpperCase()
  return {
    port: parsePort(nonEmpty(env.PORT) ?? String(DEFAULT_PORT), 'PORT'),
    host: nonEmpty(env.HOST) ?? DEFAULT_HOST,
    home: resolveChipnavHome({ env, cwd: process.cwd() }).path,
    ...(databaseUrl ? { databaseUrl } : {}),
    ...(dataDir ? { dataDir } : {}),
    logLevel: nonEmpty(env.CHIPNAV_LOG_LEVEL) ?? 'info',
    ratePerMinute: parsePositive(nonEmpty(env.CHIPNAV_RATE_LIMIT) ?? String(DEFAULT_RATE_LIMIT.max), 'CHIPNAV_RATE_LIMIT'),
    isDocsPublic: env.CHIPNAV_PUBLIC_DOCS === '1' || env.CHIPNAV_PUBLIC_DOCS === 'true',
    ...(sync === 'NORMAL' || sync === 'FULL' ? { sqliteSynchronous: sync } : {}),
    screenCacheEntries: parseNonNegative(nonEmpty(env.CHIPNAV_SCREEN_CACHE) ?? String(DEFAULT_SCREEN_CACHE_ENTRIES), 'CHIPNAV_SCREEN_CACHE'),
    isMonitoring: env.CHIPNAV_MONITOR !== '0',
    listRefreshMs: parseRefreshInterval(nonEmpty(env.CHIPNAV_LIST_REFRESH)),
    isWorkingJobs: env.CHIPNAV_SERVER_WORKS_JOBS !== '0',
    maxListAge: parseMaxListAge(nonEmpty(env.CHIPNAV_LIST_MAX_AGE_DAYS), 'CHIPNAV_LIST_MAX_AGE_DAYS'),
    jurisdictions: parseJurisdictions(nonEmpty(env.CHIPNAV_JURISDICTIONS) ?? 'US', 'CHIPNAV_JURISDICTIONS'),
    ...overrides,
  }
}

export function parsePort(value: string, name: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new AppError('VALIDATION_FAILED', { detail: `${name} "${value}" is not a port number`, issues: [{ path: name, message: 'expected a whole number from 0 to 65535' }] })
  }
  return n
}

function parseNonNegative(value: string, name: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0) throw new AppError('VALIDATION_FAILED', { detail: `${name} "${value}" is not a whole number`, issues: [{ path: name, message: 'expected a whole number, 0 or more' }] })
  return n
}

function parsePositive(value: string, name: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1) throw new AppError('VALIDATION_FAILED', { detail: `${name} "${value}" is not a positive whole number`, issues: [{ path: name, message: 'expected a positive whole number' }] })
  return n
}

export type RunningServer = { app: FastifyInstance; store: RecordsStore; url: string; close(): Promise<void> }

/** Open everything, listen, and return a handle; `close` stops listening (in-flight requests finish) and closes the store. */
export async function startServer(config: ServerConfig, logger: Logger = pino({ level: config.logLevel })): Promise<RunningServer> {
  // a second server on a taken port fails here, before it loads the lists or touches the shared database
  await checkPortFree(config)
  const rules = loadRules(config.dataDir ? { dataDir: config.dataDir } : {})
  const screener = await loadScreener(config.home, logger)
  // the audit key (and four-eyes setting) go to the audit-verify worker too: it verifies under the same key
  const storeConfig = {
    home: config.home,
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
    ...(config.sqliteSynchronous ? { sqliteSynchronous: config.sqliteSynchronous } : {}),
    ...storeSecurityFromEnv(process.env),
  }
  const store = await openStore(storeConfig)
  // re-hashing the audit trail runs on worker threads (one per mode at a time), for the route and the health checks
  const verifyAudit = auditVerifiersInWorker(storeConfig)
  let app: FastifyInstance | undefined
  let monitoring: RunningMonitor | undefined
  try {
    const lists = listsState({ store, rules, ...(screener ? { screener } : {}), clock: () => new Date(), home: config.home, screenCacheEntries: config.screenCacheEntries })
    app = await buildApp({
      store,
      lists,
      rules,
      ...(screener ? { screener } : {}),
      clock: () => new Date(),
      // re-hashing the audit trail runs on a worker thread: it never stalls other requests
      verifyAudit,
      logger,
      home: config.home,
      rateLimit: { max: config.ratePerMinute, timeWindowMs: 60_000 },
      isDocsPublic: config.isDocsPublic,
      screenCacheEntries: config.screenCacheEntries,
      maxListAge: config.maxListAge,
      jurisdictions: config.jurisdictions,
      // the web UI and its users' sessions (issue 12)
      uiDir: UI_DIST_DIR,
      sessions: { secret: sessionSecret(config.home, process.env) },
    })
    await app.listen({ port: config.port, host: config.host }).catch((e: NodeJS.ErrnoException) => {
      throw portUnavailable(e, config)
    })
    // monitoring writes (an impact run on new rules, re-screens): only once this server holds its port
    if (config.isMonitoring !== false) monitoring = await startMonitoring({ config, store, rules, lists, logger, verifyAudit: () => verifyAudit('full') })
  } catch (e) {
    await monitoring?.stop()
    await app?.close()
    await store.close()
    throw e
  }
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : config.port
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`
  let closing: Promise<void> | undefined
  const close = () => (closing ??= app.close().finally(async () => { await monitoring?.stop(); await store.close() }))
  return { app, store, url, close }
}

/** PORT_UNAVAILABLE for an address another server holds or this machine cannot bind; any other error as it is. */
function portUnavailable(e: NodeJS.ErrnoException, config: ServerConfig): Error {
  // another server (often a chipnav already running) holds the port, or the address is not this machine's
  const why = e.code === 'EADDRINUSE' ? 'is already in use (is chipnav already running?)' : e.code === 'EACCES' ? 'needs privileges this user lacks' : e.code === 'EADDRNOTAVAIL' ? 'is not an address of this machine' : undefined
  if (!why) return e
  return new AppError('PORT_UNAVAILABLE', { detail: `cannot listen on ${config.host}:${config.port}: the address ${why}`, issues: [{ path: '--port / PORT, --host / HOST', message: `choose another, e.g. chipnav serve --port ${config.port === 8080 ? 8081 : 8080}` }] })
}

/**
 * Bind the address and let it go again, before anything is opened: a port another server holds fails fast,
 * with nothing loaded or written. (Port 0 picks a free port at listen time: nothing to check.)
 */
async function checkPortFree(config: ServerConfig): Promise<void> {
  if (config.port === 0) return
  const probe = createServer()
  await new Promise<void>((ok, fail) => {
    probe.once('error', fail)
    probe.listen({ port: config.port, host: config.host, exclusive: true }, ok)
  }).catch((e: NodeJS.ErrnoException) => {
    throw portUnavailable(e, config)
  })
  await new Promise<void>((ok) => probe.close(() => ok()))
}

/** The screener from the active snapshots, or undefined when none was imported (screening then answers 409). */
async function loadScreener(home: string, logger: Logger): Promise<Screener | undefined> {
  try {
    const started = Date.now()
    const screener = await loadSavedScreener(home, { onWarning: (message) => logger.warn({ home }, message) })
    logger.info({ entries: screener.entryCount, snapshots: screener.snapshots.map((s) => ({ source: s.source, sha256: s.sha256 })), ms: Date.now() - started }, 'list snapshots loaded')
    return screener
  } catch (e) {
    if (isAppError(e) && e.code === 'LIST_SNAPSHOT_MISSING') {
      logger.warn({ home }, 'no list snapshot imported: screening endpoints answer 409 LIST_SNAPSHOT_MISSING')
      return undefined
    }
    throw e
  }
}

/** What `npm start` prints for a person: where it listens and how to get the first admin key. */
export function startupMessage(server: RunningServer, config: ServerConfig): string {
  const db = config.databaseUrl ? 'PostgreSQL (CHIPNAV_DATABASE_URL)' : `SQLite in ${config.home}`
  // the CLI in the same folder finds this home by itself unless CHIPNAV_HOME chose it
  const isOwnHome = config.home === resolveChipnavHome({ env: { ...process.env, CHIPNAV_HOME: undefined }, cwd: process.cwd() }).path
  const env = [isOwnHome ? '' : `CHIPNAV_HOME=${config.home}`, config.databaseUrl ? 'CHIPNAV_DATABASE_URL=<the same URL>' : ''].filter(Boolean).join(' ')
  const prefix = env ? `${env} ` : ''
  return [
    `chipnav API listening on ${server.url}  (${db})`,
    `  web UI:  ${server.url}/  (sign in as a user: ${prefix}npx chipnav users create --username officer --role approver)`,
    `  health:  curl ${server.url}/health`,
    `  docs:    ${server.url}/docs  (OpenAPI: ${server.url}/openapi.json${config.isDocsPublic ? '' : '; both need a key'})`,
    'Every /v1 endpoint needs an API key. Create the first admin key (printed once) in another terminal:',
    `  ${prefix}npx chipnav keys create --role admin`,
    `then: curl -H "Authorization: Bearer <key>" ${server.url}/v1/lists`,
    'Stop with Ctrl-C.',
    '',
  ].join('\n')
}

/** Run until SIGINT/SIGTERM, then close gracefully (a second signal, or 10 s, forces the exit). */
export async function runServer(config: ServerConfig): Promise<void> {
  const logger = pino({ level: config.logLevel })
  const server = await startServer(config, logger)
  process.stderr.write(startupMessage(server, config))
  let isShuttingDown = false
  const shutdown = (signal: NodeJS.Signals) => {
    if (isShuttingDown) {
      logger.warn({ signal }, 'second signal: exiting now')
      process.exit(1)
    }
    isShuttingDown = true
    logger.info({ signal }, 'shutting down: finishing in-flight requests')
    const force = setTimeout(() => {
      logger.error('shutdown took more than 10 s: exiting')
      process.exit(1)
    }, 10_000)
    force.unref()
    server.close().then(
      () => logger.info('stopped'),
      (e: unknown) => {
        logger.error({ err: e }, 'error while shutting down')
        process.exitCode = 1
      },
    )
  }
  process.on('SIGINT', shutdown)
  process.on('SIGTERM', shutdown)
}

// run directly: node --import tsx src/server/main.ts
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  runServer(configFromEnv(process.env)).catch((e: unknown) => {
    const err = isAppError(e) ? e : new AppError('INTERNAL', { detail: e instanceof Error ? e.message : String(e) })
    process.stderr.write(`error ${err.code}: ${err.message}\n`)
    process.exitCode = err.exitCode
  })
}
