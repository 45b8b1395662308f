/**
 * Small schemas shared by several routes: pagination, ids, the problem responses. Domain and stored
 * shapes come from their own modules (transaction-schema.ts, records-store.ts) and are never restated.
 */
import { z } from 'zod'
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type PageOptions } from '../records/records-store.js'
import { ProblemSchema } from './problem.js'

/** `?limit=&cursor=` on every list; the cursor is the `nextCursor` of the page before. */
export const PageQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
  cursor: z.string().min(1).max(500).optional(),
})
export type PageQuery = z.infer<typeof PageQuerySchema>

/** The store's page options from the query. */
export const pageOptions = (q: PageQuery): PageOptions => ({ limit: q.limit, ...(q.cursor ? { cursor: q.cursor } : {}) })

/** A page of items: `nextCursor` is null on the last page. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.strictObject({ items: z.array(item), nextCursor: z.string().nullable() })
}

export const IdParamsSchema = z.strictObject({ id: z.string().min(1).max(200) })

/** `key:<api key id>` or `user:<username>` (a signed-in person): who did it, as the store's audit trail records it. */
export const actorOf = (caller: { keyId: string; username?: string }) => (caller.username !== undefined ? `user:${caller.username}` : `key:${caller.keyId}`)

/** A citation, as every answer gives it (src/rules/parameter-at.ts, Citation): the rule, the dated version used, its source. */
export const CitationSchema = z
  .looseObject({
    ruleId: z.string(),
    /** the effective date of the version used */
    effective: z.string(),
    cfr: z.string(),
    source: z.looseObject({ id: z.string(), citation: z.string(), title: z.string(), url: z.string(), unverified: z.boolean().optional() }),
    unverified: z.boolean().optional(),
  })
  .meta({ id: 'Citation' })

/** The error responses a /v1 route can give, for the OpenAPI document. */
export const PROBLEM_RESPONSES = {
  400: ProblemSchema,
  401: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
  409: ProblemSchema,
  413: ProblemSchema,
  422: ProblemSchema,
  429: ProblemSchema,
} as const
