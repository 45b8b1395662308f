/**
 * The list age limits of the CLI (env and `--max-list-age`), apart from context.ts so that a command that
 * screens without the rules (`screen`) does not load them.
 */
import { parseMaxListAge, staleListWarnings, type MaxListAge, type StaleListWarning } from '../screening/snapshots/freshness.js'
import type { SnapshotRef } from '../screening/model.js'

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

/** A list warning as the CLI prints it: "WARNING stale list: …" or "WARNING undated list: …". */
export function listWarningLine(w: StaleListWarning): string {
  return `WARNING ${w.kind === 'undated-list' ? 'undated list' : 'stale list'}: ${w.message}`
}

export const MAX_LIST_AGE_HELP = 'warn when a list snapshot is older than this many days: "30", or per list "csl=14,sdn=7,dpl=none" (default 14 for the CSL and OFAC; env CHIPNAV_LIST_MAX_AGE_DAYS)'
