import type { Screener } from '../../screening/screener.js'
import { loadScreener } from '../../screening/snapshots/screening-index-store.js'

/** Print a screening-index warning (a damaged or unwritable index) on stderr; the command goes on. */
export const warnOnStderr = (message: string): void => void process.stderr.write(`warning: ${message}\n`)

/**
 * The screener of the active snapshots from the saved index (built and saved once when missing or stale):
 * for a command's few queries the file is read only where they need it; `isLongRunning` (mcp, monitoring)
 * reads it whole once.
 */
export function cliLoadScreener(home: string, { isLongRunning = false }: { isLongRunning?: boolean } = {}): Promise<Screener> {
  return loadScreener(home, { onWarning: warnOnStderr, readLazily: !isLongRunning })
}
