import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))
/** ../shared/data beside the repo (present in CI, maybe absent on a fresh clone) */
export const SHARED_DATA = fileURLToPath(new URL('../../../shared/data/', import.meta.url))
export const hasSharedData = existsSync(SHARED_DATA)
export const SHARED_DATA_SKIP = hasSharedData ? false : `../shared/data is absent (${SHARED_DATA}); this test reads the shared list snapshots and runs in CI`
