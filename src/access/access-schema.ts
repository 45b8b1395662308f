/**
 * An access check: who gets access to what, where, and for what purpose, on a date. Remote use of compute (IaaS) is
 * not an export of the chips; a release of technology or software is an export, a deemed export (to a foreign person
 * in the United States) or a deemed reexport (to a foreign person abroad).
 */
import { z } from 'zod'
import { inputErrorFromZod } from '../shared/country-code.js'
import { CountryCodeInputSchema } from '../shared/country-code-schema.js'
import { IsoDateSchema } from '../shared/iso-date-schema.js'
import { BINDING_JURISDICTIONS } from '../shared/jurisdictions.js'
import { QuantitySchema } from '../shared/quantity-schema.js'
import { ItemRefSchema } from '../determination/transaction-schema.js'

// ISO 3166-1 alpha-2 in any case (INVALID_COUNTRY with suggestions otherwise), as in the transaction schema
const cc = CountryCodeInputSchema
const name = z.string().trim().min(1).max(500)

const OrganisationRef = z.strictObject({ name, country: cc, headquarters: cc.optional(), ultimateParentHeadquarters: cc.optional() })

export const PersonSchema = z.strictObject({
  kind: z.literal('person'),
  name,
  /** every citizenship the person holds (the deemed-export rules look at the most recent; chipnav checks all) */
  citizenships: z.array(cc).min(1),
  permanentResidency: z.array(cc).default([]),
  /** a U.S. citizen, U.S. permanent resident or protected individual is not a foreign person */
  usPerson: z.boolean().default(false),
  employer: OrganisationRef.optional(),
})

export const TenantSchema = z.strictObject({
  kind: z.literal('organisation'),
  name,
  country: cc,
  headquarters: cc.optional(),
  ultimateParentHeadquarters: cc.optional(),
  owners: z.array(z.strictObject({ name, share: z.number().min(0).max(1), country: cc.optional() })).max(50).optional(),
})

export const WhatSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('compute'), item: ItemRefSchema, quantity: QuantitySchema }),
  z.strictObject({
    kind: z.literal('technology'),
    /** e.g. 3E001 (technology) or 3D001 (software) */
    eccn: z.string().regex(/^[0-9][A-E][0-9]{3}$/, 'expected an ECCN such as 3E001'),
    /** the item the technology is for, when known (its ECCN decides which requirements follow) */
    forItem: ItemRefSchema.optional(),
    description: z.string().max(2000).optional(),
  }),
  z.strictObject({
    kind: z.literal('model-weights'),
    /** operations used to train the model (4E091 is over 10^26) */
    trainingOperations: z.number().positive().max(1e40).optional(),
    /** published (open-weight) models are not controlled */
    published: z.boolean().default(false),
  }),
])

export const AccessCheckSchema = z.strictObject({
  date: IsoDateSchema,
  who: z.discriminatedUnion('kind', [PersonSchema, TenantSchema]),
  what: WhatSchema,
  where: z.strictObject({
    /** where the compute runs, or where the technology is held (the person receives it here unless `accessFrom` says otherwise) */
    country: cc,
    operator: OrganisationRef.optional(),
    /**
     * where the access comes from (remote access). For a release of technology, software or model weights this is where
     * the release takes place: a person in China reaching a U.S. server receives an export to China, not a deemed export.
     */
    accessFrom: cc.optional().meta({ description: 'ISO 3166-1 alpha-2 code (any case) of where the person or tenant accesses from; for a release of technology, software or model weights, the country the release takes place in (an export or reexport there, not a deemed export)' }),
  }),
  purpose: z
    .strictObject({
      use: z.enum(['training', 'inference', 'development', 'research', 'other']).optional(),
      /** the party the work is for, e.g. the customer a model is trained for */
      forParty: OrganisationRef.optional(),
      endUses: z.array(z.enum(['military', 'military-intelligence', 'wmd'])).default([]),
    })
    .optional(),
  jurisdictions: z.array(z.enum(BINDING_JURISDICTIONS)).min(1).optional(),
})
export type AccessCheck = z.infer<typeof AccessCheckSchema>

/** Where a release of technology, software or model weights takes place: where the recipient accesses it from, when given, else `where.country`. */
export const releaseLocation = (check: AccessCheck): string => check.where.accessFrom ?? check.where.country

export function parseAccessCheck(input: unknown): AccessCheck {
  const r = AccessCheckSchema.safeParse(input)
  if (!r.success) throw inputErrorFromZod('the access check is not valid', r.error.issues)
  return r.data
}
