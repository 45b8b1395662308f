import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { AppError } from '../../shared/errors.js'
import { sha256Hex } from '../../shared/hash.js'
import type { ListEntry, SnapshotRef, SourceId } from '../model.js'
import { readActivePointer, readSnapshotMeta, snapshotDir, snapshotRefOf, type SnapshotMeta } from './snapshot-store.js'

export const SNAPSHOT_MISSING_HINT = 'run `chipnav lists import <file>...` (e.g. consolidated.csv, sdn.csv, dpl.txt) or `chipnav lists update`'

/** The metadata of each active snapshot (empty when nothing was imported), for `lists status`. */
export async function readActiveSnapshotMetas(home: string): Promise<SnapshotMeta[]> {
  const pointer = await readActivePointer(home)
  const metas: SnapshotMeta[] = []
  for (const [, id] of Object.entries(pointer.active) as Array<[SourceId, string]>) metas.push(await readSnapshotMeta(home, id))
  return metas
}

/**
 * Every entry of every active snapshot, and a SnapshotRef for each, ready for `buildScreener`.
 * The entries file is checked against the sha256 recorded at import. Throws LIST_SNAPSHOT_MISSING
 * when nothing was imported.
 */
export async function loadActiveSnapshots(home: string): Promise<{ entries: ListEntry[]; snapshots: SnapshotRef[] }> {
  const metas = await readActiveSnapshotMetas(home)
  if (metas.length === 0) {
    throw new AppError('LIST_SNAPSHOT_MISSING', { detail: `no list snapshot has been imported in ${home}`, hint: SNAPSHOT_MISSING_HINT })
  }
  const entries: ListEntry[] = []
  for (const meta of metas) {
    const path = join(snapshotDir(home, meta.id), 'entries.json')
    let text: string
    try {
      text = await readFile(path, 'utf8')
    } catch {
      throw new AppError('LIST_SNAPSHOT_MISSING', { detail: `the ${meta.source} snapshot ${meta.id} has no entries.json`, file: path, hint: SNAPSHOT_MISSING_HINT })
    }
    if (sha256Hex(text) !== meta.entriesSha256) {
      throw new AppError('LIST_PARSE_FAILED', {
        detail: `the ${meta.source} snapshot ${meta.id} was changed after import (entries.json sha256 differs)`,
        file: path,
        hint: 'import the list again',
      })
    }
    const list = JSON.parse(text) as ListEntry[]
    for (const e of list) entries.push(e)
  }
  return { entries, snapshots: metas.map(snapshotRefOf) }
}
