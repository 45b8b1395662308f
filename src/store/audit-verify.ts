/**
 * Verifying the audit trail, and anchoring it.
 *
 * `verifyAudit` re-hashes the chain (plain sha256 before the keyed switch-over, HMAC-SHA256 under the
 * audit key from it on) and compares every audited row with the after-hash of its entity's latest event.
 * 'full' does it all; 'incremental' starts from the last verified checkpoint (its seq and hash, MACed
 * under the key so it cannot be forged in the database): it checks that the checkpoint's event still has
 * the hash verified then, the events after it, and the rows those events touched. A verify that finds
 * nothing wrong moves the checkpoint to the head. The switch-over marker is checked against the key. A full
 * verification is recorded, whatever it found (row 2 of `audit_checkpoints`, MACed), and an incremental one reports
 * it (`lastFull`): its problems still count, since an incremental one cannot see a row no new event touched.
 *
 * `auditAnchor` signs the head (seq, hash, count, time) under the key; kept elsewhere, it catches even a
 * consistent rewrite made by someone holding the key: the anchored event is no longer in the chain.
 */
import { sql, type Kysely } from 'kysely'
import { AppError, issuesFromZod } from '../shared/errors.js'
import { AuditEventSchema, type AuditEvent } from '../records/audit-events.js'
import { canonicalize, checkChain, GENESIS_HASH, hmacHex, rowHash, type ChainKey } from '../records/hash-chain.js'
import { AuditAnchorSchema, type AuditAnchor, type AuditFullVerification, type AuditProblemKind, type AuditVerification, type VerifyAuditOptions } from '../records/records-store.js'
import { auditVerificationSummary } from '../records/audit-verification-summary.js'
import { keyCheckText } from './audit-key.js'
import { AUDITED_TABLES, eventFromRow } from './audit.js'
import { readPending } from './audit-pending.js'
import type { Db, StoreContext } from './store-context.js'

const PAGE = 5000
const checkpointText = (seq: number, hash: string) => `chipnav audit checkpoint: event ${seq} ${hash}`

function requireKey(chain: ChainKey | null): ChainKey {
  if (chain === null) throw new AppError('AUDIT_KEY_INVALID', { detail: 'this store was opened without an audit key: anchors are signed with it' })
  return chain
}

/** The signed anchor of the head as it stands. */
export async function auditAnchor(ctx: StoreContext): Promise<AuditAnchor> {
  const chain = requireKey(ctx.chain)
  await ctx.flushAudit()
  const head = await ctx.db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow()
  const body = { format: 'chipnav-audit-anchor/1' as const, seq: Number(head.seq), hash: head.hash, count: Number(head.seq), at: ctx.now(), keyedFromSeq: chain.keyedFromSeq }
  return { ...body, signature: hmacHex(chain.key, canonicalize(body)) }
}

/** A parsed anchor whose signature holds under the key, or AUDIT_ANCHOR_INVALID. */
function checkAnchor(chain: ChainKey, input: unknown): AuditAnchor {
  const r = AuditAnchorSchema.safeParse(input)
  if (!r.success) throw new AppError('AUDIT_ANCHOR_INVALID', { detail: 'the anchor is not a chipnav audit anchor', issues: issuesFromZod(r.error.issues) })
  const { signature, ...body } = r.data
  if (hmacHex(chain.key, canonicalize(body)) !== signature) {
    throw new AppError('AUDIT_ANCHOR_INVALID', { detail: 'the anchor signature does not hold under this audit key: it was edited, or made with another key' })
  }
  return r.data
}

