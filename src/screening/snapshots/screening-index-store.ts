/**
 * The screening index, built once per set of active snapshots and saved beside them:
 *
 *   <home>/lists/indexes/<key hash>.idx   the screener's data (index-file.ts), for the snapshots in its key
 *
 * `importListFiles` writes it after each import; `loadScreener` uses it when its key matches the active
 * snapshots and the code that builds an index (screening-code-hash.ts), and otherwise builds it once from
 * `entries.json`, saves it and uses it. It reads the file whole, or (`readLazily`, the CLI's one query)
 * only the parts the queries use. A file whose key differs is never used (a stale index is rebuilt);
 * a damaged one is rebuilt with a warning.
 */
import { randomBytes } from 'node:crypto'
import { rmSync } from 'node:fs'
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { AppError } from '../../shared/errors.js'
import { canonicalJson, sha256Hex } from '../../shared/hash.js'
import { checkIndexFile, decodeIndexFile, encodeIndexFile, IndexFileError, INDEX_FILE_FORMAT, readIndexFileKey } from '../index/index-file.js'
import { openIndexFile, type OpenedIndexFile } from '../index/index-file-reader.js'
import type { SnapshotRef } from '../model.js'
import { buildScreenerData, screenerFrom, type Screener, type ScreenerData } from '../screener.js'
import type { TopHitPreference } from '../top-hit-preference.js'
import { loadActiveSnapshots, readActiveSnapshotMetas, readActiveSnapshotMetasChecked, readSnapshotEntriesSync, SNAPSHOT_MISSING_HINT } from './load-active-snapshots.js'
import { screeningCodeHash } from './screening-code-hash.js'
import { listsDir, readActiveSnapshotTexts, snapshotDir, snapshotRefOf } from './snapshot-paths.js'
import type { SnapshotMeta } from './snapshot-store.js'

export type ScreeningIndexKey = {
  /** the index file's layout version */
  format: number
  /** sha256 over the code and data an index is built with (normalisation, scoring, index, abbreviations) */
  code: string
  /** sha256 of the texts of active.json and the snapshots' meta.json the index was built from (checked then) */
  metaTexts: string
  /** the active snapshots in load order: entry numbers depend on it */
  snapshots: Array<{ id: string; entriesSha256: string; entriesBytes: number }>
}

export type LoadScreenerOptions = {
  topHitPreference?: TopHitPreference
  /**
   * Open the saved index from its file and read only what the queries use, each block checked when
   * first read (index-file-reader.ts): for a process that answers one query (the CLI). Default: read and
   * check it whole (a server, a long-running command).
   */
  readLazily?: boolean
  /** told when a saved index is damaged or cannot be written (the screener is built and works anyway) */
  onWarning?: (message: string) => void
}

export type LoadedScreenerData = {
  data: ScreenerData
  snapshots: SnapshotRef[]
  /** where the data came from: the saved file, or built now (and saved when the folder is writable) */
  origin: 'file' | 'built'
  /** ms: reading and checking the file, or loading entries.json and building */
  ms: number
}

export function indexesDir(home: string): string {
  return join(listsDir(home), 'indexes')
}

async function keyOf(home: string, { metas, textsSha256 }: ActiveMetas): Promise<ScreeningIndexKey> {
  const snapshots = await Promise.all(
    metas.map(async (m) => {
      let entriesBytes = -1
      try {
        entriesBytes = (await stat(join(snapshotDir(home, m.id), 'entries.json'))).size
      } catch {
        // missing: loadActiveSnapshots says so when the index has to be built
      }
      return { id: m.id, entriesSha256: m.entriesSha256, entriesBytes }
    }),
  )
  return { format: INDEX_FILE_FORMAT, code: await screeningCodeHash(), metaTexts: textsSha256, snapshots }
}

function indexPath(home: string, key: ScreeningIndexKey): string {
  return join(indexesDir(home), `${sha256Hex(canonicalJson(key)).slice(0, 24)}.idx`)
}

type ActiveMetas = { metas: SnapshotMeta[]; textsSha256: string }

