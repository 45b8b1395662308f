/**
 * Allocation ledgers of the AI Diffusion Rule as published (Tier 2 country TPP over the allocation
 * period, LPP per consignee and calendar year): `POST /v1/allocations` (analyst; 409 ALLOCATION_EXCEEDED
 * when a `cap` given would be passed), `GET /v1/allocations` (the recorded allocations, oldest first,
 * filtered), `GET /v1/allocations/ledger` (the sums, in the shape a transaction's `ledger` takes: what
 * `POST /v1/determinations?regime=as-published` reads from the store). The cap check and the ledger sum
 * the same years: the Tier 2 allocation period from data/ (tier2AllocationPeriod).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { ALLOCATION_KINDS, AllocationSchema, RecordAllocationInputSchema, type AllocationPeriod } from '../../records/records-store.js'
import { diffusionTierAt } from '../../determination/country-groups.js'
import type { Rules } from '../../rules/load-rules.js'
import { AppError } from '../../shared/errors.js'
import { thresholdAt } from '../../rules/parameter-at.js'
import type { IsoDate } from '../../shared/iso-date.js'
import { CountryCodeInputSchema } from '../../shared/country-code-schema.js'
import type { AppContext } from '../app.js'
import { authorize, canRead, canWriteRecords } from '../auth.js'
import { actorOf, pageOf, pageOptions, PageQuerySchema, PROBLEM_RESPONSES } from '../schemas.js'

/**
 * The Tier 2 allocation period `year` falls in, from data/: the AI Diffusion Rule as published sets one
 * allocation per Tier 2 country "for the period from 2025 to 2027" (15 CFR 742.6(b)(10)(iii)(B); 90 FR
 * 4544), a cumulative installed base, not a figure per year (policies.diffusion.tier2-allocation-first-year
 * and -last-year). Outside that period the text sets no allocation, so a year counts on its own.
 */
export function tier2AllocationPeriod(rules: Rules, year: number): AllocationPeriod {
  const asOf = `${year}-12-31` as IsoDate
  const first = thresholdAt(rules, 'policies.diffusion.tier2-allocation-first-year', asOf)
  const last = thresholdAt(rules, 'policies.diffusion.tier2-allocation-last-year', asOf)
  if (first && last && first.value <= year && year <= last.value) return { from: first.value, to: last.value }
  return { from: year, to: year }
}

/**
 * Why an allocation cannot be recorded for this country and year, or null: both ledgers exist only for Tier 2
 * destinations of the AI Diffusion Rule as published (the Tier 2 country allocation, 15 CFR 742.6(b)(10)(iii)(B);
 * LPP, 15 CFR 740.29, to Tier 2 destinations only): not for a Tier 1 destination (no licence needed), not for a
 * Tier 3 one (D:5 or Macau), not for a year before the rule. Tiers as the data has them at the end of `year`.
 */
export function allocationCountryProblem(rules: Rules, kind: (typeof ALLOCATION_KINDS)[number], country: string, year: number): string | null {
  const what = kind === 'tier2-country' ? 'a Tier 2 country allocation' : 'an LPP allocation'
  const t = diffusionTierAt(rules, country, `${year}-12-31` as IsoDate)
  if (!t) return `${what} exists only under the AI Diffusion Rule as published, whose tiers (country-groups.diffusion-tier1) are not in the data at the end of ${year}: ${year} is before the rule`
  if (t.tier === 2) return null
  const where = t.tier === 1 ? 'in Tier 1 (no licence is needed for the items, so nothing is allocated)' : 'in Tier 3 (Country Group D:5 or Macau: neither a country allocation nor LPP is available)'
  return `${country} is ${where} at the end of ${year} (${t.citation.ruleId}, ${t.citation.source.citation}); ${what} is only for a Tier 2 destination`
}

export const AllocationRequestSchema = RecordAllocationInputSchema.omit({ actor: true, period: true }).meta({ id: 'NewAllocation' })
export const AllocationViewSchema = AllocationSchema.meta({ id: 'Allocation' })

/** A country code in a query string: `in` or `IN`. */
const QueryCountrySchema = CountryCodeInputSchema
const QueryYearSchema = z.coerce.number().int().min(2000).max(2100)

const AllocationsQuerySchema = PageQuerySchema.extend({
  kind: z.enum(ALLOCATION_KINDS).optional(),
  country: QueryCountrySchema.optional(),
  consignee: z.string().trim().min(1).max(200).optional(),
  year: QueryYearSchema.optional(),
  transactionId: z.string().min(1).max(200).optional(),
})

