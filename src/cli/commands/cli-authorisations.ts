/**
 * The recorded authorisations (VEU and the like) a CLI check reads from the records store, as the API does: only
 * when there is a store (CHIPNAV_DATABASE_URL, or the SQLite file already in the home), so a check never creates one.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { RecordedAuthorisation } from '../../determination/authorisation-cover.js'
import type { RecordsStore } from '../../records/records-store.js'
import { isAppError } from '../../shared/errors.js'
import { isIsoDate } from '../../shared/iso-date.js'
import { SQLITE_FILE_NAME } from '../../store/store-files.js'
import { openCliStore, storeConfigFromEnv } from './store-config.js'

/** Whether a records store exists for this environment (never creates one). */
export function cliStoreExists(env: NodeJS.ProcessEnv = process.env): boolean {
  const config = storeConfigFromEnv(env)
  return config.databaseUrl !== undefined || existsSync(join(config.home, SQLITE_FILE_NAME))
}

/** Open the store if there is one, else undefined: the caller closes it. */
export async function openExistingCliStore(): Promise<RecordsStore | undefined> {
  return cliStoreExists() ? openCliStore() : undefined
}

/**
 * The authorisations valid on `date` (a date taken from the input, not yet validated: none for a bad one, whose
 * error the check itself reports), or undefined without a store.
 */
export async function cliAuthorisationsInForce(date: unknown): Promise<RecordedAuthorisation[] | undefined> {
  return (await cliAuthorisationsOn([date]))?.get(date as string)
}

/**
 * The authorisations valid on each date (`chipnav diff` asks several), the store opened once; undefined without a
 * store, or when it cannot be opened (then a warning says they were not consulted, and the answer goes on).
 */
export async function cliAuthorisationsOn(dates: readonly unknown[]): Promise<Map<string, RecordedAuthorisation[]> | undefined> {
  const valid = [...new Set(dates.filter(isIsoDate))]
  if (valid.length === 0) return undefined
  let store: RecordsStore | undefined
  try {
    store = await openExistingCliStore()
  } catch (e) {
    // a check answers without the store (as it did before authorisations were read): an unreachable database
    // leaves the recorded authorisations out, and the warning says so
    if (!isAppError(e) || e.code !== 'STORE_UNAVAILABLE') throw e
    process.stderr.write(`WARNING recorded authorisations (VEU) not consulted: the records store could not be opened (${e.message})\n`)
    return undefined
  }
  if (!store) return undefined
  try {
    const byDate = new Map<string, RecordedAuthorisation[]>()
    for (const date of valid) byDate.set(date, await store.authorisationsInForce(date))
    return byDate
  } finally {
    await store.close()
  }
}
