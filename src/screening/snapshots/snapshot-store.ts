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
 * the old set or the new set, never a mix. The previous snapshot of each source is kept. The paths, and the
 * files read as text, are in snapshot-paths.ts (without zod); this module checks them.
 */
import { randomBytes } from 'node:crypto'
import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { AppError } from '../../shared/errors.js'
import type { SnapshotDateBasis, SourceId } from '../model.js'
import { SOURCE_IDS } from '../sources/source-ids.js'
import { activePointerPath, listsDir, readActivePointerText, readSnapshotMetaText, snapshotMetaPath } from './snapshot-paths.js'

export { listsDir, snapshotDir, snapshotRefOf, snapshotsDir } from './snapshot-paths.js'

export const SourceIdSchema = z.enum(SOURCE_IDS)

/** src/screening/model.ts SnapshotDateBasis */
export const SnapshotDateBasisSchema = z.enum(['published', 'last-modified', 'latest-entry', 'declared', 'downloaded'] satisfies SnapshotDateBasis[]).meta({
  description:
    'where the list date comes from: a publication date stated in the files (published), the HTTP Last-Modified date of the downloaded files (last-modified), the latest listing date in the files (latest-entry), the date the importer stated (declared), or the day the files were downloaded from the official source, which gave no date (downloaded)',
})

export const SnapshotMetaSchema = z.object({
  version: z.literal(1),
  id: z.string(),
  source: SourceIdSchema,
  /** the list's date (list-dating.ts); absent: its publication date is unknown */
  listDate: z.string().optional(),
  /** where listDate comes from (absent in snapshots imported before it was recorded: see freshness.ts) */
  listDateBasis: SnapshotDateBasisSchema.optional(),
  /** ISO 8601 UTC */
  importedAt: z.string(),
  /** sha256 over the imported files: the hex sha256 of "<name> <sha256>\n" lines sorted by name */
  sha256: z.string(),
  files: z.array(
    z.object({
      name: z.string(),
      sha256: z.string(),
      bytes: z.number().int().nonnegative(),
      /** the official URL chipnav downloaded the file from (absent: imported from a file) */
      url: z.string().optional(),
      /** the HTTP Last-Modified date the publisher's server gave for it (ISO 8601 UTC) */
      lastModified: z.string().optional(),
    }),
  ),
  rowCounts: z.record(z.string(), z.number().int().nonnegative()),
  totalRows: z.number().int().nonnegative(),
  entriesSha256: z.string(),
  warnings: z.array(z.string()),
  /** what an officer must know about what the snapshot screens (ParsedList.cautions); absent: nothing */
  cautions: z.array(z.string()).optional(),
})
export type SnapshotMeta = z.infer<typeof SnapshotMetaSchema>

export const ActivePointerSchema = z.object({
  version: z.literal(1),
  updatedAt: z.string(),
  active: z.partialRecord(SourceIdSchema, z.string()),
  previous: z.partialRecord(SourceIdSchema, z.string()),
})
export type ActivePointer = z.infer<typeof ActivePointerSchema>

/** The active pointer, or an empty one when nothing was ever imported. */
export async function readActivePointer(home: string): Promise<ActivePointer> {
  const text = await readActivePointerText(home)
  return text === undefined ? EMPTY_POINTER : parseActivePointer(text, activePointerPath(home))
}

const EMPTY_POINTER: ActivePointer = { version: 1, updatedAt: '', active: {}, previous: {} }

/** active.json's text, checked; LIST_PARSE_FAILED when it is not a valid pointer. */
export function parseActivePointer(text: string, path: string): ActivePointer {
  const parsed = ActivePointerSchema.safeParse(safeJson(text))
  if (!parsed.success) throw new AppError('LIST_PARSE_FAILED', { detail: `${path} is not a valid snapshot pointer`, file: path })
  return parsed.data
}

/** Replace `active.json` atomically: write a temp file beside it, then rename over it. */
export async function writeActivePointer(home: string, pointer: ActivePointer): Promise<void> {
  await mkdir(listsDir(home), { recursive: true })
  const tmp = `${activePointerPath(home)}.tmp-${randomBytes(6).toString('hex')}`
  await writeFile(tmp, `${JSON.stringify(pointer, null, 2)}\n`)
  await rename(tmp, activePointerPath(home))
}

export async function readSnapshotMeta(home: string, id: string): Promise<SnapshotMeta> {
  return parseSnapshotMeta(await readSnapshotMetaText(home, id), snapshotMetaPath(home, id))
}

/** A meta.json's text, checked; LIST_PARSE_FAILED when it is not valid snapshot metadata. */
export function parseSnapshotMeta(text: string, path: string): SnapshotMeta {
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
