import { z } from 'zod'

/** A calendar date `YYYY-MM-DD`, compared as text. Never a `Date` object in data or domain logic. */
export type IsoDate = string & { readonly __brand: 'IsoDate' }

const ISO_DATE_RE = /^\d{4}-\d{2}-\d{2}$/

/** True when `s` is a real calendar date written `YYYY-MM-DD` (2023-02-30 is not). */
export function isIsoDate(s: unknown): s is IsoDate {
  if (typeof s !== 'string' || !ISO_DATE_RE.test(s)) return false
  const [y, m, d] = s.split('-').map(Number) as [number, number, number]
  if (m < 1 || m > 12 || d < 1) return false
  const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate()
  return d <= daysInMonth
}

export const IsoDateSchema = z
  .string()
  .refine(isIsoDate, { message: 'expected a date written YYYY-MM-DD' })
  .transform((s) => s as IsoDate)

/** Today's date in UTC, for composition roots only (domain code takes `asOf` as an argument). */
export function todayUtc(now: Date = new Date()): IsoDate {
  return now.toISOString().slice(0, 10) as IsoDate
}

/** The calendar year of a date, e.g. for per-year caps. */
export function yearOf(d: IsoDate): number {
  return Number(d.slice(0, 4))
}
