/**
 * Delta re-screening (issue 13). After each new snapshot set, every stored party is re-screened against
 * only what changed (entries added or changed, by content hash), scored exactly as a full screening (the
 * whole snapshot's screener, restricted to those entries); open hits on removed entries are closed.
 * `planRescreen` notices a new set and creates the run (once, whoever notices first) and its chunk jobs;
 * `runRescreenChunk` does one chunk: its parties in one page (each under its own name and those of its ultimate
 * parent and owners), the ones with something to record written in
 * batched transactions, each party idempotent (run + party).
 */
import { newHitFromScreeningHit } from '../records/screening-hits.js'
import type { PartyRescreenInput, PartyToRescreen, RescreenProgress, RescreenRun } from '../records/monitoring-records.js'
import type { RecordsStore } from '../records/records-store.js'
import { DEFAULT_THRESHOLD, entryKeyOf, type BuildScreenerOptions, type Screener, type ScreeningResult } from '../screening/screener.js'
import { sha256Hex } from '../shared/hash.js'
import { JOB_NAMES, type JobQueue, type RescreenChunkJob } from '../jobs/job-queue.js'
import { activeSnapshotSet, computeDelta, loadSnapshotSet, snapshotSetKey, type SnapshotSet } from './snapshot-delta.js'

export const DEFAULT_CHUNK_SIZE = 2_000
/** the parties with something to record are written this many to a transaction */
const WRITE_BATCH = 100
export const MONITOR_ACTOR = 'system:monitoring'

/** The screener a re-screen uses: the snapshot set's entries, indexing only the changed ones (`only`). */
export type ScreenerSource = (set: SnapshotSet, only: ReadonlySet<string>) => Promise<Screener>

/**
 * Builds (once per snapshot set and delta, the last one kept) a delta screener: every entry of the set
 * weighs the tokens, only the entries added or changed are indexed, so a party whose name shares nothing
 * with them costs one normalization and an empty lookup.
 */
export function cachedScreenerSource(home: string, build: (o: BuildScreenerOptions) => Screener): ScreenerSource {
  let held: { key: string; screener: Promise<Screener> } | undefined
  const onlyKeys = new WeakMap<ReadonlySet<string>, string>()
  return async (set, only) => {
    let onlyKey = onlyKeys.get(only)
    if (onlyKey === undefined) onlyKeys.set(only, (onlyKey = sha256Hex([...only].sort().join('\n'))))
    const key = `${snapshotSetKey(set)}:${onlyKey}`
    if (held?.key !== key) {
      const p = loadSnapshotSet(home, set).then(({ entries, snapshots }) => build({ entries, snapshots, indexOnly: only }))
      held = { key, screener: p }
      p.catch(() => (held?.screener === p ? (held = undefined) : undefined))
    }
    return held.screener
  }
}

/**
 * Compares the active snapshot set with the last one monitored. The first set ever seen is a baseline
 * (parties were screened against it when recorded); a new one becomes a run split into chunk jobs.
 * Returns the run created (null when nothing changed, or another process created it).
 */
export async function planRescreen(o: { store: RecordsStore; home: string; jobs: JobQueue; chunkSize?: number }): Promise<RescreenRun | null> {
  const set = await activeSnapshotSet(o.home)
  if (set.length === 0) return null
  const toKey = snapshotSetKey(set)
  const last = await o.store.latestRescreenRun()
  if (last && last.toKey === toKey) return null
  if (!last) {
    const { run, isNew } = await o.store.createRescreenRun({ id: `base-${toKey.slice(0, 32)}`, fromKey: null, toKey, toSnapshots: set, delta: { added: [], changed: [], removed: [] }, status: 'baseline', chunkSize: 1 })
    return isNew ? run : null
  }
  const before = await loadSnapshotSet(o.home, last.toSnapshots)
  const after = await loadSnapshotSet(o.home, set)
  const delta = computeDelta(before.entries, after.entries)
  const id = `rs-${sha256Hex(`${last.toKey}\n${toKey}`).slice(0, 32)}`
  const { run, isNew, chunkBounds } = await o.store.createRescreenRun({ id, fromKey: last.toKey, toKey, toSnapshots: set, delta, status: 'running', chunkSize: o.chunkSize ?? DEFAULT_CHUNK_SIZE })
  if (!isNew) return null
  await enqueueChunks(o.jobs, run.id, chunkBounds)
  return run
}

export async function enqueueChunks(jobs: JobQueue, runId: string, bounds: (string | null)[]): Promise<void> {
  const chunks: { data: RescreenChunkJob; options: { singletonKey: string; retryDelaySeconds: number } }[] = bounds.map((toId, k) => ({ data: { runId, chunkNo: k, afterId: k === 0 ? null : bounds[k - 1]!, toId }, options: { singletonKey: `${runId}:${k}`, retryDelaySeconds: 1 } }))
  await jobs.sendMany(JOB_NAMES.rescreenChunk, chunks)
}