export async function verifyAudit(ctx: StoreContext, options: VerifyAuditOptions = {}): Promise<AuditVerification> {
  const anchor = options.anchor !== undefined ? checkAnchor(requireKey(ctx.chain), options.anchor) : undefined
  // the events of committed one-statement creates join the chain first (audit-pending.ts)
  await ctx.flushAudit()
  // every read in one snapshot: a write committed meanwhile (another worker) is not seen half-way, so it
  // cannot look like a head mismatch or an edited row
  const found = await inOneSnapshot(ctx, (db) => inspect(ctx, db, options.mode, anchor))
  const { problems, prev, checked, rowsChecked, firstBadEventId, mode, fromSeq, anchorResult } = found
  const chain = ctx.chain

  // 5. nothing wrong: the head becomes the checkpoint the next incremental verify starts from
  if (problems.length === 0 && chain !== null) {
    const cp = { seq: prev.seq, hash: prev.hash, mac: hmacHex(chain.key, checkpointText(prev.seq, prev.hash)), verified_at: ctx.now() }
    try {
      const upd = await ctx.db.updateTable('audit_checkpoints').set(cp).where('id', '=', 1).where('seq', '<=', cp.seq).executeTakeFirst()
      if (Number(upd.numUpdatedRows) === 0) await ctx.db.insertInto('audit_checkpoints').values({ id: 1, ...cp }).onConflict((oc) => oc.column('id').doNothing()).execute()
    } catch {
      // the answer stands without a new checkpoint (a busy database): the next verify starts from the previous one
    }
  }

  // 6. a full verification is recorded whatever it found; an incremental one reports the last full one, whose
  // problems still stand (what only a full verification sees is not seen again incrementally)
  let lastFull: AuditFullVerification | undefined
  if (chain !== null && mode === 'full') await recordFull(ctx, chain, { at: ctx.now(), headSeq: prev.seq, ok: problems.length === 0, checked, rowsChecked, problems }, prev.hash)
  if (chain !== null && mode === 'incremental') lastFull = await readLastFull(ctx, chain)
  const all = lastFull && !lastFull.ok ? [...problems, ...lastFull.problems].slice(0, 100) : problems

  const first = all[0]
  const v: AuditVerification = {
    ok: all.length === 0,
    checked,
    rowsChecked,
    ...(firstBadEventId !== undefined ? { firstBadEventId } : {}),
    ...(first ? { problem: first.detail } : {}),
    head: { seq: prev.seq, hash: prev.hash },
    problems: all,
    mode,
    fromSeq,
    ...(anchorResult ? { anchor: anchorResult } : {}),
    ...(lastFull ? { lastFull } : {}),
  }
  return { ...v, summary: auditVerificationSummary(v, problems) }
}

/** Row 2 of `audit_checkpoints`: the last full verification, MACed with everything it says. */
const FULL_ROW = 2
const fullText = (f: AuditFullVerification, hash: string, problems: string) => `chipnav audit full verification: event ${f.headSeq} ${hash} at ${f.at} ok ${f.ok} events ${f.checked} rows ${f.rowsChecked} problems ${problems}`

async function recordFull(ctx: StoreContext, chain: ChainKey, f: AuditFullVerification, hash: string): Promise<void> {
  const problems = JSON.stringify(f.problems)
  const row = { seq: f.headSeq, hash, mac: hmacHex(chain.key, fullText(f, hash, problems)), verified_at: f.at, is_ok: f.ok ? 1 : 0, events_checked: f.checked, rows_checked: f.rowsChecked, problems }
  try {
    const upd = await ctx.db.updateTable('audit_checkpoints').set(row).where('id', '=', FULL_ROW).where('seq', '<=', row.seq).executeTakeFirst()
    if (Number(upd.numUpdatedRows) === 0) await ctx.db.insertInto('audit_checkpoints').values({ id: FULL_ROW, ...row }).onConflict((oc) => oc.column('id').doNothing()).execute()
  } catch {
    // the answer stands unrecorded (a busy database): an incremental verification then reports the one before
  }
}

/** The last full verification, when its MAC holds (a row edited or forged in the database reads as none). */
async function readLastFull(ctx: StoreContext, chain: ChainKey): Promise<AuditFullVerification | undefined> {
  const r = await ctx.db.selectFrom('audit_checkpoints').selectAll().where('id', '=', FULL_ROW).executeTakeFirst()
  if (!r || r.is_ok == null || r.events_checked == null || r.rows_checked == null || r.problems == null) return undefined
  let problems: AuditFullVerification['problems']
  try {
    problems = JSON.parse(r.problems) as AuditFullVerification['problems']
  } catch {
    return undefined
  }
  const f: AuditFullVerification = { at: r.verified_at, headSeq: Number(r.seq), ok: Number(r.is_ok) === 1, checked: Number(r.events_checked), rowsChecked: Number(r.rows_checked), problems }
  return r.mac === hmacHex(chain.key, fullText(f, r.hash, r.problems)) ? f : undefined
}

type Inspection = {
  problems: AuditVerification['problems']
  prev: { seq: number; hash: string }
  checked: number
  rowsChecked: number
  firstBadEventId: number | undefined
  mode: 'full' | 'incremental'
  fromSeq: number
  anchorResult: AuditVerification['anchor'] | undefined
}

