import { z } from 'zod'
import { isIsoDate } from '../shared/iso-date.js'
import { IsoDateSchema } from '../shared/iso-date-schema.js'
import { ENTRY_POLICY_SCOPES, REVIEW_POLICIES } from '../shared/review-policies.js'

/** Schemas for the files in data/. Data files, API bodies and stored records share value types, not whole objects. */

export const SOURCE_KINDS = ['federal-register', 'guidance', 'letter', 'press-release', 'sec-filing', 'proclamation', 'statute', 'regulation', 'treaty'] as const

export const SourceSchema = z.strictObject({
  kind: z.enum(SOURCE_KINDS),
  title: z.string().min(1),
  citation: z.string().min(1),
  frDocument: z.string().optional(),
  rin: z.string().optional(),
  published: IsoDateSchema,
  effective: IsoDateSchema.optional(),
  compliance: IsoDateSchema.optional(),
  url: z.string().url(),
  retroactive: z.boolean().optional(),
  unverified: z.boolean().optional(),
  evidence: z.string().optional(),
  notes: z.string().optional(),
})
export type Source = z.infer<typeof SourceSchema> & { id: string }

export const SourcesFileSchema = z.record(z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'expected a kebab-case source id'), SourceSchema)

export const UnitsFileSchema = z.record(z.string(), z.string())

export const COMPARISONS = ['>=', '>', '<', '<='] as const
export type Comparison = (typeof COMPARISONS)[number]

/** One dated value with its own citation. */
export const DatedEntrySchema = z.strictObject({
  value: z.unknown(),
  source: z.string({ error: 'every dated value needs a `source` (an id in data/sources.yaml)' }).min(1),
  cfr: z.string({ error: 'every dated value needs a `cfr` paragraph' }).min(1),
  note: z.string().optional(),
  unverified: z.boolean().optional(),
  retroactive: z.boolean().optional(),
  /**
   * a set whose members came from different rules: the rule (source, CFR paragraph, effective date) that put a member
   * in the set, where it is not this entry's own (e.g. China, required by the 2022 rule, in the 2023 entry that added
   * Macau); an answer about that member cites this instead of the entry
   */
  memberCitations: z
    .record(
      z.string().min(1),
      z.strictObject({ effective: IsoDateSchema, source: z.string().min(1), cfr: z.string().min(1), unverified: z.boolean().optional() }),
    )
    .optional(),
})

export const ParameterFileSchema = z.strictObject({
  description: z.string().min(1),
  unit: z.string().min(1),
  comparison: z.enum(COMPARISONS).optional(),
  reviewed: IsoDateSchema,
  values: z.record(z.string(), DatedEntrySchema).refine((v) => Object.keys(v).length > 0, 'expected at least one dated value'),
})

/** The value shape each unit allows. Numeric units take a number; `null` always means "repealed from this date". */
export const CountryCodeSchema = z.string().regex(/^[A-Z]{2}$/, 'expected an ISO 3166-1 alpha-2 code such as "CN"')

