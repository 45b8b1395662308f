/** Screenings: runs and their hits, hit reviews, and the clearances (good guys) a review leaves behind. */
import { AppError } from '../shared/errors.js'
import { rowHash } from '../records/hash-chain.js'
import {
  RecordScreeningInputSchema,
  ReviewHitInputSchema,
  type Actor,
  type HitStatus,
  type Page,
  type PageOptions,
  type PartyHitReview,
  type RecordScreeningInput,
  type ReviewHitInput,
  type ScreeningHitRecord,
  type ScreeningRun,
  type ScreeningRunWithHits,
} from '../records/records-store.js'
import { fromJson, toJson } from './json.js'
import type { z } from 'zod'
import { newId, notFound, parse, type J, type Row, type StoreContext, type WriteContext } from './store-context.js'
import { decodeCursor, pageSize, toPage } from './paging.js'
import { partyFromRow } from './parties.js'

export function subjectKeyOf(partyId: string | undefined, name: string, country: string | undefined): string {
  if (partyId !== undefined) return partyId
  return `name:${name.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim()}|${(country ?? '').toUpperCase()}`
}

export const runFromRow = (r: Row<'screening_runs'>, j: J): ScreeningRun => ({
  id: r.id,
  partyId: r.party_id,
  subjectKey: r.subject_key,
  query: fromJson(r.query, j),
  threshold: Number(r.threshold),
  snapshots: fromJson(r.snapshots, j),
  hitCount: Number(r.hit_count),
  recordedAt: r.recorded_at,
  recordedBy: r.recorded_by,
})

export const hitFromRow = (r: Row<'screening_hits'>, j: J): ScreeningHitRecord => ({
  id: r.id,
  runId: r.run_id,
  partyId: r.party_id,
  subjectKey: r.subject_key,
  list: r.list,
  entryId: r.entry_id,
  entryHash: r.entry_hash,
  score: Number(r.score),
  primaryName: r.primary_name,
  matchedName: r.matched_name,
  snapshotSha256: r.snapshot_sha256,
  detail: fromJson(r.detail, j),
  status: r.status as HitStatus,
  statusSource: r.status_source as ScreeningHitRecord['statusSource'],
  reason: r.reason,
  reviewedBy: r.reviewed_by,
  reviewedAt: r.reviewed_at,
  createdAt: r.created_at,
})

export const goodGuyFromRow = (r: Row<'good_guys'>) => ({
  id: r.id,
  subjectKey: r.subject_key,
  list: r.list,
  entryId: r.entry_id,
  entryHash: r.entry_hash,
  hitId: r.hit_id,
  reason: r.reason,
  clearedBy: r.cleared_by,
  clearedAt: r.cleared_at,
})

export async function recordScreening(ctx: StoreContext, input: RecordScreeningInput): Promise<ScreeningRunWithHits> {
  const s = parse(RecordScreeningInputSchema, input)
  return ctx.write(s.actor, (w) => insertScreening(w, s))
}

