/** Calendar arithmetic on YYYY-MM-DD dates, and the date check every store input goes through. */
import { AppError } from '../shared/errors.js'
import { isIsoDate } from '../shared/iso-date.js'
import { isStoreDate, STORE_DATE_MAX, STORE_DATE_MIN } from '../records/store-limits.js'

/** `YYYY-MM-DD` + n years (29 February → 1 March when the target year has none). */
export function addYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  return dateOf(new Date(Date.UTC(y + years, m - 1, d)))
}
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  return dateOf(new Date(Date.UTC(y, m - 1, d + days)))
}
/** The date part of a UTC time: YYYY-MM-DD, or ±YYYYYY-MM-DD past year 9999 (as toISOString writes it). */
const dateOf = (t: Date): string => t.toISOString().split('T')[0]!
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)
}

/** A date argument: YYYY-MM-DD, from STORE_DATE_MIN to STORE_DATE_MAX. */
export function checkDate(value: string, path: string): void {
  if (!isIsoDate(value)) throw new AppError('INVALID_DATE', { detail: `${path} "${value}" is not a date: expected YYYY-MM-DD`, issues: [{ path, message: 'expected a date written YYYY-MM-DD' }] })
  if (!isStoreDate(value)) throw new AppError('INVALID_DATE', { detail: `${path} ${value} is outside ${STORE_DATE_MIN} to ${STORE_DATE_MAX}`, issues: [{ path, message: `expected a date from ${STORE_DATE_MIN} to ${STORE_DATE_MAX}` }] })
}

/**
 * Days since 1970-01-01 of a date as stored or computed: `YYYY-MM-DD`, or the expanded form
 * `±YYYYYY-MM-DD` that `toISOString` writes past year 9999 (found in databases written before the
 * store bounded dates). Dates are compared as these numbers, never as text: as text "+010004-12-31"
 * sorts before "2026-01-01".
 */
export function dayNumber(date: string): number {
  const m = /^([+-]\d{6}|\d{4})-(\d{2})-(\d{2})$/.exec(date)
  if (!m) throw new AppError('INTERNAL', { detail: `the stored date "${date}" is not a date` })
  const d = new Date(Date.UTC(2000, Number(m[2]) - 1, Number(m[3])))
  d.setUTCFullYear(Number(m[1]))
  return Math.round(d.getTime() / 86_400_000)
}
/** The later of two dates, compared as dates. */
export const laterDate = (a: string, b: string): string => (dayNumber(b) > dayNumber(a) ? b : a)