export type ChunkDeps = {
  store: RecordsStore
  jobs: JobQueue
  screenerFor: ScreenerSource
  /** who did it, in the chunk log (host:pid) */
  worker: string
  /** called after each batch of party writes (tests kill a worker here to prove a retry writes nothing twice) */
  afterPartyWrite?: () => void
}

const runCache = new Map<string, { run: RescreenProgress; only: Set<string>; withRemovedHits: Promise<Set<string>> }>()

/** One chunk of a run: screen its parties against the changed entries, write what changed, queue the webhooks. */
export async function runRescreenChunk(deps: ChunkDeps, job: RescreenChunkJob): Promise<{ parties: number; changedParties: number }> {
  let cached = runCache.get(job.runId)
  if (!cached) {
    const run = await deps.store.getRescreenRun(job.runId)
    const only = new Set([...run.delta.added, ...run.delta.changed].map((r) => entryKeyOf(r.list, r.entryId)))
    cached = { run, only, withRemovedHits: deps.store.partiesWithOpenHitsOn(run.delta.removed) }
    runCache.clear()
    runCache.set(job.runId, cached)
  }
  const { run, only } = cached
  const withRemovedHits = await cached.withRemovedHits
  const screener = only.size > 0 ? await deps.screenerFor(run.toSnapshots, only) : undefined
  const removed = run.delta.removed.map((r) => ({ list: r.list, entryId: r.entryId }))
  const parties = await deps.store.partiesInRange({ afterId: job.afterId, toId: job.toId })
  let changedParties = 0
  let batch: PartyRescreenInput[] = []
  const flush = async () => {
    if (batch.length === 0) return
    const outcomes = await deps.store.applyPartyRescreens(batch)
    batch = []
    changedParties += outcomes.filter((o) => !o.skipped).length
    deps.afterPartyWrite?.()
    const deliveryIds = outcomes.flatMap((o) => o.deliveryIds)
    if (deliveryIds.length > 0) await deps.jobs.sendMany(JOB_NAMES.deliverWebhook, deliveryIds.map((deliveryId) => ({ data: { deliveryId }, options: { singletonKey: deliveryId } })))
  }
  for (const p of parties) {
    const result = screener ? screener.screen({ name: p.name, country: p.country, onlyEntries: only, limit: 5 }) : undefined
    const hits = screener && result ? matchesOfPartyAndRelated(screener, p, result, only) : []
    if (hits.length === 0 && !withRemovedHits.has(p.id)) continue
    batch.push({
      runId: run.id,
      partyId: p.id,
      hits,
      query: { name: p.name, country: p.country },
      threshold: result?.threshold ?? DEFAULT_THRESHOLD,
      snapshots: (result?.snapshots ?? []).map((s) => ({ source: s.source, sha256: s.sha256, importedAt: s.importedAt, ...(s.listDate ? { listDate: s.listDate } : {}) })),
      removed,
      actor: MONITOR_ACTOR,
    })
    if (batch.length >= WRITE_BATCH) await flush()
  }
  await flush()
  await deps.store.completeRescreenChunk({ runId: run.id, chunkNo: job.chunkNo, parties: parties.length, changedParties, worker: deps.worker })
  return { parties: parties.length, changedParties }
}

/**
 * A party's matches on the changed entries: its own name's, then its ultimate parent's and owners' (a listed
 * parent or owner is the party's own risk: the Affiliates Rule, OFAC's 50 % rule), each entry once — under the
 * party's own name when that matches it, else under the first related name that does (`matchedVia`).
 */
function matchesOfPartyAndRelated(screener: Screener, p: PartyToRescreen, own: ScreeningResult, only: ReadonlySet<string>): PartyRescreenInput['hits'] {
  const byEntry = new Map<string, PartyRescreenInput['hits'][number]>()
  for (const h of own.hits) if (h.isMatch) byEntry.set(entryKeyOf(h.list, h.entryId), newHitFromScreeningHit(h))
  for (const r of p.related) {
    const result = screener.screen({ name: r.name, ...(r.country ? { country: r.country } : {}), onlyEntries: only, limit: 5 })
    for (const h of result.hits) {
      const key = entryKeyOf(h.list, h.entryId)
      if (h.isMatch && !byEntry.has(key)) byEntry.set(key, { ...newHitFromScreeningHit(h), matchedVia: { role: r.role, name: r.name } })
    }
  }
  return [...byEntry.values()]
}
