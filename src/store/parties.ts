/** Parties: create, read, list. A party's blocking (after a confirmed hit) is written by screenings. */
import { rowHash } from '../records/hash-chain.js'
import { ActorSchema, NewPartySchema, type Actor, type NewParty, type Page, type PageOptions, type Party, type PartyScreeningState } from '../records/records-store.js'
import { fromJson, toJson } from './json.js'
import type { z } from 'zod'
import { newId, notFound, parse, type J, type Row, type StoreContext, type WriteContext } from './store-context.js'
import { decodeCursor, pageSize, toPage } from './paging.js'

export const partyFromRow = (r: Row<'parties'>, j: J): Party => ({
  id: r.id,
  name: r.name,
  country: r.country,
  headquarters: r.headquarters,
  ultimateParent: fromJson(r.ultimate_parent, j) ?? null,
  ownership: fromJson(r.ownership, j),
  identifiers: fromJson(r.identifiers, j),
  isBlocked: Number(r.is_blocked) === 1,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
})

export async function createParty(ctx: StoreContext, input: NewParty & { actor: Actor }): Promise<Party> {
  const p = parse(NewPartySchema.extend({ actor: ActorSchema }), input)
  return ctx.write(p.actor, (w) => insertParty(w, p))
}

/** Inserts a party (checked by NewPartySchema) in the write `w`, with its audit event. */
export async function insertParty(w: WriteContext, p: z.output<typeof NewPartySchema>): Promise<Party> {
  const row: Row<'parties'> = {
    id: newId('pty'),
    name: p.name,
    country: p.country,
    headquarters: p.headquarters ?? null,
    ultimate_parent: p.ultimateParent === undefined ? null : toJson(p.ultimateParent),
    ownership: toJson(p.ownership),
    identifiers: toJson(p.identifiers),
    is_blocked: 0,
    created_at: w.at,
    updated_at: w.at,
  }
  await w.db.insertInto('parties').values(row).execute()
  const party = partyFromRow(row, false)
  w.audit({ action: 'party.created', entityType: 'party', entityId: row.id, beforeHash: null, afterHash: rowHash(party), data: null })
  return party
}

export async function getParty(ctx: StoreContext, id: string): Promise<Party> {
  const r = await ctx.db.selectFrom('parties').selectAll().where('id', '=', id).executeTakeFirst()
  if (!r) throw notFound('party', id)
  return partyFromRow(r, ctx.j)
}

export async function listParties(ctx: StoreContext, options: PageOptions = {}): Promise<Page<Party>> {
  const limit = pageSize(options.limit)
  const after = decodeCursor(options.cursor)
  let q = ctx.db.selectFrom('parties').selectAll().orderBy('id').limit(limit + 1)
  if (after !== null) q = q.where('id', '>', after)
  return toPage(await q.execute(), limit, (r) => r.id, (r) => partyFromRow(r, ctx.j))
}

/** Each party's screening state: when it was last screened (null: never) and how many of its hits are open. */
export async function partyScreeningStates(ctx: StoreContext, partyIds: readonly string[]): Promise<Record<string, PartyScreeningState>> {
  const ids = [...new Set(partyIds)]
  const states: Record<string, PartyScreeningState> = Object.fromEntries(ids.map((id) => [id, { lastScreenedAt: null, openHits: 0 }]))
  if (ids.length === 0) return states
  const runs = await ctx.db.selectFrom('screening_runs').select((eb) => ['party_id', eb.fn.max('recorded_at').as('last')]).where('party_id', 'in', ids).groupBy('party_id').execute()
  for (const r of runs) if (r.party_id !== null && r.last !== null) states[r.party_id]!.lastScreenedAt = String(r.last)
  const open = await ctx.db.selectFrom('screening_hits').select((eb) => ['party_id', eb.fn.countAll().as('n')]).where('party_id', 'in', ids).where('status', '=', 'open').groupBy('party_id').execute()
  for (const h of open) if (h.party_id !== null) states[h.party_id]!.openHits = Number(h.n)
  return states
}