async function activeMetas(home: string): Promise<ActiveMetas> {
  const active = await readActiveSnapshotMetasChecked(home)
  if (active.metas.length === 0) {
    throw new AppError('LIST_SNAPSHOT_MISSING', { detail: `no list snapshot has been imported in ${home}`, hint: SNAPSHOT_MISSING_HINT })
  }
  return active
}

/** The saved index of the active snapshots, checked; `data` when it was built just now. */
export type ScreeningIndexBytes = {
  /** the index file's bytes (undefined when it could not be encoded: then `data` is set) */
  bytes: Buffer | undefined
  data: ScreenerData | undefined
  snapshots: SnapshotRef[]
  origin: 'file' | 'built'
}

/**
 * The saved index of the active snapshots, read and checked (key and crc32): the file when its key
 * matches, else built from the snapshots now (and saved). Throws LIST_SNAPSHOT_MISSING when nothing
 * was imported. Batch screening hands the bytes to its workers in a SharedArrayBuffer.
 */
export async function readScreeningIndex(
  home: string,
  { onWarning, shared = false }: Pick<LoadScreenerOptions, 'onWarning'> & {
    /** read the file straight into a SharedArrayBuffer (for worker threads: no second copy of it) */
    shared?: boolean
  } = {},
): Promise<ScreeningIndexBytes> {
  const active = await activeMetas(home)
  const key = await keyOf(home, active)
  const path = indexPath(home, key)
  let bytes: Buffer | undefined
  try {
    bytes = shared ? await readFileShared(path) : await readFile(path)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') onWarning?.(`cannot read the screening index ${path} (${(e as Error).message}); building it`)
  }
  if (bytes !== undefined) {
    try {
      if (canonicalJson(readIndexFileKey(bytes)) !== canonicalJson(key)) throw new IndexFileError('it was built from other snapshots or code')
      checkIndexFile(bytes)
      return { bytes, data: undefined, snapshots: active.metas.map(snapshotRefOf), origin: 'file' }
    } catch (e) {
      if (!(e instanceof IndexFileError)) throw e
      onWarning?.(`the screening index ${path} is not usable (${e.message}); rebuilding it`)
    }
  }
  const { entries, snapshots } = await loadActiveSnapshots(home)
  const data = buildScreenerData(entries)
  return { bytes: await writeIndex(home, key, data, onWarning), data, snapshots, origin: 'built' }
}

/**
 * A file's bytes in a SharedArrayBuffer, read in one call where the system allows (not in chunks into a
 * Buffer that is then copied). A file that changes size meanwhile gives other bytes, which the index
 * checks (its length and crc32) refuse.
 */
async function readFileShared(path: string): Promise<Buffer> {
  const file = await open(path, 'r')
  try {
    const size = (await file.stat()).size
    const bytes = Buffer.from(new SharedArrayBuffer(size))
    let done = 0
    while (done < size) {
      const { bytesRead } = await file.read(bytes, done, size - done, done)
      if (bytesRead === 0) break
      done += bytesRead
    }
    return done === size ? bytes : bytes.subarray(0, done)
  } finally {
    await file.close()
  }
}

/**
 * The screener's data for the active snapshots: from the saved index when its key matches, else
 * built from the snapshots (and saved). Throws LIST_SNAPSHOT_MISSING when nothing was imported.
 */
export async function loadScreenerData(home: string, opts: Pick<LoadScreenerOptions, 'onWarning'> = {}): Promise<LoadedScreenerData> {
  const started = performance.now()
  const r = await readScreeningIndex(home, opts)
  const data = r.data ?? (decodeIndexFile(r.bytes!, { isChecked: true }).value as ScreenerData)
  return { data, snapshots: r.snapshots, origin: r.origin, ms: performance.now() - started }
}

/** A screener for the active snapshots, from the saved index (built and saved first when missing or stale). */
export async function loadScreener(home: string, opts: LoadScreenerOptions = {}): Promise<Screener> {
  const lazy = opts.readLazily ? await openLazily(home, opts) : undefined
  if (lazy !== undefined) return lazy
  const { data, snapshots } = await loadScreenerData(home, opts)
  return screenerFrom({ data, snapshots, ...(opts.topHitPreference ? { topHitPreference: opts.topHitPreference } : {}) })
}

