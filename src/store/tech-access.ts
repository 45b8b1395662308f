/**
 * The technology access log. An access arrives with the caller's evaluation (`checkAccess` as a release of its
 * ECCN, see src/access/tech-access-check.ts); here, in the same transaction, the licence on file that covers it
 * is looked up, and an access that needs a licence without one is flagged and opens a `tech-access.flagged`
 * event in the events feed.
 */
import { rowHash } from '../records/hash-chain.js'
import {
  RecordTechAccessInputSchema,
  type License,
  type Page,
  type PageOptions,
  type RecordTechAccessInput,
  type TechAccess,
  type TechAccessEvaluation,
  type TechAccessReportRow,
} from '../records/records-store.js'
import { AppError } from '../shared/errors.js'
import { licenseFromRow } from './licenses.js'
import { appendEventsIn } from './monitoring.js'
import { newId, parse, type Db, type J, type Row, type StoreContext } from './store-context.js'
import { decodeCursor, pageSize, toPage } from './paging.js'

export const techAccessFromRow = (r: Row<'tech_access'>): TechAccess => ({
  id: r.id,
  subject: r.subject,
  nationality: r.nationality,
  location: r.location,
  resource: r.resource,
  eccn: r.eccn,
  accessedAt: r.accessed_at,
  note: r.note,
  recordedAt: r.recorded_at,
  recordedBy: r.recorded_by,
  // rows without a check hash as they did before issue 14
  ...(r.check_verdict !== null
    ? { check: { verdict: r.check_verdict as NonNullable<TechAccess['check']>['verdict'], rulesVersion: r.check_rules_version ?? '', licenseId: r.check_license_id, flagged: Number(r.check_flagged) === 1 } }
    : {}),
})

/** the date an access happened, as written (its local date) */
export const accessDate = (accessedAt: string): string => accessedAt.slice(0, 10)

/**
 * A licence on file covers a release when it is valid on the date, names the ECCN, names the person's
 * nationality among its destinations, and names no parties or names the subject.
 */
async function coveringLicense(db: Db, j: J, a: { subject: string; nationality: string; eccn: string; date: string }): Promise<License | null> {
  const rows = await db.selectFrom('licenses').selectAll().where('valid_from', '<=', a.date).where('valid_to', '>=', a.date).orderBy('id').execute()
  for (const r of rows) {
    const l = licenseFromRow(r, j)
    if (l.eccns.includes(a.eccn) && l.destinations.includes(a.nationality) && (l.parties.length === 0 || l.parties.includes(a.subject))) return l
  }
  return null
}

const NEEDS_LICENCE = new Set(['LICENSE_REQUIRED', 'PROHIBITED'])

export async function recordTechAccess(ctx: StoreContext, input: RecordTechAccessInput, check?: TechAccessEvaluation): Promise<TechAccess> {
  const a = parse(RecordTechAccessInputSchema, input)
  return ctx.write(a.actor, async (w) => {
    const license = check && a.eccn ? await coveringLicense(w.db, ctx.j, { subject: a.subject, nationality: a.nationality, eccn: a.eccn, date: accessDate(a.accessedAt) }) : null
    const flagged = check !== undefined && NEEDS_LICENCE.has(check.verdict) && license === null
    const row: Row<'tech_access'> = {
      id: newId('tac'), subject: a.subject, nationality: a.nationality, location: a.location, resource: a.resource, eccn: a.eccn ?? null, accessed_at: a.accessedAt, note: a.note ?? null, recorded_at: w.at, recorded_by: a.actor,
      check_verdict: check?.verdict ?? null, check_rules_version: check?.rulesVersion ?? null, check_license_id: license?.id ?? null, check_flagged: check ? (flagged ? 1 : 0) : null,
    }
    await w.db.insertInto('tech_access').values(row).execute()
    const rec = techAccessFromRow(row)
    w.audit({ action: 'tech-access.recorded', entityType: 'tech-access', entityId: row.id, beforeHash: null, afterHash: rowHash(rec), data: null })
    if (flagged && check) {
      const data = { subject: a.subject, nationality: a.nationality, location: a.location, resource: a.resource, eccn: a.eccn ?? null, accessedAt: a.accessedAt, verdict: check.verdict, rulesVersion: check.rulesVersion }
      await appendEventsIn(w.db, w.at, ctx.j, [{ type: 'tech-access.flagged', subjectType: 'tech-access', subjectId: row.id, dedupeKey: `tech-access.flagged:${row.id}`, data }])
    }
    return rec
  })
}

/** Accesses whose date (as written) is in [from, to], grouped by nationality, ECCN and outcome. */
export async function techAccessReport(ctx: StoreContext, range: { from: string; to: string }): Promise<TechAccessReportRow[]> {
  if (range.from > range.to) throw new AppError('VALIDATION_FAILED', { detail: 'from must not be after to', issues: [{ path: 'from', message: `from (${range.from}) is after to (${range.to})` }] })
  const rows = await ctx.db
    .selectFrom('tech_access')
    .select(['nationality', 'eccn', 'check_verdict', 'check_flagged'])
    .select((eb) => [eb.fn.countAll().as('accesses'), eb.fn.count('subject').distinct().as('subjects')])
    .where('accessed_at', '>=', range.from)
    .where('accessed_at', '<', `${range.to}U`) // 'U' sorts after the 'T' of any time on the last day
    .groupBy(['nationality', 'eccn', 'check_verdict', 'check_flagged'])
    .execute()
  return rows
    .map((r) => ({ nationality: r.nationality, eccn: r.eccn, verdict: r.check_verdict, flagged: Number(r.check_flagged) === 1, accesses: Number(r.accesses), subjects: Number(r.subjects) }))
    .sort((x, y) => x.nationality.localeCompare(y.nationality) || (x.eccn ?? '').localeCompare(y.eccn ?? '') || (x.verdict ?? '').localeCompare(y.verdict ?? '') || Number(x.flagged) - Number(y.flagged))
}

export async function listTechAccess(ctx: StoreContext, options: PageOptions & { resource?: string; subject?: string } = {}): Promise<Page<TechAccess>> {
  const limit = pageSize(options.limit)
  const after = decodeCursor(options.cursor)
  let q = ctx.db.selectFrom('tech_access').selectAll().orderBy('id').limit(limit + 1)
  if (options.resource !== undefined) q = q.where('resource', '=', options.resource)
  if (options.subject !== undefined) q = q.where('subject', '=', options.subject)
  if (after !== null) q = q.where('id', '>', after)
  return toPage(await q.execute(), limit, (r) => r.id, techAccessFromRow)
}
