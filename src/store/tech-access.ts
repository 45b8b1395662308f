/** The technology access log. */
import { rowHash } from '../records/hash-chain.js'
import {
  RecordTechAccessInputSchema,
  type Page,
  type PageOptions,
  type RecordTechAccessInput,
  type TechAccess,
} from '../records/records-store.js'
import { newId, parse, type Row, type StoreContext } from './store-context.js'
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
})

export async function recordTechAccess(ctx: StoreContext, input: RecordTechAccessInput): Promise<TechAccess> {
  const a = parse(RecordTechAccessInputSchema, input)
  return ctx.write(a.actor, async (w) => {
    const row: Row<'tech_access'> = { id: newId('tac'), subject: a.subject, nationality: a.nationality, location: a.location, resource: a.resource, eccn: a.eccn ?? null, accessed_at: a.accessedAt, note: a.note ?? null, recorded_at: w.at, recorded_by: a.actor }
    await w.db.insertInto('tech_access').values(row).execute()
    const rec = techAccessFromRow(row)
    w.audit({ action: 'tech-access.recorded', entityType: 'tech-access', entityId: row.id, beforeHash: null, afterHash: rowHash(rec), data: null })
    return rec
  })
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