/** Inserts a screening run and its hits (checked by RecordScreeningInputSchema) in the write `w`, with their audit events. */
export async function insertScreening(w: WriteContext, s: z.output<typeof RecordScreeningInputSchema>): Promise<ScreeningRunWithHits> {
  const subjectKey = subjectKeyOf(s.partyId, s.query.name, s.query.country)
  if (s.partyId !== undefined) {
    const p = await w.db.selectFrom('parties').select('id').where('id', '=', s.partyId).executeTakeFirst()
    if (!p) throw notFound('party', s.partyId)
  }
  const goodGuys = new Map<string, Row<'good_guys'>>()
  // a clearance carries over only to the same stored party (and the same entry content): never by name
  if (s.hits.length > 0 && s.partyId !== undefined) {
    for (const g of await w.db.selectFrom('good_guys').selectAll().where('subject_key', '=', subjectKey).execute()) goodGuys.set(`${g.list}\u0000${g.entry_id}`, g)
  }
  const runRow: Row<'screening_runs'> = {
    id: newId('scr'),
    party_id: s.partyId ?? null,
    subject_key: subjectKey,
    query: toJson(s.query),
    threshold: s.threshold,
    snapshots: toJson(s.snapshots),
    hit_count: s.hits.length,
    recorded_at: w.at,
    recorded_by: s.actor,
  }
  await w.db.insertInto('screening_runs').values(runRow).execute()
  const run = runFromRow(runRow, false)
  w.audit({ action: 'screening.recorded', entityType: 'screening-run', entityId: run.id, beforeHash: null, afterHash: rowHash(run), data: { hitCount: s.hits.length } })

  const hitRows: Row<'screening_hits'>[] = []
  for (const h of s.hits) {
    const gg = goodGuys.get(`${h.list}\u0000${h.entryId}`)
    let status: HitStatus = 'open'
    let statusSource: ScreeningHitRecord['statusSource'] = null
    let reason: string | null = null
    if (gg && gg.entry_hash === h.entryHash) {
      status = 'cleared'
      statusSource = 'good-guy'
      reason = `cleared earlier (hit ${gg.hit_id} by ${gg.cleared_by}): ${gg.reason}`
    } else if (gg) {
      statusSource = 'entry-changed'
      await w.db.deleteFrom('good_guys').where('id', '=', gg.id).execute()
      goodGuys.delete(`${h.list}\u0000${h.entryId}`)
      w.audit({ action: 'good-guy.removed', entityType: 'good-guy', entityId: gg.id, beforeHash: rowHash(goodGuyFromRow(gg)), afterHash: null, data: { reason: 'the list entry changed' } })
    }
    hitRows.push({
      id: newId('hit'),
      run_id: runRow.id,
      party_id: s.partyId ?? null,
      subject_key: subjectKey,
      list: h.list,
      entry_id: h.entryId,
      entry_hash: h.entryHash,
      score: h.score,
      primary_name: h.primaryName,
      matched_name: h.matchedName,
      snapshot_sha256: h.snapshotSha256 ?? null,
      detail: h.detail === undefined ? null : toJson(h.detail),
      status,
      status_source: statusSource,
      reason,
      reviewed_by: null,
      reviewed_at: null,
      created_at: w.at,
    })
  }
  for (let i = 0; i < hitRows.length; i += 200) await w.db.insertInto('screening_hits').values(hitRows.slice(i, i + 200)).execute()
  const hits = hitRows.map((r) => hitFromRow(r, false))
  for (const h of hits) w.audit({ action: 'hit.recorded', entityType: 'screening-hit', entityId: h.id, beforeHash: null, afterHash: rowHash(h), data: { status: h.status, statusSource: h.statusSource } })
  return { ...run, hits }
}

export async function getScreeningRun(ctx: StoreContext, id: string): Promise<ScreeningRunWithHits> {
  const r = await ctx.db.selectFrom('screening_runs').selectAll().where('id', '=', id).executeTakeFirst()
  if (!r) throw notFound('screening run', id)
  const hits = await ctx.db.selectFrom('screening_hits').selectAll().where('run_id', '=', id).orderBy('id').execute()
  return { ...runFromRow(r, ctx.j), hits: hits.map((h) => hitFromRow(h, ctx.j)) }
}

export async function listScreeningRuns(ctx: StoreContext, options: PageOptions & { partyId?: string } = {}): Promise<Page<ScreeningRun>> {
  const limit = pageSize(options.limit)
  const after = decodeCursor(options.cursor)
  let q = ctx.db.selectFrom('screening_runs').selectAll().orderBy('id').limit(limit + 1)
  if (options.partyId !== undefined) q = q.where('party_id', '=', options.partyId)
  if (after !== null) q = q.where('id', '>', after)
  return toPage(await q.execute(), limit, (r) => r.id, (r) => runFromRow(r, ctx.j))
}

