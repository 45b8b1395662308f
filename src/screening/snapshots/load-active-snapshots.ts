import { readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { AppError } from '../../shared/errors.js'
import { sha256Hex } from '../../shared/hash.js'
import type { ListEntry, SnapshotRef, SourceId } from '../model.js'
import { activePointerPath, readActivePointerText, readSnapshotMetaText, snapshotDir, snapshotMetaPath, snapshotRefOf, snapshotTextsSha256 } from './snapshot-paths.js'
import type { SnapshotMeta } from './snapshot-store.js'

export const SNAPSHOT_MISSING_HINT = 'run `chipnav lists import <file>...` (e.g. consolidated.csv, sdn.csv, dpl.txt) or `chipnav lists update`'

/** The metadata of each active snapshot (empty when nothing was imported), for `lists status`. */
export async function readActiveSnapshotMetas(home: string): Promise<SnapshotMeta[]> {
  return (await readActiveSnapshotMetasChecked(home)).metas
}

/**
 * The metadata of each active snapshot, checked, and the sha256 of the texts they were checked from
 * (active.json and each meta.json: `snapshotTextsSha256`). The schemas (zod) are loaded here, when a
 * text is checked: a screening whose saved index was built from the same texts reads none of them
 * (screening-index-store.ts).
 */
export async function readActiveSnapshotMetasChecked(home: string): Promise<{ metas: SnapshotMeta[]; textsSha256: string }> {
  const { parseActivePointer, parseSnapshotMeta } = await import('./snapshot-store.js')
  const pointerText = await readActivePointerText(home)
  if (pointerText === undefined) return { metas: [], textsSha256: snapshotTextsSha256('', []) }
  const pointer = parseActivePointer(pointerText, activePointerPath(home))
  const metas: SnapshotMeta[] = []
  const texts: string[] = []
  for (const [, id] of Object.entries(pointer.active) as Array<[SourceId, string]>) {
    const text = await readSnapshotMetaText(home, id)
    metas.push(parseSnapshotMeta(text, snapshotMetaPath(home, id)))
    texts.push(text)
  }
  return { metas, textsSha256: snapshotTextsSha256(pointerText, texts) }
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
    const path = entriesPath(home, meta)
    let text: string
    try {
      text = await readFile(path, 'utf8')
    } catch {
      throw entriesMissing(meta, path)
    }
    for (const e of checkedEntries(meta, path, text)) entries.push(e)
  }
  return { entries, snapshots: metas.map(snapshotRefOf) }
}

/**
 * The entries of these snapshots, read synchronously (a screener rebuilt in the middle of a query, when
 * its saved index proves damaged: screening-index-store.ts); checked as loadActiveSnapshots checks them.
 */
export function readSnapshotEntriesSync(home: string, metas: readonly SnapshotMeta[]): ListEntry[] {
  const entries: ListEntry[] = []
  for (const meta of metas) {
    const path = entriesPath(home, meta)
    let text: string
    try {
      text = readFileSync(path, 'utf8')
    } catch {
      throw entriesMissing(meta, path)
    }
    for (const e of checkedEntries(meta, path, text)) entries.push(e)
  }
  return entries
}

const entriesPath = (home: string, meta: SnapshotMeta): string => join(snapshotDir(home, meta.id), 'entries.json')

const entriesMissing = (meta: SnapshotMeta, path: string): AppError =>
  new AppError('LIST_SNAPSHOT_MISSING', { detail: `the ${meta.source} snapshot ${meta.id} has no entries.json`, file: path, hint: SNAPSHOT_MISSING_HINT })

/** The entries of a snapshot's entries.json text, refused when it differs from the sha256 recorded at import. */
function checkedEntries(meta: SnapshotMeta, path: string, text: string): ListEntry[] {
  if (sha256Hex(text) !== meta.entriesSha256) {
    throw new AppError('LIST_PARSE_FAILED', {
      detail: `the ${meta.source} snapshot ${meta.id} was changed after import (entries.json sha256 differs)`,
      file: path,
      hint: 'import the list again',
    })
  }
  return JSON.parse(text) as ListEntry[]
}
