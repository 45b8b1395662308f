/**
 * Allocation ledgers of the AI Diffusion Rule as published (Tier 2 country TPP, LPP per consignee and
 * year): `POST /v1/allocations` (analyst; 409 ALLOCATION_EXCEEDED when a `cap` given would be passed),
 * `GET /v1/allocations` (the recorded allocations, oldest first, filtered), `GET /v1/allocations/ledger`
 * (the sums, in the shape a transaction's `ledger` takes: what `POST /v1/determinations?regime=as-published`
 * reads from the store).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { ALLOCATION_KINDS, AllocationSchema, RecordAllocationInputSchema } from '../../records/records-store.js'
import type { AppContext } from '../app.js'
import { authorize, canRead, canWriteRecords } from '../auth.js'
import { actorOf, pageOf, pageOptions, PageQuerySchema, PROBLEM_RESPONSES } from '../schemas.js'

export const AllocationRequestSchema = RecordAllocationInputSchema.omit({ actor: true }).meta({ id: 'NewAllocation' })
export const AllocationViewSchema = AllocationSchema.meta({ id: 'Allocation' })

/** A country code in a query string: `in` or `IN`. */
const QueryCountrySchema = z
  .string()
  .regex(/^[A-Za-z]{2}$/, 'expected an ISO 3166-1 alpha-2 code such as "IN"')
  .transform((s) => s.toUpperCase())
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
    ledger: z
      .strictObject({
        tier2CountryTpp: z.record(z.string(), z.number()).meta({ description: 'TPP recorded per Tier 2 country in every year up to `year`' }),
        consigneeYearTpp: z.number().meta({ description: 'TPP exported under LPP to `consignee` in `year`' }),
      })
      .meta({ description: 'the shape of a transaction’s `ledger`' }),
  })
  .meta({ id: 'AllocationLedger' })

export const allocationRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.post(
    '/allocations',
    {
      schema: {
        tags: ['allocations'],
        summary: 'Record TPP allocated to a Tier 2 country or exported under LPP to a consignee (analyst)',
        description: 'With `cap`, refused (409 ALLOCATION_EXCEEDED) when the sum for the country (tier2-country) or the consignee and year (lpp-consignee) would pass it; checked atomically.',
        body: AllocationRequestSchema,
        response: { 201: AllocationViewSchema, ...PROBLEM_RESPONSES },
      },
    },
    async (request, reply) => {
      const caller = authorize(request, canWriteRecords)
      const allocation = await ctx.store.recordAllocation({ ...request.body, actor: actorOf(caller) })
      return reply.code(201).send(allocation)
    },
  )

  app.get(
    '/allocations',
    { schema: { tags: ['allocations'], summary: 'Recorded allocations, oldest first, by kind, country, consignee, year or transaction', querystring: AllocationsQuerySchema, response: { 200: pageOf(AllocationViewSchema), ...PROBLEM_RESPONSES } } },
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
    { schema: { tags: ['allocations'], summary: 'The allocation ledger for a year (and a country and consignee), as a transaction’s `ledger`', querystring: LedgerQuerySchema, response: { 200: AllocationLedgerSchema, ...PROBLEM_RESPONSES } } },
    async (request) => {
      authorize(request, canRead)
      const { country, consignee, year } = request.query
      const ledger = await ctx.store.allocationLedger({ year, ...(country ? { country } : {}), ...(consignee ? { consignee } : {}) })
      return { year, country: country ?? null, consignee: consignee ?? null, ledger }
    },
  )
}
