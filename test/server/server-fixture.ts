/**
 * An app for HTTP tests: a real store (SQLite in a temp dir; PostgreSQL too when
 * CHIPNAV_TEST_DATABASE_URL is set), the real rules, a screener over the curated fixture entries, a
 * fixed clock, and one API key per role created the way `chipnav keys create` does (through the store).
 * Requests go through `app.inject()`: no port is opened.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { loadRules, type Rules } from '../../src/rules/load-rules.js'
import type { ApiKeyRole, RecordsStore } from '../../src/records/records-store.js'
import { buildScreener } from '../../src/screening/screener.js'
import { buildApp, type AppDeps } from '../../src/server/app.js'
import { FIXTURE_LIST_ENTRIES, FIXTURE_SNAPSHOT } from '../fixtures/determination-list-entries.js'
import { storeDialectsUnderTest, type DialectUnderTest, type OpenedStore } from '../store/dialects-under-test.js'

export const NOW = '2026-11-26T10:00:00.000Z'

let rules: Rules | undefined
export const testRules = () => (rules ??= loadRules())

export const fixtureScreener = () => buildScreener({ entries: FIXTURE_LIST_ENTRIES, snapshots: [FIXTURE_SNAPSHOT] })

export type TestApp = {
  app: FastifyInstance
  store: RecordsStore
  keys: Record<ApiKeyRole, string>
  /** inject a JSON request with the key of `as` (a role) or a raw key, or none */
  call(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, options?: { as?: ApiKeyRole | null; key?: string; body?: unknown; headers?: Record<string, string> }): Promise<LightMyRequestResponse & { json<T = any>(): T }>
  /** raw SQL on the store's database (`?` placeholders): what someone with database access does */
  exec: OpenedStore['exec']
  close(): Promise<void>
}

export type TestAppOptions = Partial<Omit<AppDeps, 'store' | 'rules'>> & { isWithoutLists?: boolean; /** the store's clock (default NOW, standing still) */ storeNow?: () => string }

export async function openTestApp(dialect: DialectUnderTest = storeDialectsUnderTest()[0]!, options: TestAppOptions = {}): Promise<TestApp> {
  const { isWithoutLists, storeNow, ...deps } = options
  const opened = await dialect.open({ now: storeNow ?? (() => NOW) })
  const app = await buildApp({
    store: opened.store,
    rules: testRules(),
    ...(isWithoutLists ? {} : { screener: fixtureScreener() }),
    clock: () => new Date(NOW),
    // the clock stands still here, so the failed-authentication window never ends: tests that send many
    // keyless requests get room; test/server/hardening.test.ts checks the real limit
    failedAuthLimit: { max: 10_000, timeWindowMs: 60_000, maxTrackedAddresses: 100 },
    ...deps,
  })
  const keys = {} as Record<ApiKeyRole, string>
  for (const role of ['viewer', 'analyst', 'approver', 'admin'] as const) {
    keys[role] = (await opened.store.createApiKey({ role, label: `test ${role}`, actor: 'cli:test' })).key
  }
  return {
    app,
    store: opened.store,
    keys,
    call: (method, url, o = {}) => {
      const key = o.key ?? (o.as === null ? undefined : keys[o.as ?? 'admin'])
      return app.inject({
        method,
        url,
        headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...o.headers },
        ...(o.body !== undefined ? { payload: o.body as object } : {}),
      }) as never
    },
    exec: opened.exec,
    close: async () => {
      await app.close()
      await opened.cleanup()
    },
  }
}

export { storeDialectsUnderTest }
