/** Validated End-User and other authorisations (issue 14): recorded through `ctx.write` (audited), listed, and matched. */
import { rowHash } from '../records/hash-chain.js'
import { NewAuthorisationSchema, type Authorisation, type NewAuthorisation } from '../records/deployment-records.js'
import type { Page, PageOptions } from '../records/records-store.js'
import { decodeCursor, pageSize, toPage } from './paging.js'
import { newId, parse, type Row, type StoreContext } from './store-context.js'

export const authorisationFromRow = (r: Row<'authorisations'>): Authorisation => ({
  id: r.id,
  program: r.program as Authorisation['program'],
  reference: r.reference,
  endUser: r.end_user,
  site: { country: r.site_country, address: r.site_address },
  eccns: JSON.parse(r.eccns) as string[],
  destinations: JSON.parse(r.destinations) as string[],
  conditions: JSON.parse(r.conditions) as string[],
  validFrom: r.valid_from as Authorisation['validFrom'],
  validTo: r.valid_to,
  createdAt: r.created_at,
  createdBy: r.created_by,
})

export async function createAuthorisation(ctx: StoreContext, input: NewAuthorisation): Promise<Authorisation> {
  const a = parse(NewAuthorisationSchema, input)
  return ctx.write(a.actor, async (w) => {
    const row: Row<'authorisations'> = {
      id: newId('veu'), program: a.program, reference: a.reference, end_user: a.endUser, site_country: a.site.country, site_address: a.site.address, eccns: JSON.stringify(a.eccns),
      destinations: JSON.stringify(a.destinations), conditions: JSON.stringify(a.conditions), valid_from: a.validFrom, valid_to: a.validTo ?? null, created_at: w.at, created_by: a.actor,
    }
    await w.db.insertInto('authorisations').values(row).execute()
    const rec = authorisationFromRow(row)
    w.audit({ action: 'authorisation.recorded', entityType: 'authorisation', entityId: row.id, beforeHash: null, afterHash: rowHash(rec), data: null })
    return rec
  })
}

export async function listAuthorisations(ctx: StoreContext, options: PageOptions = {}): Promise<Page<Authorisation>> {
  const limit = pageSize(options.limit)
  const after = decodeCursor(options.cursor)
  let q = ctx.db.selectFrom('authorisations').selectAll().orderBy('id').limit(limit + 1)
  if (after !== null) q = q.where('id', '>', after)
  return toPage(await q.execute(), limit, (r) => r.id, authorisationFromRow)
}

/** The authorisations valid on the date (the caller decides which cover what). */
export async function authorisationsInForce(ctx: StoreContext, date: string): Promise<Authorisation[]> {
  const rows = await ctx.db.selectFrom('authorisations').selectAll().where('valid_from', '<=', date).where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', date)])).orderBy('id').execute()
  return rows.map(authorisationFromRow)
}
