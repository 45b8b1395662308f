/**
 * Import list files as new snapshots: detect each file's source, parse and validate everything,
 * refuse a sharp drop in rows, then write and swap in the new snapshots all at once. A failure at
 * any step leaves the active snapshots as they were.
 */
import { randomBytes } from 'node:crypto'
import { readFile, readdir, mkdir, rename, rm, writeFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { AppError } from '../../shared/errors.js'
import { sha256Hex } from '../../shared/hash.js'
import type { ListEntry, SourceId } from '../model.js'
import { countByList } from '../sources/map-helpers.js'
import type { ParsedList } from '../sources/list-source.js'
import { detectSource, isSourceId, listSource, SOURCE_IDS } from '../sources/sources.js'
import type { SourceFile } from '../sources/source-file.js'
import { dateSnapshot, type SnapshotDating } from './list-dating.js'
import { saveScreeningIndex } from './screening-index-store.js'
import {
  readActivePointer,
  readSnapshotMeta,
  snapshotDir,
  snapshotsDir,
  withListsLock,
  writeActivePointer,
  type SnapshotMeta,
} from './snapshot-store.js'

/** A new snapshot with more than this fraction fewer rows than the active one is refused unless forced. */
export const ROW_COUNT_DROP_LIMIT = 0.2

export type ImportListOptions = {
  home: string
  /** paths of the files to import */
  files: string[]
  /** the source of all files; detected from names and headers when absent */
  source?: SourceId
  /** ISO 8601 UTC timestamp of the import (the composition root reads the clock) */
  now: string
  /** import even when the row count drops sharply */
  shouldForce?: boolean
  /**
   * the publication date (YYYY-MM-DD) the importer read from the publisher, for files that state none (OFAC's CSV):
   * without it such a snapshot's publication date is unknown (list-dating.ts)
   */
  published?: string
}

export type ImportResult = { snapshots: SnapshotMeta[]; previous: Partial<Record<SourceId, SnapshotMeta>> }

export async function importList({ home, files, source, now, shouldForce, published }: ImportListOptions): Promise<ImportResult> {
  const read: SourceFile[] = []
  for (const path of files) {
    try {
      read.push({ name: basename(path), bytes: await readFile(path) })
    } catch {
      throw new AppError('FILE_NOT_FOUND', { detail: `cannot read list file ${path}`, file: path })
    }
  }
  return importListFiles({ home, files: read, now, ...(source ? { source } : {}), ...(shouldForce ? { shouldForce } : {}), ...(published !== undefined ? { published } : {}) })
}

export type ImportListFilesOptions = Omit<ImportListOptions, 'files'> & { files: SourceFile[] }

/** Like importList, with the files already in memory (used by `lists update` after downloading). */
export async function importListFiles({ home, files, source, now, shouldForce, published }: ImportListFilesOptions): Promise<ImportResult> {
  if (files.length === 0) throw new AppError('VALIDATION_FAILED', { detail: 'no list files given' })
  if (source !== undefined && !isSourceId(source)) {
    throw new AppError('LIST_SOURCE_UNKNOWN', { detail: `unknown list source "${source}"`, expected: SOURCE_IDS })
  }
  const groups = groupBySource(files, source)
  const names = new Set<string>()
  for (const f of files) {
    if (names.has(f.name.toLowerCase())) throw new AppError('VALIDATION_FAILED', { detail: `the file name ${f.name} is given twice`, file: f.name })
    names.add(f.name.toLowerCase())
  }

  // 1. parse and validate everything before touching the snapshot folder
  const today = now.slice(0, 10)
  const parsed: Array<{ files: SourceFile[]; list: ParsedList; dating: SnapshotDating }> = []
  for (const [id, group] of groups) {
    const source = listSource(id)
    const list = source.parseFilesAsync ? await source.parseFilesAsync(group, { today }) : source.parseFiles(group, { today })
    parsed.push({ files: group, list, dating: dateSnapshot({ list, files: group, today, ...(published !== undefined ? { published } : {}) }) })
  }

  return withListsLock(home, async () => {
    const pointer = await readActivePointer(home)

    // 2. refuse a sharp drop against the active snapshot of the same source
    const previous: Partial<Record<SourceId, SnapshotMeta>> = {}
    for (const { list } of parsed) {
      const activeId = pointer.active[list.source]
      if (activeId === undefined) continue
      const active = await readSnapshotMeta(home, activeId)
      previous[list.source] = active
      const rows = list.entries.length
      if (!shouldForce && rows < active.totalRows * (1 - ROW_COUNT_DROP_LIMIT)) {
        const drop = (((active.totalRows - rows) / active.totalRows) * 100).toFixed(1)
        throw new AppError('LIST_ROW_COUNT_DROP', {
          detail: `${list.source}: the new files have ${rows} rows, the active snapshot has ${active.totalRows} (${drop} % fewer, more than ${ROW_COUNT_DROP_LIMIT * 100} %); nothing was imported`,
          source: list.source,
          newRows: rows,
          activeRows: active.totalRows,
          hint: 'if the list really shrank, import again with --force',
        })
      }
    }

    // 3. write each snapshot under a temp name, then give it its final name
    const written: SnapshotMeta[] = []
    try {
      for (const { files: group, list, dating } of parsed) written.push(await writeSnapshot({ home, files: group, list, dating, now }))
      // 4. swap: one atomic rename of active.json makes every new snapshot active at once
      const next = { version: 1 as const, updatedAt: now, active: { ...pointer.active }, previous: { ...pointer.previous } }
      for (const meta of written) {
        const old = pointer.active[meta.source]
        if (old !== undefined) next.previous[meta.source] = old
        next.active[meta.source] = meta.id
      }
      await writeActivePointer(home, next)
      await pruneSnapshots(home, [...Object.values(next.active), ...Object.values(next.previous)])
    } catch (e) {
      const pointerNow = await readActivePointer(home).catch(() => pointer)
      const isLive = new Set(Object.values(pointerNow.active))
      for (const meta of written) if (!isLive.has(meta.id)) await rm(snapshotDir(home, meta.id), { recursive: true, force: true })
      throw e
    }
    // 5. build the screening index of the new set once, for every process that screens (derived data:
    // a failure here leaves the import done and the index built by the first process that needs it)
    await saveScreeningIndex(home).catch(() => undefined)
    return { snapshots: written, previous }
  })
}

function groupBySource(files: SourceFile[], source: SourceId | undefined): Map<SourceId, SourceFile[]> {
  const groups = new Map<SourceId, SourceFile[]>()
  for (const f of files) {
    const detected = detectSource(f)
    if (source !== undefined && detected !== undefined && detected !== source) {
      throw new AppError('VALIDATION_FAILED', {
        detail: `${f.name} looks like a ${detected} file, but --source is ${source}`,
        file: f.name,
      })
    }
    const id = source ?? detected
    if (id === undefined) {
      throw new AppError('LIST_FORMAT_UNRECOGNIZED', {
        detail: `cannot tell which list ${f.name} is from its name or header`,
        file: f.name,
        hint: `give --source (${SOURCE_IDS.join('|')}), or keep the official file name (consolidated.csv, sdn.csv, add.csv, alt.csv, cons_prim.csv, dpl.txt …)`,
      })
    }
    const group = groups.get(id)
    if (group) group.push(f)
    else groups.set(id, [f])
  }
  return groups
}

async function writeSnapshot({ home, files, list, dating, now }: { home: string; files: SourceFile[]; list: ParsedList; dating: SnapshotDating; now: string }): Promise<SnapshotMeta> {
  const fileMeta = files
    .map((f) => ({ name: f.name, sha256: sha256Hex(f.bytes), bytes: f.bytes.length, ...(f.download ? { url: f.download.url, ...(f.download.lastModified !== undefined ? { lastModified: f.download.lastModified } : {}) } : {}) }))
    .sort((a, b) => (a.name < b.name ? -1 : 1))
  const sha256 = sha256Hex(fileMeta.map((f) => `${f.name} ${f.sha256}\n`).join(''))
  const entriesJson = serializeEntries(list.entries)
  const stamp = now.replace(/[-:]/g, '').replace(/\.\d+/, '')
  await mkdir(snapshotsDir(home), { recursive: true })
  let id = `${list.source}-${stamp}-${sha256.slice(0, 12)}`
  const existing = new Set(await readdir(snapshotsDir(home)))
  for (let n = 2; existing.has(id); n++) id = `${list.source}-${stamp}-${sha256.slice(0, 12)}-${n}`
  const meta: SnapshotMeta = {
    version: 1,
    id,
    source: list.source,
    ...(dating.listDate !== undefined ? { listDate: dating.listDate } : {}),
    ...(dating.listDateBasis !== undefined ? { listDateBasis: dating.listDateBasis } : {}),
    importedAt: now,
    sha256,
    files: fileMeta,
    rowCounts: countByList(list.entries),
    totalRows: list.entries.length,
    entriesSha256: sha256Hex(entriesJson),
    warnings: list.warnings,
    ...(list.cautions?.length ? { cautions: list.cautions } : {}),
  }
  const tmp = join(snapshotsDir(home), `.tmp-${randomBytes(6).toString('hex')}`)
  try {
    await mkdir(join(tmp, 'files'), { recursive: true })
    for (const f of files) await writeFile(join(tmp, 'files', f.name), f.bytes)
    await writeFile(join(tmp, 'entries.json'), entriesJson)
    await writeFile(join(tmp, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`)
    await rename(tmp, snapshotDir(home, id))
  } catch (e) {
    await rm(tmp, { recursive: true, force: true })
    throw e
  }
  return meta
}

/** One entry per line inside a JSON array: valid JSON, and diffs of two snapshots stay readable. */
export function serializeEntries(entries: readonly ListEntry[]): string {
  return `[\n${entries.map((e) => JSON.stringify(e)).join(',\n')}\n]\n`
}

/** Remove snapshot folders that are neither active nor previous, and temp folders left by a crash. */
async function pruneSnapshots(home: string, keep: string[]): Promise<void> {
  const keepSet = new Set(keep)
  for (const name of await readdir(snapshotsDir(home))) {
    if (!keepSet.has(name)) await rm(join(snapshotsDir(home), name), { recursive: true, force: true })
  }
}
