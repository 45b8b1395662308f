/**
 * Where list snapshots live under CHIPNAV_HOME, and the one pointer that says which are active:
 *
 *   <home>/lists/active.json                 { active: { csl: "<id>", … }, previous: { … } }
 *   <home>/lists/snapshots/<id>/meta.json    source, list date, import time, sha256s, row counts
 *   <home>/lists/snapshots/<id>/entries.json the parsed ListEntry[] (fast to load for screening)
 *   <home>/lists/snapshots/<id>/files/…      the files exactly as imported
 *
 * A snapshot directory is complete before it gets its final name (written under `.tmp-…`, then
 * renamed), and `active.json` is replaced by writing a temp file and renaming it, so readers see
 * the old set or the new set, never a mix. The previous snapshot of each source is kept.
 */
import { randomBytes } from 'node:crypto'
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { AppError } from '../../shared/errors.js'
import type { SnapshotRef, SourceId } from '../model.js'
import { SOURCE_IDS } from '../sources/source-ids.js'

export const SourceIdSchema = z.enum(SOURCE_IDS)

export const SnapshotMetaSchema = z.object({
  version: z.literal(1),
  id: z.string(),
  source: SourceIdSchema,
  /** the list's own date when the files say it */
  listDate: z.string().optional(),
  /** where listDate comes from (absent in snapshots imported before it was recorded: see freshness.ts) */
  listDateBasis: z.enum(['published', 'latest-entry']).optional(),
  /** ISO 8601 UTC */
  importedAt: z.string(),
  /** sha256 over the imported files: the hex sha256 of "<name> <sha256>\n" lines sorted by name */
  sha256: z.string(),
  files: z.array(z.object({ name: z.string(), sha256: z.string(), bytes: z.number().int().nonnegative() })),
  rowCounts: z.record(z.string(), z.number().int().nonnegative()),
  totalRows: z.number().int().nonnegative(),
  entriesSha256: z.string(),
  warnings: z.array(z.string()),
})
export type SnapshotMeta = z.infer<typeof SnapshotMetaSchema>

export const ActivePointerSchema = z.object({
  version: z.literal(1),
  updatedAt: z.string(),
  active: z.partialRecord(SourceIdSchema, z.string()),
  previous: z.partialRecord(SourceIdSchema, z.string()),
})
export type ActivePointer = z.infer<typeof ActivePointerSchema>

export function listsDir(home: string): string {
  return join(home, 'lists')
}
export function snapshotsDir(home: string): string {
  return join(listsDir(home), 'snapshots')
}
export function snapshotDir(home: string, id: string): string {
  return join(snapshotsDir(home), id)
}
function activePath(home: string): string {
  return join(listsDir(home), 'active.json')
}

export function snapshotRefOf(meta: SnapshotMeta): SnapshotRef {
  const ref: SnapshotRef = { source: meta.source, sha256: meta.sha256, importedAt: meta.importedAt, rowCounts: meta.rowCounts }
  if (meta.listDate !== undefined) ref.listDate = meta.listDate
  if (meta.listDateBasis !== undefined) ref.listDateBasis = meta.listDateBasis
  return ref
}

/** The active pointer, or an empty one when nothing was ever imported. */
export async function readActivePointer(home: string): Promise<ActivePointer> {
  let text: string
  try {
    text = await readFile(activePath(home), 'utf8')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, updatedAt: '', active: {}, previous: {} }
    throw e
  }
  const parsed = ActivePointerSchema.safeParse(safeJson(text))
  if (!parsed.success) {
    throw new AppError('LIST_PARSE_FAILED', { detail: `${activePath(home)} is not a valid snapshot pointer`, file: activePath(home) })
  }
  return parsed.data
}

/** Replace `active.json` atomically: write a temp file beside it, then rename over it. */
export async function writeActivePointer(home: string, pointer: ActivePointer): Promise<void> {
  await mkdir(listsDir(home), { recursive: true })
  const tmp = `${activePath(home)}.tmp-${randomBytes(6).toString('hex')}`
  await writeFile(tmp, `${JSON.stringify(pointer, null, 2)}\n`)
  await rename(tmp, activePath(home))
}

export async function readSnapshotMeta(home: string, id: string): Promise<SnapshotMeta> {
  const path = join(snapshotDir(home, id), 'meta.json')
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch {
    throw new AppError('LIST_SNAPSHOT_MISSING', { detail: `the active snapshot ${id} is missing its meta.json`, file: path })
  }
  const parsed = SnapshotMetaSchema.safeParse(safeJson(text))
  if (!parsed.success) throw new AppError('LIST_PARSE_FAILED', { detail: `${path} is not valid snapshot metadata`, file: path })
  return parsed.data
}

/** Take an exclusive lock on the lists folder for one import; a second import at the same time is refused. */
export async function withListsLock<T>(home: string, fn: () => Promise<T>): Promise<T> {
  await mkdir(listsDir(home), { recursive: true })
  const lock = join(listsDir(home), '.import.lock')
  try {
    await mkdir(lock)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new AppError('VALIDATION_FAILED', {
        detail: `another list import is running (lock ${lock}); if none is, remove that folder and retry`,
        file: lock,
      })
    }
    throw e
  }
  try {
    return await fn()
  } finally {
    await rm(lock, { recursive: true, force: true })
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