export const VALUE_SCHEMAS: Record<string, z.ZodType> = {
  'country-set': z.array(CountryCodeSchema).refine((xs) => new Set(xs).size === xs.length, 'a country appears twice'),
  'country-map': z.record(CountryCodeSchema, CountryCodeSchema),
  'chip-set': z.array(z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)).min(1),
  /** `unknown`: no source says what the rule's standing is on the date (the engine then gives the answer both ways) */
  status: z.enum(['in-force', 'suspended', 'published-compliance-delayed', 'not-enforced', 'unknown']),
  /** where a rule applies: countries and whole country groups (by id, e.g. d5), as dated snapshots */
  'destination-scope': z.strictObject({
    countries: z.array(CountryCodeSchema).default([]),
    groups: z.array(z.string().regex(/^[a-z0-9-]+$/)).default([]),
    /** destinations also in these groups are outside the scope (e.g. "excluding destinations also in A:5 or A:6") */
    excludeGroups: z.array(z.string().regex(/^[a-z0-9-]+$/)).default([]),
  }),
  /** an "is-informed" letter: the products it names and where (and to whom) it requires a licence */
  letter: z.strictObject({
    company: z.string(),
    chips: z.array(z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)).min(1),
    destinations: z.array(CountryCodeSchema),
    destinationGroups: z.array(z.string()).default([]),
    headquartersIn: z.array(CountryCodeSchema).default([]),
    headquartersGroups: z.array(z.string()).default([]),
    /** destinations in these groups are not covered even when another group names them (e.g. A:5, A:6) */
    excludeGroups: z.array(z.string()).default([]),
    /**
     * what was reported about licensing under the letter, with its own source (an id in data/sources.yaml); shown as
     * a flag, never as a review policy
     */
    licensingReports: z.array(z.strictObject({ text: z.string().min(1), source: z.string().min(1) })).default([]),
    /** "any IC achieving …": a chip that reaches any of these is flagged as possibly covered */
    equivalence: z.strictObject({ memoryBandwidthGBps: z.number().optional(), interconnectGBps: z.number().optional(), tpp: z.number().optional(), match: z.enum(['all', 'any']) }).optional(),
    reviewPolicy: z.enum(REVIEW_POLICIES).nullable().default(null),
  }),
  'review-policy': z.enum(REVIEW_POLICIES),
  /** a country embargo (15 CFR part 746): where, which items (everything subject to the EAR, or CCL items only), the review policy */
  embargo: z.strictObject({
    countries: z.array(CountryCodeSchema).min(1),
    items: z.enum(['all-subject-to-ear', 'ccl']),
    reviewPolicy: z.enum(REVIEW_POLICIES).nullable(),
    /**
     * items: ccl — an item outside 3A090/4A090 whose other ECCN (or EAR99 and HTS code) chipnav does not know: the
     * requirement is assumed (the most restrictive possibility, the item counts as undetermined), with what else the
     * embargo reaches (EAR99 items by HTS code) and the paragraphs that say so
     */
    ifEccnUnknown: z.strictObject({ assume: z.literal('licence-required'), alsoReaches: z.string().min(1), cfr: z.string().min(1) }).optional(),
  }),
  percent: z.number().min(0).max(100),
  /** a set of ECCNs (with paragraph) a rule covers */
  'eccn-set': z.array(z.string().regex(/^[0-9][A-E][0-9]{3}(\.[a-z0-9]+)*$/)).min(1),
  /** a foreign direct product rule (15 CFR 734.9): which U.S. technology/software, which products, which destinations */
  'fdp-rule': z.strictObject({
    technologyEccns: z.array(z.string().regex(/^[0-9][A-E][0-9]{3}$/)).min(1),
    /** ECCN prefixes the foreign-produced item must meet, e.g. 3A090 */
    productEccns: z.array(z.string().regex(/^[0-9][A-E][0-9]{3}$/)).min(1),
    countries: z.array(CountryCodeSchema).default([]),
    groups: z.array(z.string()).default([]),
    excludeGroups: z.array(z.string()).default([]),
    headquartersIn: z.array(CountryCodeSchema).default([]),
    headquartersGroups: z.array(z.string()).default([]),
  }),
  /** a rule that applies (true) or not (false) from the date */
  boolean: z.boolean(),
  /** which item ECCN a software or technology ECCN follows for the advanced-computing licence requirements */
  'eccn-follows': z.record(z.string().regex(/^[0-9][A-E][0-9]{3}$/), z.string().regex(/^[0-9][A-E][0-9]{3}$/)),
  /**
   * what a listing on a jurisdiction's sanctions list means: for an organisation bound by that jurisdiction's law
   * (`block`), and for everyone (`flag-all`: the UN's listings bind every member state through its own law)
   */
  'sanctions-consequence': z.strictObject({
    jurisdiction: z.enum(['UN', 'UK', 'EU']),
    lists: z.array(z.string().min(1)).min(1),
    effect: z.enum(['block', 'flag-all']),
    measure: z.string().min(1),
    boundPersons: z.string().min(1),
  }),
  /** statements the exporter must make (certify or disclose) for a policy to apply; a transaction lists the ids it makes */
  'certification-set': z
    .array(
      z.strictObject({
        id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
        text: z.string().min(1),
        /** this statement could not be verified in the primary text (the entry's other statements were): shown as unverified wherever it is */
        unverified: z.boolean().optional(),
        /** why it is unverified, or where it comes from */
        note: z.string().optional(),
      }),
    )
    .min(1)
    .refine((xs) => new Set(xs.map((x) => x.id)).size === xs.length, 'a certification id appears twice'),
  'eccn-map': z.record(z.string().regex(/^3A090\.[a-z]$/), z.string().regex(/^4A090\.[a-z]$/)),
  /** the licence exceptions a part 744/746 requirement takes away (740.8(b)), and the requirements (rule ids) exempt from it */
  'license-exception-restriction': z.strictObject({
    exceptions: z.array(z.string().regex(/^[A-Z]{3}$/, 'expected a licence exception symbol such as "NAC"')).min(1),
    exemptRequirements: z.array(z.string().regex(/^[a-z0-9]+([.-][a-z0-9]+)*$/)).default([]),
  }),
  /** how a listed entry's review policy text is read: policy phrases (strictest first) and item-scope phrases */
  'entry-policy-reading': z.strictObject({
    policies: z.array(z.strictObject({ phrase: z.string().min(1), policy: z.enum(REVIEW_POLICIES) })).min(1),
    scopes: z.array(z.strictObject({ phrase: z.string().min(1), covers: z.enum(ENTRY_POLICY_SCOPES) })).min(1),
  }),
  'license-exception': z.strictObject({
    excludes: z.array(z.strictObject({ eccn: z.string().regex(/^[0-9][A-E][0-9]{3}\.[a-z]$/), datacenter: z.boolean().optional() })),
  }),
}
export const NUMBER_VALUE = z.number().finite()

