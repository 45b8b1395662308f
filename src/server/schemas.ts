import { REVIEW_POLICIES } from '../shared/review-policies.js'
/**
 * Small schemas shared by several routes: pagination, ids, the problem responses. Domain and stored
 * shapes come from their own modules (transaction-schema.ts, records-store.ts) and are never restated.
 */
import { z } from 'zod'
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type PageOptions, type RecordsStore } from '../records/records-store.js'
import { ProblemSchema } from './problem.js'

/** `?limit=&cursor=` on every list; the cursor is the `nextCursor` of the page before. */
export const PageQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
  cursor: z
    .string()
    .min(1)
    .max(500)
    .refine(isCursorShaped, 'not a cursor this API returned: pass the nextCursor of the page before')
    .optional(),
})
export type PageQuery = z.infer<typeof PageQuerySchema>

/**
 * A cursor is the base64url of the last key of the page before: a record id (`pty_…`) or an audit
 * sequence number. Anything else is refused (400), never read as "from the start".
 */
export function isCursorShaped(cursor: string): boolean {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return false
  const key = Buffer.from(cursor, 'base64url').toString('utf8')
  if (Buffer.from(key, 'utf8').toString('base64url') !== cursor) return false
  return /^[a-z]{1,16}_[0-9a-f]{8,64}$/.test(key) || /^[1-9][0-9]{0,15}$/.test(key)
}

/** The store's page options from the query. */
export const pageOptions = (q: PageQuery): PageOptions => ({ limit: q.limit, ...(q.cursor ? { cursor: q.cursor } : {}) })

/** A page of items: `nextCursor` is null on the last page. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.strictObject({ items: z.array(item), nextCursor: z.string().nullable() })
}

export const IdParamsSchema = z.strictObject({ id: z.string().min(1).max(200) })

/** `key:<api key id>` or `user:<username>` (a signed-in person): who did it, as the store's audit trail records it. */
export const actorOf = (caller: { keyId: string; username?: string }) => (caller.username !== undefined ? `user:${caller.username}` : `key:${caller.keyId}`)

/** `actorLabel`, `recordedByLabel`, …: a readable name beside a raw actor field, which stays the record. */
export const actorLabelSchema = (field: string) =>
  z.string().nullable().meta({ description: `who \`${field}\` is, for a person: an API key's label and role, a user's name and role; null for actors readable as they are (\`cli:<os user>\`, \`system:…\`) or no longer known. The raw \`${field}\` is the record.` })

/** The labels of these actors (from one `actorLabels` call for the whole answer, never one per row): null where an actor has none. */
export async function actorLabeller(store: Pick<RecordsStore, 'actorLabels'>, actors: readonly (string | null | undefined)[]): Promise<(actor: string | null) => string | null> {
  const labels = await store.actorLabels(actors.filter((a): a is string => typeof a === 'string'))
  return (actor) => (actor === null ? null : (labels[actor] ?? null))
}

/** Rows with the label of one actor field beside it (`createdBy` → `createdByLabel`), from one `actorLabels` call for them all. */
export async function withActorLabel<F extends string, T extends { [K in F]: string | null }>(store: Pick<RecordsStore, 'actorLabels'>, rows: readonly T[], field: F): Promise<(T & { [K in `${F}Label`]: string | null })[]> {
  const label = await actorLabeller(store, rows.map((r) => r[field]))
  return rows.map((r) => ({ ...r, [`${field}Label`]: label(r[field]) }) as T & { [K in `${F}Label`]: string | null })
}

/** A citation, as every answer gives it (src/rules/parameter-at.ts, Citation): the rule, the dated version used, its source. */
export const CitationSchema = z
  .looseObject({
    ruleId: z.string(),
    /** the effective date of the version used */
    effective: z.string(),
    effectiveUnknown: z.boolean().optional().meta({ description: 'the cited list entry has no listing date: `effective` is then the date of the list version screened (or the date asked) and is not an effective date; the citation text says what is known' }),
    cfr: z.string(),
    source: z.looseObject({ id: z.string(), citation: z.string(), title: z.string(), url: z.string(), unverified: z.boolean().optional() }),
    unverified: z.boolean().optional(),
    alsoRuleIds: z.array(z.string()).optional().meta({ description: 'other rules of the same reason or flag that cite exactly this (it is given once)' }),
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

const VERDICT_CODES = ['NLR', 'LICENSE_EXCEPTION', 'LICENSE_REQUIRED', 'PROHIBITED'] as const

/**
 * The verdict rests on screening matches no officer has reviewed: it holds if they are confirmed; `ifCleared` is the
 * answer if they are cleared (determinations and access checks alike).
 */
export const PendingReviewSchema = z
  .looseObject({
    hits: z.array(z.looseObject({ role: z.string(), name: z.string(), list: z.string(), entryId: z.string(), primaryName: z.string(), score: z.number(), kind: z.enum(['red-flag']).optional().describe('red-flag: only a flag rests on the match (an owner on a restricted list); absent: a requirement of the answer does') })),
    ifCleared: z.looseObject({ verdict: z.enum(VERDICT_CODES), reviewPolicy: z.enum(REVIEW_POLICIES).nullable(), licenseExceptions: z.array(z.string()).optional() }),
  })
  .meta({ id: 'PendingReview' })