/** Runs `fn` in one read-only transaction (one snapshot of the database for all its reads). */
async function inOneSnapshot<T>(ctx: StoreContext, fn: (db: Db) => Promise<T>): Promise<T> {
  return ctx.db.connection().execute(async (conn) => {
    await sql.raw(ctx.caps.beginReadSql).execute(conn)
    try {
      return await fn(conn)
    } finally {
      await sql`rollback`.execute(conn).catch(() => undefined)
    }
  })
}

/** Steps 0 to 4: everything verify reads, from one snapshot. */
async function inspect(ctx: StoreContext, db: Db, mode0: VerifyAuditOptions['mode'], anchor: AuditAnchor | undefined): Promise<Inspection> {
  const problems: AuditVerification['problems'] = []
  const add = (kind: AuditProblemKind, detail: string, extra: { table?: string; entityId?: string; eventSeq?: number } = {}) => {
    if (problems.length < 100) problems.push({ kind, detail, ...extra })
  }
  let firstBadEventId: number | undefined
  const chain = ctx.chain

  // 0. the switch-over marker, against the key
  if (chain !== null) {
    const m = await db.selectFrom('audit_chain').selectAll().where('id', '=', 1).executeTakeFirst()
    if (!m || Number(m.keyed_from_seq) !== chain.keyedFromSeq || m.key_check !== hmacHex(chain.key, keyCheckText(chain.keyedFromSeq))) {
      add('chain-marker-edited', `the keyed-chain marker says ${m ? `keyed from event ${Number(m.keyed_from_seq)}` : 'nothing'}, not event ${chain.keyedFromSeq} as it did at open: it was edited outside chipnav`)
    }
  }

  // 1. where the chain is checked from: the start, or the last verified checkpoint (incremental)
  let prev = { seq: 0, hash: GENESIS_HASH }
  let mode: 'full' | 'incremental' = 'full'
  if (mode0 === 'incremental' && chain !== null) {
    const cp = await db.selectFrom('audit_checkpoints').selectAll().where('id', '=', 1).executeTakeFirst()
    if (cp && cp.mac === hmacHex(chain.key, checkpointText(Number(cp.seq), cp.hash))) {
      const e = await db.selectFrom('audit_events').select('hash').where('seq', '=', Number(cp.seq)).executeTakeFirst()
      if (Number(cp.seq) === 0 || e?.hash === cp.hash) {
        prev = { seq: Number(cp.seq), hash: cp.hash }
        mode = 'incremental'
      } else {
        firstBadEventId = Number(cp.seq)
        add('chain-broken', `event ${Number(cp.seq)} no longer has the hash verified at ${cp.verified_at}: the chain was rewritten`, { eventSeq: Number(cp.seq) })
      }
    }
  }
  const fromSeq = prev.seq

  // 2. the chain, page by page; the latest after-hash of each entity its events touched
  const latest = new Map<string, string | null>()
  let checked = 0
  let isChainOk = problems.length === 0
  for (;;) {
    const rows = await db.selectFrom('audit_events').selectAll().where('seq', '>', prev.seq).orderBy('seq').limit(PAGE).execute()
    if (rows.length === 0) break
    const events: AuditEvent[] = []
    for (const r of rows) {
      const e = eventFromRow(r, ctx.j)
      if (isChainOk && !AuditEventSchema.safeParse(e).success) {
        isChainOk = false
        firstBadEventId = e.seq
        add('event-edited', `event ${e.seq} is not a valid audit event`, { eventSeq: e.seq })
      }
      events.push(e)
      latest.set(`${e.entityType}\u0000${e.entityId}`, e.afterHash)
    }
    checked += events.length
    if (isChainOk) {
      const c = checkChain(events, prev, chain)
      if (!c.ok) {
        isChainOk = false
        firstBadEventId = c.seq
        add(c.kind, c.detail, { eventSeq: c.seq })
      }
    }
    const last = events[events.length - 1]!
    prev = { seq: last.seq, hash: last.hash }
  }
  const head = await db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst()
  if (!head || Number(head.seq) !== prev.seq || head.hash !== prev.hash) {
    add('head-mismatch', `the chain ends at event ${prev.seq} but its head says ${head ? Number(head.seq) : 'nothing'}: events were deleted or added at the end`, { eventSeq: prev.seq })
    if (firstBadEventId === undefined) firstBadEventId = Math.min(prev.seq, head ? Number(head.seq) : prev.seq) + 1
  }

  // 2b. events still waiting for their place in the chain (committed since the append above), in the same
  // snapshot: each must hold under its MAC, and is the latest state of the record it creates
  const pending = await readPending(db, chain)
  for (const detail of pending.problems) add('event-edited', detail)
  for (const [k, h] of pending.latest) latest.set(k, h)

  // 3. the rows: every row of every audited table (full), or the rows the new events touched (incremental)
  const rowsChecked = mode === 'full' ? await checkAllRows(db, ctx.j, latest, add) : await checkTouchedRows(db, ctx.j, latest, add)

  // 4. the anchor: its event must still be in the chain with the hash it had
  let anchorResult: AuditVerification['anchor']
  if (anchor !== undefined) {
    const e = anchor.seq === 0 ? { hash: GENESIS_HASH } : await db.selectFrom('audit_events').select('hash').where('seq', '=', anchor.seq).executeTakeFirst()
    const isMatched = e !== undefined && e.hash === anchor.hash
    anchorResult = { seq: anchor.seq, hash: anchor.hash, isMatched }
    if (!isMatched) {
      add('anchor-mismatch', e === undefined ? `event ${anchor.seq}, anchored at ${anchor.at}, is gone: the chain was cut back` : `event ${anchor.seq} no longer has the hash anchored at ${anchor.at}: the chain was rewritten`, { eventSeq: anchor.seq })
      if (firstBadEventId === undefined || firstBadEventId > anchor.seq) firstBadEventId = anchor.seq
    }
  }

  return { problems, prev, checked, rowsChecked, firstBadEventId, mode, fromSeq, anchorResult }
}

