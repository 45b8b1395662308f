import { parseJurisdictions, type BindingJurisdiction } from '../shared/jurisdictions.js'
import { AppError } from '../shared/errors.js'
import { isoDateProblem, isIsoDateShaped, todayUtc, type IsoDate } from '../shared/iso-date.js'
import type { Rules } from '../rules/load-rules.js'
import { loadRulesPreferringCache } from '../rules/load-rules-cached.js'

let cached: Promise<Rules> | undefined

/**
 * The rules data, loaded once per process (from CHIPNAV_DATA_DIR when set, else the packaged data/): the compiled
 * build's saved rules when data/ is unchanged, else the strict loader, which is imported only then (with zod and
 * the YAML parser).
 */
export function cliRules(): Promise<Rules> {
  cached ??= loadRulesPreferringCache(process.env.CHIPNAV_DATA_DIR ? { dataDir: process.env.CHIPNAV_DATA_DIR } : {})
  return cached
}

/** `--date`: a real YYYY-MM-DD date, default today (UTC). */
export function parseDateOption(value: string | undefined, option = '--date'): IsoDate {
  if (value === undefined) return todayUtc()
  const problem = isoDateProblem(value)
  if (problem !== undefined) {
    const detail = isIsoDateShaped(value) ? `${option} "${value}" is not a real calendar date` : `${option} "${value}" is not a date: expected YYYY-MM-DD, e.g. 2024-01-01`
    throw new AppError('INVALID_DATE', { detail, issues: [{ path: option, message: problem }] })
  }
  return value as IsoDate
}

/** CHIPNAV_JURISDICTIONS: whose sanctions law binds the organisation (default US). */
export function cliJurisdictions(): BindingJurisdiction[] {
  const v = process.env.CHIPNAV_JURISDICTIONS?.trim()
  return parseJurisdictions(v ? v : 'US', 'CHIPNAV_JURISDICTIONS')
}