/**
 * A screener on the saved index opened from its file, or undefined when it is missing, stale or its
 * header is damaged (then `loadScreener` reads it whole, which warns and rebuilds as ever). A block found
 * damaged later, in a query, is reported, the file removed (the next process rebuilds and saves it), and
 * the query answered again by a screener built from the snapshots now.
 */
async function openLazily(home: string, opts: LoadScreenerOptions): Promise<Screener | undefined> {
  // the metadata as read, unchecked: used only when the index's key holds the sha256 of these very texts,
  // which were checked when it was built
  const active = await readActiveSnapshotTexts(home)
  if (active === undefined) return undefined
  const { metas } = active
  const key = await keyOf(home, active)
  const path = indexPath(home, key)
  let opened: OpenedIndexFile
  try {
    opened = openIndexFile(path)
  } catch {
    return undefined
  }
  const snapshots = metas.map(snapshotRefOf)
  const preference = opts.topHitPreference ? { topHitPreference: opts.topHitPreference } : {}
  let screener: Screener
  try {
    if (canonicalJson(opened.key) !== canonicalJson(key)) throw new IndexFileError('it was built from other snapshots or code')
    screener = screenerFrom({ data: opened.value() as ScreenerData, snapshots, ...preference })
  } catch (e) {
    opened.close()
    if (e instanceof IndexFileError) return undefined
    throw e
  }
  return rebuiltWhenDamaged(screener, (e) => {
    opts.onWarning?.(`the screening index ${path} is not usable (${e.message}); rebuilding it`)
    opened.close()
    rmSync(path, { force: true })
    return screenerFrom({ data: buildScreenerData(readSnapshotEntriesSync(home, metas)), snapshots, ...preference })
  })
}

/** The screener, replaced once by `rebuild()` when a query finds its saved index damaged, and the query asked again. */
function rebuiltWhenDamaged(screener: Screener, rebuild: (e: IndexFileError) => Screener): Screener {
  let current = screener
  let isRebuilt = false
  const answer = <T>(ask: (s: Screener) => T): T => {
    try {
      return ask(current)
    } catch (e) {
      if (!(e instanceof IndexFileError) || isRebuilt) throw e
      current = rebuild(e)
      isRebuilt = true
      return ask(current)
    }
  }
  return {
    screen: (q) => answer((s) => s.screen(q)),
    screenTop: (q) => answer((s) => s.screenTop(q)),
    get snapshots() {
      return current.snapshots
    },
    get entryCount() {
      return current.entryCount
    },
  }
}

/**
 * Build and save the index of the active snapshots (after an import), unless a usable one is there;
 * removes the indexes of other snapshot sets. Does nothing when no snapshot is active.
 */
export async function saveScreeningIndex(home: string, { onWarning }: Pick<LoadScreenerOptions, 'onWarning'> = {}): Promise<void> {
  const metas = await readActiveSnapshotMetas(home)
  if (metas.length === 0) return
  await readScreeningIndex(home, { ...(onWarning ? { onWarning } : {}) })
}

/** Save the index; its bytes, or undefined when the data cannot be encoded (warned). */
async function writeIndex(home: string, key: ScreeningIndexKey, data: ScreenerData, onWarning: ((m: string) => void) | undefined): Promise<Buffer | undefined> {
  const path = indexPath(home, key)
  let bytes: Buffer
  try {
    bytes = encodeIndexFile(key, data)
  } catch (e) {
    // a value the file cannot carry exactly (a new kind of field in the index): screen without saving
    onWarning?.(`the screening index cannot be saved (${(e as Error).message}); each process will build its own`)
    return undefined
  }
  const tmp = `${path}.tmp-${randomBytes(6).toString('hex')}`
  try {
    await mkdir(indexesDir(home), { recursive: true })
    await writeFile(tmp, bytes)
    await rename(tmp, path)
    // indexes of other snapshot sets or code versions are not used again
    for (const name of await readdir(indexesDir(home))) {
      if (join(indexesDir(home), name) !== path && !name.includes('.tmp-')) await rm(join(indexesDir(home), name), { force: true })
    }
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => undefined)
    onWarning?.(`cannot save the screening index in ${indexesDir(home)} (${(e as Error).message}); each process will build its own`)
  }
  return bytes
}
