/**
 * The HTTP API, built apart from the process that runs it: `buildApp(deps)` returns a Fastify
 * instance that never listens (tests call `app.inject()`, `main.ts` listens). Everything it needs
 * comes in as an argument: the records store, the rules, the screener, the clock, the logger.
 *
 * Layout: `/health` (no key), `/openapi.json` and `/docs`, and the `/v1` subtree, where every
 * request is authenticated by its API key and rate-limited per key. Each resource is one plugin in
 * `routes/<resource>.ts`. Every error leaves through one handler as problem+json (problem.ts).
 */
import { CHIPNAV_VERSION } from '../shared/version.js'
import rateLimit from '@fastify/rate-limit'
import type { BindingJurisdiction } from '../shared/jurisdictions.js'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import { createJsonSchemaTransform, jsonSchemaTransformObject, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { rememberParsedTransaction, TransactionSchema, type Transaction } from '../determination/transaction-schema.js'
import { hashApiKey, type AuditVerification, type RecordsStore } from '../records/records-store.js'
import type { Rules } from '../rules/load-rules.js'
import { withScreenCache } from '../screening/screen-cache.js'
import type { Screener } from '../screening/screener.js'
import { importListFiles } from '../screening/snapshots/import-list.js'
import { readActiveSnapshotMetas, SNAPSHOT_MISSING_HINT } from '../screening/snapshots/load-active-snapshots.js'
import { loadScreener } from '../screening/snapshots/screening-index-store.js'
import type { SnapshotMeta } from '../screening/snapshots/snapshot-store.js'
import { DEFAULT_MAX_LIST_AGE, listAges, staleListWarnings, type ListAge, type MaxListAge, type StaleListWarning } from '../screening/snapshots/freshness.js'
import type { SourceFile } from '../screening/sources/source-file.js'
import type { SourceId } from '../screening/model.js'
import { AppError } from '../shared/errors.js'
import { singleFlight, type VerifyMode } from './audit-verify-worker.js'
import { authenticate, authorize, bearerToken, type FindKeyByHash } from './auth.js'
import { createFailedAuthLimiter, type FailedAuthLimiter } from './failed-auth-limiter.js'
import { BODY_LIMITS, FAILED_AUTH_LIMIT, MAX_URL_LENGTH } from './limits.js'
import { guardRequest } from './request-guard.js'
import { securityHeaders, sendClientError, DOCS_CSP } from './security-headers.js'
import { StaleListWarningSchema } from './list-warnings.js'
import { PROBLEM_CONTENT_TYPE, ProblemSchema, toProblem } from './problem.js'
import { allocationRoutes } from './routes/allocations.js'
import { auditRoutes } from './routes/audit.js'
import { accessCheckRoutes } from './routes/access-checks.js'
import { certificationRoutes } from './routes/certifications.js'
import { classifyRoutes } from './routes/classify.js'
import { determinationRoutes } from './routes/determinations.js'
import { documentLegalHoldRoutes, documentRoutes } from './routes/documents.js'
import { keyRoutes } from './routes/keys.js'
import { licenseRoutes } from './routes/licenses.js'
import { listsRoutes } from './routes/lists.js'
import { redFlagRoutes } from './routes/red-flags.js'
import { monitoringRoutes } from './routes/monitoring.js'
import { partyRoutes } from './routes/parties.js'
import { screenRoutes } from './routes/screen.js'
import { screeningRoutes } from './routes/screenings.js'
import { techAccessRoutes } from './routes/tech-access.js'
import { deploymentRoutes } from './routes/deployments.js'
import { authorisationRoutes } from './routes/authorisations.js'
import { timelineRoutes } from './routes/timeline.js'
import { transactionRoutes } from './routes/transactions.js'
import { sessionRoutes, signInRoutes } from './routes/session.js'
import { chipRoutes } from './routes/chips.js'
import { replayRoutes } from './routes/replay.js'
import { registerSessionCookies, resolveCaller, type SessionSettings } from './session.js'
import { registerStaticUi } from './static-ui.js'
import { withReadCache } from './read-cache.js'

/** JSON bodies of routes that set no limit of their own (src/server/limits.ts has every route's) */
export const DEFAULT_BODY_LIMIT = BODY_LIMITS.DEFAULT
export const DEFAULT_RATE_LIMIT = { max: 6000, timeWindowMs: 60_000 }

export type AppDeps = {
  store: RecordsStore
  rules: Rules
  /** built from the active list snapshots; without one, screening answers 409 LIST_SNAPSHOT_MISSING */
  screener?: Screener
  /** the only clock the API reads */
  clock: () => Date
  /** a pino logger (main.ts), or false/undefined for none (tests) */
  logger?: FastifyBaseLogger | false
  /** CHIPNAV_HOME, where list snapshots live; needed by `POST /v1/lists/import` and `GET /v1/lists` */
  home?: string
  /** requests per key per time window */
  rateLimit?: { max: number; timeWindowMs: number }
  /** JSON bodies larger than this are refused with 413 (default BODY_LIMITS.DEFAULT, 256 KiB; some routes set their own) */
  bodyLimit?: number
  /**
   * screening answers kept per screener (least recently used dropped beyond this; 0 = none): a new
   * list import builds a new screener and so starts a new cache
   */
  screenCacheEntries?: number
  /** serve /openapi.json and /docs without a key (default: a key is needed, like every route but /health) */
  isDocsPublic?: boolean
  /**
   * runs `GET /v1/audit/verify`; main.ts passes one that works on a worker thread (audit-verify-worker.ts)
   * so re-hashing a large trail never stalls other requests; default the store's own, one at a time
   */
  verifyAudit?: (mode: VerifyMode) => Promise<AuditVerification>
  /** failed authentications per client address before 429 (default FAILED_AUTH_LIMIT) */
  failedAuthLimit?: { max: number; timeWindowMs: number; maxTrackedAddresses: number }
  /** the list state, when the caller holds it too (main.ts reloads it when the snapshots change); default built from `screener` */
  lists?: ListsState
  /** days after which a list snapshot is stale and every screening answer and /health warn (default DEFAULT_MAX_LIST_AGE) */
  maxListAge?: MaxListAge
  /** whose sanctions law binds the organisation when a transaction does not say (CHIPNAV_JURISDICTIONS; default US) */
  jurisdictions?: readonly BindingJurisdiction[]
  /** named users' sessions: cookie secret, lifetime, lock-out (src/server/session.ts) */
  sessions?: SessionSettings
  /** the built web UI (web/dist) to serve at `/`; none when undefined or missing */
  uiDir?: string
  /**
   * how long (ms, on `readCacheClock`) an API key and the authorisations in force on a date are kept between
   * requests (read-cache.ts; default DEFAULT_READ_CACHE_MS, 1 s; 0: read every time): a key revoked by another
   * process is refused at the latest this long after
   */
  readCacheMs?: number
  /** the read cache's clock in ms (default `performance.now`: monotonic, unlike `clock`, which may stand still or step back) */
  readCacheClock?: () => number
}

/** The list snapshots as the server holds them: a screener that an import swaps at once. */
export type ListsState = {
  current(): Screener | undefined
  /** the screener, or LIST_SNAPSHOT_MISSING (409) */
  requireScreener(): Screener
  status(): Promise<{ isScreeningAvailable: boolean; entryCount: number; snapshots: SnapshotMeta[] }>
  importFiles(o: { files: SourceFile[]; source?: SourceId; shouldForce?: boolean; published?: string }): Promise<SnapshotMeta[]>
  /** loads the active snapshots again and swaps the screener (and so its cache) at once: a CLI import seen by a running server */
  reload(): Promise<void>
}

/** What every route plugin receives. */
export type AppContext = {
  store: RecordsStore
  rules: Rules
  clock: () => Date
  lists: ListsState
  /** the audit verification (one at a time; concurrent callers share its answer) */
  verifyAudit: (mode: VerifyMode) => Promise<AuditVerification>
  /** a warning for each loaded list snapshot older than its limit, on the clock's date */
  listWarnings(): StaleListWarning[]
  /** each loaded list snapshot's age on the clock's date, its limit and whether it is over it */
  listAges(): ListAge[]
  /** whose sanctions law binds the organisation when a transaction does not say */
  jurisdictions: readonly BindingJurisdiction[]
}


export const HealthSchema = z
  .strictObject({
    status: z.literal('ok'),
    rulesVersion: z.string(),
    isScreeningAvailable: z.boolean(),
    time: z.string(),
    /** list snapshots older than their limit (CHIPNAV_LIST_MAX_AGE_DAYS) */
    listWarnings: z.array(StaleListWarningSchema),
    /** the active lists with no age limit set: their age is not judged (no warning says nothing of them) */
    listsAgeNotJudged: z.array(z.string()),
  })
  .meta({ id: 'Health' })

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    ...(deps.logger ? { loggerInstance: deps.logger } : { logger: false }),
    bodyLimit: deps.bodyLimit ?? DEFAULT_BODY_LIMIT,
    // a proto-poisoned JSON body is refused (400), never merged
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    return503OnClosing: true,
    // an id path parameter may be as long as IdParamsSchema allows; longer is 414 (as problem+json)
    routerOptions: { maxParamLength: 200 },
    // errors Fastify meets before any route (bad URL encoding, a path parameter too long) and those of
    // the HTTP parser (headers too large, malformed requests) are problem+json like every other error
    frameworkErrors: (error, request, reply) => sendProblem(error, request, reply),
    clientErrorHandler: sendClientError,
  }).withTypeProvider<ZodTypeProvider>()
  // an empty body sent as application/json is no body (a client that always sets the header, on a POST that takes
  // none: a re-check); a route that needs a body still says so, through its schema ("required")
  const parseJson = app.getDefaultJsonParser('error', 'error')
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => (body === '' ? done(null, undefined) : parseJson(request, body as string, done)))
  // a body validated by TransactionSchema is remembered as parsed, so determine() does not parse it again
  app.setValidatorCompiler<z.ZodType>((route) => {
    const validate = validatorCompiler(route)
    if (route.schema !== TransactionSchema) return validate
    const validated: typeof validate = (data) => {
      const r = validate(data)
      if (typeof r === 'object' && 'value' in r && r.error === undefined) rememberParsedTransaction(r.value as Transaction)
      return r
    }
    return validated
  })
  // Responses are typed at compile time by the same schemas (the type provider checks each handler's
  // return value) and documented from them; they are not re-validated at run time: domain schemas
  // carry transforms (IsoDateSchema) that zod cannot encode, and re-validating every answer costs time.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data))
  app.setErrorHandler(sendProblem)
  // a path that exists under other methods answers 405 with the methods it takes (RFC 9110 15.5.6), not 404
  app.setNotFoundHandler((request, reply) => {
    const path = pathOf(request)
    const allow = HTTP_METHODS.filter((method) => method !== request.method && app.findRoute({ method, url: path }) !== null)
    if (allow.length === 0) return sendProblem(new AppError('ROUTE_NOT_FOUND', { detail: `no endpoint ${request.method} ${path}` }), request, reply)
    reply.header('allow', allow.join(', '))
    return sendProblem(new AppError('METHOD_NOT_ALLOWED', { detail: `${path} does not take ${request.method}; it takes ${allow.join(', ')}`, allow }), request, reply)
  })
  app.addHook('onRequest', async (request) => {
    const length = Buffer.byteLength(request.raw.url ?? '')
    if (length > MAX_URL_LENGTH) throw new AppError('URI_TOO_LONG', { detail: `the URL is ${length} bytes long; at most ${MAX_URL_LENGTH} are accepted` })
  })
  // the one validator of text, numbers and sizes every request meets before its route schema
  app.addHook('preValidation', guardRequest)
  app.addHook('onSend', securityHeaders)

  const lists = deps.lists ?? listsState(deps)
  // the key of every request and the authorisations of every determination, kept briefly (read-cache.ts); the
  // expiry runs on a monotonic clock, not the app's date clock, which a test may stop or a host may step back
  const nowMs = deps.readCacheClock ?? (() => performance.now())
  const store = withReadCache(deps.store, { nowMs, ...(deps.readCacheMs !== undefined ? { ttlMs: deps.readCacheMs } : {}) })
  const ctx: AppContext = {
    store,
    rules: deps.rules,
    clock: deps.clock,
    lists,
    verifyAudit: deps.verifyAudit ?? verifiersOf(store),
    jurisdictions: deps.jurisdictions ?? ['US'],
    listWarnings: () => staleListWarnings(lists.current()?.snapshots ?? [], deps.clock(), deps.maxListAge ?? DEFAULT_MAX_LIST_AGE),
    listAges: () => listAges(lists.current()?.snapshots ?? [], deps.clock(), deps.maxListAge ?? DEFAULT_MAX_LIST_AGE),
  }
  const failedAuth = createFailedAuthLimiter(deps.failedAuthLimit ?? FAILED_AUTH_LIMIT)
  const findKeyByHash: FindKeyByHash = async (hash) => {
    const key = await store.findApiKeyByHash(hash)
    return key && key.revokedAt === null ? { id: key.id, role: key.role } : undefined
  }

  await registerSessionCookies(app, deps.sessions)
  const resolve = (request: FastifyRequest) => resolveCaller(request, { findKeyByHash, store, clock: deps.clock })

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'chipnav API', version: CHIPNAV_VERSION, description: 'Export-control compliance for AI accelerators: classify, screen, determine, keep records. Errors are RFC 9457 problem+json with stable codes.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'an API key from `chipnav keys create --role <role>`' }, session: { type: 'apiKey', in: 'cookie', name: 'chipnav_session', description: 'a signed-in user (POST /v1/session); state-changing requests also send x-csrf-token' } } },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: createJsonSchemaTransform({ skipList: ['/docs', '/docs/*', '/openapi.json'], zodToJsonConfig: { unrepresentable: 'any' } }),
    transformObject: jsonSchemaTransformObject,
  })

  app.get(
    '/health',
    { schema: { tags: ['health'], summary: 'Liveness: answers without a key', security: [], response: { 200: HealthSchema } } },
    async () => ({ status: 'ok' as const, rulesVersion: deps.rules.version, isScreeningAvailable: ctx.lists.current() !== undefined, time: deps.clock().toISOString(), listWarnings: ctx.listWarnings(), listsAgeNotJudged: ctx.listAges().filter((a) => a.maxAgeDays === undefined).map((a) => a.source) }),
  )

  // the documentation: behind a key like everything else unless isDocsPublic
  await app.register(async (docs) => {
    if (!deps.isDocsPublic) docs.addHook('onRequest', authHook(resolve, failedAuth, nowMs))
    docs.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())
    // the docs page runs only its own scripts and styles (hashes from @fastify/swagger-ui), on plain http too
    await docs.register(swaggerUi, { routePrefix: '/docs', uiConfig: { url: '/openapi.json' } as never, staticCSP: true, transformStaticCSP: DOCS_CSP })
  })

  await app.register(
    async (v1) => {
      v1.addHook('onRequest', authHook(resolve, failedAuth, nowMs))
      // the role is checked before the body is read or parsed: every /v1 route declares `config.allow`
      v1.addHook('onRoute', (route) => {
        if (typeof route.config?.allow !== 'function') throw new Error(`${route.method} ${route.url} declares no permission (config.allow)`)
      })
      v1.addHook('onRequest', async (request) => {
        const allow = request.routeOptions.config.allow
        if (allow) authorize(request, allow)
      })
      const limit = deps.rateLimit ?? DEFAULT_RATE_LIMIT
      await v1.register(rateLimit, {
        max: limit.max,
        timeWindow: limit.timeWindowMs,
        keyGenerator: (request) => request.caller?.keyHash ?? `ip:${request.ip}`,
        errorResponseBuilder: (_request, c) => new AppError('RATE_LIMITED', { detail: `more than ${c.max} requests in ${Math.round(c.ttl / 1000)} s for this API key; retry after ${c.after}` }),
      })
      for (const routes of [classifyRoutes, accessCheckRoutes, screenRoutes, timelineRoutes, redFlagRoutes, certificationRoutes, listsRoutes, partyRoutes, screeningRoutes, determinationRoutes, transactionRoutes, licenseRoutes, allocationRoutes, documentRoutes, documentLegalHoldRoutes, techAccessRoutes, deploymentRoutes, authorisationRoutes, auditRoutes, keyRoutes, monitoringRoutes, sessionRoutes, chipRoutes, replayRoutes]) {
        await v1.register(routes, { ctx })
      }
    },
    { prefix: '/v1' },
  )
  await app.register(signInRoutes, { prefix: '/v1', ctx, settings: deps.sessions ?? {} })
  if (deps.uiDir !== undefined) await registerStaticUi(app, deps.uiDir)
  return app
}

/** Who is calling (an API key, or a signed-in user's session cookie), with a per-address limit on failed authentications. */
function authHook(resolve: (request: FastifyRequest) => Promise<NonNullable<FastifyRequest['caller']>>, failedAuth: FailedAuthLimiter, nowMs: () => number) {
  return async (request: FastifyRequest) => {
    const waitMs = failedAuth.retryAfterMs(request.ip, nowMs())
    if (waitMs > 0) {
      const token = bearerToken(request)
      if (token === undefined || !failedAuth.isKnownKey(hashApiKey(token))) {
        throw new AppError('RATE_LIMITED', { detail: `too many failed authentications from this address; retry in ${Math.ceil(waitMs / 1000)} s`, retryAfterSeconds: Math.ceil(waitMs / 1000) })
      }
    }
    try {
      request.caller = await resolve(request)
      failedAuth.noteSuccess(request.caller.keyHash)
    } catch (e) {
      if (e instanceof AppError && e.code === 'UNAUTHENTICATED') failedAuth.noteFailure(request.ip, nowMs())
      throw e
    }
  }
}

