/**
 * `POST /v1/screen`: screen one name against the active list snapshots, nothing stored (stored runs
 * with reviewable hits are `POST /v1/screenings`). `POST /v1/match`: score two names.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { ListCode } from '../../screening/model.js'
import { scoreNames } from '../../screening/screener.js'
import { CountryCodeInputSchema } from '../../shared/country-code-schema.js'
import { SnapshotDateBasisSchema } from '../../screening/snapshots/snapshot-store.js'
import type { AppContext } from '../app.js'
import { StaleListWarningSchema } from '../list-warnings.js'
import { authorize, canQuery } from '../auth.js'
import { PROBLEM_RESPONSES } from '../schemas.js'

const LIST_CODES = ['el', 'meu', 'uvl', 'dpl', 'sdn', 'nonsdn', 'ssi', 'fse', 'plc', 'cap', 'cmic', 'ns-mbs', 'isn', 'dtc', 'un', 'uk', 'eu', 'other'] as const satisfies readonly ListCode[]
const ENTITY_TYPES = ['individual', 'entity', 'vessel', 'aircraft'] as const

/** The fields of the query the screener takes (src/screening/screener.ts, ScreenQuery). */
export const SCREEN_QUERY_FIELDS = {
  name: z.string().trim().min(1).max(500),
  country: CountryCodeInputSchema.optional(),
  type: z.enum(ENTITY_TYPES).optional(),
  lists: z.array(z.enum(LIST_CODES)).min(1).optional(),
  threshold: z.number().min(0).max(1).optional(),
  /** with includeBelow, the most hits in all (default 10); every match is returned whatever the limit */
  limit: z.number().int().min(1).max(100).optional(),
  includeBelow: z.boolean().optional(),
}

export const ScreenQuerySchema = z.strictObject(SCREEN_QUERY_FIELDS).meta({ id: 'ScreenQuery' })

export const SnapshotRefSchema = z
  .looseObject({
    source: z.string(),
    /** sha256 over the snapshot's files as imported */
    sha256: z.string(),
    /** the list's date (see listDateBasis); absent: its publication date is unknown */
    listDate: z.string().optional(),
    listDateBasis: SnapshotDateBasisSchema.optional(),
    importedAt: z.string(),
    /** rows per list code, e.g. { el: 2001, sdn: 10026 } */
    rowCounts: z.record(z.string(), z.number()),
  })
  .meta({ id: 'SnapshotRef' })

/** What a screening could not see (src/screening/name-scripts.ts): NAME_SCRIPT_UNCOVERED, a name in a script the lists barely hold. */
export const ScreeningNoticeSchema = z
  .looseObject({
    code: z.enum(['NAME_SCRIPT_UNCOVERED']),
    /** the Unicode script of (part of) the name: Han, Arabic, Hangul… */
    script: z.string(),
    message: z.string(),
    /** per list file loaded: its names, and how many of them are written in that script */
    namesInScript: z.record(z.string(), z.looseObject({ inScript: z.number().int(), names: z.number().int() })).optional(),
  })
  .meta({ id: 'ScreeningNotice', description: 'NAME_SCRIPT_UNCOVERED: the name is (in part) in a script the loaded lists hold few names in, so "no hit" is not a clean result: screen the English or romanized name too' })

/** How a name scored (src/screening/score/types.ts, NameScore) and why, in words. */
export const NameScoreExplanationSchema = z
  .looseObject({
    score: z.number(),
    /** how each query token (or run of tokens) lined up with the list name */
    alignment: z.array(
      z.looseObject({
        query: z.string(),
        list: z.string(),
        similarity: z.number(),
        /** the weight of this piece in the score */
        weight: z.number(),
        kind: z.string().meta({ description: 'exact, fuzzy, initial, joined, split, legal-form, transliterated, abbreviation, word-variant or unmatched' }),
      }),
    ),
    /** every boost or penalty applied after the alignment, with its reason */
    adjustments: z.array(z.looseObject({ reason: z.string(), delta: z.number() })),
    queryNormalized: z.string(),
    candidateNormalized: z.string(),
    summary: z.string(),
  })
  .meta({ id: 'NameScoreExplanation' })

