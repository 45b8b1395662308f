/**
 * The limits the store keeps, whoever calls it (API, CLI, a script): dates within a plausible range,
 * numbers that stay finite and exact when summed. Not regulatory values: bounds on what a record can
 * hold, documented in the README ("Limits at the store").
 */
import { z } from 'zod'
import { isIsoDate } from '../shared/iso-date.js'
import { IsoDateSchema } from '../shared/iso-date-schema.js'

/** Dates a record can carry: 1900-01-01 to 2100-12-31 (a date outside is a typo or an attack, and 9999-12-31 + 5 years is no longer a four-digit year). */
export const STORE_DATE_MIN = '1900-01-01'
export const STORE_DATE_MAX = '2100-12-31'
export const isStoreDate = (s: unknown): boolean => isIsoDate(s) && (s as string) >= STORE_DATE_MIN && (s as string) <= STORE_DATE_MAX
export const StoreDateSchema = IsoDateSchema.refine(isStoreDate, { message: `expected a date from ${STORE_DATE_MIN} to ${STORE_DATE_MAX}` })
/** An ISO 8601 date-time with its offset, in the same years. */
export const StoreDateTimeSchema = z.iso.datetime({ offset: true }).refine(
  (s) => {
    const t = Date.parse(s)
    return Number.isNaN(t) || isStoreDate(new Date(t).toISOString().slice(0, 10)) // NaN: the datetime check has already said why
  },
  { message: `expected a time from ${STORE_DATE_MIN} to ${STORE_DATE_MAX}` },
)

/** Units (chips, boards, systems): one bound for every quantity and every total of them (src/shared/quantity.ts). */
export { MAX_QUANTITY } from '../shared/quantity.js'
export { QuantitySchema, UnitCountSchema } from '../shared/quantity-schema.js'
/** US dollars, in one shipment or authorized by one licence: at most 10^12 (a trillion), in whole cents. */
export const MAX_USD = 1_000_000_000_000
/** Total processing performance in one shipment, allocation, licence or cap. */
export const MAX_TPP = 1e15

/** True when the number is written with at most two decimals (whole cents): 0.1 and 19.99 are, 0.001 and 1e-7 are not. */
export const isWholeCents = (v: number): boolean => /^-?\d+(\.\d{1,2})?$/.test(String(v))
/** Money: US dollars with at most two decimals, from 0 to MAX_USD. The store adds and compares it as integer cents. */
export const UsdSchema = z.number().nonnegative().max(MAX_USD).refine(isWholeCents, { message: 'expected US dollars with at most two decimals (whole cents)' })
export const PositiveUsdSchema = z.number().positive().max(MAX_USD).refine(isWholeCents, { message: 'expected US dollars with at most two decimals (whole cents)' })
export const TppSchema = z.number().nonnegative().max(MAX_TPP)
export const PositiveTppSchema = z.number().positive().max(MAX_TPP)

/** Dollars (at most two decimals) → integer cents, exact; and back. */
export const toCents = (usd: number): number => Math.round(usd * 100)
export const fromCents = (cents: number): number => cents / 100