/** the methods an Allow header may name, in the order it names them */
const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const

function pathOf(request: FastifyRequest): string {
  return request.url.split('?')[0] ?? request.url
}

function sendProblem(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const problem = toProblem(error, pathOf(request))
  if (problem.status >= 500) request.log.error({ err: error }, 'request failed')
  return reply.code(problem.status).type(PROBLEM_CONTENT_TYPE).send(problem)
}

/** The screener held by the server, swapped whole after an import. */
export function listsState(deps: AppDeps): ListsState {
  const cached = (s: Screener): Screener => (deps.screenCacheEntries === 0 ? s : withScreenCache(s, deps.screenCacheEntries !== undefined ? { maxEntries: deps.screenCacheEntries } : {}))
  let screener = deps.screener ? cached(deps.screener) : undefined
  const home = deps.home
  const requireHome = (): string => {
    if (home === undefined) throw new AppError('LIST_SNAPSHOT_MISSING', { detail: 'this server has no list folder (CHIPNAV_HOME)' })
    return home
  }
  return {
    current: () => screener,
    requireScreener: () => {
      if (!screener) throw new AppError('LIST_SNAPSHOT_MISSING', { detail: 'no list snapshot is loaded, so names cannot be screened', hint: `an admin imports the lists with POST /v1/lists/import, or ${SNAPSHOT_MISSING_HINT}, then restarts the server` })
      return screener
    },
    status: async () => ({
      isScreeningAvailable: screener !== undefined,
      entryCount: screener?.entryCount ?? 0,
      snapshots: home === undefined ? [] : await readActiveSnapshotMetas(home),
    }),
    importFiles: async ({ files, source, shouldForce, published }) => {
      const dir = requireHome()
      const result = await importListFiles({ home: dir, files, now: deps.clock().toISOString(), ...(source ? { source } : {}), ...(shouldForce ? { shouldForce } : {}), ...(published !== undefined ? { published } : {}) })
      screener = cached(await loadScreener(dir))
      return result.snapshots
    },
    reload: async () => {
      screener = cached(await loadScreener(requireHome()))
    },
  }
}

export { ProblemSchema }

/** The store's own verification, one run per mode at a time (callers arriving meanwhile share its answer). */
function verifiersOf(store: RecordsStore): (mode: VerifyMode) => Promise<AuditVerification> {
  const byMode = { full: singleFlight(() => store.verifyAudit({ mode: 'full' })), incremental: singleFlight(() => store.verifyAudit({ mode: 'incremental' })) }
  return (mode) => byMode[mode]()
}