const LedgerQuerySchema = z.strictObject({
  /** the Tier 2 destination; omitted = every country's total */
  country: QueryCountrySchema.optional(),
  /** the ultimate consignee (party id or name, as recorded); omitted = consigneeYearTpp is 0 */
  consignee: z.string().trim().min(1).max(200).optional(),
  year: QueryYearSchema,
})

export const AllocationLedgerSchema = z
  .strictObject({
    year: z.number().int(),
    country: z.string().nullable(),
    consignee: z.string().nullable(),
    tier2Period: z
      .strictObject({ from: z.number().int(), to: z.number().int() })
      .meta({ description: 'the Tier 2 allocation period `year` falls in (2025-2027 under 15 CFR 742.6(b)(10)(iii)(B)): the years `tier2CountryTpp` sums; a year outside it counts on its own' }),
    ledger: z
      .strictObject({
        tier2CountryTpp: z.record(z.string(), z.number()).meta({ description: 'TPP recorded per Tier 2 country in every year of `tier2Period` (one allocation for the whole period)' }),
        consigneeYearTpp: z.number().meta({ description: 'TPP exported under LPP to `consignee` in the calendar year `year` (15 CFR 740.29)' }),
      })
      .meta({ description: 'the shape of a transaction’s `ledger`' }),
  })
  .meta({ id: 'AllocationLedger' })

export const allocationRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.post(
    '/allocations',
    { config: { allow: canWriteRecords },
      schema: {
        tags: ['allocations'],
        summary: 'Record TPP allocated to a Tier 2 country or exported under LPP to a consignee (analyst)',
        description:
          'With `cap`, refused (409 ALLOCATION_EXCEEDED) when the sum would pass it, checked atomically: for tier2-country, every allocation of the country in the Tier 2 allocation period that `year` falls in (2025-2027: one allocation for the period, 15 CFR 742.6(b)(10)(iii)(B)), the same years `GET /v1/allocations/ledger` sums; for lpp-consignee, the consignee\'s allocations in `year` (LPP runs per calendar year, 15 CFR 740.29).',
        body: AllocationRequestSchema,
        response: { 201: AllocationViewSchema, ...PROBLEM_RESPONSES },
      },
    },
    async (request, reply) => {
      const caller = authorize(request, canWriteRecords)
      const body = request.body
      const problem = allocationCountryProblem(ctx.rules, body.kind, body.country, body.year)
      if (problem) throw new AppError('VALIDATION_FAILED', { detail: problem, issues: [{ path: 'country', message: problem }] })
      const period = body.kind === 'tier2-country' ? { period: tier2AllocationPeriod(ctx.rules, body.year) } : {}
      const allocation = await ctx.store.recordAllocation({ ...body, ...period, actor: actorOf(caller) })
      return reply.code(201).send(allocation)
    },
  )

  app.get(
    '/allocations',
    { config: { allow: canRead }, schema: { tags: ['allocations'], summary: 'Recorded allocations, oldest first, by kind, country, consignee, year or transaction', querystring: AllocationsQuerySchema, response: { 200: pageOf(AllocationViewSchema), ...PROBLEM_RESPONSES } } },
    async (request) => {
      authorize(request, canRead)
      const { kind, country, consignee, year, transactionId } = request.query
      return ctx.store.listAllocations({
        ...pageOptions(request.query),
        ...(kind ? { kind } : {}),
        ...(country ? { country } : {}),
        ...(consignee ? { consignee } : {}),
        ...(year !== undefined ? { year } : {}),
        ...(transactionId ? { transactionId } : {}),
      })
    },
  )

  app.get(
    '/allocations/ledger',
    { config: { allow: canRead }, schema: { tags: ['allocations'], summary: 'The allocation ledger for a year (and a country and consignee), as a transaction’s `ledger`', querystring: LedgerQuerySchema, response: { 200: AllocationLedgerSchema, ...PROBLEM_RESPONSES } } },
    async (request) => {
      authorize(request, canRead)
      const { country, consignee, year } = request.query
      const tier2Period = tier2AllocationPeriod(ctx.rules, year)
      const ledger = await ctx.store.allocationLedger({ year, period: tier2Period, ...(country ? { country } : {}), ...(consignee ? { consignee } : {}) })
      return { year, country: country ?? null, consignee: consignee ?? null, tier2Period, ledger }
    },
  )
}
