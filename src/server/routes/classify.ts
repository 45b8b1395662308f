/** `POST /v1/classify`: the ECCN of a catalogue chip or system, or of a specification, on a date. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { classifyCatalogueItem, classifyItem } from '../../classification/classify-item.js'
import { ItemSpecSchema } from '../../rules/chip-schemas.js'
import { todayUtc } from '../../shared/iso-date.js'
import { IsoDateSchema } from '../../shared/iso-date-schema.js'
import type { AppContext } from '../app.js'
import { authorize, canQuery } from '../auth.js'
import { BODY_LIMITS } from '../limits.js'
import { CitationSchema, PROBLEM_RESPONSES } from '../schemas.js'

export const ClassifyRequestSchema = z
  .strictObject({
    /** the date the answer is about; default today (UTC) */
    date: IsoDateSchema.optional(),
    item: z.union([z.strictObject({ chip: z.string().min(1) }), z.strictObject({ system: z.string().min(1) }), z.strictObject({ spec: ItemSpecSchema })]),
  })
  .meta({ id: 'ClassifyRequest' })

const ECCNS = ['3A090.a', '3A090.b', '3A090.c', '4A090.a', '4A090.b'] as const

/** One test of the trace (src/classification/trace.ts, TraceStep). */
export const TraceStepSchema = z
  .looseObject({
    ruleId: z.string(),
    /** the regulation's own label, e.g. "3A090.a.1: TPP >= 4800" */
    test: z.string(),
    measured: z.union([z.number(), z.boolean(), z.string()]).nullable(),
    threshold: z.number().nullable(),
    comparison: z.enum(['>=', '>', '<', '<=']).nullable(),
    unit: z.string().nullable(),
    outcome: z.enum(['met', 'not-met', 'unknown', 'info']),
    citation: CitationSchema,
    /** about this test on this item */
    note: z.string().optional(),
    /** about the dated value used (from data/) */
    versionNote: z.string().optional(),
  })
  .meta({ id: 'TraceStep' })

/** The classification result (src/classification/classify-item.ts, ClassificationResult), field by field as the README documents it. */
export const ClassificationResultSchema = z
  .looseObject({
    item: z.looseObject({ id: z.string(), kind: z.enum(['chip', 'system', 'memory']), vendor: z.string().nullable(), model: z.string().nullable() }),
    date: z.string(),
    rulesVersion: z.string(),
    ruleVersion: z.looseObject({ ruleId: z.string(), effective: z.string(), source: CitationSchema.shape.source }).meta({ description: 'which dated version of the 3A090 text was applied' }),
    eccn: z.enum(ECCNS).nullable().meta({ description: 'null: outside 3A090/4A090 (or, with determined false, not decided)' }),
    paragraph: z.string().nullable(),
    determined: z.boolean(),
    possibleEccns: z.array(z.looseObject({ eccn: z.enum(ECCNS).nullable(), when: z.string() })).meta({ description: 'when not determined: each ECCN still possible and what leads to it' }),
    openQuestions: z.array(z.string()),
    tpp: z.number().nullable(),
    tppBasis: z.looseObject({ precision: z.string(), bitLength: z.number(), tops: z.number(), sparse: z.boolean(), denseTops: z.number() }).nullable(),
    performanceDensity: z.number().nullable(),
    applicableDieAreaMm2: z.number().nullable(),
    interconnectGBps: z.number().nullable(),
    memoryBandwidthGBps: z.number().nullable(),
    memoryBandwidthDensity: z.number().nullable(),
    datacenter: z.boolean().nullable(),
    transistors: z.number().nullable(),
    licenseExceptions: z
      .array(z.looseObject({ id: z.enum(['NAC', 'ACA', 'HBM', 'LPP', 'AIA']), canServe: z.boolean().nullable(), reason: z.string(), citation: CitationSchema }))
      .meta({ description: 'item scope only: whether each licence exception can serve this item' }),
    trace: z.array(TraceStepSchema),
    /** systems only */
    aggregateTpp: z.number().nullable().optional(),
    /** systems only: each component, with its own classification */
    components: z
      .array(
        z.looseObject({
          chip: z.string(),
          count: z.number(),
          eccn: z.enum(ECCNS).nullable(),
          determined: z.boolean(),
          tpp: z.number().nullable(),
          get result() {
            return ClassificationResultSchema
          },
        }),
      )
      .optional(),
  })
  .meta({ id: 'ClassificationResult' })

export const classifyRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.post(
    '/classify',
    { config: { allow: canQuery }, bodyLimit: BODY_LIMITS.DETERMINATION, schema: { tags: ['classify'], summary: 'Classify a chip, system or specification on a date', body: ClassifyRequestSchema, response: { 200: ClassificationResultSchema, ...PROBLEM_RESPONSES } } },
    async (request) => {
      authorize(request, canQuery)
      const { item, date } = request.body
      const opts = { rules: ctx.rules, asOf: date ?? todayUtc(ctx.clock()) }
      if ('spec' in item) return classifyItem(item.spec, opts, 'item.spec')
      return 'chip' in item ? classifyCatalogueItem(item.chip, opts, 'item.chip') : classifyCatalogueItem(item.system, opts, 'item.system')
    },
  )
}