export async function listHits(ctx: StoreContext, options: PageOptions & { status?: HitStatus; partyId?: string } = {}): Promise<Page<ScreeningHitRecord>> {
  const limit = pageSize(options.limit)
  const after = decodeCursor(options.cursor)
  const status = options.status ?? 'open'
  let q = ctx.db.selectFrom('screening_hits').selectAll().where('status', '=', status).orderBy('id').limit(limit + 1)
  if (options.partyId !== undefined) q = q.where('party_id', '=', options.partyId)
  // the queue shows a stored party's open match once: a later screening's copy of the same match (same entry, same
  // content) waits behind the first, and a review of the first decides both (reviewHit)
  if (status === 'open') {
    q = q.where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('screening_hits as first').select('first.id').whereRef('first.party_id', '=', 'screening_hits.party_id').whereRef('first.list', '=', 'screening_hits.list').whereRef('first.entry_id', '=', 'screening_hits.entry_id').whereRef('first.entry_hash', '=', 'screening_hits.entry_hash').where('first.status', '=', 'open').whereRef('first.id', '<', 'screening_hits.id'))),
    )
  }
  if (after !== null) q = q.where('id', '>', after)
  return toPage(await q.execute(), limit, (r) => r.id, (r) => hitFromRow(r, ctx.j))
}

/** The clearances and confirmed hits of stored parties (a determination recorded with them applies them). */
export async function hitReviewsForParties(ctx: StoreContext, partyIds: readonly string[]): Promise<PartyHitReview[]> {
  const ids = [...new Set(partyIds)]
  if (ids.length === 0) return []
  const cleared = await ctx.db.selectFrom('good_guys').selectAll().where('subject_key', 'in', ids).orderBy('id').execute()
  const confirmed = await ctx.db.selectFrom('screening_hits').selectAll().where('party_id', 'in', ids).where('status', '=', 'confirmed').orderBy('id').execute()
  return [
    ...cleared.map((g): PartyHitReview => ({ partyId: g.subject_key, list: g.list, entryId: g.entry_id, entryHash: g.entry_hash, status: 'cleared', hitId: g.hit_id, reason: g.reason, reviewedBy: g.cleared_by, reviewedAt: g.cleared_at })),
    ...confirmed.map((h): PartyHitReview => ({ partyId: h.party_id!, list: h.list, entryId: h.entry_id, entryHash: h.entry_hash, status: 'confirmed', hitId: h.id, reason: h.reason ?? '', reviewedBy: h.reviewed_by ?? '', reviewedAt: h.reviewed_at ?? h.created_at })),
  ]
}

export async function reviewHit(ctx: StoreContext, input: ReviewHitInput): Promise<ScreeningHitRecord> {
  const v = parse(ReviewHitInputSchema, input)
  return ctx.write(v.actor, async (w) => {
    const r = await w.db.selectFrom('screening_hits').selectAll().where('id', '=', v.hitId).executeTakeFirst()
    if (!r) throw notFound('screening hit', v.hitId)
    if (r.status !== 'open') throw new AppError('CONFLICT', { detail: `hit ${v.hitId} is ${r.status}, not open: only an open hit can be reviewed`, status: r.status })
    const before = hitFromRow(r, ctx.j)
    const set = { status: v.decision, status_source: 'review', reason: v.reason, reviewed_by: v.actor, reviewed_at: w.at }
    await w.db.updateTable('screening_hits').set(set).where('id', '=', v.hitId).execute()
    const after: ScreeningHitRecord = { ...before, status: v.decision, statusSource: 'review', reason: v.reason, reviewedBy: v.actor, reviewedAt: w.at }
    w.audit({ action: 'hit.reviewed', entityType: 'screening-hit', entityId: r.id, beforeHash: rowHash(before), afterHash: rowHash(after), data: { decision: v.decision, reason: v.reason } })
    // the same match of the same stored party recorded again by a later screening (same list entry, same content) is
    // the same question: decided with this one, its reason naming it (a name-only screening's hits stay its run's own)
    if (r.party_id !== null) {
      const same = await w.db.selectFrom('screening_hits').selectAll().where('party_id', '=', r.party_id).where('list', '=', r.list).where('entry_id', '=', r.entry_id).where('entry_hash', '=', r.entry_hash).where('status', '=', 'open').where('id', '!=', r.id).orderBy('id').execute()
      for (const o of same) {
        const reason = `${v.reason} (decided with hit ${r.id}, the same match)`
        const ob = hitFromRow(o, ctx.j)
        await w.db.updateTable('screening_hits').set({ ...set, reason }).where('id', '=', o.id).execute()
        const oa: ScreeningHitRecord = { ...ob, status: v.decision, statusSource: 'review', reason, reviewedBy: v.actor, reviewedAt: w.at }
        w.audit({ action: 'hit.reviewed', entityType: 'screening-hit', entityId: o.id, beforeHash: rowHash(ob), afterHash: rowHash(oa), data: { decision: v.decision, reason } })
      }
    }

    if (v.decision === 'cleared') {
      // scoped to the party; a name-only screening's clearance is scoped to its own run (it never clears anyone else's)
      const clearedFor = r.party_id !== null ? r.party_id : `run:${r.run_id}`
      const existing = await w.db.selectFrom('good_guys').selectAll().where('subject_key', '=', clearedFor).where('list', '=', r.list).where('entry_id', '=', r.entry_id).executeTakeFirst()
      if (existing) {
        await w.db.deleteFrom('good_guys').where('id', '=', existing.id).execute()
        w.audit({ action: 'good-guy.removed', entityType: 'good-guy', entityId: existing.id, beforeHash: rowHash(goodGuyFromRow(existing)), afterHash: null, data: { reason: 'replaced by a new clearance' } })
      }
      const gg: Row<'good_guys'> = { id: newId('gg'), subject_key: clearedFor, list: r.list, entry_id: r.entry_id, entry_hash: r.entry_hash, hit_id: r.id, reason: v.reason, cleared_by: v.actor, cleared_at: w.at }
      await w.db.insertInto('good_guys').values(gg).execute()
      w.audit({ action: 'good-guy.created', entityType: 'good-guy', entityId: gg.id, beforeHash: null, afterHash: rowHash(goodGuyFromRow(gg)), data: { hitId: r.id } })
    } else if (r.party_id !== null) {
      const p = await w.db.selectFrom('parties').selectAll().where('id', '=', r.party_id).executeTakeFirst()
      if (p && Number(p.is_blocked) !== 1) {
        await w.db.updateTable('parties').set({ is_blocked: 1, updated_at: w.at }).where('id', '=', p.id).execute()
        const pb = partyFromRow(p, ctx.j)
        w.audit({ action: 'party.blocked', entityType: 'party', entityId: p.id, beforeHash: rowHash(pb), afterHash: rowHash({ ...pb, isBlocked: true, updatedAt: w.at }), data: { hitId: r.id } })
      }
    }
    return after
  })
}

