/** `POST /v1/classify`: the ECCN of a catalogue chip or system, or of a specification, on a date. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { classifyCatalogueItem, classifyItem } from '../../classification/classify-item.js'
import { ItemSpecSchema } from '../../rules/chip-schemas.js'
import { IsoDateSchema, todayUtc } from '../../shared/iso-date.js'
import type { AppContext } from '../app.js'
import { authorize, canQuery } from '../auth.js'
import { PROBLEM_RESPONSES } from '../schemas.js'

export const ClassifyRequestSchema = z
  .strictObject({
    /** the date the answer is about; default today (UTC) */
    date: IsoDateSchema.optional(),
    item: z.union([z.strictObject({ chip: z.string().min(1) }), z.strictObject({ system: z.string().min(1) }), z.strictObject({ spec: ItemSpecSchema })]),
  })
  .meta({ id: 'ClassifyRequest' })

/** The classification result (src/classification/classify-item.ts, ClassificationResult); nested parts as documented in the README. */
export const ClassificationResultSchema = z
  .looseObject({
    item: z.looseObject({ id: z.string(), kind: z.enum(['chip', 'system', 'memory']) }),
    date: z.string(),
    rulesVersion: z.string(),
    eccn: z.string().nullable(),
    paragraph: z.string().nullable(),
    determined: z.boolean(),
    tpp: z.number().nullable(),
    performanceDensity: z.number().nullable(),
    trace: z.array(z.unknown()),
  })
  .meta({ id: 'ClassificationResult' })

export const classifyRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.post(
    '/classify',
    { schema: { tags: ['classify'], summary: 'Classify a chip, system or specification on a date', body: ClassifyRequestSchema, response: { 200: ClassificationResultSchema, ...PROBLEM_RESPONSES } } },
    async (request) => {
      authorize(request, canQuery)
      const { item, date } = request.body
      const opts = { rules: ctx.rules, asOf: date ?? todayUtc(ctx.clock()) }
      if ('spec' in item) return classifyItem(item.spec, opts)
      return classifyCatalogueItem('chip' in item ? item.chip : item.system, opts)
    },
  )
}
