/**
 * The one bound on a quantity of units (chips, boards, systems), wherever one is taken: a transaction, an access
 * check's compute, a licence's authorized quantity, a shipment, a deployment (shipped, declared capacity,
 * attested) and a shipment tied to it. It also bounds every running total the store keeps of them (a licence's
 * used quantity, a deployment's shipped quantity), so a total always fits the columns that hold it (a PostgreSQL
 * `integer` holds 2,147,483,647) and stays an exact integer. Not a regulatory value: a bound on what a record can
 * hold (README "Limits"). No zod here (`quantity-schema.ts` has the schemas), so a command that checks one option
 * loads none.
 */
import { AppError } from './errors.js'
import { enUsNumber } from './format-number.js'

/** Units in any one quantity field, and in any total of them the store keeps. */
export const MAX_QUANTITY = 1_000_000_000

/** what a quantity field must be, said once for every input (API, CLI, MCP, store) */
export const quantityExpectation = (min: 0 | 1): string => `expected a whole number of units from ${min} to ${enUsNumber(MAX_QUANTITY)}`

/** True when `n` is a whole number from `min` to MAX_QUANTITY. */
export const isQuantity = (n: unknown, min: 0 | 1 = 1): n is number => typeof n === 'number' && Number.isInteger(n) && n >= min && n <= MAX_QUANTITY

/**
 * A command-line option that is a quantity: the number, or VALIDATION_FAILED naming the option (exit 2).
 * Digits only: "1e3", "0x10", "12.0" and " " are refused rather than read as something the user did not write.
 */
export function parseQuantityOption(value: string, option: string, min: 0 | 1 = 1): number {
  const n = /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN
  if (!isQuantity(n, min)) throw new AppError('VALIDATION_FAILED', { detail: `${option} "${value}" is not a whole number of units from ${min} to ${enUsNumber(MAX_QUANTITY)}`, issues: [{ path: option, message: quantityExpectation(min) }] })
  return n
}

/**
 * The refusal of a write that would take a running total past MAX_QUANTITY (400 VALIDATION_FAILED naming the
 * field whose quantity was added): `what` says whose total, e.g. "deployment dep_… shipped quantity".
 */
export function quantityTotalError({ path, what, before, added }: { path: string; what: string; before: number; added: number }): AppError {
  const message = `${what} would be ${enUsNumber(before + added)} (${enUsNumber(before)} + ${enUsNumber(added)}); a total is at most ${enUsNumber(MAX_QUANTITY)} units`
  return new AppError('VALIDATION_FAILED', { detail: message, issues: [{ path, message }], limit: MAX_QUANTITY })
}