export const EventSchema = z.strictObject({
  id: z.string().min(1),
  source: z.string().min(1),
  summary: z.string().min(1),
  rules: z.array(z.string().min(1)),
})
export const EventsFileSchema = z.record(z.string(), z.array(EventSchema))

export const isDateKey = (k: string): boolean => isIsoDate(k)

/** data/red-flags/*.yaml: red flags as data, each in our own words, with a citation. */
export const RedFlagSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
  text: z.string().min(1),
  /** the yes/no question a transaction's answers respond to; "yes" raises the flag unless raisedWhen says otherwise */
  question: z.string().min(1),
  raisedWhen: z.enum(['yes', 'no']).default('yes'),
  /** a flag added later than its set, or suspended for a time: its own dates (default: the set's) */
  effective: IsoDateSchema.optional(),
  until: IsoDateSchema.nullable().optional(),
  /** periods in which the flag does not apply though it is in force around them (a stay): from `from`, until the day before `until` */
  stays: z.array(z.strictObject({ from: IsoDateSchema, until: IsoDateSchema, source: z.string().min(1) })).optional(),
  source: z.string().optional(),
  cfr: z.string().optional(),
  note: z.string().optional(),
})
export const RedFlagsFileSchema = z.strictObject({
  description: z.string().min(1),
  source: z.string().min(1),
  cfr: z.string().min(1),
  effective: IsoDateSchema,
  /** a flag set may stop applying (null = still applies) */
  until: IsoDateSchema.nullable().optional(),
  reviewed: IsoDateSchema,
  unverified: z.boolean().optional(),
  flags: z.array(RedFlagSchema).min(1),
})
export type RedFlagsFile = z.infer<typeof RedFlagsFileSchema>