export async function reopenChangedHits(ctx: StoreContext, input: { entries: { list: string; entryId: string; entryHash: string }[]; actor: Actor }): Promise<ScreeningHitRecord[]> {
  const wanted = new Map(input.entries.map((e) => [`${e.list}\u0000${e.entryId}`, e.entryHash]))
  if (wanted.size === 0) return []
  return ctx.write(input.actor, async (w) => {
    const ids = [...new Set(input.entries.map((e) => e.entryId))]
    const stale: Row<'good_guys'>[] = []
    for (let i = 0; i < ids.length; i += 500) {
      for (const g of await w.db.selectFrom('good_guys').selectAll().where('entry_id', 'in', ids.slice(i, i + 500)).execute()) {
        const h = wanted.get(`${g.list}\u0000${g.entry_id}`)
        if (h !== undefined && h !== g.entry_hash) stale.push(g)
      }
    }
    const reopened: ScreeningHitRecord[] = []
    for (const g of stale) {
      const newHash = wanted.get(`${g.list}\u0000${g.entry_id}`)!
      await w.db.deleteFrom('good_guys').where('id', '=', g.id).execute()
      w.audit({ action: 'good-guy.removed', entityType: 'good-guy', entityId: g.id, beforeHash: rowHash(goodGuyFromRow(g)), afterHash: null, data: { reason: 'the list entry changed' } })
      const r = await w.db.selectFrom('screening_hits').selectAll().where('id', '=', g.hit_id).executeTakeFirst()
      if (!r || r.status !== 'cleared') continue
      const before = hitFromRow(r, ctx.j)
      await w.db.updateTable('screening_hits').set({ status: 'open', status_source: 'entry-changed', entry_hash: newHash }).where('id', '=', r.id).execute()
      const after: ScreeningHitRecord = { ...before, status: 'open', statusSource: 'entry-changed', entryHash: newHash }
      w.audit({ action: 'hit.reopened', entityType: 'screening-hit', entityId: r.id, beforeHash: rowHash(before), afterHash: rowHash(after), data: { entryHash: newHash } })
      reopened.push(after)
    }
    return reopened
  })
}
