/**
 * `POST /v1/screen`: screen one name against the active list snapshots, nothing stored (stored runs
 * with reviewable hits are `POST /v1/screenings`). `POST /v1/match`: score two names.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { ListCode } from '../../screening/model.js'
import { scoreNames } from '../../screening/screener.js'
import type { AppContext } from '../app.js'
import { authorize, canQuery } from '../auth.js'
import { PROBLEM_RESPONSES } from '../schemas.js'

const LIST_CODES = ['el', 'meu', 'uvl', 'dpl', 'sdn', 'nonsdn', 'ssi', 'fse', 'plc', 'cap', 'cmic', 'ns-mbs', 'isn', 'dtc', 'other'] as const satisfies readonly ListCode[]
const ENTITY_TYPES = ['individual', 'entity', 'vessel', 'aircraft'] as const

/** The fields of the query the screener takes (src/screening/screener.ts, ScreenQuery). */
export const SCREEN_QUERY_FIELDS = {
  name: z.string().trim().min(1).max(500),
  country: z.string().regex(/^[A-Za-z]{2}$/, 'expected an ISO 3166-1 alpha-2 code such as "CN"').transform((s) => s.toUpperCase()).optional(),
  type: z.enum(ENTITY_TYPES).optional(),
  lists: z.array(z.enum(LIST_CODES)).min(1).optional(),
  threshold: z.number().min(0).max(1).optional(),
  limit: z.number().int().min(1).max(100).optional(),
  includeBelow: z.boolean().optional(),
}

export const ScreenQuerySchema = z.strictObject(SCREEN_QUERY_FIELDS).meta({ id: 'ScreenQuery' })

export const ScreeningHitSchema = z
  .looseObject({
    score: z.number(),
    isMatch: z.boolean(),
    list: z.string(),
    source: z.string(),
    entryId: z.string(),
    primaryName: z.string(),
    matchedName: z.string(),
    matchedNameKind: z.string(),
    explanation: z.looseObject({ summary: z.string() }),
  })
  .meta({ id: 'ScreeningHit' })

export const SnapshotRefSchema = z.looseObject({ source: z.string(), sha256: z.string(), importedAt: z.string() }).meta({ id: 'SnapshotRef' })

export const ScreeningResultSchema = z
  .looseObject({
    query: z.looseObject({ name: z.string() }),
    threshold: z.number(),
    hits: z.array(ScreeningHitSchema),
    candidatesConsidered: z.number().int(),
    snapshots: z.array(SnapshotRefSchema),
  })
  .meta({ id: 'ScreeningResult' })

export const MatchRequestSchema = z
  .strictObject({ a: z.string().trim().min(1).max(500), b: z.string().trim().min(1).max(500), type: z.enum(ENTITY_TYPES).optional(), threshold: z.number().min(0).max(1).optional() })
  .meta({ id: 'MatchRequest' })

export const MatchResultSchema = z
  .looseObject({ score: z.number(), match: z.boolean(), threshold: z.number(), explanation: z.looseObject({ summary: z.string() }) })
  .meta({ id: 'MatchResult' })

export const screenRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.post(
    '/screen',
    { schema: { tags: ['screening'], summary: 'Screen a name against the active lists (not stored)', body: ScreenQuerySchema, response: { 200: ScreeningResultSchema, ...PROBLEM_RESPONSES } } },
    async (request) => {
      authorize(request, canQuery)
      return ctx.lists.requireScreener().screen(request.body)
    },
  )

  app.post(
    '/match',
    { schema: { tags: ['screening'], summary: 'Score two names with the screening rules', body: MatchRequestSchema, response: { 200: MatchResultSchema, ...PROBLEM_RESPONSES } } },
    async (request) => {
      authorize(request, canQuery)
      return scoreNames(request.body)
    },
  )
}
