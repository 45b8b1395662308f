/**
 * Where the list snapshots and their pointer are under CHIPNAV_HOME (snapshot-store.ts describes the
 * layout), and their files read as text, without the schemas: snapshot-store.ts checks what is read
 * through them (zod). A screening whose saved index was built from exactly these texts (their sha256 is
 * in the index's key: screening-index-store.ts) uses them without loading the schemas.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { AppError } from '../../shared/errors.js'
import { sha256Hex } from '../../shared/hash.js'
import type { SnapshotRef } from '../model.js'
import type { SnapshotMeta } from './snapshot-store.js'

export function listsDir(home: string): string {
  return join(home, 'lists')
}
export function snapshotsDir(home: string): string {
  return join(listsDir(home), 'snapshots')
}
export function snapshotDir(home: string, id: string): string {
  return join(snapshotsDir(home), id)
}
export function activePointerPath(home: string): string {
  return join(listsDir(home), 'active.json')
}
export function snapshotMetaPath(home: string, id: string): string {
  return join(snapshotDir(home, id), 'meta.json')
}

export function snapshotRefOf(meta: SnapshotMeta): SnapshotRef {
  const ref: SnapshotRef = { source: meta.source, sha256: meta.sha256, importedAt: meta.importedAt, rowCounts: meta.rowCounts }
  if (meta.listDate !== undefined) ref.listDate = meta.listDate
  if (meta.listDateBasis !== undefined) ref.listDateBasis = meta.listDateBasis
  return ref
}

/** The text of active.json, or undefined when nothing was ever imported. */
export async function readActivePointerText(home: string): Promise<string | undefined> {
  try {
    return await readFile(activePointerPath(home), 'utf8')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw e
  }
}

/** The text of a snapshot's meta.json; LIST_SNAPSHOT_MISSING when it cannot be read. */
export async function readSnapshotMetaText(home: string, id: string): Promise<string> {
  const path = snapshotMetaPath(home, id)
  try {
    return await readFile(path, 'utf8')
  } catch {
    throw new AppError('LIST_SNAPSHOT_MISSING', { detail: `the active snapshot ${id} is missing its meta.json`, file: path })
  }
}

/** One sha256 over the texts of active.json and of the active snapshots' meta.json, in pointer order. */
export function snapshotTextsSha256(pointer: string, metas: readonly string[]): string {
  return sha256Hex(JSON.stringify([pointer, ...metas]))
}

/**
 * The texts of active.json and of each active snapshot's meta.json, NOT checked, with each meta as parsed
 * JSON: usable only where their sha256 is compared with that of texts checked before. Undefined when any
 * is missing or is not JSON of the expected shape (the caller then reads them through the schemas).
 */
export async function readActiveSnapshotTexts(home: string): Promise<{ textsSha256: string; metas: SnapshotMeta[] } | undefined> {
  try {
    const pointer = await readActivePointerText(home)
    if (pointer === undefined) return undefined
    const active = (JSON.parse(pointer) as { active?: unknown }).active
    if (active === null || typeof active !== 'object') return undefined
    const ids = Object.values(active)
    if (ids.length === 0 || !ids.every((id) => typeof id === 'string')) return undefined
    const texts = await Promise.all(ids.map((id) => readFile(snapshotMetaPath(home, id as string), 'utf8')))
    return { textsSha256: snapshotTextsSha256(pointer, texts), metas: texts.map((t) => JSON.parse(t) as SnapshotMeta) }
  } catch {
    return undefined
  }
}
