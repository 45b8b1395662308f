/** `GET /v1/chips?date=`: the catalogue with TPP, performance density and ECCN on a date, and the 3A090.a/.b regions then in force (issue 12: the chips page). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { classifyCatalogueItem } from '../../classification/classify-item.js'
import { regions3A090 } from '../../classification/regions-3a090.js'
import { todayUtc } from '../../shared/iso-date.js'
import { IsoDateSchema } from '../../shared/iso-date-schema.js'
import type { AppContext } from '../app.js'
import { authorize, canQuery } from '../auth.js'
import { CitationSchema, PROBLEM_RESPONSES } from '../schemas.js'

const ChipRowSchema = z.strictObject({
  id: z.string(),
  kind: z.enum(['chip', 'system', 'memory']),
  vendor: z.string().nullable(),
  model: z.string().nullable(),
  tpp: z.number().nullable(),
  performanceDensity: z.number().nullable(),
  eccn: z.string().nullable(),
  paragraph: z.string().nullable(),
  determined: z.boolean(),
  possibleEccns: z.array(z.string().nullable()),
  datacenter: z.boolean().nullable(),
})
const RegionSchema = z.strictObject({
  eccn: z.enum(['3A090.a', '3A090.b']),
  paragraph: z.string(),
  tppMin: z.number().nullable(),
  tppMax: z.number().nullable(),
  pdMin: z.number().nullable(),
  pdMax: z.number().nullable(),
  note: z.string().nullable(),
  citations: z.array(CitationSchema.omit({ ruleId: true }).extend({ ruleId: z.string() })),
})
export const ChipCatalogueSchema = z
  .strictObject({ date: z.string(), rulesVersion: z.string(), ruleEffective: z.string(), chips: z.array(ChipRowSchema), regions: z.array(RegionSchema) })
  .meta({ id: 'ChipCatalogue' })

export const chipRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/chips',
    { config: { allow: canQuery }, schema: { tags: ['classify'], summary: 'The chip and system catalogue classified on a date, with the 3A090.a/.b regions in force', querystring: z.strictObject({ date: IsoDateSchema.optional() }), response: { 200: ChipCatalogueSchema, ...PROBLEM_RESPONSES } } },
    async (request) => {
      authorize(request, canQuery)
      const asOf = request.query.date ?? todayUtc(ctx.clock())
      const { effective, regions } = regions3A090(ctx.rules, asOf)
      const chips = [...ctx.rules.catalogue.keys()].sort().map((id) => {
        const r = classifyCatalogueItem(id, { rules: ctx.rules, asOf })
        return { id, kind: r.item.kind, vendor: r.item.vendor, model: r.item.model, tpp: r.tpp, performanceDensity: r.performanceDensity, eccn: r.eccn, paragraph: r.paragraph, determined: r.determined, possibleEccns: r.possibleEccns.map((p) => p.eccn), datacenter: r.datacenter }
      })
      return { date: asOf, rulesVersion: ctx.rules.version, ruleEffective: effective, chips, regions }
    },
  )
}
