import { userInfo } from 'node:os'
import type { StoreConfig } from '../../store/open-store.js'
import { storeSecurityFromEnv } from '../../store/store-env.js'
import { resolveHome } from '../home.js'

/**
 * The store's config from the environment (a composition root's job): CHIPNAV_DATABASE_URL selects
 * PostgreSQL; otherwise SQLite in the home (src/cli/home.ts). CHIPNAV_SQLITE_SYNCHRONOUS=FULL
 * also keeps the last writes through a power loss (NORMAL, the default, keeps them through a process kill).
 */
export function storeConfigFromEnv(env: NodeJS.ProcessEnv = process.env): StoreConfig {
  const url = env.CHIPNAV_DATABASE_URL?.trim()
  const sync = env.CHIPNAV_SQLITE_SYNCHRONOUS?.trim().toUpperCase()
  return {
    home: resolveHome(env),
    ...(url ? { databaseUrl: url } : {}),
    ...(sync === 'FULL' || sync === 'NORMAL' ? { sqliteSynchronous: sync } : {}),
    ...storeSecurityFromEnv(env),
  }
}

/**
 * Who the CLI writes as in the audit trail: CHIPNAV_ACTOR, else cli:<os user>. USER (USERNAME on Windows) is
 * often unset where no login shell ran (cron, containers, systemd): the OS account then names the user.
 */
export function cliActor(env: NodeJS.ProcessEnv = process.env): string {
  const given = (v: string | undefined) => (v !== undefined && v.trim() !== '' ? v.trim() : undefined)
  return given(env.CHIPNAV_ACTOR) ?? `cli:${given(env.USER) ?? given(env.USERNAME) ?? osUserName() ?? 'unknown'}`
}

/** The OS account running the process, or undefined when it has no name (os.userInfo throws without a passwd entry). */
function osUserName(): string | undefined {
  try {
    return userInfo().username || undefined
  } catch {
    return undefined
  }
}

/**
 * Open the records store for a CLI command; the store (Kysely, the driver) is loaded only by the commands that need
 * it. An existing database with migrations this chipnav has and it has not run is refused (STORE_NEEDS_MIGRATION,
 * naming `chipnav migrate`): only `chipnav migrate` and the server (`serve`) change a database's schema. A new one is
 * created.
 */
export async function openCliStore(options: { migrations?: 'apply' | 'refuse'; ifMissing?: 'create' | 'refuse' } = {}) {
  const { openStore } = await import('../../store/open-store.js')
  return openStore({ ...storeConfigFromEnv(), migrations: options.migrations ?? 'refuse', ...(options.ifMissing ? { ifMissing: options.ifMissing } : {}) })
}

/**
 * Open the store for a command that only reads (a list, a show, a verification): a database that does not exist is
 * refused with STORE_NOT_FOUND naming where it was looked for, and nothing is created — an empty answer there would
 * hide a wrong CHIPNAV_HOME or CHIPNAV_DATABASE_URL.
 */
export const openCliStoreToRead = () => openCliStore({ ifMissing: 'refuse' })

/** Run `fn` with the CLI's records store open, and close it whatever happens (`toRead`: as `openCliStoreToRead`). */
export async function withCliStore<T>(fn: (store: Awaited<ReturnType<typeof openCliStore>>) => Promise<T>, options: { toRead?: boolean } = {}): Promise<T> {
  const store = await (options.toRead ? openCliStoreToRead() : openCliStore())
  try {
    return await fn(store)
  } finally {
    await store.close()
  }
}