export const ScreeningHitSchema = z
  .looseObject({
    score: z.number(),
    isMatch: z.boolean(),
    list: z.string(),
    source: z.string(),
    /** the list's own id */
    entryId: z.string(),
    primaryName: z.string(),
    /** the list name that matched, as published */
    matchedName: z.string(),
    matchedNameKind: z.string(),
    type: z.string().nullable(),
    programs: z.array(z.string()),
    listedOn: z.string().optional(),
    federalRegisterNotice: z.string().optional(),
    licenseRequirement: z.string().optional(),
    licensePolicy: z.string().optional(),
    addresses: z.array(z.string()),
    countries: z.array(z.string()),
    explanation: NameScoreExplanationSchema,
    /** the snapshot the entry came from */
    snapshot: SnapshotRefSchema.optional(),
    /** the same listing as published in other files loaded (reported once, as its own list's entry) */
    alsoPublishedIn: z.array(z.looseObject({ source: z.string(), list: z.string(), entryId: z.string(), snapshot: SnapshotRefSchema.optional() })).optional(),
    /** when the name that matched is only in a copy, that copy's source */
    matchedNameSource: z.string().optional(),
    /** why this hit is shown first although another scored a little higher (a licence-relevant list on a near tie) */
    shownFirstBecause: z.string().optional(),
    /** a link to the official notice of the listing (UN, UK and EU lists) */
    noticeUrl: z.string().optional(),
    /** the UN Security Council reference number, on UN listings and on UK/EU entries carrying one */
    unReference: z.string().optional(),
    /** found through a Latin form chipnav made of a name in Chinese characters (pinyin, translated words): the form and how it was made; an inference to review */
    matchedThrough: z.looseObject({ form: z.string(), how: z.string() }).optional(),
  })
  .meta({ id: 'ScreeningHit' })

export const ScreeningResultSchema = z
  .looseObject({
    query: z.looseObject({
      name: z.string(),
      country: z.string().optional(),
      type: z.enum(ENTITY_TYPES).optional(),
      lists: z.array(z.enum(LIST_CODES)).optional(),
      threshold: z.number().optional(),
      limit: z.number().optional(),
      includeBelow: z.boolean().optional(),
    }),
    threshold: z.number(),
    /** every match (at or above the threshold), best first; with includeBelow, then the best hits under it */
    hits: z.array(ScreeningHitSchema),
    /** how many entries match: all of them are in hits */
    hitCount: z.number().int(),
    /** names scored after candidate retrieval */
    candidatesConsidered: z.number().int(),
    snapshots: z.array(SnapshotRefSchema),
    /** list snapshots older than their limit: a party listed since would not be found */
    listWarnings: z.array(StaleListWarningSchema).optional(),
    /** what the screening could not see (absent when nothing): a name in a script the lists barely hold */
    notices: z.array(ScreeningNoticeSchema).optional(),
  })
  .meta({ id: 'ScreeningResult' })

export const MatchRequestSchema = z
  .strictObject({ a: z.string().trim().min(1).max(500), b: z.string().trim().min(1).max(500), type: z.enum(ENTITY_TYPES).optional(), threshold: z.number().min(0).max(1).optional() })
  .meta({ id: 'MatchRequest' })

export const MatchResultSchema = z
  .looseObject({ score: z.number(), match: z.boolean(), threshold: z.number(), explanation: NameScoreExplanationSchema })
  .meta({ id: 'MatchResult' })

export const screenRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.post(
    '/screen',
    { config: { allow: canQuery }, schema: { tags: ['screening'], summary: 'Screen a name against the active lists (not stored)', body: ScreenQuerySchema, response: { 200: ScreeningResultSchema, ...PROBLEM_RESPONSES } } },
    async (request) => {
      authorize(request, canQuery)
      return { ...ctx.lists.requireScreener().screen(request.body), listWarnings: ctx.listWarnings() }
    },
  )

  app.post(
    '/match',
    { config: { allow: canQuery }, schema: { tags: ['screening'], summary: 'Score two names with the screening rules', body: MatchRequestSchema, response: { 200: MatchResultSchema, ...PROBLEM_RESPONSES } } },
    async (request) => {
      authorize(request, canQuery)
      return scoreNames(request.body)
    },
  )
}
