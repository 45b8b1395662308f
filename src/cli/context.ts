import { parseJurisdictions, type BindingJurisdiction } from '../shared/jurisdictions.js'
import { AppError } from '../shared/errors.js'
import { isIsoDate, todayUtc, type IsoDate } from '../shared/iso-date.js'
import { loadRules, type Rules } from '../rules/load-rules.js'
import { parseMaxListAge, staleListWarnings, type MaxListAge, type StaleListWarning } from '../screening/snapshots/freshness.js'
import type { SnapshotRef } from '../screening/model.js'

let cached: Rules | undefined

/** The rules data, loaded once per process (from CHIPNAV_DATA_DIR when set, else the packaged data/). */
export function cliRules(): Rules {
  cached ??= loadRules(process.env.CHIPNAV_DATA_DIR ? { dataDir: process.env.CHIPNAV_DATA_DIR } : {})
  return cached
}

/** `--date`: a real YYYY-MM-DD date, default today (UTC). */
export function parseDateOption(value: string | undefined, option = '--date'): IsoDate {
  if (value === undefined) return todayUtc()
  if (!isIsoDate(value)) {
    throw new AppError('INVALID_DATE', { detail: `${option} "${value}" is not a date: expected YYYY-MM-DD, e.g. 2024-01-01`, issues: [{ path: option, message: 'expected a date written YYYY-MM-DD' }] })
  }
  return value
}

/**
 * The list age limits: CHIPNAV_LIST_MAX_AGE_DAYS, then `--max-list-age` on top ("30" for every list,
 * or "csl=14,sdn=7,dpl=none"; default 14 days for the CSL and OFAC).
 */
export function cliMaxListAge(option: string | undefined): MaxListAge {
  const fromEnv = parseMaxListAge(process.env.CHIPNAV_LIST_MAX_AGE_DAYS, 'CHIPNAV_LIST_MAX_AGE_DAYS')
  return parseMaxListAge(option, '--max-list-age', fromEnv)
}

/** Warnings for the snapshots older than their limit, today (the CLI's clock). */
export function cliListWarnings(snapshots: readonly SnapshotRef[], option: string | undefined): StaleListWarning[] {
  return staleListWarnings(snapshots, new Date(), cliMaxListAge(option))
}

export const MAX_LIST_AGE_HELP = 'warn when a list snapshot is older than this many days: "30", or per list "csl=14,sdn=7,dpl=none" (default 14 for the CSL and OFAC; env CHIPNAV_LIST_MAX_AGE_DAYS)'
/** CHIPNAV_JURISDICTIONS: whose sanctions law binds the organisation (default US). */
export function cliJurisdictions(): BindingJurisdiction[] {
  const v = process.env.CHIPNAV_JURISDICTIONS?.trim()
  return parseJurisdictions(v ? v : 'US', 'CHIPNAV_JURISDICTIONS')
}
