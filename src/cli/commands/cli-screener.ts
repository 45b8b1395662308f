import type { Screener } from '../../screening/screener.js'
import type { SnapshotRef } from '../../screening/model.js'

/** Print a screening-index warning (a damaged or unwritable index) on stderr; the command goes on. */
export const warnOnStderr = (message: string): void => void process.stderr.write(`warning: ${message}\n`)

/**
 * The screener of the active snapshots from the saved index (built and saved once when missing or stale):
 * for a command's few queries the file is read only where they need it; `isLongRunning` (mcp, monitoring)
 * reads it whole once. The screening modules are imported here, when a command screens, not when it loads.
 */
export async function cliLoadScreener(home: string, { isLongRunning = false }: { isLongRunning?: boolean } = {}): Promise<Screener> {
  const { loadScreener } = await import('../../screening/snapshots/screening-index-store.js')
  return loadScreener(home, { onWarning: warnOnStderr, readLazily: !isLongRunning })
}

/**
 * The active snapshots as a screener would give them (`screener.snapshots`), read from their checked metadata
 * alone, for a command that screens nothing (a check without parties) but says how old the lists are; undefined
 * when none is imported, as `cliLoadScreener` then throws LIST_SNAPSHOT_MISSING. Opens no index.
 */
export async function cliActiveSnapshotRefs(home: string): Promise<SnapshotRef[] | undefined> {
  const [{ readActiveSnapshotMetas }, { snapshotRefOf }] = await Promise.all([import('../../screening/snapshots/load-active-snapshots.js'), import('../../screening/snapshots/snapshot-paths.js')])
  const metas = await readActiveSnapshotMetas(home)
  return metas.length === 0 ? undefined : metas.map(snapshotRefOf)
}
