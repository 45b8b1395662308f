import { z } from 'zod'
import { inputErrorFromZod } from '../shared/country-code.js'
import { CountryCodeInputSchema } from '../shared/country-code-schema.js'
import { IsoDateSchema } from '../shared/iso-date-schema.js'
import { MAX_QUANTITY } from '../shared/quantity.js'
import { QuantitySchema } from '../shared/quantity-schema.js'
import { BINDING_JURISDICTIONS } from '../shared/jurisdictions.js'
import { ItemSpecSchema } from '../rules/chip-schemas.js'
import { FREE_TEXT_MAX_LENGTH, LABEL_MAX_LENGTH, NAME_MAX_LENGTH } from '../shared/text.js'

/** Bounds on a transaction from outside (README "Limits"): input limits, not regulatory values. */
export const TRANSACTION_LIMITS = { quantity: MAX_QUANTITY, parties: 20, owners: 50, answers: 200, certifications: 50, originEccns: 50 } as const

export const PARTY_ROLES = ['purchaser', 'intermediate-consignee', 'ultimate-consignee', 'end-user'] as const
export const END_USE_CATEGORIES = ['datacenter', 'ai-training', 'ai-inference', 'research', 'commercial', 'military', 'military-intelligence', 'supercomputer', 'wmd', 'semiconductor-manufacturing'] as const
export const ECCNS = ['3A090.a', '3A090.b', '3A090.c', '4A090.a', '4A090.b'] as const

/** every country in a transaction is checked against ISO 3166-1 alpha-2 (INVALID_COUNTRY otherwise) */
const countryCode = CountryCodeInputSchema

export const OwnerSchema = z.strictObject({
  name: z.string().trim().min(1).max(NAME_MAX_LENGTH),
  share: z.number().min(0).max(1),
  country: countryCode.optional(),
})

export const PartySchema = z.strictObject({
  role: z.enum(PARTY_ROLES),
  name: z.string().trim().min(1).max(NAME_MAX_LENGTH),
  country: countryCode,
  headquarters: countryCode.optional(),
  ultimateParentHeadquarters: countryCode.optional(),
  owners: z.array(OwnerSchema).max(TRANSACTION_LIMITS.owners).optional(),
})
export type Party = z.infer<typeof PartySchema>

/**
 * Where a foreign-made item was produced and what U.S. content and technology lie behind it, to decide whether it is
 * subject to the EAR (15 CFR 734.3, 734.4 de minimis, 734.9 foreign direct product). Without it the item is assumed
 * subject to the EAR, and the answer says so.
 */
export const OriginSchema = z
  .strictObject({
    /** where the item was produced */
    madeIn: countryCode,
    /** controlled U.S.-origin content as a percentage of the item's value (734.4) */
    usContentPercent: z.number().min(0).max(100).optional(),
    /** or the value of that content and of the item, in one currency */
    usControlledContentValue: z.number().nonnegative().optional(),
    itemValue: z.number().positive().optional(),
    /**
     * false: no U.S.-origin technology or software behind the item; otherwise the ECCNs of the U.S. technology or
     * software it is the direct product of, and whether it was made by a plant (or major component of one) that is
     * itself such a direct product (734.9(h))
     */
    producedFromUsTechnologyOrSoftware: z
      .union([z.literal(false), z.strictObject({ eccns: z.array(z.string().regex(/^[0-9][A-E][0-9]{3}$/, 'expected an ECCN such as "3E001"')).min(1).max(TRANSACTION_LIMITS.originEccns), viaPlant: z.boolean().default(false) })])
      .optional(),
  })
  .refine((o) => (o.usControlledContentValue === undefined) === (o.itemValue === undefined), { message: 'give usControlledContentValue and itemValue together', path: ['itemValue'] })
  .refine((o) => !(o.usControlledContentValue !== undefined && o.usContentPercent !== undefined), { message: 'give either usContentPercent or usControlledContentValue with itemValue, not both', path: ['usContentPercent'] })
export type Origin = z.infer<typeof OriginSchema>

const origin = OriginSchema.optional()

export const ItemRefSchema = z.union([
  z.strictObject({ chip: z.string().min(1).max(LABEL_MAX_LENGTH), origin }),
  z.strictObject({ system: z.string().min(1).max(LABEL_MAX_LENGTH), origin }),
  z.strictObject({ spec: ItemSpecSchema, origin }),
  z.strictObject({ eccn: z.enum(ECCNS), origin }),
])

/** What the exporter has already shipped, for the Diffusion Rule's caps (the store keeps it from issue 5). */
export const LedgerSchema = z.strictObject({
  /** TPP already licensed to each Tier 2 country in 2025-2027 */
  tier2CountryTpp: z.record(countryCode, z.number().nonnegative()).optional(),
  /** TPP already exported under LPP to this transaction's ultimate consignee in the calendar year */
  consigneeYearTpp: z.number().nonnegative().optional(),
})
export type Ledger = z.infer<typeof LedgerSchema>


export const TransactionSchema = z.strictObject({
  date: IsoDateSchema,
  item: ItemRefSchema,
  quantity: QuantitySchema,
  from: countryCode.default('US'),
  to: countryCode,
  parties: z.array(PartySchema).max(TRANSACTION_LIMITS.parties).default([]),
  endUse: z
    .strictObject({
      categories: z.array(z.enum(END_USE_CATEGORIES)).default([]),
      description: z.string().max(FREE_TEXT_MAX_LENGTH).optional(),
    })
    .optional(),
  /** answers to red-flag questions, by red-flag id */
  answers: z
    .record(z.string().max(LABEL_MAX_LENGTH), z.enum(['yes', 'no']))
    .refine((a) => Object.keys(a).length <= TRANSACTION_LIMITS.answers, `at most ${TRANSACTION_LIMITS.answers} answers`)
    .optional(),
  /**
   * statements the exporter certifies, by id; which ones a policy requires is dated data
   * (e.g. data/policies/review/china-case-by-case-certifications.yaml)
   */
  certifications: z
    .array(z.string().max(LABEL_MAX_LENGTH).regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'expected a certification id such as "us-supply-sufficient"'))
    .max(TRANSACTION_LIMITS.certifications)
    .optional(),
  ledger: LedgerSchema.optional(),
  /** whose sanctions law binds the organisation for this transaction (default: the configured CHIPNAV_JURISDICTIONS, else US) */
  jurisdictions: z.array(z.enum(BINDING_JURISDICTIONS)).min(1).max(BINDING_JURISDICTIONS.length).optional(),
})
export type Transaction = z.infer<typeof TransactionSchema>
export type TransactionInput = z.input<typeof TransactionSchema>

/**
 * Transactions TransactionSchema has produced and that nothing changes afterwards: the bodies the API validated
 * with it (`rememberParsedTransaction`, called by the API's validator: app.ts). determine() takes one as it is
 * instead of parsing it a second time, so the API parses a request's transaction once, as the CLI does (issue 15:
 * the second parse was about a sixth of determine()'s time). Routes that add to a transaction copy it first (the
 * as-published ledger), and a copy is parsed again.
 */
const parsedTransactions = new WeakSet<object>()

/** Marks `tx`, a value TransactionSchema produced, as parsed: parseTransaction answers it as it is. */
export function rememberParsedTransaction(tx: Transaction): void {
  parsedTransactions.add(tx)
}

export function parseTransaction(input: unknown): Transaction {
  if (typeof input === 'object' && input !== null && parsedTransactions.has(input)) return input as Transaction
  const r = TransactionSchema.safeParse(input)
  if (!r.success) throw inputErrorFromZod('the transaction is not valid', r.error.issues)
  return r.data
}
