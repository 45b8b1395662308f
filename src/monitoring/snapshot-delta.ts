/**
 * What changed between two sets of list snapshots: entries added, changed (content hash differs) and
 * removed, keyed by list and the list's own id. The content hash is over the whole entry as imported
 * (canonical JSON), so any change the list publishes counts; the hit's own `entryHash` (what a clearance
 * is tied to) decides later whether a cleared hit re-opens.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { canonicalize } from '../records/hash-chain.js'
import type { EntryRef, SnapshotDelta } from '../records/monitoring-records.js'
import type { ListEntry } from '../screening/model.js'
import { readActivePointer, readSnapshotMeta, snapshotDir, snapshotRefOf, type SnapshotMeta } from '../screening/snapshots/snapshot-store.js'
import type { SnapshotRef } from '../screening/model.js'
import { sha256Hex } from '../shared/hash.js'
import { AppError } from '../shared/errors.js'

/** The snapshots of one set: source, snapshot id (its folder) and sha256. */
export type SnapshotSet = { source: string; id: string; sha256: string }[]

/** One key for a set of snapshots (sorted by source): a run goes from one key to the next. */
export function snapshotSetKey(set: SnapshotSet): string {
  return sha256Hex([...set].sort((a, b) => a.source.localeCompare(b.source)).map((s) => `${s.source}:${s.sha256}`).join('\n'))
}

/** The active snapshot set under `home` (empty when nothing was imported). */
export async function activeSnapshotSet(home: string): Promise<SnapshotSet> {
  const pointer = await readActivePointer(home)
  const out: SnapshotSet = []
  for (const [source, id] of Object.entries(pointer.active)) {
    const meta = await readSnapshotMeta(home, id!)
    out.push({ source, id: id!, sha256: meta.sha256 })
  }
  return out.sort((a, b) => a.source.localeCompare(b.source))
}

/** The entries and refs of a snapshot set, from its folders (kept by the snapshot store). */
export async function loadSnapshotSet(home: string, set: SnapshotSet): Promise<{ entries: ListEntry[]; snapshots: SnapshotRef[]; metas: SnapshotMeta[] }> {
  const entries: ListEntry[] = []
  const metas: SnapshotMeta[] = []
  for (const s of set) {
    const meta = await readSnapshotMeta(home, s.id)
    const path = join(snapshotDir(home, s.id), 'entries.json')
    let text: string
    try {
      text = await readFile(path, 'utf8')
    } catch {
      throw new AppError('LIST_SNAPSHOT_MISSING', { detail: `the ${s.source} snapshot ${s.id} is not in ${home}: a worker needs the same list snapshots as the process that imported them`, file: path })
    }
    if (sha256Hex(text) !== meta.entriesSha256) throw new AppError('LIST_PARSE_FAILED', { detail: `the ${s.source} snapshot ${s.id} was changed after import (entries.json sha256 differs)`, file: path })
    for (const e of JSON.parse(text) as ListEntry[]) entries.push(e)
    metas.push(meta)
  }
  return { entries, snapshots: metas.map(snapshotRefOf), metas }
}

export function entryContentHash(e: ListEntry): string {
  return sha256Hex(canonicalize(e))
}

function refsOf(entries: readonly ListEntry[]): Map<string, EntryRef> {
  const m = new Map<string, EntryRef>()
  for (const e of entries) m.set(`${e.source}\u0000${e.list}\u0000${e.sourceId}`, { source: e.source, list: e.list, entryId: e.sourceId, hash: entryContentHash(e) })
  return m
}

/** Entries added, changed and removed from `before` to `after`. */
export function computeDelta(before: readonly ListEntry[], after: readonly ListEntry[]): SnapshotDelta {
  const old = refsOf(before)
  const now = refsOf(after)
  const delta: SnapshotDelta = { added: [], changed: [], removed: [] }
  for (const [k, r] of now) {
    const o = old.get(k)
    if (o === undefined) delta.added.push(r)
    else if (o.hash !== r.hash) delta.changed.push(r)
  }
  // removed: no entry of the new set has its list and id (an entry can be published in two files)
  const stillListed = new Set([...now.values()].map((r) => `${r.list}\u0000${r.entryId}`))
  for (const [k, r] of old) if (!now.has(k) && !stillListed.has(`${r.list}\u0000${r.entryId}`)) delta.removed.push(r)
  return delta
}
