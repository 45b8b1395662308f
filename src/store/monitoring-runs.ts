/**
 * Delta re-screening runs and impact reports in the store (issue 13): a run is created once per pair of
 * snapshot sets (its id is derived from them, so two processes noticing the same import create one run),
 * split into chunks of parties by id; each chunk done is a row, and the run is done when all are.
 */
import { sql, type Kysely, type Selectable } from 'kysely'
import { AppError } from '../shared/errors.js'
import type { ImpactReportRecord, PartyToRescreen, RescreenProgress, RescreenRun, SnapshotDelta } from '../records/monitoring-records.js'
import { relatedNames, type Party } from '../records/party-records.js'
import { fromJson, toJson } from './json.js'
import type { Database } from './schema.js'

type Db = Kysely<Database>
type Row<T extends keyof Database> = Selectable<Database[T]>

export const rescreenRunFromRow = (r: Row<'rescreen_runs'>, j: boolean): RescreenRun => ({
  id: r.id,
  fromKey: r.from_key,
  toKey: r.to_key,
  toSnapshots: fromJson<RescreenRun['toSnapshots']>(r.to_snapshots, j),
  delta: fromJson<SnapshotDelta>(r.delta, j),
  status: r.status as RescreenRun['status'],
  chunksTotal: Number(r.chunks_total),
  partiesTotal: Number(r.parties_total),
  createdAt: r.created_at,
  finishedAt: r.finished_at,
})

export async function latestRescreenRun(db: Db, j: boolean): Promise<RescreenRun | null> {
  const r = await db.selectFrom('rescreen_runs').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst()
  return r ? rescreenRunFromRow(r, j) : null
}

/** Every `chunkSize`-th party id (the last id of each chunk); the last chunk runs to the end (null). */
/** every chunkSize-th party id (the database numbers the rows; the ids are not read into memory), and the count */
async function chunkBoundsOf(db: Db, chunkSize: number): Promise<{ bounds: (string | null)[]; total: number }> {
  const total = Number((await db.selectFrom('parties').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n)
  const numbered = db.selectFrom('parties').select(['id', sql<number>`row_number() over (order by id)`.as('rn')]).as('numbered')
  const rows = await db.selectFrom(numbered).select('id').where(sql<boolean>`rn % ${chunkSize} = 0`).where('rn', '<', total).orderBy('id').execute()
  return { bounds: [...rows.map((r) => r.id), null], total }
}

export async function createRescreenRunIn(
  db: Db,
  at: string,
  j: boolean,
  input: Omit<RescreenRun, 'chunksTotal' | 'partiesTotal' | 'createdAt' | 'finishedAt'> & { chunkSize: number },
): Promise<{ run: RescreenRun; isNew: boolean; chunkBounds: (string | null)[] }> {
  const existing = await db.selectFrom('rescreen_runs').selectAll().where('id', '=', input.id).executeTakeFirst()
  if (existing) return { run: rescreenRunFromRow(existing, j), isNew: false, chunkBounds: [] }
  const { bounds, total } = input.status === 'baseline' ? { bounds: [], total: 0 } : await chunkBoundsOf(db, input.chunkSize)
  const row: Row<'rescreen_runs'> = {
    id: input.id,
    from_key: input.fromKey,
    to_key: input.toKey,
    to_snapshots: toJson(input.toSnapshots),
    delta: toJson(input.delta),
    status: input.status,
    chunks_total: bounds.length,
    parties_total: total,
    created_at: at,
    finished_at: input.status === 'baseline' ? at : null,
  }
  const inserted = await db.insertInto('rescreen_runs').values(row).onConflict((oc) => oc.column('id').doNothing()).returning('id').executeTakeFirst()
  if (!inserted) {
    const r = await db.selectFrom('rescreen_runs').selectAll().where('id', '=', input.id).executeTakeFirstOrThrow()
    return { run: rescreenRunFromRow(r, j), isNew: false, chunkBounds: [] }
  }
  return { run: rescreenRunFromRow(row, false), isNew: true, chunkBounds: bounds }
}

export async function rescreenProgress(db: Db, j: boolean, id: string): Promise<RescreenProgress> {
  const r = await db.selectFrom('rescreen_runs').selectAll().where('id', '=', id).executeTakeFirst()
  if (!r) throw new AppError('NOT_FOUND', { detail: `no re-screen run has id ${id}`, entity: 're-screen run', id })
  const chunks = await db.selectFrom('rescreen_chunks').select([sql<number>`count(*)`.as('n'), sql<number>`coalesce(sum(changed_parties), 0)`.as('changed')]).where('run_id', '=', id).executeTakeFirstOrThrow()
  const marks = await db.selectFrom('rescreen_marks').select('outcome').where('run_id', '=', id).execute()
  const sum = { newHits: 0, reopenedHits: 0, closedHits: 0, heldTransactions: 0 }
  for (const m of marks) {
    const o = fromJson<{ newHits?: number; reopened?: number; closed?: number; held?: number }>(m.outcome, j)
    sum.newHits += o.newHits ?? 0
    sum.reopenedHits += o.reopened ?? 0
    sum.closedHits += o.closed ?? 0
    sum.heldTransactions += o.held ?? 0
  }
  return { ...rescreenRunFromRow(r, j), chunksDone: Number(chunks.n), partiesChanged: Number(chunks.changed), ...sum }
}

export async function partiesInRange(db: Db, j: boolean, input: { afterId: string | null; toId: string | null }): Promise<PartyToRescreen[]> {
  let q = db.selectFrom('parties').select(['id', 'name', 'country', 'ultimate_parent', 'ownership']).orderBy('id')
  if (input.afterId !== null) q = q.where('id', '>', input.afterId)
  if (input.toId !== null) q = q.where('id', '<=', input.toId)
  return (await q.execute()).map((r) => ({
    id: r.id,
    name: r.name,
    country: r.country,
    related: relatedNames({ ultimateParent: fromJson<Party['ultimateParent']>(r.ultimate_parent, j), ownership: fromJson<Party['ownership']>(r.ownership, j) }),
  }))
}

export async function completeRescreenChunkIn(db: Db, at: string, input: { runId: string; chunkNo: number; parties: number; changedParties: number; worker: string }): Promise<void> {
  await db
    .insertInto('rescreen_chunks')
    .values({ run_id: input.runId, chunk_no: input.chunkNo, parties: input.parties, changed_parties: input.changedParties, done_at: at, worker: input.worker })
    .onConflict((oc) => oc.columns(['run_id', 'chunk_no']).doNothing())
    .execute()
  const run = await db.selectFrom('rescreen_runs').select(['chunks_total', 'status']).where('id', '=', input.runId).executeTakeFirst()
  if (!run || run.status !== 'running') return
  const done = await db.selectFrom('rescreen_chunks').select(sql<number>`count(*)`.as('n')).where('run_id', '=', input.runId).executeTakeFirstOrThrow()
  if (Number(done.n) >= Number(run.chunks_total)) await db.updateTable('rescreen_runs').set({ status: 'done', finished_at: at }).where('id', '=', input.runId).where('status', '=', 'running').execute()
}

// ---------------------------------------------------------------- impact reports

export const impactFromRow = (r: Row<'impact_reports'>, j: boolean): ImpactReportRecord => ({
  id: r.id,
  createdAt: r.created_at,
  createdBy: r.created_by,
  inputs: fromJson<Record<string, unknown>>(r.inputs, j),
  flipCount: Number(r.flip_count),
  report: JSON.parse(r.report) as unknown,
})
