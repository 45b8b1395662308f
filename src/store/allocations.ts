/** Allocations: Tier 2 country and LPP consignee TPP ledgers, with caps checked in the write. */
import { AppError } from '../shared/errors.js'
import { rowHash } from '../records/hash-chain.js'
import {
  RecordAllocationInputSchema,
  type Allocation,
  type AllocationLedgerQuery,
  type AllocationPeriod,
  type ListAllocationsOptions,
  type Page,
  type RecordAllocationInput,
} from '../records/records-store.js'
import type { Ledger } from '../determination/transaction-schema.js'
import { newId, num, parse, type Row, type StoreContext } from './store-context.js'
import { decodeCursor, pageSize, toPage } from './paging.js'

/** The years a Tier 2 allocation sum runs over: the period given (which must contain `year`), else `year` alone. */
export function allocationPeriodOf(year: number, period: AllocationPeriod | undefined): AllocationPeriod {
  const p = period ?? { from: year, to: year }
  if (year < p.from || year > p.to) throw new AppError('VALIDATION_FAILED', { detail: `year ${year} is outside the allocation period ${p.from}-${p.to}`, issues: [{ path: 'period', message: `must contain the year ${year}` }] })
  return p
}

export const allocationFromRow = (r: Row<'allocations'>): Allocation => ({
  id: r.id,
  kind: r.kind as Allocation['kind'],
  country: r.country,
  consignee: r.consignee,
  year: Number(r.year),
  tpp: Number(r.tpp),
  transactionId: r.transaction_id,
  recordedAt: r.recorded_at,
  recordedBy: r.recorded_by,
})

export async function recordAllocation(ctx: StoreContext, input: RecordAllocationInput): Promise<Allocation> {
  const a = parse(RecordAllocationInputSchema, input)
  if (a.kind === 'lpp-consignee' && a.consignee === undefined) throw new AppError('VALIDATION_FAILED', { detail: 'an LPP allocation names its consignee', issues: [{ path: 'consignee', message: 'required for lpp-consignee' }] })
  if (a.kind === 'lpp-consignee' && a.period !== undefined) throw new AppError('VALIDATION_FAILED', { detail: 'LPP runs per calendar year (15 CFR 740.29): an LPP allocation has no period', issues: [{ path: 'period', message: 'only for tier2-country' }] })
  // Tier 2: one allocation for the whole period (15 CFR 742.6(b)(10)(iii)(B): "for the period from 2025
  // to 2027"), summed over the same years as allocationLedger's tier2CountryTpp
  const period = a.kind === 'tier2-country' ? allocationPeriodOf(a.year, a.period) : null
  return ctx.write(a.actor, async (w) => {
    if (a.cap !== undefined) {
      const used =
        period !== null
          ? await w.db.selectFrom('allocations').select((eb) => eb.fn.sum<number>('tpp').as('total')).where('kind', '=', a.kind).where('country', '=', a.country).where('year', '>=', period.from).where('year', '<=', period.to).executeTakeFirst()
          : await w.db.selectFrom('allocations').select((eb) => eb.fn.sum<number>('tpp').as('total')).where('kind', '=', a.kind).where('consignee', '=', a.consignee!).where('year', '=', a.year).executeTakeFirst()
      const total = num(used?.total)
      const over = `the ${a.kind} allocation would reach ${total + a.tpp} TPP, over the cap of ${a.cap} (${total} used`
      if (total + a.tpp > a.cap) {
        throw new AppError('ALLOCATION_EXCEEDED', {
          detail: period !== null ? `${over} by ${a.country} in ${period.from === period.to ? period.from : `${period.from}-${period.to}`})` : `${over} by ${a.consignee} in ${a.year})`,
          used: total,
          cap: a.cap,
          ...(period !== null ? { period } : { year: a.year }),
        })
      }
    }
    const row: Row<'allocations'> = { id: newId('alc'), kind: a.kind, country: a.country, consignee: a.consignee ?? null, year: a.year, tpp: a.tpp, transaction_id: a.transactionId ?? null, recorded_at: w.at, recorded_by: a.actor }
    await w.db.insertInto('allocations').values(row).execute()
    const allocation = allocationFromRow(row)
    w.audit({ action: 'allocation.recorded', entityType: 'allocation', entityId: row.id, beforeHash: null, afterHash: rowHash(allocation), data: null })
    return allocation
  })
}

export async function listAllocations(ctx: StoreContext, options: ListAllocationsOptions = {}): Promise<Page<Allocation>> {
  const limit = pageSize(options.limit)
  const after = decodeCursor(options.cursor)
  let q = ctx.db.selectFrom('allocations').selectAll().orderBy('id').limit(limit + 1)
  if (options.kind !== undefined) q = q.where('kind', '=', options.kind)
  if (options.country !== undefined) q = q.where('country', '=', options.country)
  if (options.consignee !== undefined) q = q.where('consignee', '=', options.consignee)
  if (options.year !== undefined) q = q.where('year', '=', options.year)
  if (options.transactionId !== undefined) q = q.where('transaction_id', '=', options.transactionId)
  if (after !== null) q = q.where('id', '>', after)
  return toPage(await q.execute(), limit, (r) => r.id, allocationFromRow)
}

/**
 * tier2CountryTpp: TPP recorded per Tier 2 country in the allocation period (`period`, default `year`
 * alone): the Diffusion Rule sets one allocation "for the period from 2025 to 2027" (15 CFR
 * 742.6(b)(10)(iii)(B)), so every year of it counts, the same sum recordAllocation's cap checks;
 * consigneeYearTpp: TPP under LPP to `consignee` in `year` (LPP runs per calendar year, 15 CFR 740.29).
 */
export async function allocationLedger(ctx: StoreContext, query: AllocationLedgerQuery): Promise<Required<Ledger>> {
  const period = allocationPeriodOf(query.year, query.period)
  let q = ctx.db
    .selectFrom('allocations')
    .select((eb) => ['country', eb.fn.sum<number>('tpp').as('total')])
    .where('kind', '=', 'tier2-country')
    .where('year', '>=', period.from)
    .where('year', '<=', period.to)
    .groupBy('country')
  if (query.country !== undefined) q = q.where('country', '=', query.country)
  const tier2CountryTpp: Record<string, number> = {}
  for (const r of await q.execute()) tier2CountryTpp[r.country] = num(r.total)
  let consigneeYearTpp = 0
  if (query.consignee !== undefined) {
    const r = await ctx.db
      .selectFrom('allocations')
      .select((eb) => eb.fn.sum<number>('tpp').as('total'))
      .where('kind', '=', 'lpp-consignee')
      .where('consignee', '=', query.consignee)
      .where('year', '=', query.year)
      .executeTakeFirst()
    consigneeYearTpp = num(r?.total)
  }
  return { tier2CountryTpp, consigneeYearTpp }
}