type Add = (kind: AuditProblemKind, detail: string, extra?: { table?: string; entityId?: string; eventSeq?: number }) => void

function compareRow(t: (typeof AUDITED_TABLES)[number], id: string, row: Record<string, unknown> | undefined, expected: string | null | undefined, j: boolean, add: Add): void {
  if (row === undefined) {
    if (expected !== undefined && expected !== null) add('row-deleted', `${t.entity} ${id} is in the audit trail but its row is gone: it was deleted outside chipnav`, { table: t.entity, entityId: id })
    return
  }
  if (expected === undefined) add('row-inserted', `${t.table} row ${id} has no audit event: it was inserted outside chipnav`, { table: t.table, entityId: id })
  else if (expected === null) add('row-inserted', `${t.table} row ${id} was deleted according to the audit trail but exists`, { table: t.table, entityId: id })
  else if (rowHash(t.toRecord(row, j)) !== expected) add('row-edited', `${t.table} row ${id} does not match its last audited state: it was edited outside chipnav`, { table: t.table, entityId: id })
}

async function checkAllRows(db: Db, j: boolean, latest: Map<string, string | null>, add: Add): Promise<number> {
  let rowsChecked = 0
  const seen = new Set<string>()
  const anyDb = db as unknown as Kysely<any>
  for (const t of AUDITED_TABLES) {
    let after: string | null = null
    for (;;) {
      let q = anyDb.selectFrom(t.table).selectAll().orderBy(t.key).limit(t.table === 'blobs' ? 50 : 1000)
      if (after !== null) q = q.where(t.key, '>', after)
      const raw: Record<string, unknown>[] = await q.execute()
      if (raw.length === 0) break
      const rows = (t.withRelated ? await t.withRelated(anyDb, raw) : raw) as Record<string, unknown>[]
      for (const r of rows) {
        const id = String(r[t.key])
        const k = `${t.entity}\u0000${id}`
        seen.add(k)
        rowsChecked++
        compareRow(t, id, r, latest.get(k), j, add)
      }
      after = String(rows[rows.length - 1]![t.key])
    }
  }
  for (const [k, h] of latest) {
    if (h !== null && !seen.has(k)) {
      const [entity, id] = k.split('\u0000') as [string, string]
      add('row-deleted', `${entity} ${id} is in the audit trail but its row is gone: it was deleted outside chipnav`, { table: entity, entityId: id })
    }
  }
  return rowsChecked
}

async function checkTouchedRows(db: Db, j: boolean, latest: Map<string, string | null>, add: Add): Promise<number> {
  const anyDb = db as unknown as Kysely<any>
  let rowsChecked = 0
  for (const [k, expected] of latest) {
    const [entity, id] = k.split('\u0000') as [string, string]
    const t = AUDITED_TABLES.find((x) => x.entity === entity)
    if (!t) continue
    const raw: Record<string, unknown> | undefined = await anyDb.selectFrom(t.table).selectAll().where(t.key, '=', id).executeTakeFirst()
    const row = raw !== undefined && t.withRelated ? ((await t.withRelated(anyDb, [raw]))[0] as Record<string, unknown>) : raw
    if (row !== undefined) rowsChecked++
    compareRow(t, id, row, expected, j, add)
  }
  return rowsChecked
}
